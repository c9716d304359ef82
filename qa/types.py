"""The small frozen records that move between modules: Document, Chunk, Passage, Citation, Answer.

Owns only the shapes and their JSON form; building them is left to loaders, chunking, retrieve
and answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Document:
    """A loaded, cleaned document; every offset elsewhere points into `text`."""

    doc_id: str
    file: str  # path relative to the corpus root, with forward slashes
    text: str
    pages: tuple[Page, ...]
    meta: Metadata
    fingerprint: str = ""  # sha256 of the file bytes

    def page_at(self, offset: int) -> int:
        """The page number holding character `offset` (1 for unpaged text)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences: `document.text[start:end] == text`."""

    doc_id: str
    page: int
    start: int
    end: int
    text: str


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

    def to_dict(self) -> dict:
        m = self.doc.meta
        return {"n": self.n, "doc_id": self.doc.doc_id, "title": m.title,
                "organisation": m.organisation, "force": m.force, "doc_type": m.doc_type,
                "published": m.published, "source": m.source, "file": self.doc.file,
                "page": self.page, "quote": self.quote, "start": self.start, "end": self.end}


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

    def to_dict(self) -> dict:
        return {"id": self.id, "question": self.question, "answer": self.text,
                "refused": self.refused, "notice": self.notice, "forces": list(self.forces),
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

