"""How-many questions answered by a count (qa.ask.compose over qa.ask.counting): a count of
the things asked about leads, not a share of them (Rules.w_share) nor a count of some of a
population examined. The other choosing rules are in test_answer.py."""
from handmade import answer, document, passage

from qa.ask.rules import Rules

RULES = Rules()


def test_w_share_answers_how_many_with_a_count_not_a_share():
    """(Rules.w_share) "How many cases did they look at?": "Over the period we looked at,
    around 44 percent of cases..." holds more of the question's words, but a share is not how
    many; the count leads. Asked for a percentage, the share still answers."""
    report = document("Over the period we looked at, around 44 percent of cases involved "
                      "strategy meetings. In all, we reviewed 58 case files.")
    p = passage(report, cosines={"44 percent": 0.8}, default=0.5)
    assert answer("How many cases did inspectors look at?", [p]).text.startswith("In all")
    assert answer("How many cases did inspectors look at?", [p],
                  RULES.without("w_share")).text.startswith("Over the period")
    assert answer("What percentage of cases did they look at involved strategy meetings?",
                  [p]).text.startswith("Over the period")


def test_how_many_is_answered_by_a_count_of_them_all_not_of_some():
    """"How many cases did inspectors examine?": "In 30 of the cases we examined, staff had
    not recorded..." holds the question's words but counts some of the cases; the count of
    them all leads. Asked how many were inadequate, "12 of the cases were inadequate" is a
    figure still: answered, not declined as giving none."""
    report = document("In 30 of the cases we examined, staff had not recorded enough detail "
                      "about referrals. As part of the inspection, we examined 74 cases.")
    p = passage(report, cosines={"In 30": 0.8}, default=0.5)
    a = answer("How many cases did inspectors examine?", [p])
    assert a.text.startswith("As part of the inspection, we examined 74 cases"), a.text
    part = answer("How many cases were inadequate?",
                  [passage(document("12 of the cases were inadequate. The force was told."))])
    assert not part.refused and "12 of the cases were inadequate" in part.text, part.text


def test_w_elsewhere_a_sentence_about_another_force_only_scores_less():
    """(Rules.w_elsewhere) A thematic report's passage holds each force's figure: asked about
    Derbyshire, North Wales's figure (closer in meaning) no longer leads Derbyshire's."""
    thematic = document("139 children in the North Wales area had been missing at least three "
                        "times. Derbyshire Constabulary had identified 296 children who had "
                        "gone missing three or more times.")
    p = passage(thematic, cosines={"North Wales": 0.8}, default=0.5)
    question = "How many children did Derbyshire record as repeatedly missing?"
    derbys = ("Derbyshire Constabulary",)
    assert answer(question, [p], forces=derbys).text.startswith("Derbyshire Constabulary had")
    before = RULES.without("w_elsewhere").without("other_force")  # (led by it: declined)
    assert answer(question, [p], before, forces=derbys).text.startswith("139 children")
