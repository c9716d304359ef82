"""Issue #15, point 3: work is bounded by what comes out of a file, not by its size on disk,
and a file that failed is not read again until it changes (or the limits do).

Limits are settings (QA_MAX_CHARS, QA_MAX_PAGES, QA_MAX_CHUNKS), set low here so that small
real files (PDFs written by fpdf2, text files) cross them; a skipped file is named with the
reason and the setting to raise, and the rest of the corpus is indexed.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_pdf

from qa.config import load_settings
from qa.ingest import readers
from qa.ingest.build import ingest, is_stale

pytestmark = pytest.mark.slow

GOOD = ("Kent Police opened a stalking clinic in Maidstone in 2024. The clinic is staffed by "
        "eleven specialist advocates who support victims of stalking.\n")
PAGE = ("Inspectors found that the force had improved how it protects children at risk. " * 6
        + "\n")


def corpus_with(tmp_path: Path, **overrides):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    return load_settings(environ={}, corpus=corpus, index=tmp_path / "index", **overrides)


def skipped(report) -> dict[str, str]:
    return {Path(path).name: why for path, why in report.skipped}


def test_a_pdf_over_the_page_limit_is_skipped_with_the_setting_to_raise(tmp_path, embedder):
    settings = corpus_with(tmp_path, max_pages=10)
    make_pdf(settings.corpus / "long.pdf", [PAGE] * 12)
    report = ingest(settings, embedder=embedder)
    assert report.added == ["good.txt"]
    why = skipped(report)["long.pdf"]
    assert "12 pages" in why and "limit of 10" in why and "QA_MAX_PAGES" in why


@pytest.mark.parametrize("kind", ["pdf", "txt", "md", "html"])
def test_a_document_over_the_character_limit_is_skipped(tmp_path, embedder, kind):
    settings = corpus_with(tmp_path, max_chars=2_000)
    name = f"big.{kind}"
    if kind == "pdf":
        make_pdf(settings.corpus / name, [PAGE] * 8)
    elif kind == "html":
        (settings.corpus / name).write_text("<html><body>" + f"<p>{PAGE}</p>" * 10
                                            + "</body></html>")
    else:
        (settings.corpus / name).write_text(PAGE * 10)
    report = ingest(settings, embedder=embedder)
    assert report.added == ["good.txt"]
    why = skipped(report)[name]
    assert "the limit of 2,000 characters" in why and "QA_MAX_CHARS" in why, why


def test_a_document_making_too_many_chunks_is_skipped(tmp_path, embedder):
    settings = corpus_with(tmp_path, max_chunks=3)
    (settings.corpus / "many.txt").write_text("\n\n".join(f"Finding {i}: {PAGE}"
                                                          for i in range(12)))
    report = ingest(settings, embedder=embedder)
    assert report.added == ["good.txt"] and report.chunks <= 3
    why = skipped(report)["many.txt"]
    assert "chunks, over the limit of 3" in why and "QA_MAX_CHUNKS" in why


def test_the_limits_are_settings_from_the_environment():
    settings = load_settings(environ={"QA_MAX_CHARS": "5000", "QA_MAX_PAGES": "7",
                                      "QA_MAX_CHUNKS": "9", "QA_FOLLOW_LINKS": "1"})
    assert (settings.limits.chars, settings.limits.pages, settings.limits.chunks) == (5000, 7, 9)
    assert settings.follow_links


def test_a_failed_file_is_not_read_again_until_it_changes(tmp_path, embedder, monkeypatch):
    settings = replace(corpus_with(tmp_path), readers=1)  # read here, where reads are seen
    bad = settings.corpus / "scan.pdf"
    make_pdf(bad, [""] * 3)  # pages without a text layer: nothing to index
    reads: list[str] = []
    real = readers.load_document
    monkeypatch.setattr(readers, "load_document",
                        lambda path, rel, *a, **k: reads.append(rel) or real(path, rel, *a, **k))
    first = ingest(settings, embedder=embedder)
    assert "scan.pdf" in skipped(first) and reads == ["good.txt", "scan.pdf"]
    assert not is_stale(settings)  # the app does not re-index at start for it

    reads.clear()
    again = ingest(settings, embedder=embedder)
    assert reads == [] and not again.wrote
    assert "not read again" in skipped(again)["scan.pdf"]

    os.utime(bad, ns=(bad.stat().st_atime_ns, bad.stat().st_mtime_ns + 10**9))  # touched only
    assert is_stale(settings)
    touched = ingest(settings, embedder=embedder)
    assert reads == [] and "not read again" in skipped(touched)["scan.pdf"]
    assert not is_stale(settings)

    make_pdf(bad, [PAGE])  # fixed: read again, and indexed
    assert is_stale(settings)
    fixed = ingest(settings, embedder=embedder)
    assert reads == ["scan.pdf"] and fixed.added == ["scan.pdf"]


def test_a_failure_is_tried_again_when_the_limits_change(tmp_path, embedder):
    settings = corpus_with(tmp_path, max_pages=2)
    make_pdf(settings.corpus / "three.pdf", [PAGE] * 3)
    assert "three.pdf" in skipped(ingest(settings, embedder=embedder))
    raised = load_settings(environ={}, corpus=settings.corpus, index=settings.index,
                           max_pages=5)
    assert is_stale(raised)
    assert ingest(raised, embedder=embedder).added == ["three.pdf"]


@pytest.mark.parametrize("text", ["[" * 40_000, "-" * 30, "1 2 3 ... 4 5 6 + = %"])
def test_a_corpus_of_nothing_but_symbols_is_skipped_not_a_crash(tmp_path, embedder, text):
    """'[' * N in a .md file is no document: each such file is skipped with a reason, even
    when it is the only one (the keyword index of no words at all cannot be built)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.md").write_text(text)
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    report = ingest(settings, embedder=embedder)
    assert report.indexed == 0 and "b.md" in skipped(report), report.summary()
