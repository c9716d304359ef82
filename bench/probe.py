"""One index, measured from a fresh process: load time, query latency, memory, ANN recall.

Run as `python -m bench.probe --index DIR --backend B`; prints one JSON object. Owns
the timings of the real path (Engine.open, which loads the index, and Engine.ask: question in,
answer record out, no web layer; also with a document-type filter), resident memory (after the
queries, and the peak), and the recall@10 of an approximate FAISS index against exact search
over the same stored vectors.
Building the index is left to scale and synth.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

RECALL_K = 10
FILTER_TYPE = "inspection report"  # one of synth.DOC_TYPES


def _ms(values) -> dict:
    arr = np.asarray(values) * 1000
    return {"p50": float(np.percentile(arr, 50)), "p95": float(np.percentile(arr, 95)),
            "mean": float(arr.mean())}


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry over
    the parent's peak through fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def probe(index: Path, backend: str, questions: Path, rounds: int) -> dict:
    import psutil

    from qa.ask.engine import Engine
    from qa.config import load_settings
    from qa.evaluate import load_items

    proc = psutil.Process()
    out = {"rss_start_mb": proc.memory_info().rss / 2**20}
    settings = load_settings(index=index, embed_backend=backend, audit_enabled=False)
    started = time.perf_counter()
    engine = Engine.open(settings)  # the index loaded, retriever and IDF table ready
    out["load_s"] = time.perf_counter() - started
    out["index_type"] = engine.current().index.manifest.get("index_type")
    out["chunks"] = len(engine.current().index)
    items = load_items(questions)
    started = time.perf_counter()
    engine.ask(items[0].question)  # loads the model: reported apart from the latencies
    out["first_answer_s"] = time.perf_counter() - started
    out.update(_latencies(engine, items, rounds))
    out["rss_mb"] = proc.memory_info().rss / 2**20
    out["rss_peak_mb"] = peak_rss_mb()
    out["recall@10"] = recall(engine.current().index, [engine.embed_query(i.question)
                                                       for i in items])
    return out


def _latencies(engine, items, rounds: int) -> dict:
    total, embed = [], []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            engine.ask(item.question, history=item.history, qid=item.id)
            total.append(time.perf_counter() - started)
            started = time.perf_counter()
            engine.embed_query(item.question)
            embed.append(time.perf_counter() - started)
    return {"queries": len(total), "ask_ms": _ms(total), "embed_ms": _ms(embed),
            **_filtered(engine, items)}


def _filtered(engine, items) -> dict:
    """One pass with a document-type filter (a fifth of the library): the filtered path."""
    from qa.types import Filters

    flt = Filters(doc_types=(FILTER_TYPE,))
    total = []
    try:
        for item in items:
            started = time.perf_counter()
            engine.ask(item.question, filters=flt, qid=item.id)
            total.append(time.perf_counter() - started)
    except Exception as exc:  # reported in the table: the bench goes on
        return {"filtered_error": f"{type(exc).__name__}: {exc}"[:200]}
    return {"filtered_ms": _ms(total)}


def recall(index, queries: list[np.ndarray], k: int = RECALL_K) -> float | None:
    """Mean share of the exact top-k (inner product over the stored vectors) that the FAISS
    index returns; None when the index is exact already."""
    if index.manifest.get("index_type") == "flat" or not queries:
        return None
    q = np.asarray(queries, dtype=np.float32)
    _scores, approx = index.faiss_index.search(q, k)
    exact = exact_top_k(index.vectors, q, k)
    return float(np.mean([len(set(a) & set(e)) / k for a, e in zip(approx, exact)]))


def exact_top_k(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Brute-force top-k ids by inner product, a block of vectors at a time."""
    best_ids = np.zeros((len(queries), 0), dtype=np.int64)
    best = np.zeros((len(queries), 0), dtype=np.float32)
    for start in range(0, len(vectors), 100_000):
        sims = queries @ np.asarray(vectors[start:start + 100_000], dtype=np.float32).T
        ids = np.arange(start, start + sims.shape[1])
        best = np.concatenate([best, sims], axis=1)
        best_ids = np.concatenate([best_ids, np.broadcast_to(ids, sims.shape)], axis=1)
        keep = np.argsort(-best, axis=1)[:, :k]
        best = np.take_along_axis(best, keep, axis=1)
        best_ids = np.take_along_axis(best_ids, keep, axis=1)
    return best_ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure one index in this fresh process.")
    parser.add_argument("--index", type=Path, required=True, help="index folder")
    parser.add_argument("--backend", default="torch", help="embedding backend for queries")
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"),
                        help="questions asked (JSONL with a 'question' field)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the questions")
    args = parser.parse_args(argv)
    print(json.dumps(probe(args.index, args.backend, args.questions, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
