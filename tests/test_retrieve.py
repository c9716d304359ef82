import shutil

import pytest
from conftest import CORPUS, WILTSHIRE

from qa.ask.engine import Engine
from qa.config import load_settings
from qa.ingest.build import ingest
from qa.types import Filters

pytestmark = pytest.mark.slow


def test_hybrid_scores_are_the_convex_sum_computed_independently(engine):
    """Each passage's score is 0.7 x its cosine + w_bm25 x its BM25 score over the best one,
    computed here from the raw vectors and BM25 scores of every chunk, and they come best first."""
    import numpy as np

    from qa.ask.retrieve import W_DENSE
    from qa.ask.understand import understand
    from qa.index.keywords import bm25_scores, terms
    loaded = engine.current()
    index, rules = loaded.index, engine.rules
    query = understand("officers trained on domestic abuse")
    qvec = engine.embed_query(query.text)
    bm25 = bm25_scores(index.bm25, terms(query.text), len(index))
    expected = W_DENSE * (np.asarray(index.vectors) @ qvec) + rules.w_bm25 * bm25 / bm25.max()
    passages = loaded.retriever.search(query, k=6, qvec=qvec)
    starts = {(int(index.chunks["doc"][i]), index.chunk(i).start): i for i in range(len(index))}
    got = [(p.score, expected[starts[(index.documents.index(p.doc), p.chunk.start)]])
           for p in passages]
    assert len(got) == 6
    assert [a for a, _ in got] == pytest.approx([b for _, b in got], abs=1e-4)
    assert [a for a, _ in got] == sorted((a for a, _ in got), reverse=True)
    assert got[0][1] == pytest.approx(max(expected), abs=1e-4)  # the best chunk of all leads


def test_filters_restrict_every_passage(engine):
    for filters, check in [
        (Filters(forces=("Wiltshire Police",)), lambda d: d.meta.force == "Wiltshire Police"),
        (Filters(doc_types=("force response",)), lambda d: d.meta.doc_type == "force response"),
        (Filters(since="2023-08", until="2023-12"),
         lambda d: "2023-08" <= d.meta.published[:7] <= "2023-12"),
        (Filters(organisations=("HMICFRS",)), lambda d: d.meta.organisation == "HMICFRS"),
    ]:
        passages = engine.search("child protection improvements", filters, k=10)
        assert passages and all(check(p.doc) for p in passages), filters


def test_filter_matching_nothing_gives_no_passages(engine):
    assert engine.search("training", Filters(since="2030")) == []


def test_named_force_focuses_the_search(engine):
    for q in ("What did Wilts say about training?", "training in Wiltshire Police"):
        passages = engine.search(q, k=6)
        assert passages and all(p.doc.file == WILTSHIRE for p in passages)


def test_two_forces_gather_evidence_for_each(engine):
    passages = engine.search("How do Staffs and Glos compare on missing children?", k=6)
    forces = {p.doc.meta.force for p in passages}
    assert forces == {"Staffordshire Police", "Gloucestershire Constabulary"}


def test_syndicated_copy_does_not_crowd_results(tmp_path, embedder):
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    shutil.copy(corpus / WILTSHIRE, corpus / "syndicated_copy.txt")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "i")
    ingest(settings, embedder=embedder)
    eng = Engine.open(settings, embedder)
    passages = eng.search("Domestic Abuse Matters training frontline officers", k=6)
    texts = [p.chunk.text for p in passages]
    assert len(texts) == len(set(texts))
    dam = [p for p in passages if "Domestic Abuse Matters" in p.chunk.text]
    assert len(dam) == 1


def test_filtered_search_on_a_large_selection_uses_faiss_with_a_bitmap(engine, monkeypatch):
    """Above the brute-force subset size the filter is applied inside FAISS (IDSelectorBitmap);
    it must give the same passages as the exact subset search."""
    import qa.ask.retrieve as retrieve
    filters = Filters(doc_types=("force response",))
    exact = [p.chunk.start for p in engine.search("missing children", filters, k=5)]
    monkeypatch.setattr(retrieve, "SUBSET_LIMIT", 0)
    via_faiss = [p.chunk.start for p in engine.search("missing children", filters, k=5)]
    assert via_faiss == exact
