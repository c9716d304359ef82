"""PDF text extraction with pypdf: one Page per PDF page, and the PDF's own metadata.

Owns: opening (including encrypted PDFs with an empty user password), page-by-page extraction,
and telling apart a PDF that cannot be read, needs a password, or has no text layer.
"""
from __future__ import annotations

import io
import logging
import re

from .cleaning import normalise
from .errors import DocumentError
from .types import Metadata, Page

_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(data: bytes, rel: str) -> tuple[str, tuple[Page, ...], Metadata]:
    """Text of every page joined by blank lines, the page spans, and PDF metadata."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise DocumentError(rel, "not a PDF (no %PDF header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(rel, "encrypted PDF: it needs a password to open")
        parts: list[str] = []
        pages: list[Page] = []
        offset = 0
        for number, page in enumerate(reader.pages, start=1):
            text = normalise(page.extract_text() or "", wrapped=True)
            if not text:
                continue
            if parts:
                offset += 2  # the "\n\n" between pages
            pages.append(Page(number, offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
        meta = _metadata(reader)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, NotImplementedError) as exc:
        raise DocumentError(rel, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") \
            from exc
    if not parts:
        raise DocumentError(rel, "no extractable text (a scanned PDF without a text layer?)")
    return "\n\n".join(parts), tuple(pages), meta


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
