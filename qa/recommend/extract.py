"""Recommendations and causes of concern read from a report's structure.

Owns turning the recommendation boxes that structure found ("Recommendation 4", "Cause of
concern", their text) in an inspectorate's document into Recommendation records: kind, number
(the printed one, else the box's place among its kind), text with exact offsets, area (the
chapter it sits in), section, deadline, page and printed label. Finding the boxes is
ingest.structure's; linking records to responses and findings is track's. A box whose text
speaks for the force ("We accept...") is a response laid out like a recommendation: not a record.
"""
from __future__ import annotations

import re

from qa.recommend.records import Recommendation
from qa.recommend.sources import is_inspectorate
from qa.types import Document

_LABEL = re.compile(r"\s*(recommendation|cause of concern)s?\b\s*(\d{1,3})?\s*[:.–—-]?\s*",
                    re.I)
_FIRST_PERSON = re.compile(r"^\W*(we|our|us|i|accepted|agreed|this recommendation)\b", re.I)
_NUMBER_WORDS = r"\d{1,2}|one|two|three|four|six|nine|twelve|eighteen|24"
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|"
           r"december")
_DEADLINE = re.compile(
    rf"\b(immediately|within (?:the next )?(?:{_NUMBER_WORDS}) (?:weeks?|months?|years?)|"
    rf"by (?:the end of )?(?:(?:\d{{1,2}}(?:st|nd|rd|th)? )?(?:{_MONTHS})|spring|summer|"
    rf"autumn|winter) \d{{4}})", re.I)
_CHAPTER_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|chapter \w+[:.]?|part \w+[:.]?)\s+",
                             re.I)


def extract(doc: Document) -> list[Recommendation]:
    """The records of one document, in text order; none from a force's or anyone else's."""
    if not is_inspectorate(doc):
        return []
    text = doc.text
    found: list[tuple[str, int | None, int, int]] = []  # kind, printed number, start, end
    for block in doc.blocks:
        if block.kind != "recommendation":
            continue
        label = _LABEL.match(text, block.start, block.end)
        if label is None:
            continue  # areas for improvement, innovative practice: not tracked
        start, end = _trim(text, label.end(), block.end)
        if end - start < 15 or _FIRST_PERSON.match(text[start:end]):
            continue
        kind = "cause of concern" if label.group(1).lower().startswith("cause") \
            else "recommendation"
        number = int(label.group(2)) if label.group(2) else None
        found.append((kind, number, start, end))
    return _records(doc, found)


def _records(doc: Document, found) -> list[Recommendation]:
    records, seen, places = [], set(), {}
    for kind, number, start, end in found:
        places[kind] = places.get(kind, 0) + 1
        key = (kind, number if number is not None else places[kind],
               " ".join(doc.text[start:end].split()).casefold())
        if key in seen:  # the same box again (a summary listing the chapters' boxes)
            continue
        seen.add(key)
        records.append(_record(doc, kind, key[1], number is not None, start, end))
    return records


def _record(doc: Document, kind: str, number: int, numbered: bool, start: int,
            end: int) -> Recommendation:
    text = doc.text[start:end]
    section = doc.section_at(start)
    deadline = _DEADLINE.search(text)
    meta = doc.meta
    return Recommendation(
        id=f"{doc.doc_id}:{'r' if kind == 'recommendation' else 'c'}{number}", force=meta.force,
        doc_id=doc.doc_id, file=doc.file, title=meta.title, published=meta.published,
        doc_type=meta.doc_type, kind=kind, number=number, numbered=numbered, text=text,
        area=area_of(section), section=section,
        deadline=deadline.group(1) if deadline else "", page=doc.page_at(start),
        page_label=doc.page_label_at(start), start=start, end=end)


def area_of(section: str) -> str:
    """The chapter of a section path, without its number: "Initial contact"."""
    top = section.split(" > ")[0].strip() if section else ""
    return _CHAPTER_NUMBER.sub("", top).strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
