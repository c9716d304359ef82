"""The small frozen records that move between modules: Document, Chunk, Passage, Citation, Answer.

Owns only the shapes, their JSON form, and reading a document's own records back (the page, the
printed page label and the section path at an offset); building them is left to loaders,
structure, chunking, retrieve and answer.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# What a Block of a document's text is (structure finds them, chunking reads them).
BLOCK_KINDS = ("heading", "title", "item", "recommendation", "table", "footnote", "contents",
               "cover", "boilerplate")
# What a Chunk holds. Contents pages, covers and boilerplate are never chunked: not answers.
CHUNK_KINDS = ("body", "table", "footnote", "recommendation")


@dataclass(frozen=True)
class Metadata:
    """What a document is: each field may be empty when nothing says it."""

    title: str = ""
    organisation: str = ""
    force: str = ""
    doc_type: str = ""
    published: str = ""  # ISO date, as precise as known: "2023", "2023-09" or "2023-09-04"
    source: str = ""  # URL


@dataclass(frozen=True)
class Page:
    """A page of a document: its 1-based number and [start, end) in the document text."""

    number: int
    start: int
    end: int
    label: str = ""  # what is printed on the page ("iv", "12"); "" when it is the number


@dataclass(frozen=True)
class Block:
    """A span of whole lines of a document's text that is not plain prose: a heading (with its
    depth, 1 for a chapter), a numbered paragraph or list item, a recommendation box, a table
    row, a footnote, or a contents page, cover or boilerplate that is no answer."""

    start: int
    end: int
    kind: str  # one of BLOCK_KINDS
    level: int = 0


@dataclass(frozen=True)
class Document:
    """A loaded, cleaned document; every offset elsewhere points into `text`."""

    doc_id: str
    file: str  # path relative to the corpus root, with forward slashes
    text: str
    pages: tuple[Page, ...]
    meta: Metadata
    fingerprint: str = ""  # sha256 of the file bytes
    blocks: tuple[Block, ...] = ()  # in text order, never overlapping

    def page_at(self, offset: int) -> int:
        """The page number holding character `offset` (1 for unpaged text)."""
        page = self._page(offset)
        return page.number if page else 1

    def page_label_at(self, offset: int) -> str:
        """What is printed on the page holding `offset`: its label, else its number."""
        page = self._page(offset)
        return (page.label or str(page.number)) if page else "1"

    def _page(self, offset: int) -> Page | None:
        for page in self.pages:
            if page.start <= offset < page.end:
                return page
        return self.pages[-1] if self.pages else None

    def section_at(self, offset: int) -> str:
        """The headings in force at `offset`, outermost first: "Investigation > Findings"."""
        return section_path(self.text, self.blocks, offset)


def section_path(text: str, blocks, offset: int) -> str:
    """The path of the headings among `blocks` (in text order) that start before `offset`: a
    heading closes every open heading of its own depth or deeper."""
    starts = [b.start for b in blocks]
    open_: list[tuple[int, str]] = []
    for block in blocks[:bisect_right(starts, offset)]:
        if block.kind == "heading" and block.start <= offset:
            while open_ and open_[-1][0] >= block.level:
                open_.pop()
            open_.append((block.level, heading_name(text[block.start:block.end])))
    return " > ".join(name for _level, name in open_)


def heading_name(line: str) -> str:
    """A heading as a section path names it: as printed, number included, on one line."""
    return " ".join(line.split())


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences: `document.text[start:end] == text`."""

    doc_id: str
    page: int  # physical page of `start`, 1-based
    start: int
    end: int
    text: str
    section: str = ""  # heading path in force at `start`: "Investigation > Findings"
    page_label: str = ""  # what is printed on `page` ("iv", "12")
    forces: tuple[str, ...] = ()  # canonical forces of the text, its section and its document
    kind: str = "body"  # one of CHUNK_KINDS


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its rank, fused score and the document it came from."""

    rank: int
    score: float
    chunk: Chunk
    doc: Document
    similarity: float = 0.0  # cosine between the question and the passage vector
    sentences: tuple[tuple[int, int, float], ...] = ()  # (start, end, cosine) of its sentences

    def to_dict(self) -> dict:
        return {"rank": self.rank, "score": round(self.score, 4), "doc_id": self.doc.doc_id,
                "title": self.doc.meta.title, "file": self.doc.file, "page": self.chunk.page,
                "page_label": self.chunk.page_label, "section": self.chunk.section,
                "start": self.chunk.start, "end": self.chunk.end, "text": self.chunk.text}


@dataclass(frozen=True)
class Citation:
    """A numbered quote: `doc.text[start:end] == quote`, found on `page`."""

    n: int
    doc: Document
    page: int
    quote: str
    start: int
    end: int
    page_label: str = ""  # printed on `page`: Document.page_label_at(start) or the chunk's
    section: str = ""  # heading path: Document.section_at(start) or the chunk's

    def to_dict(self) -> dict:
        m = self.doc.meta
        return {"n": self.n, "doc_id": self.doc.doc_id, "title": m.title,
                "organisation": m.organisation, "force": m.force, "doc_type": m.doc_type,
                "published": m.published, "source": m.source, "file": self.doc.file,
                "page": self.page, "page_label": self.page_label, "section": self.section,
                "quote": self.quote, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Answer:
    """The answer record of DESIGN.md: text with [n] markers, its citations and evidence."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    id: str = ""
    notice: str = ""  # why the answer declined or was narrowed, for people (not evidence)
    forces: tuple[str, ...] = field(default=())  # forces the search was focused on
    strength: float | None = None  # calibrated evidence strength, 0-1 (None: not weighed)
    evidence: dict = field(default_factory=dict, compare=False)  # what the strength weighed

    def to_dict(self) -> dict:
        return {"id": self.id, "question": self.question, "answer": self.text,
                "refused": self.refused, "notice": self.notice, "forces": list(self.forces),
                "strength": None if self.strength is None else round(self.strength, 3),
                "evidence": {k: round(v, 3) for k, v in self.evidence.items()},
                "citations": [c.to_dict() for c in self.citations],
                "passages": [p.to_dict() for p in self.passages]}


@dataclass(frozen=True)
class Filters:
    """Restrictions on which documents may be searched; empty means no restriction."""

    forces: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    since: str = ""  # ISO date prefix, inclusive
    until: str = ""  # ISO date prefix, inclusive

    def is_empty(self) -> bool:
        return not (self.forces or self.organisations or self.doc_types or self.since
                    or self.until)

