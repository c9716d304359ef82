
import pytest
from conftest import ROOT

from qa import evaluate as ev
from qa.types import Answer, Chunk, Citation, Document, Metadata, Page, Passage

TEXT = ("Inspectors found the force improved. Training on Domestic Abuse Matters reached "
        "1,079 officers. The control room still misses risks.")


def _doc(file="a.txt"):
    return Document("d-" + file, file, TEXT, (Page(1, 0, len(TEXT)),), Metadata(force="X"))


def _passage(rank, start, end, doc=None):
    doc = doc or _doc()
    return Passage(rank, 1.0 / rank, Chunk(doc.doc_id, 1, start, end, TEXT[start:end]), doc)


def _answer(passages, quotes, refused=False):
    doc = _doc()
    cites = []
    text = []
    for n, q in enumerate(quotes, start=1):
        s = TEXT.index(q)
        cites.append(Citation(n, doc, 1, q, s, s + len(q)))
        text.append(f"{q.rstrip('.')} [{n}].")
    return Answer("q", " ".join(text), refused, tuple(cites), tuple(passages))


ITEM = ev.EvalItem("1", "q", "fact", (ev.Gold("a.txt", "Domestic Abuse Matters reached"),),
                   ("1,079",))
S1, S2 = TEXT.index("Training"), TEXT.index("The control")


def test_rank_metrics_on_known_cases():
    first = _answer([_passage(1, S1, S2), _passage(2, 0, S1)], [])
    third = _answer([_passage(1, 0, S1), _passage(2, S2, len(TEXT)), _passage(3, S1, S2)], [])
    none = _answer([_passage(1, 0, S1)], [])
    assert [ev.gold_rank(ITEM, a) for a in (first, third, none)] == [1, 3, 0]
    outcomes = [ev.Outcome(ITEM, a, 0.01 * i) for i, a in enumerate((first, third, none), 1)]
    v = ev.score("x", outcomes).values
    assert v["hit@1"] == pytest.approx(1 / 3) and v["hit@5"] == pytest.approx(2 / 3)
    assert v["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert v["p50_ms"] == pytest.approx(20.0)


def test_accuracy_needs_facts_and_a_citation_on_the_evidence():
    good = _answer([_passage(1, S1, S2)], ["Training on Domestic Abuse Matters reached 1,079 "
                                           "officers."])
    wrong_cite = _answer([_passage(1, 0, S1)], ["Inspectors found the force improved."])
    assert ev.is_correct(ITEM, good)
    assert not ev.is_correct(ITEM, wrong_cite)
    refused = Answer("q", good.text, True, good.citations, good.passages)
    assert not ev.is_correct(ITEM, refused)


def test_a_citation_is_judged_where_its_document_holds_the_phrase_after_page_breaks():
    # A report's pages end in blank lines, and a phrase may run over a page break: the gold
    # is where the document itself holds it, not where a whitespace-collapsed copy does
    # (there, each of the 100 blank lines before it moves it one character back).
    pages = "".join(f"Page {n:03} has no finding.\n\n" for n in range(1, 101))
    text = pages + "In all, 64 cases\n\nrequired improvement. Leaders knew why."
    doc = Document("d-r", "r.pdf", text, (Page(1, 0, len(text)),), Metadata(force="X"))
    item = ev.EvalItem("2", "q", "figure", (ev.Gold("r.pdf", "64 cases required improvement"),),
                       ("64",))

    def citing(quote: str) -> Answer:
        start = text.index(quote)
        return Answer("q", f"{quote} 64 [1].", False,
                      (Citation(1, doc, 1, quote, start, start + len(quote)),))

    assert ev.is_correct(item, citing("In all, 64 cases"))
    assert not ev.is_correct(item, citing("Page 097 has no finding."))  # 100 characters back
    assert not ev.is_correct(item, citing("Leaders knew why."))


def test_a_comparison_needs_evidence_of_each_side_any_of_its_places_will_do():
    # Each force's fact is written in several places (a report's summary and introduction, a
    # news story): citing any one of a force's places is its evidence; one force's alone is not.
    a, b = _doc("a.txt"), _doc("b.txt")

    def citing(*cites) -> Answer:
        cs = tuple(Citation(n, d, 1, q, TEXT.index(q), TEXT.index(q) + len(q))
                   for n, (d, q) in enumerate(cites, start=1))
        return Answer("q", " ".join(f"{q} [{c.n}]" for c, (_, q) in zip(cs, cites)), False, cs)

    found, trained = "Inspectors found the force improved.", "Training on Domestic Abuse"
    by_force = ev.EvalItem("3", "q", "comparison", (
        ev.Gold("a.txt", "Domestic Abuse Matters", force="A"),
        ev.Gold("b.txt", "found the force", force="A"),
        ev.Gold("b.txt", "still misses risks", force="B")), ())
    assert ev.is_correct(by_force, citing((b, found), (b, "The control room still misses")))
    assert ev.is_correct(by_force, citing((a, trained), (b, "The control room still misses")))
    assert not ev.is_correct(by_force, citing((a, trained), (b, found)))  # A's twice, no B
    by_file = ev.EvalItem("4", "q", "comparison", (ev.Gold("a.txt", "found the force"),
                                                   ev.Gold("b.txt", "found the force")), ())
    assert ev.is_correct(by_file, citing((a, found), (b, found)))
    assert not ev.is_correct(by_file, citing((a, found)))


def test_citation_precision_catches_unsupported_text():
    good = _answer([_passage(1, S1, S2)], ["The control room still misses risks."])
    assert ev.citation_support(good) == (1, 1)
    forged = Answer("q", "The control room never misses risks [1].", False, good.citations,
                    good.passages)
    assert ev.citation_support(forged) == (0, 1)
    # a labelled quotation (the tracker's answers): the quoted words must be verbatim
    quote = good.citations[0].quote.rstrip(".")
    labelled = Answer("q", f"The force's response: “{quote}” [1].", False, good.citations,
                      good.passages)
    assert ev.citation_support(labelled) == (1, 1)
    misquoted = Answer("q", f"The force's response: “{quote} always” [1].", False,
                       good.citations, good.passages)
    assert ev.citation_support(misquoted) == (0, 1)


def test_decline_metrics():
    unans = ev.EvalItem("2", "q", "unanswerable", (), ())
    declined = _answer([], [], refused=True)
    answered = _answer([_passage(1, S1, S2)], ["The control room still misses risks."])
    outcomes = [ev.Outcome(unans, declined, 0), ev.Outcome(unans, answered, 0),
                ev.Outcome(ITEM, declined, 0), ev.Outcome(ITEM, answered, 0)]
    v = ev.score("x", outcomes).values
    assert v["decline_recall"] == 0.5 and v["false_declines"] == 0.5
    assert v["decline_precision"] == 0.5


def _hybrid(engine, name: str) -> tuple[dict, int, int]:
    items = ev.load_items(ROOT / "eval" / f"{name}.jsonl")
    results, _ = ev.evaluate(engine, items, modes=("hybrid",))
    answerable = sum(i.answerable for i in items)
    return results[0].values, answerable, len(items) - answerable


def _at_least(value: float, count: int, of: int) -> bool:
    return value * of >= count - 1e-9


@pytest.mark.slow
def test_the_evaluation_set_holds_its_level_within_two_questions(engine):
    """The one evaluation gate: today's counts on eval/questions.jsonl (docs/evaluation.md:
    hit@1 55/64, accuracy 55/64, 15/16 unanswerable declined, no false decline) less a margin of
    two questions, since an index built incrementally can move a question either way."""
    v, answerable, unanswerable = _hybrid(engine, "questions")
    assert (answerable, unanswerable) == (64, 16)
    assert v["citation_precision"] == 1.0  # every cited sentence is its quote, exactly
    assert _at_least(v["hit@1"], 53, answerable)
    assert _at_least(v["hit@5"], 61, answerable)
    assert _at_least(v["accuracy"], 53, answerable)
    assert _at_least(v["decline_recall"], 14, unanswerable)
    assert v["false_declines"] * answerable <= 2


@pytest.mark.slow
def test_the_blind_set_is_scored_and_holds_its_level(engine):
    """eval/blind.jsonl was written by someone who saw only the corpus, and nobody reads it:
    do not open it to mend a failure here. When it has been read, write a new one and say so in
    docs/evaluation.md. Floors: its first score (answered 23/32 and evidence first 24/32, 3/8
    declined, no false decline) less two questions."""
    v, answerable, unanswerable = _hybrid(engine, "blind")
    assert (answerable, unanswerable) == (32, 8)
    assert v["citation_precision"] == 1.0
    assert _at_least(v["accuracy"], 21, answerable)
    assert _at_least(v["hit@1"], 22, answerable)
    assert _at_least(v["decline_recall"], 1, unanswerable)
    assert v["false_declines"] * answerable <= 2


def test_an_ablation_whose_judges_are_not_scored_stops_before_any_work(tmp_path):
    from qa.ablation import run
    from qa.errors import QuestionError
    with pytest.raises(QuestionError, match="holdout4"):
        run({"questions": (None, tmp_path / "questions.jsonl")}, ["holdout4"])


@pytest.mark.slow
def test_an_engine_with_other_rules_shares_the_loaded_index(engine):
    """Ablation and calibration compare rules without loading the index again."""
    from qa.ask.rules import Rules
    single = engine.with_rules(Rules().without("runners_up"))
    assert single.current().index is engine.current().index
    question = "What has Wiltshire done on domestic abuse training?"
    assert len(single.ask(question).citations) == 1 < len(engine.ask(question).citations)
