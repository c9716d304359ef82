"""The recommendations tracker as files and terminal text: a table for the terminal, and CSV,
JSONL, Markdown or Word by the output file's extension.

Owns the columns and wording every format shares: each record with its report and page, the
force's response (or "no response found", or "possible (score)" when below the bar) and the
later finding with the grade it quotes (or "no finding"). Building and selecting records is
qa.recommend's; the web tab's HTML is qa.web's.
"""
from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

from qa.errors import InputFileError
from qa.outputs.safe_text import md_text as _md
from qa.outputs.safe_text import xml_text as _xml
from qa.outputs.spreadsheet import cell
from qa.recommend.records import Link, Recommendation

FORMATS = (".csv", ".jsonl", ".md", ".docx")
CSV_COLUMNS = ("force", "report", "published", "kind", "number", "text", "area", "deadline",
               "page", "page_label", "status", "finding", "finding_source", "response",
               "response_confidence", "response_source")


def where(link: Link) -> str:
    """A link's source as a reader finds it: title, date, page (printed label)."""
    page = f"p. {link.page_label}" + (f" (PDF page {link.page})"
                                      if link.page_label != str(link.page) else "")
    return f"{link.title} · {link.published or 'undated'} · {page}"


def record_source(r: Recommendation) -> str:
    page = f"p. {r.page_label}" + (f" (PDF page {r.page})" if r.page_label != str(r.page) else "")
    return f"{r.title} · {r.published or 'undated'} · {page}"


def response_text(r: Recommendation) -> str:
    """What the force said, plainly marked when it is only a possible match."""
    link = r.response
    if link is None:
        return "No response found."
    quote = " ".join(link.quote.split())
    return quote if link.confident else f"Possible ({link.score:.2f}): {quote}"


def finding_text(r: Recommendation) -> str:
    link = r.finding
    if link is None:
        possible = [f for f in r.findings if not f.confident]
        if possible:
            return f"Possible ({possible[0].score:.2f}): {' '.join(possible[0].quote.split())}"
        return "No later inspection found."
    return " ".join(link.quote.split())


def _row(r: Recommendation) -> dict:
    response, finding = r.response, r.finding
    return {"force": r.force or "all forces (thematic)", "report": r.title,
            "published": r.published, "kind": r.kind, "number": r.number, "text": r.text,
            "area": r.area, "deadline": r.deadline, "page": r.page, "page_label": r.page_label,
            "status": r.status, "finding": finding_text(r),
            "finding_source": where(finding) if finding else "",
            "response": response_text(r),
            "response_confidence": f"{response.score:.2f}" if response else "",
            "response_source": where(response) if response else ""}


def table(found: list[Recommendation], width: int = 100) -> str:
    """The terminal's view: one block per record."""
    if not found:
        return "No recommendations or causes of concern match."
    out = []
    for r in found:
        row = _row(r)
        out.append(f"{r.force or 'All forces'} · {r.label} · {row['status'].upper()}")
        out += _wrapped("", r.text, width)
        out.append(f"    {record_source(r)}" + (f" · deadline: {r.deadline}" if r.deadline
                                                else ""))
        out += _wrapped("Response: ", row["response"], width)
        if r.response:
            out.append(f"    {row['response_source']}")
        out += _wrapped("Finding: ", row["finding"], width)
        if r.finding:
            out.append(f"    {row['finding_source']}")
        out.append("")
    out.append(f"{len(found)} record{'s' if len(found) != 1 else ''}")
    return "\n".join(out)


def _wrapped(lead: str, text: str, width: int) -> list[str]:
    return textwrap.wrap(lead + " ".join(text.split()), width, initial_indent="    ",
                         subsequent_indent="      ")


def to_csv(found: list[Recommendation]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    for r in found:
        writer.writerow({k: cell(v) for k, v in _row(r).items()})
    return out.getvalue()


def to_jsonl(found: list[Recommendation]) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in found)


def to_markdown(found: list[Recommendation]) -> str:
    lines = ["# Recommendations tracker", "",
             f"{len(found)} recommendation{'s' if len(found) != 1 else ''} and causes of "
             "concern, each with the force's response and the later inspection's finding.", ""]
    for r in found:
        row = _row(r)
        lines += [f"## {_md(row['force'])}: {_md(r.label)} ({_md(r.status)})", "",
                  f"> {_md(r.text)}", "", f"*{_md(record_source(r))}*"
                  + (f" · deadline: {_md(r.deadline)}" if r.deadline else ""), "",
                  f"**Response:** {_md(row['response'])}"
                  + (f" ({_md(row['response_source'])})" if r.response else ""), "",
                  f"**Finding:** {_md(row['finding'])}"
                  + (f" ({_md(row['finding_source'])})" if r.finding else ""), ""]
    return "\n".join(lines)


def write_docx(found: list[Recommendation], path: Path) -> None:
    from docx import Document as WordDocument
    doc = WordDocument()
    doc.add_heading("Recommendations tracker", level=0)
    for r in found:
        row = _row(r)
        doc.add_heading(_xml(f"{row['force']}: {r.label} ({r.status})"), level=2)
        doc.add_paragraph(_xml(r.text), style="Quote")
        doc.add_paragraph(_xml(record_source(r)
                               + (f" · deadline: {r.deadline}" if r.deadline else "")))
        for name, text, src in (("Response: ", row["response"], row["response_source"]),
                                ("Finding: ", row["finding"], row["finding_source"])):
            line = doc.add_paragraph()
            line.add_run(name).bold = True
            line.add_run(_xml(text + (f" ({src})" if src else "")))
    doc.save(str(path))


def write(found: list[Recommendation], path: Path) -> Path:
    """Write the records in the format `path`'s extension names."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputFileError(f"{path}: cannot write {suffix or 'a file without extension'}; "
                             f"use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".docx":
        write_docx(found, path)
    elif suffix == ".csv":
        path.write_text(to_csv(found), encoding="utf-8-sig", newline="")
    else:
        path.write_text(to_jsonl(found) if suffix == ".jsonl" else to_markdown(found),
                        encoding="utf-8")
    return path
