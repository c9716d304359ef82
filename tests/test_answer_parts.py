"""Multi-part questions and comparisons (qa.ask.compose): each part and each force compared
answered by a sentence of its own, on hand-written passages (Rules.multi_part, new_person,
two_people, each_kind, kind_beside, each_force). The other choosing rules are in test_answer.py."""
from handmade import answer, assert_grounded, document, passage

from qa.ask.rules import Rules
from qa.ask.understand import understand

RULES = Rules()


TWO_PARTS = "When did the stalking desk open, and how many reports does it triage?"


def test_multi_part_answers_each_part_of_the_question():
    desk = document("The stalking desk opened last year. The stalking desk works closely with "
                    "victims and partners. Some 40 reports are triaged each week.")
    p = passage(desk, cosines={"opened": 0.8, "40 reports": 0.1}, default=0.8)
    a = answer(TWO_PARTS, [p])
    assert not a.refused and not a.notice
    assert "opened last year [" in a.text and "Some 40 reports are triaged each week [" in a.text
    assert_grounded(a)
    # without it (and without each_kind, which asks for each kind a question names), the
    # close best sentence alone, which gives no figure
    off = answer(TWO_PARTS, [p], RULES.without("multi_part").without("each_kind")
                 .without("kind_beside"))
    assert "40 reports" not in off.text, off.text


def test_new_person_answers_a_second_who_with_someone_else():
    """(Rules.new_person) "Who is the chief constable and who leads on public protection?":
    the chief constable's words on protecting children share a word of the second part, but
    it asks for someone else: the head of public protection is cited for it."""
    news = document("Jane Doe, the force’s chief constable, said: “Protecting children is our "
                    "priority.” Chief Constable Jane Doe said: “Protecting children matters to "
                    "us.” Chief Constable Jane Doe added: “We welcome the report on protection.” "
                    "Detective Superintendent Sam Lee, head of public protection, said: “We have "
                    "listened.”", force="Kent Police")
    p = passage(news, cosines={"Sam Lee": 0.3}, default=0.7)
    question = "Who is Kent's chief constable and who leads on public protection?"
    alone = RULES.without("runners_up")
    a = answer(question, [p], alone)
    assert "Sam Lee" in a.text and "Jane Doe" in a.text, a.text
    assert_grounded(a)
    off = answer(question, [p], alone.without("new_person"))
    assert "Sam Lee" not in off.text, off.text


def test_one_sentence_naming_both_office_holders_answers_both_parts():
    """new_person: a sentence giving the office a part names answers it though it names the
    person of the part before; no one else is brought in for it."""
    news = document("Chief Constable Jane Doe and Police and Crime Commissioner John Smith "
                    "welcomed the report. Jim Black, a local councillor, said crime was falling.",
                    force="Kent Police")
    a = answer("Who is Kent's chief constable and who is the police and crime commissioner?",
               [passage(news, cosines={"Jim Black": 0.5}, default=0.7)],
               RULES.without("runners_up"))
    assert "Jane Doe" in a.text and "Jim Black" not in a.text, a.text


def test_two_people_asked_by_role_are_two_parts_each_answered():
    """(Rules.two_people) "Kent: names of the chief constable and the public protection lead?"
    asks who holds each role: the assistant chief constable who leads on public protection
    does not answer "the chief constable" (the part names that office), the chief constable's
    sign-off does."""
    question = "Kent: names of the chief constable and the public protection lead?"
    parts = understand(question).parts
    assert [(p.text, p.office) for p in parts] == [
        ("who is the chief constable", "chief constable"),
        ("who is the public protection lead", "")]
    assert understand(question, rules=RULES.without("two_people")).parts == ()
    report = document("Assistant Chief Constable Sam Lee, the public protection lead, said: "
                      "“We have listened.” We are grateful to Chief Constable Jane Doe and her "
                      "officers.", force="Kent Police")
    a = answer(question, [passage(report, cosines={"Sam Lee": 0.8}, default=0.4)])
    assert "Sam Lee" in a.text and "Jane Doe" in a.text and not a.notice, a.text
    assert_grounded(a)


def test_a_part_left_unanswered_is_said_in_the_notice_not_declined():
    desk = document("The stalking desk opened last year. The stalking desk works closely with "
                    "victims and partners.")
    a = answer(TWO_PARTS, [passage(desk)])
    assert not a.refused and "opened last year" in a.text
    assert "no figure" in a.notice and "how many reports" in a.notice
    assert answer(TWO_PARTS, [passage(desk)], RULES.without("multi_part")).refused


def test_a_part_is_answered_by_a_sentence_not_chosen_already():
    """The sentence closest to the second part in words is the one already chosen for the
    first; the part still gets a sentence of its own that answers it, and the notice is empty.
    A part left unanswered is quoted as asked, without the words borrowed for searching."""
    desk = document("When the stalking desk opened last year, it took over the reports. "
                    "About 40 are triaged each week.")
    a = answer(TWO_PARTS, [passage(desk, cosines={"40": 0.2}, default=0.9)])
    assert "About 40 are triaged each week [" in a.text and not a.notice
    bare = answer(TWO_PARTS, [passage(document("The stalking desk opened last year, and its "
                                               "reports are triaged."))])
    assert "(“how many reports does it triage”)" in bare.notice


def test_a_part_asking_for_a_kind_gets_a_sentence_giving_it():
    """The date sentence shares no word of "when was it inspected" but its family
    (inspectors), and gives the time asked for: it answers that part, not a closer sentence
    that gives no date."""
    report = document("Our grade for investigation is inadequate. The force received many "
                      "reports of missing children. Inspectors visited the force in March 2023.")
    p = passage(report, cosines={"grade": 0.9, "received": 0.6}, default=0.2)
    a = answer("When was Kent inspected and what grade did it get for investigation?", [p])
    assert "Inspectors visited the force in March 2023 [" in a.text and not a.notice


def test_each_kind_asked_in_one_breath_gets_a_sentence_giving_it():
    """(Rules.each_kind) "Kent: inspection date and investigation grade?" is no two questions,
    but asks for a date and a grade: the date is cited though three sentences about grades
    score higher."""
    report = document("Our grade for investigation is inadequate. The inspectorate graded "
                      "investigation as inadequate. A case was graded good when the investigation "
                      "was thorough. Inspectors visited the force in March 2023.")
    p = passage(report, cosines={"March": 0.2}, default=0.8)
    question = "Kent: inspection date and investigation grade?"
    assert set(understand(question).wants) == {"date", "grade"}
    a = answer(question, [p])
    assert "Inspectors visited the force in March 2023 [" in a.text
    assert_grounded(a)
    assert "March 2023" not in answer(question, [p], RULES.without("each_kind")
                                      .without("kind_beside")).text


def test_kind_beside_cites_the_date_its_best_sentence_leaves_out():
    """(Rules.kind_beside) "When was the fieldwork for the re-inspection done?": the sentence
    sharing most of the question's words says how it was done, not when; the date is cited from
    a sentence of the same document that shares a word of the question, never from another
    document (whose date is another thing's) nor from one sharing none of its words."""
    report = document("Much of the fieldwork was done remotely, by video call. Officers told us "
                      "they valued the new training in March 2021. We carried out the "
                      "re-inspection in November 2020, later than planned.", "report")
    other = document("The force was first visited in March 2019.", "other")
    ps = [passage(report, rank=1, cosines={"fieldwork": 0.8}, default=0.1),
          passage(other, rank=2, default=0.6)]
    question = "When was the fieldwork for the re-inspection done?"
    alone = RULES.without("runners_up")  # (a close runner-up would join it anyway)
    a = answer(question, ps, alone)
    assert "Much of the fieldwork was done remotely" in a.text
    assert "re-inspection in November 2020" in a.text, a.text
    assert "March 2019" not in a.text and "March 2021" not in a.text, a.text
    assert_grounded(a)
    off = answer(question, ps, alone.without("kind_beside"))
    assert "November 2020" not in off.text, off.text


KENT_DESK = document("Stalking reports in Kent are triaged by a specialist desk. Stalking reports "
                     "in Kent are reviewed by a sergeant. Stalking reports in Kent are audited "
                     "monthly. Stalking reports in Kent are shared with partners.", "kent",
                     force="Kent Police")
DORSET_QUEUE = document("Stalking reports in Dorset go to a general queue.", "dorset",
                        force="Dorset Police")
COMPARED = ("Kent Police", "Dorset Police")


def test_each_force_cites_the_best_sentence_of_each_force_compared():
    ps = [passage(KENT_DESK, rank=1, default=0.8),
          passage(DORSET_QUEUE, rank=2, similarity=0.3, default=0.3)]
    question = "How do Kent and Dorset handle stalking reports?"
    a = answer(question, ps, forces=COMPARED)
    assert {c.doc.meta.force for c in a.citations} == set(COMPARED)
    assert_grounded(a)
    off = answer(question, ps, RULES.without("each_force"), forces=COMPARED)
    assert {c.doc.meta.force for c in off.citations} == {"Kent Police"}


def test_a_compared_force_with_nothing_to_say_is_named_in_the_notice():
    a = answer("How do Kent and Dorset handle stalking reports?", [passage(KENT_DESK)],
               forces=COMPARED)
    assert not a.refused and "Dorset Police" in a.notice
    assert "Dorset" not in answer("How do Kent and Dorset handle stalking reports?",
                                  [passage(KENT_DESK)], RULES.without("each_force"),
                                  forces=COMPARED).notice


def test_kind_beside_takes_no_one_for_an_office_they_do_not_hold():
    """(Rules.kind_beside) "Who is the chief constable?" over a passage naming only a
    superintendent: the superintendent is no holder of the office asked about, and is not
    cited beside the chief constable's sentence as if they were."""
    text = ("The chief constable chairs the strategic board every month. Superintendent Jo "
            "Bloggs said the board had improved oversight.")
    p = passage(document(text), cosines={"chairs": 0.8}, default=0.3)
    a = answer("Who is the chief constable?", [p], RULES.without("runners_up"))
    assert "Jo Bloggs" not in a.text, a.text
