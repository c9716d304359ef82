
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


def test_citation_precision_catches_unsupported_text():
    good = _answer([_passage(1, S1, S2)], ["The control room still misses risks."])
    assert ev.citation_support(good) == (1, 1)
    forged = Answer("q", "The control room never misses risks [1].", False, good.citations,
                    good.passages)
    assert ev.citation_support(forged) == (0, 1)


def test_decline_metrics():
    unans = ev.EvalItem("2", "q", "unanswerable", (), ())
    declined = _answer([], [], refused=True)
    answered = _answer([_passage(1, S1, S2)], ["The control room still misses risks."])
    outcomes = [ev.Outcome(unans, declined, 0), ev.Outcome(unans, answered, 0),
                ev.Outcome(ITEM, declined, 0), ev.Outcome(ITEM, answered, 0)]
    v = ev.score("x", outcomes).values
    assert v["decline_recall"] == 0.5 and v["false_declines"] == 0.5
    assert v["decline_precision"] == 0.5


@pytest.mark.slow
def test_eval_on_sample_index_holds_quality(engine):
    items = ev.load_items(ROOT / "eval" / "questions.jsonl")
    assert len(items) >= 60
    assert sum(i.kind == "unanswerable" for i in items) >= 12
    assert sum(i.kind == "comparison" for i in items) >= 6
    results, _ = ev.evaluate(engine, items)
    hybrid = {r.mode: r.values for r in results}["hybrid"]
    # The targets, every one (docs/evaluation.md: hit@1 and accuracy 0.906, each one
    # question over; decline recall 0.938, one question over).
    assert hybrid["citation_precision"] == 1.0
    assert hybrid["false_declines"] <= ev.TARGETS["false_declines"]
    assert hybrid["passage_chars"] <= ev.TARGETS["passage_chars"]
    assert hybrid["hit@5"] >= ev.TARGETS["hit@5"]
    assert hybrid["decline_recall"] >= ev.TARGETS["decline_recall"]
    assert hybrid["hit@1"] >= ev.TARGETS["hit@1"]
    assert hybrid["accuracy"] >= ev.TARGETS["accuracy"]
