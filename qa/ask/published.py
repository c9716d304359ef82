"""When a document was published, as it says itself: "when was the thematic published?" is
answered first by the line of the document's opening that dates it ("Published 26 April 2024",
a cover's date alone on its line), cited on its page. A cover is never chunked (it answers
nothing else), so no search finds that line; the documents the search ranked first are read
for it instead, as the ingest read them for their date (qa/ingest/dates.py).

Owns whether a question asks when something was published, and that line as a sentence to
cite. Which documents rank first is retrieve's; the answer around it compose's.
"""
from __future__ import annotations

import re

from qa.ask.sentences import Candidate
from qa.ask.understand import Query
from qa.ingest.dates import cover_date_line
from qa.types import Passage

_ASKS = re.compile(r"\b(publish\w*|publication|released?|came out|come out)\b", re.I)
DOCUMENTS = 3  # the documents of the first passages read for their date line


def says_published(text: str) -> bool:
    """The sentence speaks of publishing ("We published our report on 28 August 2022")."""
    return bool(_ASKS.search(text))


def asks_published(query: Query) -> bool:
    """The question asks when something was published (one question, not one of several)."""
    return "date" in query.wants and not query.parts and bool(_ASKS.search(query.question))


def dated_line(passages: list[Passage]) -> Candidate | None:
    """The date line of the first of the leading documents that dates itself, as a sentence
    under the document's title; None when none does. It weighs nothing in the evidence
    (similarity and coverage 0): whether to answer stays the sentences' decision."""
    seen: set[str] = set()
    for p in passages:
        if p.doc.doc_id in seen:
            continue
        seen.add(p.doc.doc_id)
        if len(seen) > DOCUMENTS:
            break
        found = cover_date_line(p.doc.text)
        if found:
            start, end, _ = found
            title = p.doc.meta.title or p.doc.file
            return Candidate(p, start, end, p.doc.text[start:end], 0.0, 0.0, 0.0,
                             p.doc.meta.force, lead=f"{title} is dated on its first page:")
    return None
