"""A conversation written out as Markdown or Word: each question, the answer with its [n]
markers, and under it every citation's full reference and exact quote.

Owns the two layouts. The turns come as answer records (Answer.to_dict's shape, as the
history keeps them); a reference's words are reference's, the Markdown escaping and Word's
XML rules export's.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.outputs.safe_text import md_text as _md
from qa.outputs.safe_text import safe_url
from qa.outputs.safe_text import xml_text as _xml
from qa.outputs.reference import Reference, reference_of


@dataclass(frozen=True)
class CitedSource:
    """A citation of a stored answer record, with what its reference needs."""

    n: int
    title: str
    organisation: str
    force: str
    doc_type: str
    published: str
    source: str
    file: str
    page: int
    page_label: str
    section: str
    quote: str

    @classmethod
    def of(cls, c: dict) -> "CitedSource":
        return cls(int(c.get("n", 0)), c.get("title") or c.get("file", ""),
                   c.get("organisation", ""), c.get("force", ""), c.get("doc_type", ""),
                   c.get("published", ""), c.get("source", ""), c.get("file", ""),
                   int(c.get("page") or 0), c.get("page_label", ""), c.get("section", ""),
                   c.get("quote", ""))

    @property
    def reference(self) -> Reference:
        return reference_of(self)


def _sources(record: dict) -> list[CitedSource]:
    return [CitedSource.of(c) for c in record.get("citations", [])]


def to_markdown(title: str, turns: list[tuple[str, dict]]) -> str:
    """`turns`: (question, answer record) in order."""
    lines = [f"# {_md(title)}", "", f"{len(turns)} question{'s' if len(turns) != 1 else ''} "
             "answered from HMICFRS inspection material, each answer quoting its sources.", ""]
    for k, (question, record) in enumerate(turns, start=1):
        lines += [f"## {k}. {_md(question)}", "", _md(record.get("answer", "")), ""]
        sources = _sources(record)
        if sources:
            lines += ["Sources:", ""]
        for c in sources:
            ref, url = c.reference, safe_url(c.source)
            if url:  # the address once, as a link (full() ends with it as words)
                details = ref.details(", ")
                lines.append(f"{c.n}. {_md(ref.title)}. {_md(details) + '. ' if details else ''}"
                             f"<{url}>")
            else:
                lines.append(f"{c.n}. {_md(ref.full())}")
            lines.append(f"   > {_md(c.quote)}")
        lines.append("")
    return "\n".join(lines)


def write_docx(title: str, turns: list[tuple[str, dict]], path: Path) -> Path:
    """The same as a Word document: a heading per question, the answer, its sources."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    from qa.outputs.word import add_linked_text

    doc = WordDocument()
    doc.add_heading(_xml(title), level=0)
    for k, (question, record) in enumerate(turns, start=1):
        doc.add_heading(_xml(f"{k}. {question}"), level=2)
        doc.add_paragraph(_xml(record.get("answer", "")))
        for c in _sources(record):
            line = doc.add_paragraph()
            number = line.add_run(f"[{c.n}] ")
            number.bold, number.font.size = True, Pt(9)
            add_linked_text(line, c.reference.full(), size=9)  # its URL a live link
            doc.add_paragraph(_xml(c.quote), style="Quote")
    doc.save(str(path))
    return path
