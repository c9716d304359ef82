"""The web app's filters: turning the form values (forces, document types, date range) into a
Filters record, saying what is wrong with them in words, and checking that some document
passes them before a question is asked.

Owns only the translation and the checks; the filtering itself is the retriever's.
"""
from __future__ import annotations

import re

from qa.types import Filters

_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
DATE_HELP = "Write dates as 2023, 2023-09 or 2023-09-04."


def is_date(value: str) -> bool:
    """True for the dates the filters understand: 2023, 2023-09 or 2023-09-04."""
    return bool(_DATE.fullmatch(value))


def make_filters(forces=None, doc_types=None, since: str = "", until: str = "") \
        -> tuple[Filters, str]:
    """(Filters, problem): the problem is '' when the values are usable."""
    since, until = (since or "").strip(), (until or "").strip()
    for label, value in (("From", since), ("To", until)):
        if value and not is_date(value):
            shown = value if len(value) <= 40 else value[:40] + "…"  # never echo a flood
            return Filters(), f"“{label}” date “{shown}” is not a date. {DATE_HELP}"
    if since and until and since > until[:len(since)]:
        return Filters(), f"The “From” date {since} is after the “To” date {until}."
    return Filters(forces=tuple(forces or ()), doc_types=tuple(doc_types or ()),
                   since=since, until=until), ""


def describe(filters: Filters) -> str:
    """'Wiltshire Police · news article · from 2023' or '' when nothing is filtered."""
    parts = []
    if filters.forces:
        parts.append(", ".join(filters.forces))
    if filters.doc_types:
        parts.append(", ".join(filters.doc_types))
    if filters.since and filters.until:
        parts.append(f"{filters.since} to {filters.until}")
    elif filters.since:
        parts.append(f"from {filters.since}")
    elif filters.until:
        parts.append(f"up to {filters.until}")
    return " · ".join(parts)


def any_document_matches(engine, filters: Filters) -> bool:
    """True if at least one indexed passage passes the filters."""
    return engine.matches(filters)


def no_match_message(filters: Filters) -> str:
    if filters.is_empty():
        return "No documents are indexed yet: add some in the Library tab."
    return (f"No documents match these filters ({describe(filters)}). Widen or clear the "
            "filters to search the whole library.")


def to_dict(filters: Filters) -> dict:
    return {"forces": list(filters.forces), "doc_types": list(filters.doc_types),
            "since": filters.since, "until": filters.until}
