"""Where the development library's facts were written: every mention of a fact (which file,
which clause, which physical page) and every PDF's pages and their printed labels.

Owns the records the writers fill in and the questions and ground truth are made from. A page
label is what DESIGN.md says a citation should show: the /PageLabels label when the PDF has
them, else the number printed on the page, else the physical number.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    force: str  # "" for a fact about no single force
    fact: str  # "grade:Investigation", "figure:devices", "rec:3", "response:rec:3" ...
    file: str  # relative to the corpus folder
    phrase: str  # the clause holding the fact, as written
    page: int = 1  # physical page, 1-based (1 for a document without pages)
    author: str = ""


@dataclass(frozen=True)
class Pages:
    """A PDF's pages: what is printed on each ("" for nothing) and its /PageLabels."""

    printed: tuple[str, ...]
    pdf_labels: tuple[str, ...] = ()  # empty when the PDF has no /PageLabels

    def label(self, page: int) -> str:
        if self.pdf_labels:
            return self.pdf_labels[page - 1]
        return self.printed[page - 1] or str(page)

    def record(self) -> dict:
        return {"pages": len(self.printed), "page_labels": bool(self.pdf_labels),
                "labels": [self.label(n) for n in range(1, len(self.printed) + 1)],
                "printed": list(self.printed)}


@dataclass
class Ledger:
    mentions: list[Mention] = field(default_factory=list)
    pages: dict[str, Pages] = field(default_factory=dict)  # PDFs only
    documents: list[dict] = field(default_factory=list)  # each file's true metadata
    sections: dict[tuple[str, str], str] = field(default_factory=dict)  # (force, fact) -> path

    def add(self, force: str, fact: str, file: str, phrase: str, page: int = 1,
            author: str = "") -> None:
        self.mentions.append(Mention(force, fact, file, phrase, page, author))

    def find(self, force: str, fact: str) -> list[Mention]:
        return [m for m in self.mentions if m.force == force and m.fact == fact]

    def label(self, file: str, page: int) -> str:
        pages = self.pages.get(file)
        return pages.label(page) if pages else str(page)

    def where(self, mention: Mention) -> dict:
        """The mention as a ground-truth location: file, page, page label, phrase."""
        return {"file": mention.file, "page": mention.page,
                "page_label": self.label(mention.file, mention.page), "phrase": mention.phrase}
