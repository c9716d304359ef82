"""Word documents (.docx) with python-docx: the body's paragraphs and tables in order, what
their styles say, and the document's own properties.

Owns: refusing a file that is not a Word document (a .docx is a zip holding word/document.xml;
an old binary .doc is not one), reading paragraphs and tables in the order they come, one line
per paragraph and one line per table row (its cells joined by " | ", a merged cell once), and
the marks of each line for structure: Title and Heading 1-4 styles (and outline levels), list
paragraphs, table rows, a Word table of contents (TOC styles). Headers, footers, footnotes and
comments are not the body and are left out. A Word file has no pages: one Page. Cleaning is
cleaning's; what the marks mean is structure's.
"""
from __future__ import annotations

import io
import re
import zipfile

from qa.errors import DocumentError
from qa.types import Metadata

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.I)
_LIST_STYLE = re.compile(r"^list\b", re.I)
_TOC_STYLE = re.compile(r"^toc\b|^table of contents", re.I)

Hints = dict[str, tuple[str, int]]  # a line's words (one space between them) -> (kind, level)


def is_docx(data: bytes) -> bool:
    """A zip archive holding word/document.xml."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_docx(data: bytes, rel: str) -> tuple[str, Hints, Metadata]:
    """The body as text (a line per paragraph or table row), the marks of its lines, and the
    document's title, author and creation date."""
    if not is_docx(data):
        raise DocumentError(rel, "not a Word document (.docx is a zip holding "
                                 "word/document.xml; save an old .doc file as .docx)")
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        hints: Hints = {}
        for kind, element in _body(document):
            if kind == "table":
                _table(element, lines, hints)
            else:
                _paragraph(element, lines, hints)
        meta = _metadata(document)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx parses untrusted XML: any failure means unreadable
        first = (str(exc).strip().splitlines() or [""])[0][:160]
        raise DocumentError(rel, f"corrupt or unreadable Word document "
                                 f"({type(exc).__name__}: {first})") from exc
    return "\n".join(lines), hints, meta


def _body(document):
    """('paragraph' | 'table', object) for each block of the body, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "paragraph", Paragraph(child, document)
        elif tag == "tbl":
            yield "table", Table(child, document)


def key(line: str) -> str:
    """A line as hints are looked up: its words with one space between them."""
    return " ".join(line.split())


def _paragraph(paragraph, lines: list[str], hints: Hints) -> None:
    text = paragraph.text.strip()
    if not text:
        return
    mark = _style_mark(paragraph)
    for line in text.split("\n"):  # a manual line break makes lines of one paragraph
        if line.strip():
            lines.append(line.strip())
            if mark:
                hints.setdefault(key(line), mark)


def _style_mark(paragraph) -> tuple[str, int] | None:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError):  # a style the file names but does not define
        name = ""
    heading = _HEADING_STYLE.match(name or "")
    if heading:
        return ("heading", min(int(heading.group(1)), 4))
    if (name or "").lower() in ("title",):
        return ("title", 0)
    if _TOC_STYLE.match(name or ""):
        return ("contents", 0)
    level = _outline_level(paragraph)
    if level is not None:
        return ("heading", min(level + 1, 4))
    if _LIST_STYLE.match(name or "") or _numbered(paragraph):
        return ("item", 0)
    return None


def _outline_level(paragraph) -> int | None:
    ppr = paragraph._p.pPr
    node = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl") \
        if ppr is not None else None
    if node is None:
        return None
    value = node.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
    return int(value) if value and value.isdigit() and int(value) < 9 else None


def _numbered(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _table(table, lines: list[str], hints: Hints) -> None:
    """One line per row, its cells' text joined by " | " (a cell merged across columns once)."""
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            words = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            cells.append(" ".join(words.split()))
        line = " | ".join(cells).strip(" |")
        if line:
            lines.append(line)
            hints.setdefault(key(line), ("table", 0))


def _metadata(document) -> Metadata:
    props = document.core_properties
    created = props.created
    return Metadata(title=(props.title or "").strip(), organisation=(props.author or "").strip(),
                    published=created.date().isoformat() if created else "")
