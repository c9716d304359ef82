"""Who speaks in a document, as far as the tracker needs to know: the inspectorate (whose
recommendations, causes of concern and graded findings count), or a force or its commissioner
answering it (whose responses and action plans are linked, never graded).

Owns that one judgement, from the document's metadata (type, publisher, title); reading the
metadata is ingest's.
"""
from __future__ import annotations

import re

from qa.forces import canonical_force
from qa.types import Document

# Types whose authors are not the inspectorate: their words are never a recommendation or a
# grade, however they are laid out.
_NOT_INSPECTORATE = {"force response", "action plan", "news article", "pcc statement",
                     "inspectorate press release", "press release", "letter"}
_RESPONSE_TYPES = {"force response", "action plan"}
_RESPONSE_TITLE = re.compile(r"\b(response|responds|responding|action plan|our progress|"
                             r"update on)\b", re.I)
_COMMISSIONER = re.compile(r"\b(commissioner|pcc|mayor)\b", re.I)
_INSPECTORATE = re.compile(r"\b(hmicfrs|inspectorate|hmic)\b", re.I)


def is_response(doc: Document) -> bool:
    """A force's published response or action plan."""
    meta = doc.meta
    kind = meta.doc_type.casefold()
    if _COMMISSIONER.search(f"{meta.organisation} {meta.title}"):
        return False  # a commissioner's statement answers no recommendation point by point
    if kind in _RESPONSE_TYPES:
        return True
    if kind and kind not in ("", "force response"):
        return False
    by_force = bool(meta.organisation) and canonical_force(meta.organisation) is not None \
        and not _INSPECTORATE.search(meta.organisation)
    return by_force or (not _INSPECTORATE.search(meta.organisation)
                        and bool(_RESPONSE_TITLE.search(meta.title)))


def is_inspectorate(doc: Document) -> bool:
    """A report of the inspectorate: an inspection, re-inspection, review or thematic. A
    document of unknown type and publisher counts unless its title says it is a response."""
    meta = doc.meta
    if meta.doc_type.casefold() in _NOT_INSPECTORATE or is_response(doc):
        return False
    return True
