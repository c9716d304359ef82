"""The development library generator (bench.library): the same seed gives the same bytes, its
PDFs have the pages and /PageLabels its truth says, every question's gold phrase is on its page
in the text our own loader extracts, and the development and check halves share no force."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from bench.library import build
from bench.library_check import check_library, docx_text
from qa.errors import DocumentError
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("library") / "small"
    build(out, "small", seed=7)
    return out


def _bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _questions(library: Path) -> dict[str, list[dict]]:
    return {half: [json.loads(line) for line in
                   (library / "questions" / f"{half}.jsonl").read_text().splitlines()]
            for half in ("dev", "check")}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_same_seed_gives_the_same_bytes(library, tmp_path):
    again = tmp_path / "again"
    build(again, "small", seed=7)
    first, second = _bytes(library), _bytes(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.endswith(".docx") for name in first) or \
        any(name.endswith(".pdf") and "response" in name for name in first)


def test_every_pdf_has_the_pages_and_page_labels_the_truth_says(library):
    truth = json.loads((library / "truth" / "pages.json").read_text())
    pdfs = sorted(p.relative_to(library / "corpus").as_posix()
                  for p in (library / "corpus").rglob("*.pdf"))
    assert sorted(truth) == pdfs
    for rel, t in truth.items():
        reader = PdfReader(io.BytesIO((library / "corpus" / rel).read_bytes()))
        assert len(reader.pages) == t["pages"] == len(t["labels"]), rel
        assert ("/PageLabels" in reader.trailer["/Root"]) == t["page_labels"], rel
        if t["page_labels"]:
            assert list(reader.page_labels) == t["labels"], rel
            assert t["labels"][0] == "i" and "1" in t["labels"], rel
        # printed page numbers differ from the physical ones somewhere in every report
        if "inspection" in rel:
            assert any(label != str(n) for n, label in enumerate(t["labels"], start=1)), rel
    assert any(t["page_labels"] for t in truth.values())


def test_every_gold_phrase_is_on_its_page_as_our_loader_reads_it(library):
    corpus = library / "corpus"
    catalog = Catalog.read(corpus / "catalog.csv")
    docs: dict = {}
    checked = 0
    for items in _questions(library).values():
        for q in items:
            for gold in q["gold"]:
                rel = gold["file"]
                if rel not in docs:
                    try:
                        docs[rel] = load_document(corpus / rel, rel, catalog, 10**9)
                    except DocumentError:  # a loader without Word support yet
                        assert rel.endswith(".docx")
                        docs[rel] = docx_text(corpus / rel)
                doc = docs[rel]
                if isinstance(doc, str):
                    text = doc
                elif "page" in gold:
                    page = next(p for p in doc.pages if p.number == gold["page"])
                    text = doc.text[page.start:page.end]
                else:
                    text = doc.text
                assert _norm(gold["phrase"]) in _norm(text), (q["id"], gold)
                checked += 1
            assert all(any(_norm(f) in _norm(g["phrase"]) for g in q["gold"])
                       for f in q["facts"]), q["id"]
    assert checked > 100


def test_ground_truth_records_are_found_where_they_say(library):
    report = check_library(library)
    assert report["problems"] == []
    records = [json.loads(line) for line in
               (library / "truth" / "recommendations.jsonl").read_text().splitlines()]
    assert {r["kind"] for r in records} == {"recommendation", "cause of concern"}
    assert any(r["findings"] for r in records) and any(r["responses"] for r in records)
    assert any(r["force"] == "" for r in records)  # a thematic report's, for all forces


def test_halves_share_no_force_and_every_kind_is_asked(library):
    halves = _questions(library)
    forces = {half: {f for q in items for f in q.get("forces", [])}
              for half, items in halves.items()}
    assert forces["dev"] and forces["check"]
    assert not forces["dev"] & forces["check"]
    kinds = {"fact", "figure", "grade", "date", "person", "comparison", "multi-part",
             "follow-up", "excerpt", "unanswerable"}
    for items in halves.values():
        assert {q["kind"] for q in items} == kinds
        assert all(q["gold"] for q in items if q["kind"] != "unanswerable")
        assert all("history" in q for q in items if q["kind"] == "follow-up")
