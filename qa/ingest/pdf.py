"""PDF text extraction with pypdf: one Page per PDF page, and the PDF's own metadata.

Owns: opening (including encrypted PDFs with an empty user password), page-by-page extraction
with pypdf's object cache emptied as it goes (a PDF of thousands of pages holds only its text),
dropping running headers and footers (report title, "Page 3 of 40") so they neither pollute
quotes nor glue themselves to a page's first sentence, and telling apart a PDF that is damaged,
needs a password, or has no text layer.
"""
from __future__ import annotations

import io
import logging
import re
import threading
from collections import Counter
from contextlib import contextmanager

from qa.errors import DocumentError
from qa.ingest.cleaning import normalise
from qa.types import Metadata, Page

_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")
_CACHE_PAGES = 25  # empty pypdf's parsed-object cache this often (it grows with every page)
_EDGE_LINES = 3  # lines at the top and at the bottom of a page where running headers sit
_RUNNING_SHARE = 0.5  # share of pages a line must head or foot to be a running header/footer


def read_pdf(data: bytes, rel: str) -> tuple[str, tuple[Page, ...], Metadata]:
    """Text of every page joined by blank lines, the page spans, and PDF metadata."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if b"%PDF" not in data[:1024]:
        raise DocumentError(rel, "not a PDF (no %PDF header)")
    with _pypdf_warnings() as warnings:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(rel, "encrypted PDF: it needs a password to open (ingest "
                                         "a copy saved without one)")
            parts, pages = _extract(reader)
            meta = _metadata(reader)
        except DocumentError:
            raise
        except DependencyError as exc:
            raise DocumentError(rel, "encrypted PDF (AES) that needs the `cryptography` "
                                     "package to open: `pip install cryptography`") from exc
        except Exception as exc:  # pypdf parses untrusted bytes: any failure means unreadable
            raise DocumentError(rel, f"corrupt or unreadable PDF ({_brief(exc)})") from exc
    if not parts:
        if warnings:
            raise DocumentError(rel, f"corrupt PDF: no text could be read ({warnings[0]})")
        raise DocumentError(rel, "no extractable text (a scanned PDF without a text layer? "
                                 "run OCR on it first)")
    return "\n\n".join(parts), tuple(pages), meta


def _extract(reader) -> tuple[list[str], list[Page]]:
    """Each page's normalised text, without running headers and footers, and its span in the
    joined text; empty pages are left out."""
    raws: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        raws.append((number, page.extract_text() or ""))
        if number % _CACHE_PAGES == 0 and isinstance(getattr(reader, "resolved_objects", None),
                                                     dict):
            reader.resolved_objects.clear()  # parsed objects and decoded streams of done pages
    running = _running_lines([raw for _, raw in raws])
    parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    for number, raw in raws:
        text = normalise(_without_running(raw, running), wrapped=True)
        if not text:
            continue
        if parts:
            offset += 2  # the "\n\n" between pages
        pages.append(Page(number, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return parts, pages


def _edges(lines: list[str], least: int = 0) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page: up to _EDGE_LINES each, a
    third of the page at most on a short page, but at least `least`."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    k = min(_EDGE_LINES, max(least, len(filled) // 3))
    return filled[:k] + filled[-k:] if k else []


def _edge_lines(raw: str) -> list[str]:
    lines = raw.split("\n")
    return [lines[i] for i in _edges(lines)]


def _line_key(line: str) -> str:
    """A line as it repeats from page to page: page numbers and dates left out."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _running_lines(raws: list[str]) -> set[str]:
    """Keys of the running headers and footers: lines among the first or last few of a page
    on at least half the pages (and at least three), and mostly once on a page."""
    if len(raws) < 3:
        return set()
    pages_with: Counter = Counter()
    repeated: Counter = Counter()  # pages where it comes more than once: a list, a table
    for raw in raws:
        keys = Counter(_line_key(line) for line in _edge_lines(raw))
        pages_with.update(k for k in keys if len(k) <= 120)
        repeated.update(k for k, n in keys.items() if n > 1)
    need = max(3, len(raws) * _RUNNING_SHARE)
    return {k for k, n in pages_with.items() if n >= need and repeated[k] <= n / 2}


def _without_running(raw: str, running: set[str]) -> str:
    """The page without its running lines, looked for only among its first and last few lines
    (a body line that happens to read like the header stays)."""
    if not running:
        return raw
    lines = raw.split("\n")
    edges = set(_edges(lines, least=1))  # a page of a header and a footer loses both
    return "\n".join(line for i, line in enumerate(lines)
                     if not (i in edges and _line_key(line) in running))


def _brief(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [""])[0][:160]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class _Collector(logging.Handler):
    """Collects pypdf's warnings (it repairs damage quietly) for the thread reading a PDF."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(self.local, "sink", None)
        if sink is not None and len(sink) < 20:
            sink.append(record.getMessage()[:160])


@contextmanager
def _pypdf_warnings():
    """The pypdf warnings logged in this thread while the block runs (never printed)."""
    logger = logging.getLogger("pypdf")
    collector = next((h for h in logger.handlers if isinstance(h, _Collector)), None)
    if collector is None:
        collector = _Collector()
        logger.addHandler(collector)
        logger.propagate = False  # repairs of damaged files are reported per file, not logged
        logger.setLevel(logging.WARNING)
    collector.local.sink = sink = []
    try:
        yield sink
    finally:
        collector.local.sink = None


def _metadata(reader) -> Metadata:
    try:
        info = reader.metadata or {}
    except Exception:  # broken info dictionaries are common and never worth losing a PDF for
        return Metadata()
    title = str(info.get("/Title") or "").strip()
    author = str(info.get("/Author") or "").strip()
    published = ""
    match = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    if match and match.group(1) and 1990 <= int(match.group(1)) <= 2100:
        published = "-".join(g for g in match.groups() if g)
    return Metadata(title=title, organisation=author, published=published)
