"""Composing answers (qa.ask.compose): markers and exact quotes, choosing sentences, and each
choosing rule of Rules, shown on hand-written passages. Multi-part questions and comparisons are
in test_answer_parts.py, whole answers from the sample index in test_engine_answers.py,
declining rules in test_decline.py, retrieval rules in test_retrieve.py, table rows in
test_tables.py, how-many answers in test_answer_counts.py."""
from dataclasses import replace

import pytest
from handmade import answer, assert_grounded, cand, document, passage

from qa.ask.compose import compose, select
from qa.ask.rules import Rules, names
from qa.ask.understand import understand
from qa.types import Document, Metadata, Page

RULES = Rules()


# --- compose: markers, order, exact quotes ---------------------------------------------------

@pytest.mark.parametrize("sentence, shown", [
    ("The desk opened in May.", "The desk opened in May [1]."),
    ("Was it enough?", "Was it enough [1]?"),
    ("They called the desk “a model.”", "They called the desk “a model [1].”"),
    ("The desk (opened in May.)", "The desk (opened in May [1].)"),
    ("The desk opened in May", "The desk opened in May [1]"),
])
def test_the_marker_goes_before_the_closing_punctuation(sentence, shown):
    p = passage(document(f"Intro line here. {sentence}"))
    text, citations = compose([cand(p, sentence)])
    assert text == shown
    assert citations[0].quote == sentence and citations[0].n == 1


def test_sentences_are_grouped_by_document_in_the_order_of_their_best_passage():
    a = document("Alpha one is first. Alpha two is second. Alpha three is third.", "a")
    b = document("Beta one is first. Beta two is second.", "b")
    pa, pb = passage(a, rank=2), passage(b, rank=1)
    chosen = [cand(pa, "Alpha three is third."), cand(pb, "Beta two is second."),
              cand(pa, "Alpha one is first."), cand(pb, "Beta one is first.")]
    text, citations = compose(chosen)
    assert text == ("Beta one is first [1]. Beta two is second [2]. Alpha one is first [3]. "
                    "Alpha three is third [4].")
    assert [c.doc.doc_id for c in citations] == ["b", "b", "a", "a"]
    for c in citations:
        assert c.doc.text[c.start:c.end] == c.quote


def test_a_citation_gives_the_page_its_quote_is_on():
    text = "Page one says little. " + "Page two says the desk opened in May."
    split = text.index("Page two")
    doc = Document("p", "p.pdf", text, (Page(1, 0, split), Page(2, split, len(text))),
                   Metadata())
    p = passage(doc)
    _, citations = compose([cand(p, "Page two says the desk opened in May."),
                            cand(p, "Page one says little.")])
    # the best sentence (the first chosen) leads; each citation carries its own page
    assert [(c.quote, c.page) for c in citations] == [("Page two says the desk opened in May.", 2),
                                                      ("Page one says little.", 1)]


def test_the_answer_opens_with_its_best_sentence_and_keeps_a_lead_in_with_its_quote():
    text = ("Some problems remain. The chief said: The desk opened in May. It now triages "
            "every report.")
    p = passage(document(text))
    problems, lead, best, after = ("Some problems remain.", "The chief said:",
                                   "The desk opened in May.", "It now triages every report.")
    shown, _ = compose([cand(p, best), cand(p, problems), cand(p, after)])
    assert shown.startswith("The desk opened in May [1]. It now triages every report [2]. "
                            "Some problems remain [3].")
    shown, _ = compose([cand(p, best), cand(p, lead), cand(p, problems)])
    assert shown.startswith("The chief said [1]: The desk opened in May [2].")


def test_a_list_items_semicolon_ends_the_answer_as_a_full_stop_unless_the_next_item_follows():
    doc = document("Inspectors want:\n- better triage of reports;\n- faster reviews of cases;\n"
                   "They said so:\n")
    p = passage(doc)
    text, _ = compose([cand(p, "better triage of reports;"), cand(p, "faster reviews of cases;")])
    assert text == "better triage of reports [1]; faster reviews of cases [2]."
    text, _ = compose([cand(p, "faster reviews of cases;"), cand(p, "They said so:")])
    assert text == "faster reviews of cases [1]. They said so [2]."  # a lead-in left at the end


# --- choosing sentences: runners_up, typed_first -------------------------------------------

STALKING = document("Stalking reports are triaged by a specialist desk within a day. "
                    "Stalking reports are reviewed again by a detective sergeant. "
                    "Stalking reports are logged on a new computer system. "
                    "Stalking reports are audited by the unit each month. "
                    "Stalking reports are discussed with partners at a weekly meeting.")
COSINES = {"specialist desk": 0.8, "detective sergeant": 0.7, "computer": 0.6, "audited": 0.5,
           "partners": 0.4}


def test_runners_up_close_to_the_best_sentence_join_it():
    p = passage(STALKING, cosines=COSINES)
    question = "How are stalking reports handled?"
    assert len(answer(question, [p]).citations) == 3  # at most 3 for one force
    assert len(answer(question, [p], RULES.without("runners_up")).citations) == 1


PLAIN = understand("How are stalking reports handled?")


def test_runners_up_must_be_close_and_share_the_questions_words():
    p = passage(STALKING)
    cands = [cand(p, "Stalking reports are triaged by a specialist desk within a day.", 1.0),
             cand(p, "Stalking reports are reviewed again by a detective sergeant.", 0.8),
             cand(p, "Stalking reports are logged on a new computer system.", 0.8, coverage=0),
             cand(p, "Stalking reports are audited by the unit each month.", 0.7)]
    assert [c.score for c in select(cands, PLAIN)] == [1.0, 0.8]  # 0.7 is not close enough


def test_a_comparison_of_forces_gets_four_sentences():
    p = passage(STALKING, cosines=COSINES)
    assert len(answer("How are stalking reports handled?", [p],
                      forces=("Kent Police", "Dorset Police")).citations) == 4


TEAM = document("Stalking reports are reviewed every morning by the triage desk. "
                "The desk was set up after the inspection. "
                "It works with partners across the county. "
                "Its staff were trained in the spring. "
                "Sergeant Amir Khan leads the desk that reviews them. "
                "Inspectors judged the desk to be inadequate at first.")


def test_typed_first_leads_with_a_close_runner_up_naming_the_person_asked_for():
    p = passage(TEAM)
    cands = [cand(p, "Stalking reports are reviewed every morning by the triage desk.", 1.0),
             cand(p, "The desk was set up after the inspection.", 0.95),
             cand(p, "It works with partners across the county.", 0.9),
             cand(p, "Its staff were trained in the spring.", 0.85),
             cand(p, "Sergeant Amir Khan leads the desk that reviews them.", 0.8, named=True)]
    chosen = select(cands, PLAIN)
    assert chosen[0].named and len(chosen) == 3
    assert not any(c.named for c in select(cands, PLAIN, rules=RULES.without("typed_first")))


def test_typed_first_leads_with_a_close_runner_up_giving_the_grade_asked_for():
    p = passage(TEAM)
    cands = [cand(p, "Stalking reports are reviewed every morning by the triage desk.", 1.0),
             cand(p, "Inspectors judged the desk to be inadequate at first.", 0.75, graded=True)]
    assert select(cands, PLAIN)[0].graded
    assert not select(cands, PLAIN, rules=RULES.without("typed_first"))[0].graded


def test_typed_first_keeps_a_best_sentence_that_gives_a_role_or_a_runner_up_far_behind():
    p = passage(document("The desk is led by a detective sergeant. Sergeant Amir Khan leads it. "
                         "The desk opened in May."))
    role = [cand(p, "The desk is led by a detective sergeant.", 1.0),
            cand(p, "Sergeant Amir Khan leads it.", 0.8, named=True)]
    assert not select(role, PLAIN)[0].named  # a role already answers who
    far = [cand(p, "The desk opened in May.", 1.0),
           cand(p, "Sergeant Amir Khan leads it.", 0.5, named=True)]
    assert not select(far, PLAIN)[0].named


def test_typed_first_through_the_whole_answer_puts_the_named_person_in_it():
    desk = document("Stalking reports are reviewed every morning by the triage desk. "
                    "The desk also reviews stalking reports sent by partners. "
                    "Stalking reports that are urgent are reviewed within the hour. "
                    "Sergeant Amir Khan reviews the reports himself.")
    p = passage(desk, cosines={"Amir Khan": 0.6}, default=0.85)
    question = "Who reviews the stalking reports?"
    assert "Amir Khan" in answer(question, [p]).text
    # (kind_beside would cite him after the others: a person asked for and none named)
    assert "Amir Khan" not in answer(question, [p], RULES.without("typed_first")
                                     .without("kind_beside")).text


def test_a_who_question_naming_an_office_is_answered_by_the_holder_of_that_office():
    """(Rules.named_office) The assistant chief constable's line is closer to the question, but
    "who is the chief constable?" asks for the chief constable, whom the other line names."""
    text = ("Assistant Chief Constable Deb Smith said the stalking desk is reviewed weekly. "
            "Chief Constable Jane Doe said she had listened.")
    p = passage(document(text), cosines={"Deb Smith": 0.9, "Jane Doe": 0.3})
    question = "Who is the force's chief constable?"
    a = answer(question, [p])
    assert a.text.startswith("Chief Constable Jane Doe")
    assert answer(question, [p], RULES.without("named_office")).text.startswith(
        "Assistant Chief Constable Deb Smith")


def test_asked_for_the_boxes_a_sentence_of_a_box_answers_before_a_closer_finding():
    """(Rules.box_sentences) "Quotes on the force's strategy meetings" asks for the boxes (the
    report's recommendations): a recommendation on them answers, though a finding that
    repeats the topic is closer to the question."""
    finding = passage(document("Its approach to strategy meetings has changed since it was "
                               "last inspected.", "f"), default=0.8)
    text = "Recommendation 2\nThe force should make sure the right officers attend strategy " \
           "meetings."
    box = passage(document(text, "b"), rank=2, default=0.4)
    box = replace(box, chunk=replace(box.chunk, kind="recommendation"))
    question = "Quotes on the force's handling of strategy meetings"
    assert answer(question, [finding, box]).text.startswith("The force should make sure")
    assert answer(question, [finding, box], RULES.without("box_sentences")).text.startswith(
        "Its approach to strategy meetings")


def test_a_sentence_of_a_box_says_its_label():
    """(Rules.box_label) "What was the cause of concern about attendance?": the box's one
    sentence never says "cause of concern" (its label line does), and the summary line that
    says it is closer to the question; read with its label, the box's sentence answers."""
    summary = passage(document("We also identified 1 cause of concern, which is set out in "
                               "the relevant section of this report.", "s"), default=0.7)
    box = passage(document("Cause of concern\nThe force too often takes too long to attend "
                           "incidents involving vulnerable children.", "b"), rank=2,
                  default=0.45)
    box = replace(box, chunk=replace(box.chunk, kind="recommendation"))
    question = "What was the cause of concern about attendance?"
    assert answer(question, [summary, box]).text.startswith("The force too often takes")
    assert answer(question, [summary, box], RULES.without("box_label")).text.startswith(
        "We also identified 1 cause of concern")


def test_a_web_pages_section_headed_cause_of_concern_is_its_box():
    """(Rules.box_sections) An inspectorate's web page gives its cause of concern under a
    heading, with no box around it: the section is read as the box, its heading as its label,
    so its sentence answers rather than a news story's line that names the cause of concern.
    A report's summary section so headed (a PDF's) is no box."""
    news = passage(document("The force said its cause of concern about exploitation had been "
                            "closed after the review.", "n"), default=0.7)
    page = document("Cause of concern\nThe force does not consistently identify children at "
                    "risk of criminal exploitation.", "p")
    under = passage(page, rank=2, default=0.45)
    under = replace(under, chunk=replace(under.chunk, section="Wiltshire Police > Cause of "
                                                              "concern"))
    question = "What was the cause of concern in the inspection?"
    assert answer(question, [news, under]).text.startswith("The force does not consistently")
    assert answer(question, [news, under], RULES.without("box_sections")).text.startswith(
        "The force said its cause of concern")
    report = replace(page, file="p.pdf")
    paged = replace(under, doc=report)
    assert answer(question, [news, paged]).text.startswith("The force said its cause of concern")


def test_a_question_about_the_inspection_is_answered_from_it_not_from_a_later_review():
    """(Rules.w_later) "Which HMI led the Kent inspection?": the later review's "This review was
    led by..." shares more of the question's words than the report's own sign-off, but the
    question asks about the inspection, not the review; one asking about the review (or how
    far the force got) still gets the review's line."""
    report = document("We thank the force for its help.\n\nWendy Williams\nHis Majesty’s "
                      "Inspector of Constabulary", "r", title="Inspection of child protection")
    review = document("This review was led by His Majesty’s Inspector of Constabulary Roy "
                      "Brook.", "v", title="Post-inspection review of child protection")
    passages = [passage(review, default=0.6), passage(report, rank=2, default=0.6)]
    assert "Wendy Williams" in answer("Which HMI led the force's inspection?", passages).text
    assert answer("Which HMI led the force's inspection?", passages,
                  RULES.without("w_later")).text.startswith("This review was led by")
    assert answer("Which HMI led the force's post-inspection review?",
                  passages).text.startswith("This review was led by")


def test_when_a_later_visit_was_is_not_answered_by_the_reports_own_dates():
    """(Rules.w_earlier) "When did inspectors go back?": the report's "Inspectors visited the
    force in March 2020" shares more of the question's words than the re-inspection's "We
    returned in February 2022", but the question asks when the later visit was. A news item
    (short, of no later genre) telling of the revisit is not held down."""
    pages = tuple(Page(n, (n - 1) * 60, n * 60) for n in range(1, 12))
    text = "Inspectors visited the force in March 2020, and inspectors went back to it later."
    report = replace(document(text.ljust(660), "r", title="Inspection of child protection"),
                     pages=pages)
    revisit = document("We returned to the force in February 2022.", "v",
                       title="Re-inspection of child protection")
    passages = [passage(report, default=0.7), passage(revisit, rank=2, default=0.6)]
    question = "When did inspectors go back to the force?"
    assert answer(question, passages).text.startswith("We returned to the force in February")
    assert answer(question, passages, RULES.without("w_earlier")).text.startswith(
        "Inspectors visited the force in March 2020")
    news = document(text, "n", title="Inspectors return to Kent")  # one page: not the report
    assert answer(question, [passage(news, default=0.7), passage(revisit, rank=2, default=0.6)]
                  ).text.startswith("Inspectors visited")


def test_how_a_force_responded_on_a_topic_is_answered_on_the_topic():
    """(Rules.cue_coverage) "How did the force respond on missing children?": the response's
    "This document sets out how the force has responded to the findings" shares the asking
    word, not the topic; what the force says it did about missing children answers."""
    text = "This document sets out how the force has responded to the inspectorate's " \
           "findings. We now review every report of missing children within a day."
    response = document(text, "r", title="Kent Police response to the inspection")
    passages = [passage(response, cosines={"sets out": 0.55, "review every": 0.5})]
    question = "How did the force respond on missing children?"
    assert answer(question, passages).text.startswith("We now review every report")
    assert answer(question, passages, RULES.without("cue_coverage")).text.startswith(
        "This document sets out")


def _dated(doc: Document, published: str) -> Document:
    return replace(doc, meta=replace(doc.meta, published=published))


def test_when_a_later_visit_was_is_not_answered_by_dates_from_before_it():
    """(Rules.w_earlier) Dated documents tell which dates cannot be the revisit's: the force's
    response and a news item published before the re-inspection, and the re-inspection's own
    line on when the first report came out (more than a year before it), all closer to the
    question's words than "We returned to the force in February 2023"."""
    revisit = _dated(document("We published our report on 7 October 2020. We returned to the "
                              "force in February 2023.", "v", "Kent Police",
                              "Re-inspection of child protection"), "2023-06-01")
    news = _dated(document("Inspectors went to the force in May 2020.", "n", "Kent Police",
                           "Kent Police must improve, inspectors say"), "2020-10-07")
    cosines = {"published": 0.7, "went": 0.7, "returned": 0.5}
    passages = [passage(news, cosines=cosines), passage(revisit, 2, cosines=cosines)]
    question = "When did inspectors go back to the force?"
    assert answer(question, passages).text.startswith("We returned to the force in February")
    assert not answer(question, passages, RULES.without("w_earlier")).text.startswith(
        "We returned")
    # asked when the first visit was, before the revisit: its dates are not held down
    first = "When was the original inspection, before inspectors went back to the force?"
    assert not answer(first, passages).text.startswith("We returned")


# --- sentences of their own kind: footnote marks, shares, labelled values ---------------


def test_a_footnote_mark_after_the_full_stop_is_left_out_of_the_quote():
    """A report's "...was good.¹" is a sentence (its quote ends at the stop), not a fragment."""
    report = document("Our grades\nThe force’s performance in initial contact was good.¹\n"
                      "Officers were kind.")
    a = answer("How was initial contact rated?", [passage(report)])
    assert a.citations[0].quote == "The force’s performance in initial contact was good.", a.text
    assert_grounded(a)


def test_a_labelled_value_answers_when_it_gives_the_kind_asked_for():
    review = document("Recommendation 2 (2021 inspection)\nStatus: partially achieved\n"
                      "Officers now record the voice of the child in most cases.")
    a = answer("Has the recommendation on the voice of the child been achieved?",
               [passage(review, default=0.5)])
    assert "Status: partially achieved" in a.text
    assert_grounded(a)


# --- what was said, and the passage the answer rests on ---------------------------------------

SPEECH = document("The referral unit was reviewed by inspectors in the spring.\n"
                  "Detective Superintendent Jane Doe, head of safeguarding, said:\n"
                  "“We have doubled the number of staff on the rota. Each one is now read "
                  "within a day.”\n")


def test_speaker_lead_ins_answer_with_the_lead_in_and_what_it_leads_to():
    p = passage(SPEECH)
    question = "What did Jane Doe say?"
    a = answer(question, [p])
    assert ("Jane Doe, head of safeguarding, said [1]: We have doubled the number of staff on "
            "the rota [2].") in a.text
    assert_grounded(a)
    assert "Jane Doe" not in answer(question, [p], RULES.without("speaker_lead_ins")).text


def test_answer_passage_first_lists_the_passage_the_answer_rests_on_first():
    weak = passage(document("Stalking reports were mentioned at the start of the meeting.", "w"),
                   rank=1, similarity=0.6, default=0.2)
    strong = passage(document("Stalking reports are triaged by a specialist desk.", "s"), rank=2,
                     similarity=0.5, default=0.9)
    question = "How are stalking reports triaged?"
    a = answer(question, [weak, strong])
    assert [p.doc.doc_id for p in a.passages] == ["s", "w"]
    assert [p.rank for p in a.passages] == [1, 2]  # renumbered
    assert a.text.startswith("Stalking reports are triaged by a specialist desk [1].")
    assert_grounded(a)
    off = answer(question, [weak, strong], RULES.without("answer_passage_first"))
    assert [p.doc.doc_id for p in off.passages] == ["w", "s"]
    # a comparison's passages keep taking turns by force, whatever the rule
    both = answer(question, [weak, strong], forces=("Kent Police", "Dorset Police"))
    assert [p.doc.doc_id for p in both.passages] == ["w", "s"]


# --- the rules record ----------------------------------------------------------------------

@pytest.mark.parametrize("name", names())
def test_rules_without_switches_off_that_rule_alone(name):
    off = RULES.without(name)
    assert not getattr(off, name) and getattr(RULES, name)  # False, or a weight of 0
    assert replace(off, **{name: getattr(RULES, name)}) == RULES
