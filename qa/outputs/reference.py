"""The reference of a source, said one way wherever a source is shown: the terminal, batch
answer files, excerpt exports and the web pages.

Owns which facts a reference holds (title, organisation, force, document type, date, printed
page, section), their order and wording, and the human form of a date. Escaping the words for
HTML, Markdown or a spreadsheet is left to the module writing that format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.types import Citation, Document, Passage

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Reference:
    """What a reader needs to find a source again; an empty field is not known."""

    title: str
    organisation: str = ""
    force: str = ""
    doc_type: str = ""
    published: str = ""  # ISO date, as precise as known
    url: str = ""
    file: str = ""  # path within the corpus
    page: int = 0  # physical page, 1-based (what links open); 0 for a whole document
    page_label: str = ""  # what is printed on that page, when known
    section: str = ""  # "Investigation > Re-inspection findings", when known

    @property
    def page_text(self) -> str:
        """'p. 3', or 'p. iv' when the printed label is iv; '' for a whole document."""
        if not (self.page or self.page_label):
            return ""
        return f"p. {self.page_label or self.page}"

    @property
    def location(self) -> str:
        """Where to get the document: its URL, else the file within the corpus."""
        return self.url or f"corpus file {self.file}"

    def details(self, sep: str = " · ") -> str:
        """'HMICFRS · Wiltshire Police · inspection report · 4 Aug 2023 · p. 3 · section'."""
        parts = (self.organisation, self.force, self.doc_type, human_date(self.published),
                 self.page_text, self.section)
        return sep.join(p for p in parts if p)

    def full(self) -> str:
        """'Title. HMICFRS, Wiltshire Police, inspection report, 4 Aug 2023, p. 3. URL'."""
        details = self.details(", ")
        return f"{self.title}. {details + '. ' if details else ''}{self.location}"


def reference_of(item) -> Reference:
    """The reference of a Citation, a Passage, a whole Document, or a record with Reference's
    facts under the names Excerpt uses. A printed page label or section path is taken from
    the item, else from its chunk, when they carry one."""
    if isinstance(item, Document):
        return _of_document(item, 0, item)
    if isinstance(item, Citation):
        return _of_document(item.doc, item.page, item)
    if isinstance(item, Passage):
        return _of_document(item.doc, item.chunk.page, item)
    return Reference(item.title, item.organisation, item.force, item.doc_type, item.published,
                     item.source, item.file, item.page, _carried(item, "page_label"),
                     _carried(item, "section"))


def _of_document(doc: Document, page: int, item) -> Reference:
    m = doc.meta
    return Reference(m.title or doc.file, m.organisation, m.force, m.doc_type, m.published,
                     m.source, doc.file, page, _carried(item, "page_label"),
                     _carried(item, "section"))


def _carried(item, name: str) -> str:
    value = getattr(item, name, "") or getattr(getattr(item, "chunk", None), name, "")
    return str(value or "")


def human_date(iso: str) -> str:
    """'2023-08-04' -> '4 Aug 2023', '2023-09' -> 'Sep 2023', '2023' -> '2023'."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", (iso or "").strip())
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return iso or ""
    year, month, day = m.groups()
    if not month:
        return year
    if not day:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
