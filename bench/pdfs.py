"""PDF extraction speed: real multi-page PDFs written with fpdf2, read by the real loader.

Owns making the PDFs (the sample corpus's text set in a TrueType font on A4 pages, a few
documents of many pages) and timing qa.loaders.load_document over them (pypdf extraction,
cleaning and metadata: what ingest does per PDF). Reading PDFs is left to qa.pdf.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog

FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"))


def corpus_text(corpus: Path) -> str:
    files, _skipped = discover([corpus])
    catalog = Catalog.read(corpus / "catalog.csv")
    return "\n\n".join(load_document(p, p.relative_to(corpus).as_posix(), catalog,
                                     50_000_000).text for p in files)


def write_pdf(path: Path, text: str, pages: int) -> None:
    """A PDF of about `pages` A4 pages of `text` (repeated as needed), with a title."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("Child protection inspection (benchmark copy)")
    pdf.set_author("HMICFRS")
    font = next((f for f in FONTS if f.is_file()), None)
    if font is not None:
        pdf.add_font("body", fname=str(font))
        pdf.set_font("body", size=10)
    else:  # the core font has no curly quotes
        pdf.set_font("helvetica", size=10)
        text = text.encode("latin-1", "replace").decode("latin-1")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    i = 0
    while pdf.pages_count < pages:
        if pdf.pages_count == 0 or pdf.get_y() > 260:
            pdf.add_page()
        pdf.multi_cell(0, 5, paragraphs[i % len(paragraphs)])
        pdf.ln(2)
        i += 1
    pdf.output(str(path))


def extraction(corpus: Path, documents: int = 4, pages: int = 25, rounds: int = 2) -> dict:
    """Pages per second of load_document over `documents` PDFs of `pages` pages each."""
    text = corpus_text(corpus)
    with tempfile.TemporaryDirectory(prefix="qa-bench-pdf-") as tmp:
        paths = [Path(tmp) / f"report-{n}.pdf" for n in range(documents)]
        for path in paths:
            write_pdf(path, text, pages)
        best, read_pages, size = float("inf"), 0, sum(p.stat().st_size for p in paths)
        for _ in range(rounds):
            started = time.perf_counter()
            docs = [load_document(p, p.name, Catalog(), 50_000_000) for p in paths]
            best = min(best, time.perf_counter() - started)
            read_pages = sum(len(d.pages) for d in docs)
    return {"documents": documents, "pages": read_pages, "seconds": best,
            "pages_per_s": read_pages / best, "mb": size / 2**20}
