"""Validate the pages9 library and its questions against the reader's text.

Run with the project's venv:  /work/main/.venv/bin/python /tmp/pages9/validate.py
Prints each problem and a final count; exits 1 when there is any problem.
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from qa.ingest.files import discover, load_document  # noqa: E402
from qa.ingest.metadata import Catalog  # noqa: E402

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
KINDS = {"fact", "figure", "date", "grade", "person", "comparison", "multi-part", "follow-up",
         "excerpt", "unanswerable"}
DOC_TYPES = {"inspection", "re-inspection", "post-inspection review", "force response",
             "pcc statement", "news", "thematic"}
HEADER = ["file", "title", "organisation", "force", "doc_type", "published", "source"]

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)
    print("PROBLEM:", msg)


def load_corpus():
    catalog = Catalog.read(CORPUS / "catalog.csv")
    for p in catalog.problems:
        problem(f"catalog: {p}")
    files, skipped = discover([CORPUS])
    for path, why in skipped:
        problem(f"skipped {path}: {why}")
    docs = {}
    for path in files:
        rel = path.relative_to(CORPUS).as_posix()
        try:
            docs[rel] = load_document(path, rel, catalog, 50_000_000)
        except Exception as exc:  # noqa: BLE001
            problem(f"{rel}: cannot load ({exc})")
    return docs


def check_catalog(docs):
    with open(CORPUS / "catalog.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if rows[0] != HEADER:
        problem(f"catalog header is {rows[0]}")
    listed = set()
    for r in rows[1:]:
        rec = dict(zip(HEADER, r))
        listed.add(rec["file"])
        if rec["file"] not in docs:
            problem(f"catalog row for missing file {rec['file']}")
        if rec["doc_type"] not in DOC_TYPES:
            problem(f"catalog {rec['file']}: bad doc_type {rec['doc_type']!r}")
        pub = rec["published"]
        if not (len(pub) in (7, 10) and pub[:4].isdigit() and pub[4] == "-"):
            problem(f"catalog {rec['file']}: bad published {pub!r}")
    unlisted = sorted(set(docs) - listed)
    if not 4 <= len(unlisted) <= 6:
        problem(f"{len(unlisted)} documents without a catalog row (want 4-6)")
    return unlisted


def page_text(doc, number):
    for p in doc.pages:
        if p.number == number:
            return doc.text[p.start:p.end], p
    return None, None


def check_questions(docs, name):
    path = ROOT / "questions" / f"{name}.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(items) != 60:
        problem(f"{name}: {len(items)} questions, want 60")
    for it in items:
        qid = it.get("id", "?")
        for key in ("id", "question", "kind", "gold", "facts", "forces"):
            if key not in it:
                problem(f"{qid}: missing {key}")
        kind = it.get("kind")
        if kind not in KINDS:
            problem(f"{qid}: bad kind {kind!r}")
        gold, facts = it.get("gold", []), it.get("facts", [])
        if kind == "unanswerable":
            if gold or facts:
                problem(f"{qid}: unanswerable with gold or facts")
            continue
        if not gold or not facts:
            problem(f"{qid}: answerable without gold or facts")
        if len(facts) > 3:
            problem(f"{qid}: more than 3 facts")
        phrases = [g.get("phrase", "") for g in gold]
        for f in facts:
            if not any(f.lower() in ph.lower() for ph in phrases):
                problem(f"{qid}: fact {f!r} is in no gold phrase")
        for g in gold:
            rel, phrase = g.get("file"), g.get("phrase", "")
            doc = docs.get(rel)
            if doc is None:
                problem(f"{qid}: gold file {rel} not in corpus")
                continue
            if not phrase.strip():
                problem(f"{qid}: empty gold phrase")
            if rel.endswith(".pdf"):
                if "page" not in g or "page_label" not in g:
                    problem(f"{qid}: PDF gold without page/page_label")
                    continue
                text, page = page_text(doc, g["page"])
                if text is None:
                    problem(f"{qid}: {rel} has no page {g['page']}")
                    continue
                if phrase not in text:
                    problem(f"{qid}: phrase not on page {g['page']} of {rel}: {phrase[:70]!r}")
                if (page.label or str(page.number)) != g["page_label"]:
                    problem(f"{qid}: page {g['page']} of {rel} is labelled {page.label!r}, "
                            f"not {g['page_label']!r}")
            elif phrase not in doc.text:
                problem(f"{qid}: phrase not in {rel}: {phrase[:70]!r}")
            if phrase and phrase.lower() in it.get("question", "").lower():
                problem(f"{qid}: question contains its gold phrase")
            for h in it.get("history", []):
                if phrase and phrase.lower() in h.lower():
                    problem(f"{qid}: history contains a gold phrase")
        if kind == "comparison":
            sides = [g.get("force") for g in gold]
            if len(gold) < 2 or not all(sides) or len(set(sides)) < 2:
                problem(f"{qid}: comparison needs a gold per side with 'force'")
        if kind == "follow-up" and not it.get("history"):
            problem(f"{qid}: follow-up without history")
    return items


def main():
    docs = load_corpus()
    unlisted = check_catalog(docs)
    halves = {n: check_questions(docs, n) for n in ("dev", "check")}
    ids = [it["id"] for items in halves.values() for it in items]
    for qid, n in Counter(ids).items():
        if n > 1:
            problem(f"id {qid} used {n} times")
    texts = [it["question"].strip().lower() for items in halves.values() for it in items]
    for t, n in Counter(texts).items():
        if n > 1:
            problem(f"question repeated: {t!r}")
    print(f"{len(docs)} documents ({len(unlisted)} without a catalog row)")
    for n, items in halves.items():
        print(n, dict(sorted(Counter(it["kind"] for it in items).items())))
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
