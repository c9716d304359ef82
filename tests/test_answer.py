"""Composing and declining answers (qa.ask.compose, qa.ask.decline): markers and exact quotes,
choosing sentences, and each choosing and declining rule of Rules, shown on hand-written
passages; then a few properties of whole answers from the sample index, asked with questions
written for these tests."""
import re
from dataclasses import replace

import pytest
from conftest import WILTSHIRE
from handmade import document, passage

from qa.ask.compose import build_answer, compose, select
from qa.ask.retrieve import W_DENSE, Retriever
from qa.ask.rules import Rules, names
from qa.ask.sentences import Candidate
from qa.ask.understand import understand
from qa.errors import QuestionError
from qa.types import Document, Filters, Metadata, Page

RULES = Rules()
GLOUCESTERSHIRE = "001_16d0d2925ee780e6.txt"


def answer(question: str, passages, rules: Rules = RULES, forces=(), history=()):
    """The answer built from hand-written passages (every term weighs the same: no idf)."""
    q = understand(question, tuple(history), rules)
    return build_answer(q, passages, {}, 10, tuple(forces), rules=rules)


def cand(p, text: str, score: float = 1.0, coverage: float = 0.5, named: bool = False,
         graded: bool = False) -> Candidate:
    """A candidate for the sentence `text` of passage `p`, scored by hand."""
    start = p.doc.text.index(text)
    return Candidate(p, start, start + len(text), text, score, coverage, 0.5,
                     p.doc.meta.force, named, graded)


def assert_grounded(a):
    """Every sentence ends with a marker, every marker has a citation, every quote is exact."""
    assert a.citations and not a.refused
    by_n = {c.n: c for c in a.citations}
    pieces = re.split(r" \[(\d+)\]", a.text)
    assert not pieces[-1].strip(" .!?;:\"'”’)")  # nothing after the last marker
    assert sorted(int(n) for n in pieces[1::2]) == sorted(by_n) == list(range(1, len(by_n) + 1))
    for before, n in zip(pieces[0:-1:2], pieces[1::2]):
        c = by_n[int(n)]
        assert c.doc.text[c.start:c.end] == c.quote
        assert before.lstrip(" .!?;:\"'”’)").rstrip() in c.quote  # the text before it is its quote
        assert c.page == c.doc.page_at(c.start)


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
    assert [(c.quote, c.page) for c in citations] == [("Page one says little.", 1),
                                                      ("Page two says the desk opened in May.", 2)]


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
    assert "Amir Khan" not in answer(question, [p], RULES.without("typed_first")).text


# --- multi-part questions and comparisons: multi_part, each_force ---------------------------

TWO_PARTS = "When did the stalking desk open, and how many reports does it triage?"


def test_multi_part_answers_each_part_of_the_question():
    desk = document("The stalking desk opened last year. The stalking desk works closely with "
                    "victims and partners. Some 40 reports are triaged each week.")
    p = passage(desk, cosines={"opened": 0.8, "40 reports": 0.1}, default=0.8)
    a = answer(TWO_PARTS, [p])
    assert not a.refused and not a.notice
    assert "opened last year [" in a.text and "Some 40 reports are triaged each week [" in a.text
    assert_grounded(a)
    off = answer(TWO_PARTS, [p], RULES.without("multi_part"))
    assert "40 reports" not in off.text  # the close best sentence alone, which gives no figure


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


def test_missing_grade_declines_a_grade_not_given():
    assert "no inspection grade" in declined_for("How was stalking triage graded?",
                                                 "missing_grade")
    graded = "Stalking triage was graded ‘requires improvement’ by the inspectors."
    assert not answer("How was stalking triage graded?", [passage(document(graded))]).refused


def test_missing_money_declines_a_sum_not_given():
    assert "no sum of money" in declined_for("What was the budget for stalking triage?",
                                             "missing_money")
    costed = "The budget for stalking triage was £250,000 for the year."
    assert not answer("What was the budget for stalking triage?",
                      [passage(document(costed))]).refused


def test_which_officer_declines_when_no_one_is_named_or_given_a_role():
    assert "name no one" in declined_for("Which officer triages stalking reports?",
                                         "which_officer")
    for text in ("A detective sergeant triages stalking reports within a day.",
                 "Sergeant Amir Khan triages stalking reports within a day."):
        assert not answer("Which officer triages stalking reports?",
                          [passage(document(text))]).refused, text


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


# --- whole answers from the sample index ------------------------------------------------------

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
def test_w_bm25_lets_a_rare_name_find_the_passage_that_holds_it(engine):
    """A name the embedding barely knows is found by its keyword: first with w_bm25, not first
    without; and its score rises by exactly w_bm25 (it is the best keyword match)."""
    loaded = engine.current()
    q = understand("Maltby")
    qvec = engine.embed_query(q.text)
    on = loaded.retriever.search(q, k=6, qvec=qvec)
    off = Retriever(loaded.index, engine.embedder, RULES.without("w_bm25")).search(q, k=6,
                                                                                  qvec=qvec)
    assert "Maltby" in on[0].chunk.text
    assert "Maltby" not in off[0].chunk.text
    assert on[0].score == pytest.approx(W_DENSE * on[0].similarity + RULES.w_bm25, abs=1e-4)
    assert all(p.score == pytest.approx(W_DENSE * p.similarity, abs=1e-4) for p in off)


def _on_and_off(engine, question: str, rule: str, forces=()):
    """The passages for the question with every rule on, and with `rule` switched off."""
    loaded = engine.current()
    q = understand(question)
    qvec = engine.embed_query(q.text)
    off = Retriever(loaded.index, engine.embedder, RULES.without(rule))
    return (loaded.retriever.search(q, k=6, qvec=qvec, forces=forces),
            off.search(q, k=6, qvec=qvec, forces=forces))


@pytest.mark.slow
def test_w_kind_passage_ranks_passages_holding_the_kind_of_answer_asked_for_higher(engine):
    """A how-many question: each passage holding a figure scores exactly w_kind_passage more
    than with the rule off, one holding none the same, and the first passage holds a figure."""
    from qa.ask.kinds import NUMBER
    on, off = _on_and_off(engine, "How many officers have been trained?", "w_kind_passage")
    assert NUMBER.search(on[0].chunk.text)
    before = {(p.doc.doc_id, p.chunk.start): p.score for p in off}
    compared = 0
    for p in on:
        if (p.doc.doc_id, p.chunk.start) in before:
            bonus = RULES.w_kind_passage if NUMBER.search(p.chunk.text) else 0.0
            assert p.score - before[p.doc.doc_id, p.chunk.start] == pytest.approx(bonus,
                                                                                  abs=1e-4)
            compared += 1
    assert compared >= 3


@pytest.mark.slow
def test_force_signal_ranks_passages_about_the_named_force_first(engine):
    force = "Warwickshire Police"
    on, off = _on_and_off(engine, "How is Warwickshire getting better at investigating missing "
                                  "person reports?", "force_signal", (force,))
    assert all(p.doc.meta.force == force for p in on)
    assert off[0].doc.meta.force != force  # on meaning and words alone, another force leads
    before = {(p.doc.doc_id, p.chunk.start): p.score for p in off}
    for p in on:  # the same passage, scored exactly force_signal higher
        if (p.doc.doc_id, p.chunk.start) in before:
            assert p.score - before[p.doc.doc_id, p.chunk.start] == pytest.approx(
                RULES.force_signal, abs=1e-4)


@pytest.mark.slow
def test_a_force_filter_holds_when_the_question_names_another_force(engine):
    only = Filters(forces=("Wiltshire Police",))
    a = engine.ask("What neglect training has Staffordshire given its officers?", only)
    assert a.passages and all(p.doc.meta.force == "Wiltshire Police" for p in a.passages)
    assert all(c.doc.meta.force == "Wiltshire Police" for c in a.citations)


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


@pytest.mark.parametrize("name", names())
def test_rules_without_switches_off_that_rule_alone(name):
    off = RULES.without(name)
    assert not getattr(off, name) and getattr(RULES, name)  # False, or a weight of 0
    assert replace(off, **{name: getattr(RULES, name)}) == RULES
