"""What every PDF writer of the development library shares: putting a fact's sentence into a
paragraph of filler and recording where it landed, numbered paragraphs, footnotes, and the PDF's
metadata (honest, or lying the ways real files lie).

Owns `Writer` (one PDF's writing session) and `pdf_metadata`. Which facts go where is the job of
each document's module.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.library_filler import paragraph
from bench.library_ledger import Ledger
from bench.library_pdf import PdfDoc
from bench.library_words import say

FOOTNOTES = (
    "Home Office (2023) Police powers and procedures: England and Wales.",
    "HM Government (2018) Working Together to Safeguard Children.",
    "College of Policing, Authorised Professional Practice on child abuse.",
    "Data provided by the force for the 12 months before our inspection.",
    "Department for Education, Characteristics of children in need, 2022.",
    "National Police Chiefs’ Council, Child Protection and Abuse Investigation guidance.",
    "Office for National Statistics, mid-year population estimates.",
)


@dataclass
class Writer:
    """One PDF being written about one force (or none), recording every fact it states."""

    doc: PdfDoc
    ledger: Ledger
    file: str
    force: str
    rng: random.Random
    vocab: tuple[str, ...] = ("its safeguarding arrangements",)
    number_prefix: str = ""  # "4" makes paragraphs "4.1", "4.2", ...
    numbered: int = 0

    def prefix(self) -> str:
        if not self.number_prefix:
            return ""
        self.numbered += 1
        return f"{self.number_prefix}.{self.numbered} "

    def filler(self, low: int = 3, high: int = 6, keep: bool = False) -> None:
        note = self.rng.choice(FOOTNOTES) if keep and self.rng.random() < 0.15 else ""
        self.doc.para(self.prefix() + paragraph(self.rng, self.vocab, low, high), keep=keep,
                      footnote=note)

    def fact(self, fact: str, author: str, about: str | None = None, alone: bool = False,
             words: str = "", **slots) -> str:
        """A paragraph stating `fact` in `author`'s words (the pool `words`, else the fact's
        own) among filler; returns the phrase."""
        sentence, phrase = say(self.rng, words or fact, author, **slots)
        self.statement(fact, sentence, phrase, about, alone)
        return phrase

    def statement(self, fact: str, sentence: str, phrase: str, about: str | None = None,
                  alone: bool = False) -> int:
        """Write `sentence` (holding `phrase`) in a paragraph; record it under `fact`."""
        if alone:
            text = sentence
        else:
            before = paragraph(self.rng, self.vocab, 0, 2) if self.rng.random() < 0.6 else ""
            after = paragraph(self.rng, self.vocab, 0, 2) if self.rng.random() < 0.6 else ""
            text = " ".join(p for p in (before, sentence, after) if p)
        note = self.rng.choice(FOOTNOTES) if self.rng.random() < 0.1 else ""
        page = self.doc.para(self.prefix() + text, keep=True, footnote=note)
        self.ledger.add(self.force if about is None else about, fact, self.file, phrase, page)
        return page

    def heading(self, text: str, level: int = 1) -> str:
        """A heading; returns the printed label of its page (for the contents)."""
        self.doc.heading(text, level)
        return self.doc.printed[-1] or str(self.doc.page)


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    created: datetime
    lie: str  # "", "placeholder" or "later"


def pdf_metadata(rng: random.Random, title: str, author: str, published: date,
                 draft_name: str) -> PdfMeta:
    """The metadata a PDF carries: mostly true, sometimes a placeholder creation date
    (D:20000101...), a creation date after publication, or a word processor's file name."""
    roll = rng.random()
    shown_title = title if roll < 0.6 else (f"Microsoft Word - {draft_name}" if roll < 0.85
                                            else "")
    shown_author = author if rng.random() < 0.7 else rng.choice(("", "k.hartigan", "Admin",
                                                                  "HMICFRS Publications"))
    roll = rng.random()
    if roll < 0.15:
        return PdfMeta(shown_title, shown_author, datetime(2000, 1, 1), "placeholder")
    if roll < 0.3:
        later = published + timedelta(days=rng.randint(200, 900))
        return PdfMeta(shown_title, shown_author, datetime(later.year, later.month, later.day,
                                                           9, 30), "later")
    made = published - timedelta(days=rng.randint(1, 12))
    return PdfMeta(shown_title, shown_author, datetime(made.year, made.month, made.day, 14, 5),
                   "")


def finish(writer: Writer, corpus: Path, meta: PdfMeta) -> None:
    """Write the PDF and record its pages in the ledger."""
    pages = writer.doc.finish(corpus / writer.file, meta.title, meta.author, meta.created)
    writer.ledger.pages[writer.file] = pages


def doc_record(file: str, title: str, organisation: str, force: str, doc_type: str,
               published: date, source: str, meta: PdfMeta | None = None,
               forces: list[str] | None = None) -> dict:
    """The true metadata of a document (truth/documents.jsonl, and the catalog's rows)."""
    return {"file": file, "title": title, "organisation": organisation, "force": force,
            "doc_type": doc_type, "published": published.isoformat(), "source": source,
            "forces": forces if forces is not None else ([force] if force else []),
            "pdf_created": meta.created.date().isoformat() if meta else "",
            "metadata_lie": meta.lie if meta else ""}
