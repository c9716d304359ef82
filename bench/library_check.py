"""Checking a generated library against the project's own loader: every gold phrase of every
question, and every recommendation, response and finding of the ground truth, is found on its
page in the text `qa.ingest.files.load_document` extracts; every PDF has the page count and
/PageLabels the truth says; the two halves share no force.

Owns those checks and the problems they report (one line each). A .docx the loader cannot read
yet is read here with python-docx (paragraphs and table cells, in order).
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from bench.library_questions import norm


class _Plain:
    """A document read without the loader: its text and one page spanning it."""

    def __init__(self, text: str):
        from qa.types import Page
        self.text, self.pages = text, (Page(1, 0, len(text)),)


def docx_text(path: Path) -> str:
    from docx import Document
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


class Loaded:
    """Each corpus file loaded once, by the loader (or python-docx for .docx it refuses)."""

    def __init__(self, corpus: Path):
        from qa.ingest.metadata import Catalog
        self.corpus, self.catalog, self.docs = corpus, Catalog.read(corpus / "catalog.csv"), {}
        self.fallbacks: list[str] = []

    def __getitem__(self, rel: str):
        if rel not in self.docs:
            from qa.errors import DocumentError
            from qa.ingest.files import load_document
            path = self.corpus / rel
            try:
                self.docs[rel] = load_document(path, rel, self.catalog, 200_000_000)
            except DocumentError:
                if path.suffix.lower() != ".docx":
                    raise
                self.fallbacks.append(rel)
                self.docs[rel] = _Plain(docx_text(path))
        return self.docs[rel]

    def found(self, where: dict) -> bool:
        """The phrase is on its page (or anywhere, for a document without pages)."""
        doc = self[where["file"]]
        page = where.get("page")
        spans = [p for p in doc.pages if page is None or p.number == page] if len(doc.pages) > 1 \
            else doc.pages
        return any(norm(where["phrase"]) in norm(doc.text[p.start:p.end]) for p in spans)


def check_library(out: Path) -> dict:
    """Problems found (at most a few of each kind are listed) and the counts checked."""
    loaded = Loaded(out / "corpus")
    problems: list[str] = []
    golds = _check_questions(out, loaded, problems)
    records = _check_truth(out, loaded, problems)
    pages = _check_pages(out, problems)
    return {"problems": problems, "golds": golds, "records": records, "pdfs": pages,
            "docx_read_by_python_docx": len(loaded.fallbacks),
            "labels_agree": _label_agreement(out, loaded)}


def _check_questions(out: Path, loaded: Loaded, problems: list[str]) -> int:
    count, forces = 0, {}
    for half in ("dev", "check"):
        for line in (out / "questions" / f"{half}.jsonl").read_text().splitlines():
            q = json.loads(line)
            forces.setdefault(half, set()).update(q.get("forces", []))
            for g in q["gold"]:
                count += 1
                if not loaded.found(g):
                    problems.append(f"{q['id']}: gold not on page {g.get('page')} of "
                                    f"{g['file']}: {g['phrase'][:80]!r}")
            for fact in q["facts"]:
                if not any(norm(fact) in norm(g["phrase"]) for g in q["gold"]):
                    problems.append(f"{q['id']}: fact {fact!r} is in no gold phrase")
    shared = forces.get("dev", set()) & forces.get("check", set())
    if shared:
        problems.append(f"forces in both halves: {sorted(shared)}")
    return count


def _check_truth(out: Path, loaded: Loaded, problems: list[str]) -> int:
    count = 0
    for line in (out / "truth" / "recommendations.jsonl").read_text().splitlines():
        r = json.loads(line)
        count += 1
        places = [{"file": r["file"], "page": r["page"], "phrase": r["text"]}]
        places += r["responses"] + r["findings"]
        for where in places:
            if not loaded.found(where):
                problems.append(f"truth {r['force'] or 'thematic'} {r['kind']} {r['number']}:"
                                f" not on page {where.get('page')} of {where['file']}: "
                                f"{where['phrase'][:80]!r}")
    return count


def _check_pages(out: Path, problems: list[str]) -> int:
    from pypdf import PdfReader
    truth = json.loads((out / "truth" / "pages.json").read_text())
    for rel, t in truth.items():
        reader = PdfReader(io.BytesIO((out / "corpus" / rel).read_bytes()))
        if len(reader.pages) != t["pages"]:
            problems.append(f"{rel}: {len(reader.pages)} pages, truth says {t['pages']}")
        has_labels = "/PageLabels" in reader.trailer["/Root"]
        if has_labels != t["page_labels"]:
            problems.append(f"{rel}: /PageLabels present {has_labels}, truth says "
                            f"{t['page_labels']}")
        elif has_labels and list(reader.page_labels) != t["labels"]:
            problems.append(f"{rel}: /PageLabels differ from the truth's labels")
    return len(truth)


def _label_agreement(out: Path, loaded: Loaded) -> str:
    """How often the loader's page label (when it gives one) is the truth's label."""
    truth = json.loads((out / "truth" / "pages.json").read_text())
    agree = total = 0
    for rel, t in truth.items():
        for page in loaded[rel].pages:
            if hasattr(page, "label"):
                total += 1
                agree += (page.label or str(page.number)) == t["labels"][page.number - 1]
    return f"{agree}/{total}" if total else "the loader gives no page labels"
