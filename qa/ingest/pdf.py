"""PDF text extraction with pypdf: one Page per PDF page, with its printed label, the marks
of its headings, footnotes and table rows, and the PDF's own metadata.

Owns: opening (including encrypted PDFs with an empty user password), page-by-page extraction
with pypdf's object cache emptied as it goes (a PDF of thousands of pages holds only its text),
dropping running headers and footers (report title, "Page 3 of 40") so they neither pollute
quotes nor glue themselves to a page's first sentence, each page's printed label (the PDF's
/PageLabels, else the number in its running header or footer: labels), and telling apart a PDF
that is damaged, needs a password, or has no text layer. The look of lines is pdf_lines',
joining them into paragraphs cleaning's, and what the marks mean structure's.
"""
from __future__ import annotations

import io
import logging
import re
import threading
from collections import Counter
from contextlib import contextmanager

from qa.config import Limits
from qa.errors import DocumentError
from qa.ingest import labels as page_labels
from qa.ingest import pdf_lines
from qa.ingest.cleaning import join_wrapped
from qa.types import Block, Metadata, Page

_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")
_ROMAN_EDGE = re.compile(r"^[ivxlcdm]+\b|\b[ivxlcdm]+$")
_CACHE_PAGES = 25  # empty pypdf's parsed-object cache this often (it grows with every page)
_EDGE_LINES = 3  # lines at the top and at the bottom of a page where running headers sit
_RUNNING_SHARE = 0.5  # share of pages a line must head or foot to be a running header/footer


def read_pdf(data: bytes, rel: str, limits: Limits | None = None) -> tuple[
        str, tuple[Page, ...], Metadata, list[Block]]:
    """Text of every page joined by blank lines, the page spans with their printed labels, PDF
    metadata, and the lines its type marks as headings, footnotes or table rows. A PDF of more
    pages than `limits` allow is refused before any page is read, and reading stops as soon as
    its text is over the limit of characters (a few KB can inflate to megabytes of text)."""
    limits = limits or Limits()
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
            _check_pages(len(reader.pages), limits, rel)
            parts, pages, marks = _extract(reader, _Budget(limits, rel))
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
    return "\n\n".join(parts), tuple(pages), meta, marks


def _check_pages(count: int, limits: Limits, rel: str) -> None:
    if count > limits.pages:
        raise DocumentError(rel, f"the PDF has {count:,} pages, over the limit of "
                                 f"{limits.pages:,} a document (raise QA_MAX_PAGES to index it)")


class _Budget:
    """Characters a PDF may still yield; spending past them stops the reading with the
    reason. A page's drawing instructions are held to the same number of bytes before it is
    read: reading costs time in proportion to them (pypdf parses them all before giving any
    text), and a page can have no more text than instructions."""

    def __init__(self, limits: Limits, rel: str):
        self.left, self.limit, self.rel = limits.chars, limits.chars, rel

    def check_page(self, number: int, page) -> None:
        size = _content_bytes(page)
        if size > self.limit:
            raise DocumentError(self.rel, f"page {number} inflates to {size:,} bytes of drawing "
                                          f"instructions, over the limit of {self.limit:,} "
                                          f"characters a document (raise QA_MAX_CHARS to index "
                                          f"it)")

    def __call__(self, chars: int) -> None:
        self.left -= chars
        if self.left < 0:
            raise DocumentError(self.rel, f"its text is over the limit of {self.limit:,} "
                                          f"characters a document, reading stopped there "
                                          f"(raise QA_MAX_CHARS to index it)")


def _content_bytes(page) -> int:
    """Bytes of the page's content streams once decompressed."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _extract(reader, spend: _Budget | None = None) -> tuple[list[str], list[Page], list[Block]]:
    """Each page's paragraphs, without running headers, footers and page numbers, its span in
    the joined text and its label, and the marks of its styled lines; empty pages are left
    out. `spend(n)` is told of every n characters read (and may stop the reading)."""
    raws: list[list[pdf_lines.Line]] = []
    for number, page in enumerate(reader.pages, start=1):
        if spend is not None:
            spend.check_page(number, page)
        raws.append(pdf_lines.page_lines(page, spend))
        if number % _CACHE_PAGES == 0 and isinstance(getattr(reader, "resolved_objects", None),
                                                     dict):
            reader.resolved_objects.clear()  # parsed objects and decoded streams of done pages
    texts = [[line.text for line in lines] for lines in raws]
    running = _running_lines(texts)
    kept, labels = _labels(reader, texts, running)
    raws = [[raws[p][i] for i in keep] for p, keep in enumerate(kept)]
    body = pdf_lines.body_size(raws)
    levels = pdf_lines.heading_levels(raws, body)
    parts: list[str] = []
    pages: list[Page] = []
    marks: list[Block] = []
    offset = 0
    for number, lines in enumerate(raws, start=1):
        tagged = [(line.text, tag) for line, tag in zip(lines, pdf_lines.tags(lines, body,
                                                                              levels))]
        paragraphs = join_wrapped(tagged)
        if not paragraphs:
            continue
        if parts:
            offset += 2  # the "\n\n" between pages
        start = offset
        for i, (text, tag) in enumerate(paragraphs):
            if tag is not None:
                kind, level = tag if isinstance(tag, tuple) else (tag, 0)
                marks.append(Block(offset, offset + len(text), kind, level))
            offset += len(text) + (1 if i + 1 < len(paragraphs) else 0)
        pages.append(Page(number, start, offset, labels[number - 1] or str(number)))
        parts.append("\n".join(text for text, _tag in paragraphs))
    return parts, pages, marks


def _labels(reader, texts: list[list[str]], running: set[str]) -> tuple[list[list[int]],
                                                                        list[str]]:
    """Indexes of the lines each page keeps (no running lines, no page-number line) and each
    page's printed label ('' when none is known)."""
    candidates: list[list[str]] = []
    numbered: list[dict[str, int]] = []  # page-number-only lines: printed number -> line index
    kept: list[list[int]] = []
    for lines in texts:
        edges = set(_edges(lines, least=1))
        found, alone = [], {}
        for i in _edges(lines, least=1):
            hit = page_labels.number_in(lines[i], _line_key(lines[i]) in running)
            if hit:
                found.append(hit[0])
                if hit[1]:
                    alone.setdefault(hit[0], i)
        candidates.append(found)
        numbered.append(alone)
        kept.append([i for i in range(len(lines))
                     if not (i in edges and _line_key(lines[i]) in running)])
    own = _own_labels(reader)
    labels = own if len(own) == len(texts) else page_labels.printed_labels(candidates)
    for p, label in enumerate(labels):
        line = numbered[p].get(label)
        if line is not None:  # a page number on a line of its own is furniture, not text
            kept[p] = [i for i in kept[p] if i != line]
    return kept, labels


def _own_labels(reader) -> list[str]:
    """The PDF's /PageLabels, one per page, or [] when it has none."""
    try:
        if "/PageLabels" not in reader.trailer["/Root"]:
            return []
        return [str(label) for label in reader.page_labels]
    except Exception:  # a broken label tree is no reason to lose the PDF
        return []


def _edges(lines: list[str], least: int = 0) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page: up to _EDGE_LINES each, a
    third of the page at most on a short page, but at least `least`."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    k = min(_EDGE_LINES, max(least, len(filled) // 3))
    return filled[:k] + filled[-k:] if k else []


def _line_key(line: str) -> str:
    """A line as it repeats from page to page: page numbers (roman ones too, at either end)
    and dates left out."""
    key = _ROMAN_EDGE.sub(lambda m: "#" if page_labels.roman_value(m.group()) else m.group(),
                          " ".join(line.split()).lower())
    return re.sub(r"\d+", "#", key)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of the running headers and footers: lines among the first or last few of a page
    on at least half the pages (and at least three), and mostly once on a page. Of a two-page
    document (a force's letter, a short response), the line that both pages open with, or
    both close with: a heading repeated further in is text."""
    if len(pages) == 2:
        filled = [[line for line in lines if line.strip()] for lines in pages]
        if not all(filled):
            return set()
        (first_a, last_a), (first_b, last_b) = ((_line_key(f[0]), _line_key(f[-1]))
                                                for f in filled)
        return {a for a, b in ((first_a, first_b), (last_a, last_b)) if a == b and len(a) <= 120}
    if len(pages) < 3:
        return set()
    pages_with: Counter = Counter()
    repeated: Counter = Counter()  # pages where it comes more than once: a list, a table
    for lines in pages:
        keys = Counter(_line_key(lines[i]) for i in _edges(lines))
        pages_with.update(k for k in keys if len(k) <= 120)
        repeated.update(k for k, n in keys.items() if n > 1)
    need = max(3, len(pages) * _RUNNING_SHARE)
    return {k for k, n in pages_with.items() if n >= need and repeated[k] <= n / 2}


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
