"""Which documents the filters keep, and which they leave out only for lacking a field.

Owns the document-level filters (organisation, document type, date range; forces are the
chunks' and retrieve's) and the count of documents a filter on a field leaves out because they
have none (no type, no date), which the answer reports. Turning them into chunk masks is left
to retrieve.
"""
from __future__ import annotations

from dataclasses import replace

from qa.types import Document, Filters, Metadata

# Each field a filter selects on: its name as the reader knows it, the Metadata field, and
# the filters that select on it, cleared
_FIELDS = (("document type", "doc_type", {"doc_types": ()}),
           ("date", "published", {"since": "", "until": ""}),
           ("organisation", "organisation", {"organisations": ()}))


def lowered(filters: Filters) -> Filters:
    """The filters as `passes` compares them: organisations and types in lower case."""
    return replace(filters, organisations={o.lower() for o in filters.organisations},
                   doc_types={t.lower() for t in filters.doc_types})


def passes(meta: Metadata, f: Filters) -> bool:
    """The document-level filters (forces are the chunks'); `f` is `lowered`."""
    if f.organisations and meta.organisation.lower() not in f.organisations:
        return False
    if f.doc_types and meta.doc_type.lower() not in f.doc_types:
        return False
    if f.since or f.until:
        date = meta.published
        if not date:
            return False
        if f.since and date < f.since[:len(date)]:
            return False
        if f.until and date[:len(f.until)] > f.until:
            return False
    return True


def on_fields(filters: Filters) -> bool:
    """The filters select on a document field (type, date, organisation), not only forces."""
    return any(getattr(filters, k) for _, _, clear in _FIELDS for k in clear)


def unlabelled(documents: list[Document], filters: Filters,
               about: set[int] | None = None) -> dict[str, int]:
    """For each field the filters select on (type, date, organisation), how many documents
    lack it and are left out for that alone: they pass every filter on what they have (and,
    when `about` is given, are among those documents: about a force filtered on)."""
    on = [(name, field, clear) for name, field, clear in _FIELDS
          if any(getattr(filters, k) for k in clear)]
    if not on:
        return {}
    low = lowered(filters)
    counts = {name: 0 for name, _, _ in on}
    for d, doc in enumerate(documents):
        lacking = [(name, clear) for name, field, clear in on if not getattr(doc.meta, field)]
        if not lacking or (about is not None and d not in about):
            continue
        if passes(doc.meta, replace(low, **{k: v for _, clear in lacking
                                            for k, v in clear.items()})):
            for name, _ in lacking:
                counts[name] += 1
    return {name: n for name, n in counts.items() if n}
