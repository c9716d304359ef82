"""A force's re-inspection or post-inspection review (PDF, shorter, a year or two after the
inspection): it returns to each earlier recommendation and cause of concern, says what it found,
and gives its status ("achieved", "partially achieved", "not achieved") in one of several
wordings.

Owns that document's structure and where its facts go; layout is library_pdf's.
"""
from __future__ import annotations

import random
from pathlib import Path

from bench.library_ledger import Ledger
from bench.library_pdf import PdfDoc
from bench.library_report import slug
from bench.library_topics import AREAS, STATUSES
from bench.library_words import INSP, has, say
from bench.library_world import ForceWorld, Rec, long_date, slots
from bench.library_write import Writer, doc_record, finish, pdf_metadata

HEADS = ("Recommendation {n} from the {year} inspection report",
         "Recommendation {n} ({year} inspection)",
         "Original recommendation {n}")
CAUSE_HEADS = ("Cause of concern {n} from the {year} inspection report",
               "Cause of concern {n} ({year})")
FINDING_HEADS = ("Re-inspection findings", "What we found", "Progress since our inspection",
                 "Our findings")


def write_followup(world: ForceWorld, corpus: Path, ledger: Ledger, seed: int,
                   size: str) -> dict:
    """Write the follow-up report; record its findings; return its metadata."""
    rng = random.Random(f"{seed}:followup:{world.name}")
    follow = world.followup
    review = follow.kind == "post-inspection review"
    what = "post-inspection review" if review else "re-inspection"
    title = rng.choice((f"{world.name}: Child protection {what}",
                        f"A {what} of child protection in {world.name}"))
    file = rng.choice((f"inspections/{slug(world.name)}-{slug(follow.kind)}-"
                       f"{follow.published.year}.pdf",
                       f"reports/{slug(follow.kind)}_{world.info.short[0].replace(' ', '_')}.pdf"))
    doc = PdfDoc(header=title, footer=rng.choice(("{n}", "Page {n}")),
                 labels=rng.random() < 0.3, family=rng.choice(("sans", "serif")))
    w = Writer(doc, ledger, file, world.name, rng, vocab=AREAS[0].vocab)
    doc.new_page("none")
    doc.y = 70
    doc.center("HMICFRS", 24, "B")
    doc.center(title, 18, "B", gap=8)
    doc.center(long_date(follow.published), 11)
    doc.new_page("arabic")
    _introduction(w, world, rng)
    _each(w, world, rng, world.recs, HEADS)
    if world.causes:
        _each(w, world, rng, world.causes, CAUSE_HEADS)
    _developments(w, world, rng, size)
    meta = pdf_metadata(rng, title, "HMICFRS", follow.published,
                        f"{follow.kind} {world.info.short[0]} final.docx")
    finish(w, corpus, meta)
    source = f"https://www.justiceinspectorates.gov.uk/hmicfrs/publications/{slug(title)}/"
    return doc_record(file, title, "HMICFRS", world.name, follow.kind, follow.published,
                      source, meta)


def _introduction(w: Writer, world: ForceWorld, rng: random.Random) -> None:
    w.heading("1. Introduction")
    w.number_prefix, w.numbered = "1", 0
    w.filler(2, 4)
    w.fact("published", INSP, **slots(world, "published"))
    w.fact("reinspection", INSP, **slots(world, "reinspection"))
    w.filler(2, 4)
    w.fact("achieved", INSP, **slots(world, "achieved"))
    hmi = world.followup.hmi
    w.doc.para(f"This report was led by {hmi.rank} {hmi.name}.")
    w.filler(2, 4)
    w.heading("2. Our findings on each recommendation")
    w.number_prefix = ""


def _each(w: Writer, world: ForceWorld, rng: random.Random, items: list[Rec],
          heads: tuple[str, ...]) -> None:
    year = world.published.year
    head = rng.choice(heads)
    findings_head = rng.choice(FINDING_HEADS)
    for rec in items:
        w.vocab = next(a.vocab for a in AREAS if a.title == rec.topic.area)
        w.heading(head.format(n=rec.number, year=year), 2)
        w.doc.para(f"“{rec.text}”", style="I")
        w.heading(findings_head, 3)
        found = rec.topic.findings[STATUSES.index(rec.status)]
        w.doc.para(f"{found[0].upper()}{found[1:]}. " + _filler(w), keep=True)
        sentence, phrase = say(rng, "status", INSP, kind=rec.kind, status=rec.status)
        fact = f"finding:{'rec' if rec.kind == 'recommendation' else 'cause'}:{rec.number}"
        alone = rng.random() < 0.5 or not sentence.endswith(".")
        w.statement(fact, sentence, phrase, alone=alone)
        if rng.random() < 0.4:
            w.filler(2, 4)


def _filler(w: Writer) -> str:
    from bench.library_filler import paragraph
    return paragraph(w.rng, w.vocab, 1, 3)


def _developments(w: Writer, world: ForceWorld, rng: random.Random, size: str) -> None:
    w.heading("3. Other developments")
    w.number_prefix, w.numbered = "3", 0
    w.vocab = AREAS[0].vocab
    for kind, _ in world.actions:
        if has(f"action:{kind}", INSP):
            w.filler(1, 3)
            w.fact(f"action:{kind}", INSP, **slots(world, f"action:{kind}"))
    for _ in range(rng.randint(20, 40) if size == "full" else rng.randint(3, 6)):
        w.filler(3, 6)
    w.heading("4. Conclusion")
    w.number_prefix, w.numbered = "4", 0
    for _ in range(rng.randint(3, 8) if size == "full" else 2):
        w.filler(3, 6)
