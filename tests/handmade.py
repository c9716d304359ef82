"""Hand-written documents and passages for unit tests of the answering stage: no index, no
model. Each sentence's cosine with the question is set by hand, so a test controls exactly the
evidence a rule sees."""
from __future__ import annotations

import re

from qa.ask.compose import build_answer
from qa.ask.rules import DEFAULT, Rules
from qa.ask.sentences import Candidate
from qa.ask.understand import understand
from qa.ingest.chunking import sentence_spans
from qa.types import Chunk, Document, Metadata, Page, Passage


def document(text: str, doc_id: str = "d1", force: str = "", title: str = "") -> Document:
    """A one-page document of `text`."""
    return Document(doc_id, f"{doc_id}.txt", text, (Page(1, 0, len(text)),),
                    Metadata(title=title, force=force))


def passage(doc: Document, rank: int = 1, similarity: float = 0.5, cosines: dict | None = None,
            default: float = 0.5) -> Passage:
    """The whole document as one retrieved passage; a sentence's cosine is `default` unless a
    key of `cosines` is found in it."""
    cosines = cosines or {}
    spans = tuple((s, e, next((v for k, v in cosines.items() if k in doc.text[s:e]), default))
                  for s, e in sentence_spans(doc.text, 0, len(doc.text)))
    chunk = Chunk(doc.doc_id, 1, 0, len(doc.text), doc.text)
    return Passage(rank, 0.0, chunk, doc, similarity, spans)


def cand(p, text: str, score: float = 1.0, coverage: float = 0.5, named: bool = False,
         graded: bool = False) -> Candidate:
    """A candidate for the sentence `text` of passage `p`, scored by hand."""
    start = p.doc.text.index(text)
    return Candidate(p, start, start + len(text), text, score, coverage, 0.5,
                     p.doc.meta.force, named, graded)


def answer(question: str, passages, rules: Rules = DEFAULT, forces=(), history=(),
           given=frozenset()):
    """The answer built from hand-written passages (every term weighs the same: no idf);
    `given`: the quotes earlier answers in the conversation gave."""
    q = understand(question, tuple(history), rules)
    return build_answer(q, passages, {}, 10, tuple(forces), rules=rules, given=given)


def assert_grounded(a):
    """Every sentence ends with a marker, every marker has a citation, every quote is exact."""
    assert a.citations and not a.refused
    by_n = {c.n: c for c in a.citations}
    pieces = re.split(r" \[(\d+)\]", a.text)
    assert not pieces[-1].strip(" .!?;:\"'”’)")  # nothing after the last marker
    assert sorted(int(n) for n in pieces[1::2]) == sorted(by_n) == list(range(1, len(by_n) + 1))
    for before, n in zip(pieces[0:-1:2], pieces[1::2]):
        c = by_n[int(n)]
        assert c.doc.text[c.start:c.end] == c.quote
        assert before.lstrip(" .!?;:\"'”’)").rstrip() in c.quote  # the text before it is its quote
        assert c.page == c.doc.page_at(c.start)
