"""`python -m qa bench`: measure speed and scale, print the tables, write docs/performance.md.

Owns: the command line, running the sections in order (PDF extraction, embedding backends,
re-ingest, scale at each size, web app cold start), keeping the raw figures as JSON in the
work folder, and replacing the generated part of docs/performance.md (between its bench
markers; the prose around them is hand-written). Each measurement lives in bench.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from qa.config import Settings, load_settings

SECTIONS = ("pdf", "embed", "ingest", "scale", "app", "library")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
QUESTION = "What did Wiltshire change on domestic abuse training?"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10k,100k,1M",
                   help="library sizes for the scale section, e.g. 10k,100k,1M")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run, of: {', '.join(SECTIONS)}")
    p.add_argument("--quick", action="store_true",
                   help="a fast smoke run: 10k chunks only, one round, fewer texts and pages")
    p.add_argument("--backend", default=None,
                   help="embedding backend for the scale and app sections (default: settings)")
    p.add_argument("--exact-limit", type=int, default=None,
                   help="chunks above which the index is approximate (default: settings)")
    p.add_argument("--work", type=Path, default=Path(".cache/bench"),
                   help="where the synthetic indexes and raw results are kept between runs")
    p.add_argument("--rebuild", action="store_true",
                   help="rebuild the synthetic indexes even when identical ones exist")
    p.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"),
                   help="the evaluation questions (hit@5, and the queries of the scale section)")
    p.add_argument("--out", type=Path, default=Path("docs/performance.md"),
                   help="the Markdown file whose generated section is replaced")
    p.add_argument("--no-write", action="store_true", help="print the tables only")
    p.add_argument("--library", type=Path, default=Path(".cache/library"),
                   help="the generated library for the library section (python -m "
                        "bench.library --out DIR --size full)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from bench import report
    from bench.scale import parse_size

    settings = load_settings(embed_backend=args.backend, exact_search_limit=args.exact_limit)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        print(f"error: unknown section(s) {', '.join(sorted(unknown))}: use "
              f"{', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    sizes = [10_000] if args.quick else [parse_size(s) for s in args.sizes.split(",") if s]
    load = [os.getloadavg()[0]]
    started = time.perf_counter()
    results = {"machine": report.machine(), "settings": {
        "chunk_chars": settings.chunk_chars, "embed_backend": settings.embed_backend,
        "exact_search_limit": settings.exact_search_limit}}
    for section in sections:
        _log(f"== {section}")
        results[section] = RUNNERS[section](settings, args, sizes)
    load.append(os.getloadavg()[0])
    results["load"] = [round(x, 2) for x in load]
    results["minutes"] = round((time.perf_counter() - started) / 60, 1)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    command = "python -m qa bench" + ("" if not argv else " " + " ".join(argv))
    text = render(results, command)
    print(text)
    if not args.no_write:
        write_section(args.out, text)
        _log(f"wrote {args.out}")
    return 0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _pdf(settings: Settings, args, sizes) -> dict:
    from bench.pdfs import extraction
    return extraction(Path(settings.corpus), 2 if args.quick else 4, 10 if args.quick else 25)


def _embed(settings: Settings, args, sizes) -> dict:
    from bench import embed
    rounds, texts = (1, 256) if args.quick else (3, 512)
    out = {"throughput": embed.throughput(settings, rounds, texts)}
    _log("embedding: hit@5 with an index built by each backend")
    out["hit@5"] = embed.hit_at_5(settings, questions=args.questions)
    return out


def _ingest(settings: Settings, args, sizes) -> dict:
    from bench import embed
    from bench.synth import load_pool, make_library
    from qa.index.embedding import Embedder

    emb = Embedder(settings.embed_backend)
    pool = load_pool(Path(settings.corpus), emb, args.work / "pool")
    extra = [d.text for d in make_library(pool, 300 if args.quick else 1500, seed=7).documents]
    return embed.reingest(settings, settings.embed_backend, extra)


def _scale(settings: Settings, args, sizes) -> list:
    from bench import scale
    from qa.index.embedding import Embedder
    return scale.run(settings, Embedder(settings.embed_backend), sizes, args.work,
                     args.questions, 1 if args.quick else 2, args.rebuild, _log)


def _app(settings: Settings, args, sizes) -> dict:
    from bench.coldstart import cold_start
    return cold_start(settings, settings.embed_backend, QUESTION)


def _library(settings: Settings, args, sizes) -> dict:
    from bench import realistic
    return realistic.run(settings, args.library)


RUNNERS = {"pdf": _pdf, "embed": _embed, "ingest": _ingest, "scale": _scale, "app": _app,
           "library": _library}


def render(results: dict, command: str) -> str:
    """The generated Markdown: command, machine, then one table per section run."""
    from bench import report

    s = results["settings"]
    parts = [f"Produced by `{command}` on {time.strftime('%Y-%m-%d')} in "
             f"{results['minutes']} minutes (chunk size {s['chunk_chars']} characters; queries "
             f"embedded with `{s['embed_backend']}`; exact search up to "
             f"{s['exact_search_limit']:,} chunks).\n",
             report.machine_md(results["machine"], tuple(results["load"]))]
    if "pdf" in results:
        parts += ["\n### PDF extraction\n", report.pdf_md(results["pdf"])]
    if "embed" in results:
        parts += ["\n### Embedding\n", report.embed_md(results["embed"]["throughput"],
                                                       results["embed"].get("hit@5"))]
    if "ingest" in results:
        parts += ["\n### Re-ingest (embedding cache)\n", report.ingest_md(results["ingest"])]
    if "scale" in results:
        parts += ["\n### Scale: build, load, query latency, memory\n",
                  report.scale_md(results["scale"])]
    if "app" in results:
        parts += ["\n### Web app cold start\n", report.coldstart_md(results["app"])]
    if "library" in results:
        from bench import realistic
        parts += ["\n### Realistic library: ingest from nothing, question latency\n",
                  realistic.markdown(results["library"])]
    return "\n".join(parts) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace what lies between the bench markers (the file is made if it is missing)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else \
        f"# Performance\n\n{START}\n{END}\n"
    if START not in old or END not in old:
        old = old.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    _old, tail = rest.split(END, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
