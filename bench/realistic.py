"""The realistic library benchmark: ingest speed and question latency on a generated library.

Owns: building the library's index from nothing (a fresh index folder, the embedding cache
empty), counting its pages (a PDF's physical pages; any other file is one), reading the same
files alone as the baseline (what ingest cannot beat: loading and extracting text, no chunking,
embedding or indexing), and timing every development and check question through the engine
with a warm index. The library itself is made by bench.library.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.config import Settings


def run(settings: Settings, library: Path) -> dict:
    from qa.ask.engine import Engine
    from qa.evaluate import load_items
    from qa.index.embedding import Embedder
    from qa.ingest.build import ingest
    from qa.ingest.files import discover, load_document
    from qa.ingest.metadata import Catalog

    corpus = library / "corpus"
    files, _ = discover([corpus])
    catalog = Catalog.read(corpus / "catalog.csv")
    started = time.perf_counter()
    pages = 0
    for path in files:
        doc = load_document(path, path.relative_to(corpus).as_posix(), catalog,
                            int(settings.max_file_mb * 1e6))
        pages += max(1, len(doc.pages))
    read_s = time.perf_counter() - started
    embedder = Embedder(settings.embed_backend)
    embedder.encode(["warm up"])
    with tempfile.TemporaryDirectory(prefix="qa-bench-lib-") as tmp:
        s = replace(settings, corpus=corpus, index=Path(tmp) / "index")
        started = time.perf_counter()
        report = ingest(s, embedder=embedder)
        ingest_s = time.perf_counter() - started
        engine = Engine.open(s, embedder)
        items = [i for half in ("dev", "check")
                 for i in load_items(library / "questions" / f"{half}.jsonl")]
        engine.ask(items[0].question)
        secs = []
        for item in items:
            t = time.perf_counter()
            engine.ask(item.question, history=item.history)
            secs.append(time.perf_counter() - t)
        size = sum(f.stat().st_size for f in (Path(tmp) / "index").rglob("*") if f.is_file())
    return {"files": len(files), "pages": pages, "chunks": report.chunks,
            "read_s": round(read_s, 1), "ingest_s": round(ingest_s, 1),
            "read_pages_per_s": round(pages / read_s, 1),
            "ingest_pages_per_s": round(pages / ingest_s, 1),
            "questions": len(secs), "p50_ms": round(float(np.percentile(secs, 50)) * 1000, 1),
            "p95_ms": round(float(np.percentile(secs, 95)) * 1000, 1),
            "index_mb": round(size / 1e6, 1)}


def markdown(r: dict) -> str:
    ratio = r["ingest_pages_per_s"] / r["read_pages_per_s"] if r["read_pages_per_s"] else 0
    return "\n".join([
        "| files | pages | chunks | ingest s | pages/s | reading alone pages/s | ingest / reading "
        "| questions | p50 ms | p95 ms | index MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['files']} | {r['pages']} | {r['chunks']} | {r['ingest_s']} | "
        f"{r['ingest_pages_per_s']} | {r['read_pages_per_s']} | {ratio:.2f}× | "
        f"{r['questions']} | {r['p50_ms']} | {r['p95_ms']} | {r['index_mb']} |"])
