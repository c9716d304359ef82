"""Embedding: the plain PyTorch model against the ONNX Runtime paths, side by side in one run.

Owns: the chunk set (the sample corpus chunked at the project's chunk size by the real
loaders and chunker, then more chunks of its sentences shuffled, all different), timing each
backend in interleaved rounds (so a burst of load on the machine hits all of them alike), the
cosine agreement of their vectors, the evaluation set's hit@5 with an index built by each
backend through the real ingest, and the re-ingest timings (the embedding cache). The
backends themselves live in qa.index.embedding and qa.index.onnx.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.synth import corpus_sentences
from qa.config import Settings
from qa.index.embedding import GROUP_TEXTS, Embedder
from qa.ingest.chunking import chunk_document
from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog
from qa.types import Document, Metadata, Page

BACKENDS = ("torch", "onnx-int8", "onnx")  # the first is the reference for ratios and cosines
# Timed besides BACKENDS: "backend/N" is that backend with batches of N texts. PyTorch with the
# ONNX backends' small batches shows that the batch size is not what makes int8 faster.
EXTRA = ("torch/8",)


def make_embedder(spec: str) -> Embedder:
    """Embedder for "backend" (its default batch size) or "backend/N" (batches of N)."""
    backend, _, batch = spec.partition("/")
    return Embedder(backend, int(batch) if batch else None)


def corpus_chunks(settings: Settings) -> list[str]:
    """The sample corpus's chunk texts at settings.chunk_chars."""
    corpus = Path(settings.corpus)
    files, _skipped = discover([corpus])
    catalog = Catalog.read(corpus / "catalog.csv")
    texts = []
    for path in files:
        doc = load_document(path, path.relative_to(corpus).as_posix(), catalog, 50_000_000)
        texts += [c.text for c in chunk_document(doc, settings.chunk_chars)]
    return texts


def distinct_chunks(settings: Settings, n: int, seed: int = 0) -> list[str]:
    """The corpus's chunks, then more made by the real chunker from its real sentences in
    shuffled order, until there are n different chunk texts."""
    texts = corpus_chunks(settings)
    sentences = corpus_sentences(Path(settings.corpus))
    rng = np.random.default_rng(seed)
    while len(set(texts)) < n:
        text = " ".join(sentences[i] for i in rng.permutation(len(sentences)))
        doc = Document("shuffled", "shuffled.txt", text, (Page(1, 0, len(text)),), Metadata())
        texts += [c.text for c in chunk_document(doc, settings.chunk_chars)]
    return list(dict.fromkeys(texts))[:n]


def throughput(settings: Settings, rounds: int = 3, texts_wanted: int = 512,
               backends=BACKENDS + EXTRA) -> dict:
    """Chunks per second per backend, ratios to torch, cosine to torch.

    The texts go in units of one Embedder group; each unit is embedded by every backend in
    turn and its best time over the rounds is kept, so load from other processes on the
    machine weighs on all backends alike rather than on whichever ran during it."""
    chunks = corpus_chunks(settings)
    texts = distinct_chunks(settings, texts_wanted)
    embedders = {b: make_embedder(b) for b in backends}
    unit = GROUP_TEXTS
    units = [texts[i:i + unit] for i in range(0, len(texts), unit)]
    for emb in embedders.values():
        emb.encode(units[0])  # load and warm up outside the timings
    best = {b: np.full(len(units), np.inf) for b in backends}
    vectors = {b: [None] * len(units) for b in backends}
    for _ in range(rounds):
        for u, group in enumerate(units):
            for b, emb in embedders.items():
                started = time.perf_counter()
                vectors[b][u] = emb.encode(group)
                best[b][u] = min(best[b][u], time.perf_counter() - started)
    out = {"chunks": len(texts), "distinct_chunks": len(chunks), "rounds": rounds,
           "mean_chars": float(np.mean([len(t) for t in texts])), "backends": {}}
    reference = np.vstack(vectors[backends[0]])
    for b in backends:
        cos = (np.vstack(vectors[b]) * reference).sum(axis=1)
        out["backends"][b] = {"batch": embedders[b].batch_size,
                              "chunks_per_s": len(texts) / best[b].sum(),
                              "ratio": best[backends[0]].sum() / best[b].sum(),
                              "cosine_mean": float(cos.mean()), "cosine_min": float(cos.min())}
    return out


def hit_at_5(settings: Settings, backends=BACKENDS, questions: Path = Path(
        "eval/questions.jsonl")) -> dict:
    """hit@5 (hybrid and dense) of an index of the sample corpus built with each backend."""
    from qa.ask.engine import Engine
    from qa.evaluate import evaluate, load_items
    from qa.ingest.build import ingest

    items = load_items(questions)
    out = {}
    with tempfile.TemporaryDirectory(prefix="qa-bench-eval-") as tmp:
        for b in backends:
            s = replace(settings, index=Path(tmp) / b, embed_backend=b, audit_enabled=False)
            ingest(s, embedder=Embedder(b))
            results, _outcomes = evaluate(Engine.open(s), items, modes=("hybrid", "dense"))
            out[b] = {r.mode: r.values["hit@5"] for r in results}
    return out


def reingest(settings: Settings, backend: str, extra_texts: list[str] = ()) -> dict:
    """Seconds for a first ingest of a copy of the corpus (plus `extra_texts` as files), a
    re-ingest with nothing changed, and one after every file was touched (same bytes, new
    mtime: each file is re-read and every vector must come from the embedding cache)."""
    from qa.ingest.build import ingest

    with tempfile.TemporaryDirectory(prefix="qa-bench-ingest-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(settings.corpus, corpus)
        for n, text in enumerate(extra_texts):
            (corpus / f"extra-{n:04d}.txt").write_text(text, encoding="utf-8")
        s = replace(settings, corpus=corpus, index=Path(tmp) / "index", embed_backend=backend)
        out = {}
        for step in ("first", "unchanged", "touched"):
            if step == "touched":
                _touch_all(corpus)
            started = time.perf_counter()
            report = ingest(s, embedder=Embedder(backend))
            out[step] = {"seconds": time.perf_counter() - started, "chunks": report.chunks,
                         "embedded": report.embedded, "reused": report.reused}
    return out


def _touch_all(corpus: Path) -> None:
    later = time.time() + 5
    for path in corpus.iterdir():
        os.utime(path, (later, later))
