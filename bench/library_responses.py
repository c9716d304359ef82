"""A force's published response to its inspection, or its action plan, as Word (.docx, with
real Heading styles and a table for the plan) or PDF: the chief constable's introduction, what
the force says it has done, and an answer to each recommendation and cause of concern, often
without repeating its number.

Owns those documents and where their facts go. Word files are written with python-docx and then
re-zipped with fixed timestamps, so a seed always gives the same bytes.
"""
from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime
from pathlib import Path

from bench.library_ledger import Ledger
from bench.library_pdf import PdfDoc
from bench.library_report import slug
from bench.library_topics import AREAS
from bench.library_words import FORCE, has, say
from bench.library_world import ForceWorld, Rec, month_year, slots
from bench.library_write import doc_record, pdf_metadata

LEADS = ("We accept this recommendation.", "We welcome this recommendation.", "Accepted.",
         "We agree with this recommendation and have acted on it.",
         "This recommendation is accepted in full.")
FRAMES = ("{Clause}.", "Since the inspection, {clause}.", "We can confirm that {clause}.",
          "{Clause}, and we will keep this under review.")
FORCE_FILLER = (
    "Progress is overseen by our Vulnerability Board, chaired by the Deputy Chief Constable.",
    "We will continue to work closely with our partners on this.",
    "Training materials have been updated to reflect the change.",
    "We will measure the effect of this work through our quarterly audits.",
    "This builds on work that was already under way before the inspection.",
    "Our partners in the local safeguarding partnership have been consulted.",
    "Updates will be published on our website.", "We recognise there is more to do.",
    "Officers and staff have been briefed on the new arrangements.")
OWNERS = ("Head of Public Protection", "Head of Contact Management", "Head of Crime",
          "Head of Custody", "Chief Superintendent, Local Policing")


class Sink:
    """Where a response is written: a Word document or a PDF. `para` returns the page."""

    def __init__(self, kind: str, header: str, rng: random.Random):
        self.kind = kind
        if kind == "docx":
            from docx import Document
            self.docx = Document()
        else:
            self.pdf = PdfDoc(header=header, footer=rng.choice(("{n}", "Page {n}")),
                              family=rng.choice(("sans", "serif")))
            self.pdf.new_page(rng.choice(("arabic", "none")))

    def heading(self, text: str, level: int) -> None:
        if self.kind == "docx":
            self.docx.add_heading(text, level)
        else:
            if level == 0 and self.pdf.y > 30:
                self.pdf.new_page("arabic")
            self.pdf.heading(text, min(level, 3))

    def para(self, text: str) -> int:
        if self.kind == "docx":
            self.docx.add_paragraph(text)
            return 1
        return self.pdf.para(text)

    def signature(self, name: str, rank: str) -> int:
        """A name over a rank, on one page."""
        if self.kind == "docx":
            self.docx.add_paragraph(name)
            self.docx.add_paragraph(rank)
            return 1
        self.pdf.ensure(14)
        page = self.pdf.page
        self.pdf.lines([name], 10, "B", gap=0.5)
        self.pdf.lines([rank], 10)
        return page

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.docx.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text


def write_response(world: ForceWorld, corpus: Path, ledger: Ledger, seed: int) -> dict:
    rng = random.Random(f"{seed}:response:{world.name}")
    fmt, doc_type, published = world.response
    plan = doc_type == "action plan"
    title = rng.choice((f"{world.name} response to the HMICFRS child protection inspection",
                        "Our response to the inspection of child protection services",
                        f"Action plan: HMICFRS National Child Protection Inspection "
                        f"{world.published.year}") if plan else
                       (f"{world.name} response to the HMICFRS child protection inspection",
                        "Our response to the inspection of child protection services"))
    file = f"responses/{rng.choice((slug(world.name), world.info.short[0].replace(' ', '_')))}" \
           f"_{'action_plan' if plan else 'response'}_{published.year}.{fmt}"
    sink = Sink(fmt, title, rng)
    say_fact = _sayer(world, ledger, file, rng, sink)
    sink.heading(title, 0)
    _introduction(world, rng, sink, say_fact)
    items = world.recs + world.causes
    if plan and fmt == "docx":
        _plan_table(world, rng, sink, ledger, file, items)
    else:
        _answers(world, rng, sink, ledger, file, items, plan)
    sink.para(rng.choice(FORCE_FILLER))
    page = sink.signature(world.chief.name, world.chief.rank)
    ledger.add(world.name, "chief", file, f"{world.chief.name} {world.chief.rank}", page, FORCE)
    return _save(world, sink, corpus, ledger, file, title, doc_type, published, rng)


def _sayer(world, ledger, file, rng, sink):
    def say_fact(fact: str, words: str = "", extra: str = "") -> None:
        sentence, phrase = say(rng, words or fact, FORCE, **slots(world, fact))
        page = sink.para(" ".join(p for p in (sentence, extra) if p))
        ledger.add(world.name, fact, file, phrase, page, FORCE)
    return say_fact


def _introduction(world: ForceWorld, rng, sink: Sink, say_fact) -> None:
    sink.heading(rng.choice(("Introduction", "Foreword from the Chief Constable", "Summary")),
                 1)
    sink.para(rng.choice(("This document sets out how {force} has responded to the "
                          "inspectorate’s findings.", "{force} welcomes the report and has "
                          "published this response in full.")).format(force=world.name))
    say_fact("chief", extra="“We welcome the inspectorate’s findings and have acted on "
                            "them.”")
    sink.heading("Background", 1)
    for _ in range(rng.randint(2, 5)):
        sink.para(" ".join(rng.sample(FORCE_FILLER, rng.randint(3, 5))))
    for fact in rng.sample(("fieldwork", "published", "recs"), 3):
        say_fact(fact, extra=rng.choice(FORCE_FILLER))
    for area in rng.sample(list(world.grades), 2):
        say_fact(f"grade:{area}", words="grade")
    for kind in rng.sample(list(world.figures), min(2, len(world.figures))):
        say_fact(f"figure:{kind}", extra=rng.choice(FORCE_FILLER))
    sink.heading("What we have done", 1)
    for kind, _ in world.actions:
        if has(f"action:{kind}", FORCE):
            say_fact(f"action:{kind}", extra=rng.choice(FORCE_FILLER))
    say_fact("lead", extra="“Protecting children is our highest priority.”")
    say_fact("pcc")


def _response_sentence(rec: Rec, rng) -> tuple[str, str]:
    clause = rec.topic.responses[rec.response]
    frame = rng.choice(FRAMES)
    text = frame.format(clause=clause, Clause=clause[0].upper() + clause[1:])
    phrase = clause[0].upper() + clause[1:] if frame.startswith("{Clause}") else clause
    return text, phrase


def _fact_name(rec: Rec) -> str:
    return f"response:{'rec' if rec.kind == 'recommendation' else 'cause'}:{rec.number}"


def _answers(world, rng, sink: Sink, ledger: Ledger, file: str, items: list[Rec],
             plan: bool) -> None:
    sink.heading(rng.choice(("Our response to each recommendation", "Our progress",
                             "Responding to the findings")), 1)
    for area in AREAS:
        mine = [r for r in items if r.topic.area == area.title and r.response >= 0]
        if not mine:
            continue
        sink.heading(area.title, 2)
        for rec in mine:
            text, phrase = _response_sentence(rec, rng)
            if rec.cites_number:
                intro = rng.choice((f"Recommendation {rec.number}: ",
                                    f"In response to recommendation {rec.number}: "))
            else:
                intro = rng.choice((f"On {rng.choice(rec.topic.ask)}: ", "",
                                    f"{rec.topic.sub}. "))
            if plan:
                page = sink.para(f"{intro}{text} Owner: {rng.choice(OWNERS)}. Due: "
                                 f"{month_year(world.response[2])}.")
            else:
                page = sink.para(f"{intro}{rng.choice(LEADS)} {text} "
                                 f"{rng.choice(FORCE_FILLER)}")
            ledger.add(world.name, _fact_name(rec), file, phrase, page, FORCE)


def _plan_table(world, rng, sink: Sink, ledger: Ledger, file: str, items: list[Rec]) -> None:
    sink.heading("Action plan", 1)
    sink.para("The table below sets out the actions we have taken against each area the "
              "inspection identified.")
    rows = []
    for rec in sorted([r for r in items if r.response >= 0],
                      key=lambda r: [a.title for a in AREAS].index(r.topic.area)):
        clause = rec.topic.responses[rec.response]
        ref = f"R{rec.number}" if rec.cites_number else ""
        rows.append([ref, rec.topic.sub, clause[0].upper() + clause[1:] + ".",
                     rng.choice(OWNERS), month_year(world.response[2]),
                     rng.choice(("Complete", "On track", "In progress"))])
        ledger.add(world.name, _fact_name(rec), file, clause[0].upper() + clause[1:], 1, FORCE)
    sink.table(["Ref", "Area", "Action taken", "Owner", "Due", "Status"], rows)


def _save(world, sink: Sink, corpus: Path, ledger: Ledger, file: str, title: str,
          doc_type: str, published, rng) -> dict:
    path = corpus / file
    path.parent.mkdir(parents=True, exist_ok=True)
    source = f"https://www.{slug(world.info.short[0])}.police.uk/about-us/publications/" \
             f"{slug(title)}/"
    if sink.kind == "docx":
        props = sink.docx.core_properties
        props.title, props.author = title, world.name
        props.created = props.modified = datetime(published.year, published.month,
                                                  published.day, 10, 0)
        props.last_modified_by, props.revision = "", 1
        buffer = io.BytesIO()
        sink.docx.save(buffer)
        path.write_bytes(_fixed_zip(buffer.getvalue()))
        return doc_record(file, title, world.name, world.name, doc_type, published, source)
    meta = pdf_metadata(rng, title, world.name, published, f"{title[:30]}.docx")
    ledger.pages[file] = sink.pdf.finish(path, meta.title, meta.author, meta.created)
    return doc_record(file, title, world.name, world.name, doc_type, published, source, meta)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1 January 2020: python-docx stamps the time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
