"""Whole answers from the sample index, asked with questions written for these tests: every
sentence cited to an exact quote, comparisons, declines, the engine's limits on questions, and
follow-ups that prefer what is new. The rules themselves are shown on hand-written passages in
test_answer.py."""
import pytest
from conftest import WILTSHIRE
from handmade import answer, assert_grounded, document, passage

from qa.errors import QuestionError

GLOUCESTERSHIRE = "001_16d0d2925ee780e6.txt"


@pytest.mark.slow
@pytest.mark.parametrize("question, file", [
    ("How has Gloucestershire added detectives to its child abuse investigations?",
     GLOUCESTERSHIRE),
    ("What domestic abuse training have Wiltshire's frontline staff had?", WILTSHIRE),
    ("Why is Warwickshire putting more staff into its online child sexual exploitation team?",
     "003_ab956304be8f3ab8.txt"),
])
def test_every_sentence_of_an_answer_cites_an_exact_quote_from_the_forces_document(
        engine, question, file):
    a = engine.ask(question)
    assert_grounded(a)
    assert {c.doc.file for c in a.citations} == {file}
    assert a.passages[0].doc.file == file
    record = a.to_dict()
    assert record["citations"][0]["quote"] == a.citations[0].quote
    assert record["citations"][0]["force"] == a.citations[0].doc.meta.force


@pytest.mark.slow
def test_a_comparison_cites_each_force_named(engine):
    a = engine.ask("Compare how Gloucestershire and Warwickshire deal with missing person cases.")
    assert_grounded(a)
    assert a.forces == ("Gloucestershire Constabulary", "Warwickshire Police")
    assert {p.doc.meta.force for p in a.passages} == set(a.forces)
    assert {c.doc.meta.force for c in a.citations} == set(a.forces)


@pytest.mark.slow
def test_a_force_with_no_documents_is_declined_with_the_closest_passages(engine):
    a = engine.ask("How does Merseyside protect children from county lines gangs?")
    assert a.refused and not a.citations and a.passages
    assert "Merseyside" in a.text and "Merseyside Police" not in engine.forces()


@pytest.mark.slow
def test_a_later_visit_of_a_force_no_document_tells_of_is_declined_saying_so(engine):
    """(Rules.absent_source) Nothing indexed about Gloucestershire is a re-inspection or tells
    of one, so "when did inspectors go back?" is declined saying so, not answered with the
    inspection's dates; Wiltshire's news item tells of its revisit, so Wiltshire's is not
    (nor is Gloucestershire's with the rule off)."""
    a = engine.ask("When did inspectors go back to Gloucestershire to check on progress?")
    assert a.refused and a.passages
    assert "No indexed re-inspection or post-inspection review is about Gloucestershire " \
           "Constabulary" in a.text
    assert "No indexed re-inspection" not in engine.ask(
        "When did HMICFRS revisit Wiltshire Police?").text
    off = engine.with_rules(engine.rules.without("absent_source"), engine.decline_model)
    assert "No indexed re-inspection" not in off.ask(
        "When did inspectors go back to Gloucestershire to check on progress?").text


@pytest.mark.slow
@pytest.mark.parametrize("question", ["What temperature should a sourdough loaf bake at?",
                                      "Which striker scored the most Premier League goals?"])
def test_an_off_topic_question_is_declined(engine, question):
    a = engine.ask(question)
    assert a.refused and not a.citations


@pytest.mark.slow
def test_a_follow_up_keeps_the_force_and_a_new_force_replaces_it(engine):
    history = ["What has Gloucestershire done about children who go missing?"]
    a = engine.ask("Did they add any investigators for that?", history=history)
    assert a.forces == ("Gloucestershire Constabulary",) and not a.refused
    assert {c.doc.file for c in a.citations} == {GLOUCESTERSHIRE}
    assert "Gloucestershire" in a.notice  # the reader is told the force was kept
    other = engine.ask("And how does Wiltshire fare there?", history=history)
    assert other.forces == ("Wiltshire Police",)
    assert all(c.doc.file == WILTSHIRE for c in other.citations)


@pytest.mark.slow
def test_the_engine_keeps_a_question_up_to_the_configured_length(sample_settings, embedder):
    """QA_MAX_QUESTION_CHARS is the one limit: the engine does not cut below it."""
    from dataclasses import replace as with_
    from qa.ask.engine import Engine
    long_question = "What training did Wiltshire give on domestic abuse? " + "Thanks. " * 200
    wide = Engine.open(with_(sample_settings, max_question_chars=3000), embedder)
    assert len(wide.ask(long_question).question) == len(long_question.strip())
    narrow = Engine.open(with_(sample_settings, max_question_chars=100), embedder)
    assert len(narrow.ask(long_question).question) == 100


@pytest.mark.slow
@pytest.mark.parametrize("question", ["", "   ", "\x00\x01\n\t"])
def test_empty_questions_are_refused_clearly(engine, question):
    with pytest.raises(QuestionError, match="empty"):
        engine.ask(question)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["neglect " * 2000, "Qu'a fait la police du Wiltshire ?",
                                      "警察の訓練について", "<script>alert(1)</script>"])
def test_odd_questions_get_an_answer_record(engine, question):
    a = engine.ask(question)
    assert a.text and (a.refused or a.citations)
    if not a.refused:
        assert_grounded(a)



# --- follow-ups: what the conversation already gave -------------------------------------------

def test_a_follow_up_answers_with_what_is_new_not_the_previous_answer_again(engine):
    """#13: "And what did inspectors say about its leadership?" repeated the previous answer's
    sentences in a new order. Given the earlier answer's quotes, a follow-up cites what is
    new and repeats at most one earlier sentence (the best, when it still is)."""
    first = engine.ask("What did Wiltshire change on domestic abuse training?")
    before = {c.quote for c in first.citations}
    assert len(before) >= 2
    follow_up = "And what else changed on domestic abuse training there?"
    again = engine.ask(follow_up, history=[first.question])
    assert len({c.quote for c in again.citations} & before) >= 2  # unaware: repeats them
    follow = engine.ask(follow_up, history=[first.question], said=list(before))
    assert_grounded(follow)
    quotes = [c.quote for c in follow.citations]
    assert any(q not in before for q in quotes)
    assert sum(q in before for q in quotes) <= 1


def test_a_follow_up_answered_by_a_sentence_already_given_gets_it_again(engine):
    """A sentence the previous answer gave that holds this question's own words is still the
    answer ("are they short of staff?" after an answer that mentioned the staffing)."""
    p = passage(document("The stalking desk opened last year. The desk is short of staff. "
                         "Staff were short at the desk in May."),
                cosines={"is short": 0.8, "in May": 0.7}, default=0.3)
    said = ["The stalking desk opened last year.", "The desk is short of staff."]
    a = answer("Are they short of staff?", [p], given=frozenset(said))
    assert a.text.startswith("The desk is short of staff [")


def test_ask_again_and_a_repeat_with_nothing_new_say_so(engine):
    q = "What did inspectors say about Staffordshire's leadership?"
    first = engine.ask(q)
    before = [c.quote for c in first.citations]
    same = engine.ask(q, history=[q], said=before)  # "Ask again": the same answer
    assert [c.quote for c in same.citations] == before and not same.notice.startswith("These")
    said = ["The stalking desk opened last year.", "Some 40 reports are triaged each week."]
    p = passage(document(" ".join(said)), default=0.8)
    repeated = answer("What else about the stalking desk?", [p], given=frozenset(said))
    assert "already given earlier in this conversation" in repeated.notice
