"""The parts of a force's response or action plan that may answer a record.

Owns cutting a response into units (a paragraph, a list item or a table row: a line, with the
lines it runs on into when a PDF wrapped it), reading which recommendation or cause of concern a
unit names by number ("Recommendation 3:", "In response to recommendation 3", "R3 |", "CoC 2"),
and the label it opens with ("Missing children.", "On listening to children:", a table's first
cells). Scoring units against records is track's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.recommend.findings import lines
from qa.types import Document

_SKIP_BLOCKS = ("heading", "title", "contents", "cover", "boilerplate", "footnote")
_CITES = re.compile(r"\b(?:(recommendations?|recs?\.?|cause of concern|causes of concern|coc)"
                    r"\s*(?:no\.?\s*)?(\d{1,3})|\b(r|c)\s?(\d{1,2}))\b(?![.,]\d)", re.I)
_LABEL = re.compile(r"^\s*([^.:|\n]{3,60}?)\s*(?:[.:]\s|\s\|\s)")
_MIN_WORDS = 5
_LABEL_WORDS = 4  # a lead-in naming a topic is short; a longer one is a sentence's start


@dataclass(frozen=True)
class Unit:
    """A paragraph, item or row of a response: doc.text[start:end]."""

    start: int
    end: int
    cites: tuple[tuple[str, int], ...]  # (kind, number) it names
    label: str  # the words it opens with before '.', ':' or a cell break, if short
    section: str


def units(doc: Document) -> list[Unit]:
    """The units of a response that may answer a record, in text order."""
    text = doc.text
    skip = [(b.start, b.end) for b in doc.blocks if b.kind in _SKIP_BLOCKS]
    out = []
    for start, end in _paragraphs(text, skip):
        body = text[start:end]
        if len(body.split()) >= _MIN_WORDS:
            out.append(Unit(start, end, _cited(body), _label(body), doc.section_at(start)))
    return out


def _label(body: str) -> str:
    """The words a unit opens with: a table row's first cell of words (not its number), else
    a short lead-in ended by '.' or ':' ("Missing children.", "On listening to children:")."""
    if " | " in body:
        cells = [c.strip() for c in body.split(" | ")]
        named = [c for c in cells[:2] if c and not _CITES.fullmatch(c)]
        return named[0] if named and len(named[0].split()) <= 6 else ""
    label = _LABEL.match(body)
    words = label.group(1).split() if label else []
    return " ".join(words) if 0 < len(words) <= _LABEL_WORDS else ""


def _paragraphs(text: str, skip: list[tuple[int, int]]):
    """Lines, each joined to the next when it ends mid-sentence (a wrapped line); lines of
    `skip` spans (headings, contents...) end a paragraph and belong to none."""
    start = None
    last = 0
    for at, end in lines(text):
        if any(s <= at < e for s, e in skip):
            if start is not None:
                yield start, last
            start = None
            continue
        if start is None:
            start = at
        last = end
        line = text[at:end].rstrip()
        if line[-1] in ".!?:”\"’)" or "|" in line:
            yield start, end
            start = None
    if start is not None:
        yield start, last


def _cited(body: str) -> tuple[tuple[str, int], ...]:
    """What the unit names by number, in the first part of it (a reference at its start or in
    its opening words, not one made in passing further on)."""
    found = []
    for m in _CITES.finditer(body[:120]):
        word = (m.group(1) or m.group(3) or "").lower()
        number = int(m.group(2) or m.group(4))
        kind = "cause of concern" if word.startswith(("cause", "coc", "c")) and \
            not word.startswith("rec") else "recommendation"
        found.append((kind, number))
    return tuple(dict.fromkeys(found))
