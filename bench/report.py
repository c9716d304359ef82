"""The benchmark's report: the machine and versions, and the results as Markdown tables with
each figure checked against its target from issue #5.

Owns presentation only; the figures come from the other modules of bench.
"""
from __future__ import annotations

import os
import platform
from importlib import metadata

PACKAGES = ("torch", "sentence-transformers", "transformers", "onnxruntime", "onnx",
            "tokenizers", "faiss-cpu", "bm25s", "numpy", "pypdf", "gradio")
# size -> (p50 ms, p95 ms) targets; None where the issue sets none
LATENCY_TARGETS = {10_000: (25, 50), 100_000: (40, None), 1_000_000: (100, 250)}
EMBED_RATIO_TARGET = 2.0
HIT_DROP_TARGET = 0.01
REINGEST_TARGET = 0.05
LOAD_TARGET_S = 5.0
RSS_TARGET_MB = 4096
RECALL_TARGET = 0.97


def machine() -> dict:
    flags, model = set(), platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
                elif line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    simd = [f for f in ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni") if f in flags]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": len(os.sched_getaffinity(0)), "cpu": model, "simd": simd,
            "memory_gb": round(mem, 1), "python": platform.python_version(),
            "versions": {p: _version(p) for p in PACKAGES}}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _ok(passed: bool | None) -> str:
    return "" if passed is None else (" ✅" if passed else " ❌")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def machine_md(m: dict, load: tuple) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    return (f"- Machine: {m['cores']} cores ({m['cpu']}; {', '.join(m['simd']) or 'no AVX2'}; "
            f"no AVX-512/VNNI unless listed), {m['memory_gb']} GB RAM, Python {m['python']}\n"
            f"- Load average before/after the run: {load[0]} / {load[1]} (other processes "
            f"share this machine; see 'How it is measured')\n- Versions: {versions}")


def pdf_md(r: dict) -> str:
    return _table(["PDFs", "pages", "MB", "seconds", "pages/s"],
                  [[str(r["documents"]), str(r["pages"]), f"{r['mb']:.1f}",
                    f"{r['seconds']:.2f}", f"{r['pages_per_s']:.1f}"]])


def embed_md(tp: dict, hits: dict | None) -> str:
    ref_hit = (hits or {}).get("torch", {}).get("hybrid")
    rows = []
    for b, r in tp["backends"].items():
        h = (hits or {}).get(b, {})
        ratio_ok = None if b == "torch" or b != "onnx-int8" else r["ratio"] >= EMBED_RATIO_TARGET
        hit_ok = None if b == "torch" or ref_hit is None or "hybrid" not in h else \
            h["hybrid"] >= ref_hit - HIT_DROP_TARGET
        rows.append([b.split("/")[0], str(r.get("batch", "-")), f"{r['chunks_per_s']:.1f}",
                     f"{r['ratio']:.2f}×{_ok(ratio_ok)}",
                     f"{r['cosine_mean']:.4f}", f"{r['cosine_min']:.4f}",
                     _num(h.get("hybrid")) + _ok(hit_ok), _num(h.get("dense"))])
    head = (f"{tp['chunks']} different chunks ({tp['distinct_chunks']} of the sample corpus, "
            f"the rest chunked from its sentences shuffled; mean {tp['mean_chars']:.0f} "
            f"characters), best of {tp['rounds']} interleaved rounds per group of texts.\n\n")
    return head + _table(["backend", "batch", "chunks/s", "× torch", "mean cos vs torch",
                          "min cos", "hit@5 hybrid", "hit@5 dense"], rows)


def _num(x, fmt="{:.3f}") -> str:
    return "-" if x is None else fmt.format(x)


def ingest_md(r: dict) -> str:
    first = r["first"]["seconds"]
    rows = []
    for step, label in (("first", "first ingest"), ("unchanged", "re-ingest, nothing changed"),
                        ("touched", "re-ingest, every file touched (same bytes)")):
        x = r[step]
        share = x["seconds"] / first
        ok = None if step == "first" else share < REINGEST_TARGET
        rows.append([label, f"{x['seconds']:.2f}", f"{100 * share:.1f}%{_ok(ok)}",
                     str(x["chunks"]), str(x["embedded"]), str(x["reused"])])
    return _table(["step", "seconds", "of first", "chunks", "embedded", "from cache"], rows)


def scale_md(rows: list[dict]) -> str:
    out = []
    for r in rows:
        p50_t, p95_t = LATENCY_TARGETS.get(r["size"], (None, None))
        p50, p95 = r["ask_ms"]["p50"], r["ask_ms"]["p95"]
        b = r["build"]
        recall = r.get("recall@10")
        out.append([r["label"], r["index_type"],
                    f"{b['faiss_s']:.1f} + {b['bm25_s']:.1f} + {b['write_s']:.1f}",
                    f"{b['disk_mb']:.0f}", f"{r['load_s']:.2f}" + _ok(
                        r["load_s"] < LOAD_TARGET_S if r["size"] >= 1_000_000 else None),
                    f"{p50:.1f}" + _ok(None if p50_t is None else p50 <= p50_t),
                    f"{p95:.1f}" + _ok(None if p95_t is None else p95 <= p95_t),
                    f"{r['embed_ms']['p50']:.1f}",
                    f"{r['rss_mb']:.0f}" + _ok(
                        r["rss_mb"] < RSS_TARGET_MB if r["size"] >= 1_000_000 else None),
                    _num(r.get('rss_peak_mb'), "{:.0f}"),
                    "exact" if recall is None else f"{recall:.3f}{_ok(recall >= RECALL_TARGET)}",
                    _filtered(r)])
    return _table(["chunks", "FAISS", "build s (FAISS + BM25 + write)", "disk MB", "load s",
                   "ask p50 ms", "ask p95 ms", "of which embed p50", "RSS MB", "peak RSS MB",
                   "recall@10 vs exact", "type-filtered p50 / p95 ms"], out)


def _filtered(r: dict) -> str:
    if "filtered_ms" in r:
        return f"{r['filtered_ms']['p50']:.1f} / {r['filtered_ms']['p95']:.1f}"
    return f"failed: {r.get('filtered_error', 'not run')}".replace("|", "/")


def coldstart_md(r: dict) -> str:
    answer = f"{r['answer_s']:.1f}" if "answer_s" in r else f"not measured ({r['answer_error']})"
    return _table(["page served (s)", "first answer over HTTP (s)"],
                  [[f"{r['page_s']:.1f}", answer]])
