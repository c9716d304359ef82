"""Declining (qa.ask.decline): each declining rule of Rules on hand-written passages, on and
off, and the evidence that satisfies it."""
from handmade import answer, document, passage

from qa.ask.compose import build_answer
from qa.ask.rules import Rules
from qa.ask.understand import understand
from qa.index.keywords import terms

RULES = Rules()


# --- declining: each rule, on and off, and the evidence that satisfies it ---------------------

TRIAGE = "Stalking reports are triaged by a specialist desk within a day of being made."


def declined_for(question: str, rule: str, text: str = TRIAGE, **evidence) -> str:
    """The reason the answer declines with all rules on (after checking that without `rule`
    the same evidence is answered)."""
    p = passage(document(text), **evidence)
    off = answer(question, [p], RULES.without(rule))
    assert not off.refused, (rule, off.text)
    a = answer(question, [p])
    assert a.refused and not a.citations and a.passages == (p,)  # the passages still shown
    assert a.notice in a.text and a.text.startswith("I can't answer that")
    return a.notice


def test_weak_evidence_far_in_meaning_and_sharing_few_words_is_declined():
    unrelated = "Officers were given new phones. The canteen was refurbished in the summer."
    why = declined_for("How are stalking reports triaged?", "weak_evidence", unrelated,
                       similarity=0.2, default=0.2)
    assert "do not appear to cover" in why
    # close in meaning, or sharing the question's words, is enough
    assert not answer("How are stalking reports triaged?",
                      [passage(document(unrelated), default=0.5)]).refused
    assert not answer("How are stalking reports triaged?",
                      [passage(document(TRIAGE), default=0.2)]).refused


def test_missing_year_declines_a_year_the_passages_never_mention():
    assert "2019" in declined_for("How were stalking reports triaged in 2019?", "missing_year")
    dated = "In 2019 stalking reports were triaged by a specialist desk within a day."
    assert not answer("How were stalking reports triaged in 2019?",
                      [passage(document(dated))]).refused


def test_missing_figure_declines_how_many_without_a_figure():
    assert "no figure" in declined_for("How many stalking reports were triaged?",
                                       "missing_figure")
    counted = "Some 340 stalking reports were triaged by a specialist desk."
    assert not answer("How many stalking reports were triaged?",
                      [passage(document(counted))]).refused


def test_a_figure_asked_beside_another_kind_need_not_lead_the_answer():
    """"Investigation grade and size of the backlog?" asks two kinds at once: the figure in the
    second sentence gives it (a plain how-many question needs it in the first)."""
    text = ("We graded the force’s investigation as adequate. Our backlog stood at 289 devices "
            "at the time of the inspection.")
    p = passage(document(text), cosines={"graded": 0.9}, default=0.5)
    a = answer("Kent: investigation grade and size of the device backlog?", [p])
    assert not a.refused and "289 devices" in a.text and "adequate" in a.text, a.text


def test_a_figure_of_something_else_does_not_answer_how_many():
    """(Rules.counted) "How many police horses...?" is not answered by another count of the
    same passage: with no figure of horses, the answer declines as giving no figure."""
    text = ("The stables of the force's police horses were rebuilt last spring. In 2021 the "
            "force took children into police protection on 387 occasions.")
    question = "How many police horses does the force keep?"
    a = answer(question, [passage(document(text))])
    assert a.refused and "no figure" in a.notice
    off = answer(question, [passage(document(text))], RULES.without("counted"))
    assert not off.refused and "387" in off.text  # any figure used to do
    kept = "The force keeps 14 police horses at its stables."
    assert not answer(question, [passage(document(kept))]).refused


def test_missing_grade_declines_a_grade_not_given():
    assert "no inspection grade" in declined_for("How was stalking triage graded?",
                                                 "missing_grade")
    graded = "Stalking triage was graded ‘requires improvement’ by the inspectors."
    assert not answer("How was stalking triage graded?", [passage(document(graded))]).refused


def test_graded_area_declines_another_areas_grade():
    """(Rules.graded_area) "What grade for police detention?" is not answered by the grade for
    initial contact; a sentence stating a grade of the area asked ("its performance in police
    detention was adequate") answers it, and leads over another area's grade."""
    other = "We graded the force’s initial contact as good. Children are rarely detained."
    question = "What grade did Kent get for police detention?"
    assert "no inspection grade" in declined_for(question, "graded_area", other)
    stated = "The force’s performance in police detention was adequate."
    a = answer(question, [passage(document(f"We graded the force’s initial contact as good. "
                                           f"{stated}"))])
    assert not a.refused and a.citations[0].quote == stated, a.text
    off = answer(question, [passage(document(stated))], RULES.without("graded_area"))
    assert off.refused  # "was adequate" alone is no grade when the area is not known


def test_a_grade_question_naming_no_area_takes_any_grade():
    """"What grade did Kent get?" names no area: the report's grade answers it (the area is
    only what follows "graded/rated/grade ... for/on/in/at", or "how was X rated")."""
    graded = "Kent Police was graded as ‘good’ by the inspectors."
    for question in ("What grade did Kent get?", "What was Kent's PEEL grade?",
                     "What grade did Kent get in its latest inspection?"):
        assert not answer(question, [passage(document(graded))]).refused, question


def test_missing_money_declines_a_sum_not_given():
    assert "no sum of money" in declined_for("What was the budget for stalking triage?",
                                             "missing_money")
    costed = "The budget for stalking triage was £250,000 for the year."
    assert not answer("What was the budget for stalking triage?",
                      [passage(document(costed))]).refused
    # a salary is a sum: a sentence naming the officer, and no sum, does not answer it
    named = "I will be meeting Chief Constable Jane Doe to discuss the findings."
    assert "no sum of money" in declined_for("What is the salary of the chief constable?",
                                             "missing_money", named)


def test_which_officer_declines_when_no_one_is_named_or_given_a_role():
    assert "name no one" in declined_for("Which officer triages stalking reports?",
                                         "which_officer")
    for text in ("A detective sergeant triages stalking reports within a day.",
                 "Sergeant Amir Khan triages stalking reports within a day."):
        assert not answer("Which officer triages stalking reports?",
                          [passage(document(text))]).refused, text


def test_named_office_declines_a_who_question_answered_by_someone_else():
    """(Rules.named_office) "Who is the chief constable?" is not answered by an assistant chief
    constable's words, nor "which HMI led it?" by a chief constable's: the office asked for
    must be given. Any of its written forms gives it."""
    acc = "Assistant Chief Constable Deb Smith said the desk triages stalking reports."
    assert "name no chief constable" in declined_for("Who is the force's chief constable?",
                                                     "named_office", acc)
    # the answer's first sentence must give it: a later line merely naming the office does not
    mentioned = acc + " She reports to the chief constable each month."
    assert "name no chief constable" in declined_for("Who is the force's chief constable?",
                                                     "named_office", mentioned)
    chief = "Chief Constable Jane Doe said the desk triages stalking reports."
    assert "name no inspector of constabulary" in declined_for(
        "Which HMI led the stalking inspection?", "named_office", chief)
    assert not answer("Who is the force's chief constable?",
                      [passage(document(chief))]).refused
    signed = "The desk triages stalking reports.\n\nWendy Williams\nHis Majesty’s Inspector of " \
             "Constabulary"
    assert not answer("Which HMI led the stalking inspection?",
                      [passage(document(signed))]).refused


def test_no_passages_is_declined_plainly():
    a = answer("How are stalking reports triaged?", [])
    assert a.refused and not a.citations and not a.passages
    assert "No passage" in a.text and "closest passages" not in a.text


def test_a_refusal_decided_before_is_given_with_the_passages():
    p = passage(document(TRIAGE))
    q = understand("How does Dorset triage stalking reports?")
    a = build_answer(q, [p], {}, 10, (), refusal="No indexed document is about Dorset Police.")
    assert a.refused and a.notice == "No indexed document is about Dorset Police."
    assert a.passages == (p,) and "closest passages" in a.text


def test_unknown_thing_declines_a_count_of_what_no_indexed_document_mentions():
    """(Rules.unknown_thing) "How many burglaries does the desk triage?" finds a figure in a
    passage on stalking, but no document in the library mentions burglaries, so no figure of
    them can be there: it is declined, saying so. What is counted described by an adjective
    ("extra"), a question counting nothing, and a word in the passage's title are not."""
    text = "Some 340 stalking reports are triaged by a specialist desk each month."
    library = {t: 1.0 for t in terms(text)}  # every indexed term: the passage's own

    def ask(question: str, rules: Rules = RULES, title: str = ""):
        p = passage(document(text, title=title), similarity=0.45, default=0.45)
        return build_answer(understand(question, rules=rules), [p], library, 10, rules=rules)

    a = ask("How many burglaries does the desk triage each month?")
    assert a.refused and a.notice == "No indexed document mentions “burglaries”."
    off = RULES.without("unknown_thing")
    assert not ask("How many burglaries does the desk triage each month?", off).refused
    assert not ask("How many extra stalking reports does the desk triage?").refused
    assert not ask("What do burglaries and stalking reports share at the desk?").refused
    assert not ask("How many burglaries does the desk triage each month?",
                   title="Burglaries and stalking").refused


def test_other_force_an_answer_about_another_force_only_is_declined():
    """(Rules.other_force) Asked about Hertfordshire, a sentence giving Bedfordshire's figure
    is no answer: declined, saying whose it is. A sentence naming the force asked about (with
    others), or naming no force, or only the National Crime Agency (which refers cases to
    every force), answers."""
    beds = "Bedfordshire's turnaround for devices seized in abuse cases was 21 days on average."
    # (a document of no force: a thematic report's)
    herts = ("Hertfordshire Constabulary",)
    p = passage(document(beds))
    question = "What is Hertfordshire's average turnaround time for devices in abuse cases?"
    assert not answer(question, [p], RULES.without("other_force"), forces=herts).refused
    a = answer(question, [p], forces=herts)
    assert a.refused and "say this of Bedfordshire Police, not of Hertfordshire" in a.notice
    for text in ("Bedfordshire and Hertfordshire's turnaround for devices in abuse cases was "
                 "21 days on average.",
                 "The turnaround for devices seized in abuse cases was 21 days on average.",
                 "Devices referred by the National Crime Agency in abuse cases had a turnaround "
                 "of 21 days on average."):
        assert not answer(question, [passage(document(text))], forces=herts).refused, text
    # a document about both forces (its catalog says so) answers for either
    both = document(beds, force="Bedfordshire Police; Hertfordshire Constabulary")
    assert not answer(question, [passage(both)], forces=herts).refused


def test_case_grades_a_case_audits_grades_are_no_grade_of_the_force():
    """(Rules.case_grades) "What grade did the force get?" is not answered by the grades
    inspectors gave the cases they audited: declined as giving no inspection grade. Asked how
    the cases were graded, they answer; a grade of the force answers either."""
    audit = "Inspectors rated 27 of the cases as good and 9 as inadequate."
    question = "What grade did the force get?"
    assert "no inspection grade" in declined_for(question, "case_grades", audit)
    assert not answer("How were the cases the inspectors audited graded?",
                      [passage(document(audit))]).refused
    graded = "We graded the force as good."
    assert not answer(question, [passage(document(graded))]).refused


def test_unknown_words_a_question_in_words_no_document_uses_is_declined():
    """(Rules.unknown_words) "What's the speed limit on a smart motorway?" shares no term with
    a library on stalking reports and uses almost none of its words: even a sentence not far
    from it in meaning (0.3) answers nothing. A question in the library's words at the same
    distance is answered, and so is a follow-up, whose few words point back."""
    library = {t: 1.0 for t in terms(TRIAGE)}

    def ask(question: str, rules: Rules = RULES, history: tuple[str, ...] = ()):
        p = passage(document(TRIAGE), similarity=0.3, default=0.3)
        return build_answer(understand(question, history, rules), [p], library, 10, rules=rules)

    question = "What is the speed limit on a smart motorway when the gantry is blank?"
    a = ask(question)
    assert a.refused and "do not appear to cover" in a.notice
    assert not ask(question, RULES.without("unknown_words")).refused
    assert not ask("What happens to stalking reports at the desk?").refused
    assert not ask("what about gantries?", history=("How are stalking reports triaged?",)).refused


def test_missing_length_declines_how_long_without_a_length_of_time():
    """(Rules.missing_length) "What are the average response times to 999 calls?" is not
    answered by a sentence on 999 calls that gives no length of time; "nine days" answers."""
    calls = "Call handlers answer 999 calls and do not always check whether children live there."
    assert "no length of time" in declined_for("What are the average response times to 999 "
                                               "calls?", "missing_length", calls)
    took = "Notifications were taking an average of nine days to reach children's social care."
    assert not answer("How long did notifications take to reach social care?",
                      [passage(document(took))]).refused


def test_other_year_an_answer_about_another_year_only_is_declined():
    """(Rules.other_year) "How many children were held overnight in 2019?" is not answered by
    "In 2017, 61 children were..." of a 2018 report: declined, naming the years. A sentence
    naming the year asked, or a range holding it ("2019/20"), or one of a document dated that
    year ("In the year to March 2018..." of a 2019 report), or naming no year, answers (the
    passages must name the year all the same: Rules.missing_year)."""
    question = "How many children were held overnight in custody after charge in 2019?"
    held = "In 2017, 61 children were held overnight in custody after being charged."
    p = passage(document(held, title="Inspection report 2018"), default=0.6)
    later = passage(document("Inspectors went back in 2019.", "d2"), rank=2, default=0.2)
    assert not answer(question, [p, later], RULES.without("other_year")).refused
    a = answer(question, [p, later])
    assert a.refused and "say this of 2017, not of 2019" in a.notice
    for text, title in (("In 2019, 61 children were held overnight in custody after charge.", ""),
                        ("In 2019/20, 61 children were held overnight in custody after charge.",
                         ""),
                        ("In the year to March 2018, 61 children were held overnight in custody "
                         "after charge.", "Child protection inspection 2019"),
                        ("Sixty-one children were held overnight in custody after charge, the "
                         "report said.", "Report 2019")):
        assert not answer(question, [passage(document(text, title=title))]).refused, text
