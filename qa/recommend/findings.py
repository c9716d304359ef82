"""Later inspections' findings on a record: the part of a re-inspection or review that returns
to one recommendation or cause of concern, and the grade it quotes.

Owns finding those parts by their structure (a short line naming a recommendation or cause of
concern, usually with its number and the report's year, then the recommendation quoted, then
what inspectors found, to the next such line or chapter) and reading the grade sentence in
them (achieved, partially achieved, not achieved). Deciding which record a part is about is
track's; a grade is only ever quoted from these parts of an inspectorate's document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.types import Document

_REFERENCE = re.compile(r"\b(recommendation|cause of concern)\b(?:\s+(?:no\.?\s*)?(\d{1,3}))?",
                        re.I)
# The recommendation as quoted: between double quotes (single ones are apostrophes too often).
_QUOTED = re.compile(r"“([^”]{20,})”|\"([^\"]{20,})\"")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_GRADE = re.compile(r"\b(?:(not(?: yet)?|partially|partly|fully)\s+)?(achieved)(?![a-z])", re.I)
_SENTENCE_END = re.compile(r"[.!?][”\"’)¹²³⁴⁵⁶⁷⁸⁹⁰]*(?=\s)")
_MAX_REFERENCE_WORDS = 14


@dataclass(frozen=True)
class Part:
    """The span of a document that returns to one earlier record."""

    doc: Document
    start: int
    end: int
    kind: str  # "recommendation" or "cause of concern"
    number: int | None
    year: str  # the year of the report it names, if any
    quoted: str  # the recommendation's words as quoted, if they are


def parts(doc: Document) -> list[Part]:
    """The parts of `doc` that each return to one recommendation or cause of concern."""
    text = doc.text
    starts = [s for s, e in lines(text) if _is_reference(text, s, e)]
    chapters = [b.start for b in doc.blocks if b.kind == "heading" and b.level == 1
                and not _is_reference(text, b.start, b.end)]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        end = min([c for c in chapters if start < c < end] or [end])
        line_end = text.find("\n", start)
        line = text[start:line_end if line_end != -1 else len(text)]
        ref = _REFERENCE.search(line)
        quoted = _QUOTED.search(text, line_end if line_end != -1 else start, min(end, start + 2000))
        year = _YEAR.search(line)
        kind = "cause of concern" if ref.group(1).lower().startswith("cause") \
            else "recommendation"
        out.append(Part(doc, start, end, kind, int(ref.group(2)) if ref.group(2) else None,
                        year.group(0) if year else "",
                        (quoted.group(1) or quoted.group(2)) if quoted else ""))
    return out


def lines(text: str):
    """(start, end) of each non-blank line of the text."""
    at = 0
    while at < len(text):
        nl = text.find("\n", at)
        end = len(text) if nl == -1 else nl
        if text[at:end].strip():
            yield at, end
        at = end + 1


def _is_reference(text: str, start: int, end: int) -> bool:
    """A short line that names a recommendation or cause of concern and ends no sentence: the
    heading of a part that returns to it."""
    line = text[start:end].strip()
    ref = _REFERENCE.search(line)
    if ref is None or len(line.split()) > _MAX_REFERENCE_WORDS or line.endswith((".", ":")):
        return False
    # "2. Our findings on each recommendation" names none in particular: a number or a year
    # must say which, or the next line must quote it.
    if ref.group(2) or _YEAR.search(line):
        return True
    following = text[end:end + 3].lstrip()
    return following[:1] in "“\"‘"


def grade(doc: Document, part: Part) -> tuple[str, int, int] | None:
    """The grade a part gives, as (grade, start, end of the sentence that gives it); the last
    one when there are several (the conclusion)."""
    text = doc.text
    hits = list(_GRADE.finditer(text, part.start, part.end))
    if not hits:
        return None
    hit = hits[-1]
    modifier = (hit.group(1) or "").lower()
    value = "not achieved" if modifier.startswith("not") else \
        "partially achieved" if modifier in ("partially", "partly") else "achieved"
    start = _sentence_start(text, part.start, hit.start())
    end = hit.end()
    if end < len(text) and text[end] == ".":
        end += 1
    return value, start, end


def _sentence_start(text: str, floor: int, at: int) -> int:
    """Where the sentence holding `at` begins: after the last full stop, or the last line
    break that ends a line of its own (a heading, a sentence), not one that wraps a line."""
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, at):
        start = m.end()
    nl = text.rfind("\n", start, at)
    while nl > start:
        before = text[text.rfind("\n", 0, nl) + 1:nl].rstrip()
        if not before or before[-1] in ".!?:”\"’" or len(before.split()) <= 8:
            start = nl + 1
            break
        nl = text.rfind("\n", start, nl)
    while start < at and text[start].isspace():
        start += 1
    return start
