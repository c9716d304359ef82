"""When a document was published, as it says itself: "when was the thematic published?" is
answered first by the line of the document's opening that dates it ("Published 26 April 2024",
a cover's date alone on its line), cited on its page. A cover is never chunked (it answers
nothing else), so no search finds that line; the document the answer rests on is read for it
instead, as the ingest read it for its date (qa/ingest/dates.py).

Owns whether a question asks when a document was published, and that line as a sentence to
cite. Which documents rank first is retrieve's; the answer around it compose's.
"""
from __future__ import annotations

import re

from qa.ask.sentences import Candidate
from qa.ask.titles import own_title
from qa.ask.understand import Query
from qa.ingest.dates import cover_date_line
from qa.types import Passage

_PUBLISHING = re.compile(r"\b(publish\w*|publication|released?|came out|come out)\b", re.I)
# What is published: a document, not a policy, guidance or a person released from custody.
_DOCUMENT = re.compile(r"\b(reports?|re-?inspections?|inspections?|reviews?|thematics?|"
                       r"plans?|responses?|statements?|articles?|letters?|stor(?:y|ies)|"
                       r"publications?|it|they|this|that)\b", re.I)


def says_published(text: str) -> bool:
    """The sentence speaks of publishing ("We published our report on 28 August 2022")."""
    return bool(_PUBLISHING.search(text))


def asks_published(query: Query) -> bool:
    """The question asks when a document was published (one question, not one of several):
    "when was the report published?", "the thematic's publication date", "when did it come
    out?" (a follow-up's "it" is the document talked about)."""
    return "date" in query.wants and not query.parts \
        and bool(_PUBLISHING.search(query.question)) and bool(_DOCUMENT.search(query.question))


def dated_line(passage: Passage) -> Candidate | None:
    """The date line of the passage's document, as a sentence after words naming the document,
    when it agrees with the document's date (the one the index holds, which a catalog may have
    given); None when there is none. It weighs nothing in the evidence (similarity and
    coverage 0): whether to answer stays the sentences' decision."""
    doc = passage.doc
    found = cover_date_line(doc.text)
    if not found or not doc.meta.published or not found[2].startswith(doc.meta.published):
        return None
    start, end, _ = found
    title = re.sub(r"\s*\[\d+\]", "", own_title(doc.meta.title)).strip() or doc.file
    where = "The first page of" if len(doc.pages) > 1 else "The opening of"
    return Candidate(passage, start, end, doc.text[start:end], 0.0, 0.0, 0.0, doc.meta.force,
                     lead=f"{where} {title} reads:")
