"""Excerpts and their export: the trainers' basket written as Markdown, CSV or Word (.docx).

Owns the Excerpt record (a passage with the facts a reader needs to find it again) and the
three file formats. The words of a reference are reference's; finding passages is left to the
engine, showing them in the browser to qa.web.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qa.outputs.reference import reference_of
from qa.outputs.safe_text import md_text as _md
from qa.outputs.safe_text import safe_url
from qa.outputs.safe_text import xml_text as _xml
from qa.outputs.spreadsheet import row as spreadsheet_row
from qa.types import Passage

# page: the physical page (1-based, what a PDF viewer's #page= opens); page_label: the page the
# reference cites ("p. iv", "p. 52": the label printed on it, else the physical page). The
# columns added later come last, so a sheet reading them by position reads the same ones.
CSV_COLUMNS = ("n", "title", "organisation", "force", "doc_type", "published", "page", "url",
               "file", "excerpt", "reference", "page_label", "section")


@dataclass(frozen=True)
class Excerpt:
    """A passage picked for reuse, with everything its reference needs."""

    doc_id: str
    file: str
    title: str
    organisation: str
    force: str
    doc_type: str
    published: str
    source: str
    page: int
    start: int
    end: int
    text: str
    page_label: str = ""  # printed on the page, when known
    section: str = ""  # section path, when known

    @classmethod
    def from_passage(cls, p: Passage) -> "Excerpt":
        r = reference_of(p)
        return cls(p.doc.doc_id, r.file, r.title, r.organisation, r.force, r.doc_type,
                   r.published, r.url, r.page, p.chunk.start, p.chunk.end, p.chunk.text,
                   r.page_label, r.section)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.start, self.end)


def to_markdown(excerpts: list[Excerpt]) -> str:
    """One section per excerpt: the passage as a quote, then its full reference."""
    lines = ["# Excerpts", "", f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''} "
             "from HMICFRS inspection material.", ""]
    for n, ex in enumerate(excerpts, start=1):
        ref = reference_of(ex)
        lines += [f"## {n}. {_md(ex.title)}", "", f"*{_md(ref.details())}*", "",
                  f"> {_md(ex.text)}", "", f"Reference: {_md(ref.full())}", ""]
        if safe_url(ex.source):
            lines += [f"URL: <{safe_url(ex.source)}>", ""]
    return "\n".join(lines)


def to_csv(excerpts: list[Excerpt]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n, ex in enumerate(excerpts, start=1):
        row = (n, ex.title, ex.organisation, ex.force, ex.doc_type, ex.published, ex.page,
               ex.source, ex.file, " ".join(ex.text.split()), reference_of(ex).full(),
               ex.page_label or str(ex.page), ex.section)
        writer.writerow(spreadsheet_row(row))
    return out.getvalue()


def write_docx(excerpts: list[Excerpt], path: Path) -> Path:
    """A Word document: a heading, then per excerpt its title, details, quote and reference."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    from qa.outputs.word import add_linked_text

    doc = WordDocument()
    doc.add_heading("Excerpts", level=0)
    doc.add_paragraph(f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''} from "
                      "HMICFRS inspection material.")
    for n, ex in enumerate(excerpts, start=1):
        ref = reference_of(ex)
        doc.add_heading(_xml(f"{n}. {ex.title}"), level=2)
        details = doc.add_paragraph(_xml(ref.details()))
        details.runs[0].italic = True
        doc.add_paragraph(_xml(" ".join(ex.text.split())), style="Quote")
        line = doc.add_paragraph()
        label = line.add_run("Reference: ")
        label.bold, label.font.size = True, Pt(9)
        add_linked_text(line, ref.full(), size=9)  # its URL a live link
    doc.save(str(path))
    return path


def write_exports(excerpts: list[Excerpt], folder: Path, stem: str = "excerpts") -> dict:
    """Write all three formats into `folder`; {format: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / f"{stem}.md"
    md.write_text(to_markdown(excerpts), encoding="utf-8")
    table = folder / f"{stem}.csv"
    table.write_text(to_csv(excerpts), encoding="utf-8-sig", newline="")  # BOM: Excel reads UTF-8
    return {"md": md, "csv": table, "docx": write_docx(excerpts, folder / f"{stem}.docx")}
