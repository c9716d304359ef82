"""Thematic inspection reports (PDF) that discuss many forces paragraph by paragraph: online
child sexual abuse, children in custody, missing children. Such a report is about no single
force; its recommendations are addressed to all forces.

Owns those reports' structure and where each force's thematic figure is stated.
"""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from bench.library_filler import METHODOLOGY
from bench.library_ledger import Ledger
from bench.library_pdf import PdfDoc
from bench.library_report import slug
from bench.library_topics import AREAS
from bench.library_words import THEME, number
from bench.library_world import ForceWorld, long_date, slots
from bench.library_write import Writer, doc_record, finish, pdf_metadata

THEMES = {
    "online": ("Online child sexual abuse: an inspection of the police response", "Investigation",
               "chief constables should make sure that devices seized in child abuse cases are "
               "examined within 30 days"),
    "custody": ("Children in police custody: a thematic review", "Police detention",
                "chief constables should make sure that every strip search of a child is "
                "authorised by an inspector"),
    "missing": ("Missing children: a joint thematic inspection", "Assessment and help",
                "chief constables should make sure that children who go missing repeatedly "
                "are referred to a multi-agency meeting"),
}
REGIONS = ("The north of England", "The Midlands", "London and the south east",
           "The south west", "The east of England", "Wales")
REMARKS = ("{force} has made this a priority, and it shows.",
           "Leaders in {force} told us that demand had outstripped resources.",
           "{force} shared a well-developed local action plan with us.",
           "Officers in {force} were not always aware of the national guidance.",
           "Unlike some forces we visited, {force} audits this work every quarter.")


def write_thematic(theme: str, worlds: list[ForceWorld], corpus: Path, ledger: Ledger,
                   seed: int, when: date) -> tuple[dict, list[dict]]:
    """Write one thematic report; return its metadata and its national recommendations."""
    rng = random.Random(f"{seed}:thematic:{theme}")
    title, area_title, rec_body = THEMES[theme]
    covered = [w for w in worlds if theme in w.thematic]
    file = f"thematic/{slug(title)[:48]}-{when.year}.pdf"
    doc = PdfDoc(header=title, footer=rng.choice(("{n}", "Page {n}")), labels=rng.random() < 0.5)
    vocab = next(a.vocab for a in AREAS if a.title == area_title)
    w = Writer(doc, ledger, file, "", rng, vocab=vocab)
    doc.new_page("none")
    doc.y = 70
    doc.center("HMICFRS", 24, "B")
    doc.center(title, 18, "B", gap=8)
    doc.center(long_date(when), 11)
    doc.new_page("roman")
    w.heading("Summary")
    w.filler(3, 5)
    w.doc.para(f"We inspected {len(covered)} forces for this report.")
    recs = _recommendations(w, theme, rec_body, rng, when)
    order = _by_force(w, covered, theme, rng)
    _across(w, order, rng)
    _table(w, theme, covered)
    meta = pdf_metadata(rng, title, "HMICFRS", when, f"{theme} thematic final.docx")
    finish(w, corpus, meta)
    source = f"https://www.justiceinspectorates.gov.uk/hmicfrs/publications/{slug(title)}/"
    record = doc_record(file, title, "HMICFRS", "", "thematic report", when, source, meta,
                        forces=[x.name for x in covered])
    return record, recs


def _by_force(w: Writer, covered: list[ForceWorld], theme: str, rng: random.Random
              ) -> list[ForceWorld]:
    """The introduction, then a paragraph on each force under a region heading; returns the
    forces in the order discussed."""
    w.doc.new_page("arabic")
    w.heading("1. Introduction")
    for text in METHODOLOGY[:4]:
        w.doc.para(text)
    w.heading("2. What we found in each force")
    w.number_prefix = "2"
    order = list(covered)
    rng.shuffle(order)
    regions = rng.sample(REGIONS, min(len(REGIONS), max(1, len(order) // 4)))
    per = -(-len(order) // len(regions))
    for r, region in enumerate(regions):
        chunk = order[r * per:(r + 1) * per]
        if chunk:
            w.heading(region, 2)
        for world in chunk:
            _force_paragraphs(w, world, theme, rng)
            for _ in range(rng.randint(1, 3)):
                w.filler(3, 6)
    return order


def _force_paragraphs(w: Writer, world: ForceWorld, theme: str, rng: random.Random) -> None:
    name = rng.choice((world.name, world.name, world.info.short[0]))
    values = slots(world, f"theme:{theme}") | {"force": name}
    w.fact(f"theme:{theme}", THEME, about=world.name, **values)
    if rng.random() < 0.6:
        w.doc.para(w.prefix() + rng.choice(REMARKS).format(force=name) + " " +
                   " ".join(_sentences(w)))


def _across(w: Writer, forces: list[ForceWorld], rng: random.Random) -> None:
    """Chapters that name forces in passing, two to a paragraph, with no figure of theirs."""
    w.heading("3. Leadership and governance")
    w.number_prefix, w.numbered = "3", 0
    for a, b in zip(forces[::2], forces[1::2]):
        w.doc.para(w.prefix() + rng.choice(REMARKS).format(force=a.info.short[0]) + " " +
                   rng.choice(REMARKS).format(force=b.name) + " " + " ".join(_sentences(w)))
        w.filler(2, 5)
    w.heading("4. Conclusions")
    w.number_prefix, w.numbered = "4", 0
    for _ in range(rng.randint(4, 8)):
        w.filler(3, 6)


def _sentences(w: Writer) -> list[str]:
    from bench.library_filler import sentence
    return [sentence(w.rng, w.vocab) for _ in range(w.rng.randint(1, 3))]


def _recommendations(w: Writer, theme: str, body: str, rng: random.Random, when: date
                     ) -> list[dict]:
    w.heading("Recommendations", 2)
    out = []
    deadline = f"By {long_date(date(when.year + 1, 3, 31))}"
    texts = [f"{deadline}, {body}.",
             "Within six months, chief constables should review how their forces record "
             "this information, and share the results with the National Police Chiefs’ Council."]
    for n, text in enumerate(texts, start=1):
        page = w.doc.box(f"Recommendation {n}", text)
        out.append({"file": w.file, "kind": "recommendation", "number": n, "text": text,
                    "page": page, "deadline": deadline.lower() if n == 1 else "within six months"})
    return out


def _table(w: Writer, theme: str, covered: list[ForceWorld]) -> None:
    w.number_prefix = ""
    w.doc.new_page()
    w.heading("Annex A: Figures by force")
    unit = {"online": "Average wait (days)", "custody": "Strip searches of children",
            "missing": "Children missing three or more times"}[theme]
    rows = [[x.name, number(x.thematic[theme])] for x in sorted(covered, key=lambda x: x.name)]
    for start in range(0, len(rows), 30):
        w.doc.table(["Force", unit], rows[start:start + 30], [100, 60])
