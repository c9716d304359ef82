"""A force's HMICFRS child protection inspection report (PDF, 30-80 pages): cover, contents,
foreword, summary, numbered sections with sub-headings and numbered paragraphs, recommendation
and cause-of-concern boxes, areas for improvement, a case-audit table, footnotes and annexes.

Owns the report's structure and where each of the force's inspection facts is stated. Layout is
library_pdf's, wording library_words', the facts library_world's.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from bench.library_filler import GLOSSARY, METHODOLOGY, opener
from bench.library_ledger import Ledger
from bench.library_pdf import PdfDoc
from bench.library_topics import AREAS
from bench.library_words import INSP, number
from bench.library_world import ForceWorld, Rec, long_date, slots
from bench.library_write import Writer, doc_record, finish, pdf_metadata

FIGURE_AREA = {"trained": "Leadership and management", "missing": "Assessment and help",
               "referrals": "Assessment and help", "devices": "Investigation",
               "investigators": "Investigation", "protection": "Decision-making",
               "caseload": "Managing those who pose a risk", "custody": "Police detention"}
EXTRA_SUBS = ("Supervision", "Working with partners", "Our findings", "Recording",
              "Understanding demand", "Good practice")
AREAS_FOR_IMPROVEMENT = (
    "review how it records the ethnicity of children on its systems",
    "improve how it seeks the views of children and families about its service",
    "make sure its officers understand the national guidance on neglect",
    "improve its understanding of disproportionality in the use of custody for children",
    "make better use of the information held by schools")

FOREWORD = ("This report sets out the findings of our inspection of child protection "
            "arrangements in {force}.",
            "In this report we set out what we found when we inspected how {force} protects "
            "children.", "Our inspection examined how well {force} protects children at risk.")


@dataclass(frozen=True)
class Style:
    title: str
    header: str
    footer: str
    labels: bool
    front: str  # numbering of front matter without /PageLabels: "roman" or "none"
    rec_inline: bool  # "Recommendation 4: Within ..." in one paragraph, else a titled box
    pages: int  # target length
    numbering: str  # what carries "2.1"-style numbers: "headings", "paragraphs" or "both"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _style(world: ForceWorld, rng: random.Random, size: str) -> Style:
    name, year = world.name, world.published.year
    title = rng.choice((f"National child protection inspection: {name}",
                        f"{name}: National child protection inspection",
                        f"An inspection of child protection arrangements in {name}"))
    header = rng.choice((title, f"{name} – child protection inspection {year}", title))
    labels = rng.random() < 1 / 3
    return Style(title, header, rng.choice(("{n}", "Page {n}", "{n} | HMICFRS", "– {n} –")),
                 labels, "roman" if labels or rng.random() < 0.5 else "none",
                 rng.random() < 0.4, rng.randint(30, 34) if size == "small" else
                 rng.randint(30, 80), rng.choice(("headings", "paragraphs", "both")))


def inspection_file(world: ForceWorld, rng: random.Random) -> str:
    year, short = world.published.year, world.info.short[0].replace(" ", "_").replace("&", "and")
    return rng.choice((f"inspections/{slug(world.name)}-national-child-protection-inspection-"
                       f"{year}.pdf", f"reports/NCPI_{short}_{year}_final.pdf",
                       f"{slug(world.name)}-child-protection-inspection.pdf"))


def write_inspection(world: ForceWorld, corpus: Path, ledger: Ledger, seed: int,
                     size: str) -> dict:
    """Write the report; record its facts, recommendations and pages; return its metadata."""
    rng = random.Random(f"{seed}:inspection:{world.name}")
    style = _style(world, rng, size)
    file = inspection_file(world, rng)
    doc = PdfDoc(header=style.header, footer=style.footer, labels=style.labels)
    w = Writer(doc, ledger, file, world.name, rng)
    _cover(w, world, style)
    doc.new_page(style.front)
    doc.heading("Contents")
    contents_page = doc.page
    entries = _foreword(w, world, style) + _summary(w, world)
    body_start = doc.page + 1
    sections = [None, *AREAS]
    room = max(style.pages - body_start - 3, len(sections))
    for i, area in enumerate(sections, start=1):
        end = body_start + round(i * room / len(sections))
        entries.append(_section(w, world, style, i, area, end))
    entries += _annexes(w, world)
    doc.contents_later(contents_page, entries)
    meta = pdf_metadata(rng, style.title, "HMICFRS", world.published,
                        f"NCPI {world.info.short[0]} v{rng.randint(2, 9)} FINAL.docx")
    finish(w, corpus, meta)
    source = f"https://www.justiceinspectorates.gov.uk/hmicfrs/publications/{slug(style.title)}/"
    return doc_record(file, style.title, "HMICFRS", world.name, "inspection report",
                      world.published, source, meta)


def _cover(w: Writer, world: ForceWorld, style: Style) -> None:
    doc = w.doc
    doc.new_page("none")
    doc.y = 60
    doc.center("HMICFRS", 26, "B", gap=2)
    doc.center("His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"
               if "His" in world.hmi.rank else
               "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services", 9)
    doc.y = 120
    doc.center(style.title, 20, "B", gap=10)
    doc.center(f"Published {long_date(world.published)}", 11)


def _foreword(w: Writer, world: ForceWorld, style: Style) -> list[tuple[str, str]]:
    w.doc.new_page(style.front)
    label = w.heading("Foreword")
    w.vocab = AREAS[0].vocab
    w.doc.para(w.rng.choice(FOREWORD).format(force=world.name))
    w.filler(3, 5)
    w.fact("chief", INSP, **slots(world, "chief"))
    w.filler(2, 4)
    hmi = world.hmi
    w.doc.ensure(14)
    page = w.doc.page
    w.doc.lines([hmi.name], 10, "B", gap=0.5)
    w.doc.lines([hmi.rank], 10, "I")
    w.ledger.add(world.name, "hmi", w.file, f"{hmi.name} {hmi.rank}", page)
    return [("Foreword", label)]


def _summary(w: Writer, world: ForceWorld) -> list[tuple[str, str]]:
    w.doc.new_page()
    label = w.heading("Summary")
    w.filler(2, 4)
    for fact in ("fieldwork", "cases", "inadequate"):
        w.fact(fact, INSP, **slots(world, fact))
    w.heading("Our grades", 2)
    for area in world.grades:
        w.fact(f"grade:{area}", INSP, words="grade", alone=True, **slots(world, f"grade:{area}"))
    w.heading("Recommendations and causes of concern", 2)
    w.fact("recs", INSP, **slots(world, "recs"))
    count = len(world.causes)
    w.doc.para(f"We also identified {count} cause{'s' * (count > 1)} of concern, which are set "
               f"out in the relevant sections of this report.")
    w.filler(2, 3)
    return [("Summary", label)]


def _section(w: Writer, world: ForceWorld, style: Style, i: int, area, end: int
             ) -> tuple[str, str]:
    doc = w.doc
    if i == 1:
        doc.new_page("arabic")
    title = area.title if area else "Introduction"
    label = w.heading(f"{i}. {title}")
    w.vocab = (area or AREAS[0]).vocab
    w.number_prefix, w.numbered = str(i) if style.numbering != "headings" else "", 0
    w.filler(2, 4)
    if area is None:
        _introduction(w, world)
    else:
        _area_body(w, world, style, i, area)
    while doc.page < end:
        w.filler(3, 7)
    return (f"{i}. {title}", label)


def _introduction(w: Writer, world: ForceWorld) -> None:
    w.fact("fieldwork", INSP, **slots(world, "fieldwork"))
    w.filler(3, 6)
    w.fact("lead", INSP, **slots(world, "lead"))
    w.filler(3, 6)


def _area_body(w: Writer, world: ForceWorld, style: Style, i: int, area) -> None:
    w.doc.para(w.prefix() + opener(w.rng, area.title.lower()))
    if area.graded:
        w.fact(f"grade:{area.title}", INSP, words="grade", **slots(world, f"grade:{area.title}"))
    for kind in world.figures:
        if FIGURE_AREA[kind] == area.title:
            w.filler(1, 3)
            w.fact(f"figure:{kind}", INSP, **slots(world, f"figure:{kind}"))
    items = [r for r in world.causes + world.recs if r.topic.area == area.title]
    subs = list(dict.fromkeys(r.topic.sub for r in items)) + [w.rng.choice(EXTRA_SUBS)]
    for j, sub in enumerate(subs, start=1):
        shown = sub if style.numbering == "paragraphs" else f"{i}.{j} {sub}"
        w.heading(shown, 2)
        for _ in range(w.rng.randint(1, 3)):
            w.filler(3, 6)
        for rec in [r for r in items if r.topic.sub == sub]:
            _box(w, world, style, rec, f"{i}. {area.title} > {shown}")
    if w.rng.random() < 0.3:
        text = f"{world.name} should {w.rng.choice(AREAS_FOR_IMPROVEMENT)}."
        w.doc.box("Area for improvement", text, fill=(236, 236, 236))


def _box(w: Writer, world: ForceWorld, style: Style, rec: Rec, section: str) -> None:
    if rec.kind == "cause of concern":
        title = f"Cause of concern {rec.number}" if rec.numbered else "Cause of concern"
        page = w.doc.box(title, rec.text, fill=(246, 228, 226))
        fact = f"cause:{rec.number}"
    elif style.rec_inline:
        page = w.doc.box("", f"Recommendation {rec.number}: {rec.text}")
        fact = f"rec:{rec.number}"
    else:
        page = w.doc.box(f"Recommendation {rec.number}", rec.text)
        fact = f"rec:{rec.number}"
    w.ledger.add(world.name, fact, w.file, rec.text, page, INSP)
    w.ledger.sections[(world.name, fact)] = section


def _annexes(w: Writer, world: ForceWorld) -> list[tuple[str, str]]:
    doc, out = w.doc, []
    w.number_prefix = ""
    doc.new_page()
    out.append(("Annex A: About this inspection", w.heading("Annex A: About this inspection")))
    for text in METHODOLOGY:
        doc.para(text)
    doc.new_page()
    out.append(("Annex B: Case audit results", w.heading("Annex B: Case audit results")))
    w.fact("cases", INSP, **slots(world, "cases"))
    doc.para("Table 1: Case audit results by category", 9, "I")
    rows = [[c, str(n), str(g), str(r), str(b)] for c, n, g, r, b in world.audit]
    total = world.cases()
    rows.append(["Total"] + [number(v) for v in total])
    doc.table(["Category", "Cases examined", "Good", "Requires improvement", "Inadequate"],
              rows, [50, 28, 16, 42, 26])
    doc.new_page()
    out.append(("Annex C: Glossary", w.heading("Annex C: Glossary")))
    for short, meaning in GLOSSARY:
        doc.para(f"{short} – {meaning}", keep=False)
    return out

