"""The realistic development library: a seeded, deterministic generator of inspection material
about many forces, with questions and ground truth.

    python -m bench.library --out DIR [--size small|full] [--seed 7] [--no-check]

writes DIR/corpus/ (PDF reports, re-inspections, reviews and thematic reports; Word and PDF
responses and action plans; PCC statements and news pages; catalog.csv for about half of
them), DIR/questions/{dev,check}.jsonl (split by force) and DIR/truth/ (recommendations.jsonl,
pages.json, documents.jsonl). The same seed and size always give byte-identical files.

Owns the command, the order documents are written in, the catalog, the truth files and the
summary. The facts are library_world's, the documents the library_* writers', the questions
library_questions', the checks against our loader library_check's.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.library_check import check_library
from bench.library_followup import write_followup
from bench.library_ledger import Ledger
from bench.library_questions import build_questions
from bench.library_report import write_inspection
from bench.library_responses import write_response
from bench.library_thematic import write_thematic
from bench.library_web import write_news, write_pcc
from bench.library_world import ForceWorld, build_world

THEMATIC_DATES = {"online": date(2023, 6, 14), "custody": date(2022, 11, 9),
                  "missing": date(2024, 2, 21)}
PARTS = ("corpus", "questions", "truth")


def build(out: Path, size: str = "small", seed: int = 7) -> dict:
    """Write the library into `out` (built beside it, then moved in); return its summary."""
    started = time.perf_counter()
    tmp = out.parent / f".{out.name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    worlds = build_world(size, seed)
    ledger = Ledger()
    docs, national = _documents(worlds, tmp / "corpus", ledger, seed)
    _write_catalog(tmp / "corpus", docs, seed)
    _write_truth(tmp / "truth", worlds, ledger, docs, national)
    questions = build_questions(worlds, ledger, seed)
    (tmp / "questions").mkdir(parents=True)
    for half, items in questions.items():
        _write_lines(tmp / "questions" / f"{half}.jsonl", items)
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        shutil.rmtree(out / part, ignore_errors=True)
        (tmp / part).rename(out / part)
    shutil.rmtree(tmp, ignore_errors=True)
    return _summary(docs, ledger, questions, seconds)


def _documents(worlds: list[ForceWorld], corpus: Path, ledger: Ledger, seed: int
               ) -> tuple[list[dict], list[dict]]:
    size = "full" if len(worlds) > 10 else "small"
    docs = []
    for world in worlds:
        docs.append(write_inspection(world, corpus, ledger, seed, size))
        if world.followup:
            docs.append(write_followup(world, corpus, ledger, seed, size))
        if world.response:
            docs.append(write_response(world, corpus, ledger, seed))
        if world.pcc_statement:
            docs.append(write_pcc(world, corpus, ledger, seed))
        if world.news:
            docs.append(write_news(world, corpus, ledger, seed))
    national = []
    themes = [t for t in THEMATIC_DATES if any(t in w.thematic for w in worlds)]
    for theme in themes:
        record, recs = write_thematic(theme, worlds, corpus, ledger, seed, THEMATIC_DATES[theme])
        docs.append(record)
        national += [r | {"report_title": record["title"], "report_date": record["published"]}
                     for r in recs]
    return sorted(docs, key=lambda d: d["file"]), national


def _write_lines(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def _write_catalog(corpus: Path, docs: list[dict], seed: int) -> None:
    """Rows for about half the documents; the rest must be understood from themselves."""
    rng = random.Random(f"{seed}:catalog")
    chosen = sorted(rng.sample(docs, len(docs) // 2), key=lambda d: d["file"])
    buffer = io.StringIO()
    columns = ["file", "title", "organisation", "force", "doc_type", "published", "source"]
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(chosen)
    (corpus / "catalog.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _write_truth(truth: Path, worlds, ledger: Ledger, docs: list[dict], national) -> None:
    by_file = {d["file"]: d for d in docs}
    records = []
    for world in worlds:
        for rec in world.recs + world.causes:
            records.append(_record(world, rec, ledger, by_file))
    for r in national:
        records.append({"force": "", "file": r["file"], "report_title": r["report_title"],
                        "report_date": r["report_date"], "doc_type": "thematic report",
                        "kind": r["kind"], "number": r["number"], "text": r["text"],
                        "area": "Recommendations", "section": "Summary > Recommendations",
                        "deadline": r["deadline"], "page": r["page"],
                        "page_label": ledger.label(r["file"], r["page"]),
                        "responses": [], "findings": []})
    _write_lines(truth / "recommendations.jsonl", records)
    pages = {f: ledger.pages[f].record() for f in sorted(ledger.pages)}
    (truth / "pages.json").write_text(json.dumps(pages, indent=1), encoding="utf-8")
    _write_lines(truth / "documents.jsonl", docs)


def _record(world: ForceWorld, rec, ledger: Ledger, by_file: dict) -> dict:
    short = "rec" if rec.kind == "recommendation" else "cause"
    where = ledger.find(world.name, f"{short}:{rec.number}")[0]
    report = by_file[where.file]
    findings = [ledger.where(m) | {"status": rec.status}
                for m in ledger.find(world.name, f"finding:{short}:{rec.number}")]
    return {"force": world.name, "file": where.file, "report_title": report["title"],
            "report_date": report["published"], "doc_type": report["doc_type"],
            "kind": rec.kind, "number": rec.number, "numbered_in_text": rec.numbered,
            "text": rec.text, "area": rec.topic.area,
            "section": ledger.sections[(world.name, f"{short}:{rec.number}")],
            "deadline": rec.deadline, "page": where.page,
            "page_label": ledger.label(where.file, where.page),
            "responses": [ledger.where(m) | {"cites_number": rec.cites_number}
                          for m in ledger.find(world.name, f"response:{short}:{rec.number}")],
            "findings": findings}


def _summary(docs: list[dict], ledger: Ledger, questions: dict, seconds: float) -> dict:
    pdf_pages = sum(len(p.printed) for p in ledger.pages.values())
    kinds = {half: dict(sorted(Counter(q["kind"] for q in items).items()))
             for half, items in questions.items()}
    return {"documents": len(docs), "pdf_pages": pdf_pages,
            "pages": pdf_pages + sum(1 for d in docs if not d["file"].endswith(".pdf")),
            "by_type": dict(sorted(Counter(d["doc_type"] for d in docs).items())),
            "by_format": dict(sorted(Counter(d["file"].rsplit(".", 1)[1] for d in docs)
                                     .items())),
            "with_page_labels": sum(bool(p.pdf_labels) for p in ledger.pages.values()),
            "metadata_lies": dict(Counter(d["metadata_lie"] for d in docs if d["metadata_lie"])),
            "questions": kinds, "generation_s": round(seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.library", description=__doc__.split(
        "\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="folder to write the library into")
    p.add_argument("--size", choices=("small", "full"), default="small",
                   help="small: 4 forces, under 250 pages (for tests); full: 40 forces, "
                        "2,000+ pages")
    p.add_argument("--seed", type=int, default=7, help="the same seed gives the same bytes")
    p.add_argument("--no-check", action="store_true",
                   help="skip checking every gold phrase against our loader")
    args = p.parse_args(argv)
    summary = build(args.out, args.size, args.seed)
    print(json.dumps(summary, indent=1))
    if args.no_check:
        return 0
    started = time.perf_counter()
    report = check_library(args.out)
    problems = report.pop("problems")
    report["check_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1))
    for line in problems[:40]:
        print("problem:", line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
