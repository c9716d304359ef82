"""How long the source drawer's cited PDF page takes: `python -m bench.page_render` prints
the figures (a measurement to read, not a timed test).

Owns timing qa.web.pdf_page over full A4 pages of the sample corpus's text (bench.pdfs writes
them): the first render in a process (pdfium loaded), a render of a page not yet cached,
reading a page's characters and placing a quote on it, and a cached page. Rendering itself
is qa.web.pdf_page's.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.pdfs import corpus_text, write_pdf

ROOT = Path(__file__).resolve().parents[1]


def _ms(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn(*args)
    return (time.perf_counter() - start) * 1000, value


def measure(pages: int = 20, corpus: Path = ROOT / "corpus") -> dict:
    """Milliseconds (median over `pages` pages unless said) and the PNG's size."""
    from qa.web.pdf_page import PdfPages
    text = corpus_text(corpus)
    with tempfile.TemporaryDirectory(prefix="qa-bench-page-") as tmp:
        path = Path(tmp) / "report.pdf"
        write_pdf(path, text, pages)
        view = PdfPages(cache_pages=pages + 1)
        first, image = _ms(view.image, path, 1)
        renders, reads, places, sizes = [], [], [], [image]
        for page in range(2, pages + 1):
            took, image = _ms(view.image, path, page)
            renders.append(took)
            sizes.append(image)
            took, chars = _ms(view.text, path, page)
            reads.append(took)
            quote = " ".join(chars.chars.split()[40:80])  # some 40 words from mid-page
            took, boxes = _ms(view.highlight, path, page, quote, 0.3)
            places.append(took)
            assert boxes, f"the quote of page {page} was not placed"
        cached = [_ms(view.image, path, page)[0] for page in range(2, pages + 1)]
    return {"first render (loads pdfium)": first,
            "render + PNG, uncached page": statistics.median(renders),
            "render + PNG, slowest page": max(renders),
            "read page characters": statistics.median(reads),
            "place a 40-word quote (text cached)": statistics.median(places),
            "cached page": statistics.median(cached),
            "pixels": f"{sizes[0].width} x {sizes[0].height}",
            "PNG size (KB, median)": statistics.median(len(s.png) for s in sizes) / 1000}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=20, help="A4 pages of text to time (20)")
    args = p.parse_args(argv)
    for name, value in measure(args.pages).items():
        shown = f"{value:8.1f} ms" if isinstance(value, float) and "KB" not in name else \
            (f"{value:8.0f}" if isinstance(value, float) else f"{value:>8}")
        print(f"{name:40} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
