"""Answer sentences as cut out of passages: the Candidate record and what a sentence is.

Owns: the Candidate record, what counts as a usable sentence (a full sentence, a list item
without its marker, a table row that tells something, "X said:" and the sentence it leads to),
quotation marks left dangling, and what a candidate is about and answers. Scoring candidates is
left to scoring, choosing among them to compose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.ask import genres
from qa.ask.kinds import PARAGRAPH, shows
from qa.ask.offices import gives_office
from qa.ask.understand import Part
from qa.forces import FORCES, REFERRERS, find_forces, forces_of
from qa.index.keywords import terms
from qa.ingest.chunking import sentence_spans
from qa.types import Passage

# Terms of force names and their short forms: a question's force is no topic of its own.
FORCE_WORDS = frozenset(t for force in FORCES for name in (force.name, *force.aliases)
                        for t in terms(name))
_DOUBLE, _SINGLE = "\"“”", "'‘’"
_QUOTES = _DOUBLE + _SINGLE
# A list item's marker: a bullet, a dash, or a number, letter or roman numeral ("1.", "2)",
# "(a)", "b)", "(iv)", "(B)"); or a report's paragraph number before its first word ("7.15")
# or figure ("1.5 3 of the 8 recommendations...", not "2.5 million").
ITEM = re.compile(r"\s*([-–•*▪●◦‣]|\(?\d{1,2}[.)]|\(?([a-z]|[ivx]{1,4})\)|\(?[A-Z]\)|"
                  + PARAGRAPH + r"\.?(?=\s+[A-Z0-9]))\s+")
# A table row, its cells parted by " | " (as Word tables and PDF tables are read): an action
# plan's "area | action | owner | date | status" is an answer though it ends in no full stop.
CELL = re.compile(r" \| ")


def told_row(text: str) -> bool:
    """A table row with a cell that is a sentence ("area | action taken. | owner | date |
    status"), not a header row ("Force | Children missing three or more times") nor a row of
    figures ("Total | 94 | 18 | 64 | 12"), which mean nothing without their table."""
    cells = CELL.split(text)
    return len(cells) > 1 and any(len(c.split()) >= 4 and is_statement(c.strip())
                                  for c in cells)



@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int
    end: int
    text: str
    score: float
    coverage: float  # share of the question's weighted terms the sentence holds
    similarity: float  # cosine with the question (a named person's: its passage's, if higher)
    force: str
    named: bool = False  # names a person, and the question asks who
    graded: bool = False  # gives an inspection grade, and the question asks for one
    parts: tuple[float, ...] = ()  # coverage of each part of a multi-part question
    part_words: tuple[bool, ...] = ()  # shares a word of each part's own (not borrowed) words
    signed: bool = False  # a sign-off (name over a role) or byline, when the question asks who
    lead: str = ""  # words of the answer's own before the sentence, quoted after them
    header: str = ""  # the header row a table row is read under (the row is the text)
    row_force: str = ""  # the force a table row is about (its first cell names it): the
    #   other forces its chunk names are not


def box_text(p: Passage, reach: int = 6000) -> str:
    """The text from the heading of the numbered box (recommendation, cause of concern) the
    passage's section is under to the passage's start: a follow-up quotes the box, then gives
    its findings and status under a sub-heading of their own. Empty when not under a box."""
    for heading in reversed(p.chunk.section.split(" > ")):
        if genres.numbered(heading):
            at = p.doc.text.rfind(heading, max(0, p.chunk.start - reach), p.chunk.start + 1)
            return p.doc.text[at:p.chunk.start] if at >= 0 else ""
    return ""


def shares_term(own: set[str], said: set[str]) -> bool:
    """Some term of `own` is said, or one of its family ("inspected" and "inspectors": the
    stems inspect and inspector, one the start of the other)."""
    return bool(own & said) or any(len(a) >= 5 and len(b) >= 5 and (a.startswith(b) or
                                                                      b.startswith(a))
                                   for a in own for b in said)


def about(c: Candidate) -> set[str]:
    """The forces a candidate's passage is about: its document's and those its chunk names (a
    table row naming a force: that force)."""
    if c.row_force:
        return {c.row_force}
    chunk_forces = getattr(c.passage.chunk, "forces", ())
    return {f for f in (c.force, *chunk_forces) if f}


def elsewhere(text: str, forces: tuple[str, ...], doc_force: str = "") -> str:
    """The forces a sentence names when it names forces and none of those asked about (''
    when it names one of them, or none: "the force", "we"; or when its document, `doc_force`,
    is about one of them)."""
    if not forces or set(forces_of(doc_force)) & set(forces):
        return ""
    named = [f for f in dict.fromkeys(find_forces(text)) if f not in REFERRERS]
    if not named or set(named) & set(forces):
        return ""
    return " and ".join(named)


def answers(c: Candidate, n: int, part: Part) -> bool:
    """The sentence answers part n: gives the kind of answer it asks for and shares a word of
    the part's own, or (a part asking for no kind) shares most of its terms."""
    if part.office and not gives_office(c.text, part.office):
        return False  # "who is the chief constable": not the assistant chief constable
    if part.wants:
        return shows(c.text, part.wants) and c.part_words[n]
    return c.parts[n] >= 0.5


def is_statement(text: str) -> bool:
    """A full sentence or list item: it ends like one (headings and captions do not)."""
    return bool(re.search(r"[.!?;][\"'”’)]*$", text))


def strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a quotation mark left dangling at either end of a sentence (the first sentence of a
    quoted speech opens one it does not close). An apostrophe ("we’ve") is not a quote mark."""
    inner = text[s:e]
    if inner and inner[0] in _QUOTES and not _quote_marks(inner[1:], inner[0]):
        s += 1
    inner = text[s:e]
    if inner and inner[-1] in _QUOTES and not _quote_marks(inner[:-1], inner[-1]):
        e -= 1
    return s, e


def _quote_marks(text: str, mark: str) -> bool:
    """Whether the text holds another quotation mark of the same kind (double or single); a
    single mark between letters is an apostrophe, not a quotation mark."""
    kind = _DOUBLE if mark in _DOUBLE else _SINGLE
    return any(ch in kind and not (kind is _SINGLE and 0 < i < len(text) - 1
                                   and text[i - 1].isalpha() and text[i + 1].isalpha())
               for i, ch in enumerate(text))


def said(c: Candidate) -> Candidate | None:
    """What a sentence ending in ":" ("Deb Smith said:") leads to: the next sentence."""
    text = c.passage.doc.text
    window = min(len(text), c.end + 600)
    spans = sentence_spans(text, c.end, window)
    if not spans or (spans[0][1] == window and window < len(text)):
        return None  # no next sentence, or it runs past what was read
    s, e = strip_quotes(text, *spans[0])
    following = text[s:e]
    if not c.text.endswith(":") or not is_statement(following) or len(following.split()) < 4:
        return None
    return replace(c, start=s, end=e, text=following, named=False)


def overlaps(a: Candidate, b: Candidate) -> bool:
    if a.passage.doc.doc_id == b.passage.doc.doc_id and a.start < b.end and b.start < a.end:
        return True
    return a.text.strip().lower() == b.text.strip().lower()
