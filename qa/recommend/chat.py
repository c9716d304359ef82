"""Chat questions about what the inspectorate recommended to a force (and whether it was done),
answered from the tracker's records rather than by searching passages.

Owns recognising such a question (it asks about recommendations or causes of concern of a force
the tracker has records for), choosing the records its topic is about (by meaning, among that
force's), and the cited answer: each record quoted from its report, then the force's response
and the later inspection's grade when confident links give them, and a plain "none found" when
they do not. Any other question is left to the engine's usual answering.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from qa.ask import genres
from qa.ask.kinds import SHOWS, WANTS
from qa.index.keywords import terms
from qa.recommend import select
from qa.recommend.records import Link, Recommendation, topic_words
from qa.types import Answer, Chunk, Citation, Document, Passage

_COUNTS = re.compile(r"\bhow many\b|\bnumber of\b", re.I)
_ASKS = re.compile(r"\b(recommend\w*|causes? of concern|concerns? (?:raised|identified))\b",
                   re.I)
MAX_RECORDS = 10  # the most records one answer lists
TOPIC_MARGIN = 0.05  # records this close to the best match for the topic are listed with it
TOPIC_FLOOR = 0.4  # below this (cosine and shared terms) no record is about the topic: the
#   usual search answers
W_WORDS = 0.3  # weight of the share of the topic's rarer terms a record holds, beside its cosine


def may_ask(question: str, demands: bool = True) -> bool:
    """The question asks about recommendations or causes of concern, or (with `demands`) what
    the inspectorate wanted the force to do (but not how many there are: that is answered from
    the report's own count, by the usual search)."""
    return bool(_ASKS.search(question) or (demands and genres.demanded(question))) \
        and not _COUNTS.search(question)


def answer(question: str, text: str, forces: tuple[str, ...], generation: Path,
           documents: list[Document], embed, named: tuple[str, ...] = (),
           demands: bool = True) -> Answer | None:
    """The tracker's answer to a question about one force's recommendations, or None when the
    question is not one (or the tracker knows nothing of that force). `text` is the question
    with force names taken out; `embed` turns a text into a normalised vector; `named` the
    forces the conversation names (when the Forces filter holds another, the usual answer
    says so: the tracker does not answer for a force not asked about); `demands`: whether
    asking what the inspectorate wanted the force to do counts (Rules.demanded)."""
    if len(forces) != 1 or not (may_ask(question, demands) or may_ask(text, demands)) \
            or (named and forces[0] not in named):
        return None
    found = [r for r in select.of_generation(generation) if r.force == forces[0]]
    if not found:
        return None
    chosen, topical = _about(text, found, embed, select.vectors_of_generation(generation))
    if not chosen:  # none is about the topic: what the documents say of it is searched
        return None
    docs = {d.doc_id: d for d in documents}
    sentences, citations = [], []
    for record in chosen:
        sentences.append(_say(record, docs, citations))
    head = (f"HMICFRS made {len(chosen)} recommendation{'s' if len(chosen) > 1 else ''} or "
            f"cause{'s' if len(chosen) > 1 else ''} of concern to {forces[0]} on this:"
            if topical else
            f"HMICFRS made {len(found)} recommendations and causes of concern to {forces[0]}"
            + (":" if len(chosen) == len(found) else f"; the first {len(chosen)}:"))
    return Answer(question, " ".join([head, *sentences]), False, tuple(citations),
                  _evidence(citations, _asked_first(question)), forces=forces,
                  notice="Answered from the recommendations tracker: each recommendation, "
                  "response and grade is quoted from its document.")


def _asked_first(question: str):
    """Which citations answer what the question asks, to be listed first: a later
    inspection's grade for "has it been achieved?", the force's response for "how did they
    respond?" (None: the record first, as cited)."""
    asked = genres.asked(question)
    if WANTS["status"].search(question) or "follow-up" in asked:
        return lambda c: bool(SHOWS["status"].search(c.quote))
    if "response" in asked:
        return lambda c: "response" in genres.of_document(c.doc.meta, c.doc.file)
    return None


def _evidence(citations: list[Citation], first=None) -> tuple[Passage, ...]:
    """The cited spans as the answer's ranked evidence: in citation order, those `first`
    selects (what the question asks for) before the rest."""
    ordered = sorted(citations, key=lambda c: not first(c)) if first else citations
    return tuple(Passage(rank, 1.0, Chunk(c.doc.doc_id, c.page, c.start, c.end, c.quote,
                                          c.section, c.page_label), c.doc)
                 for rank, c in enumerate(ordered, start=1))


def _about(text: str, found: list[Recommendation], embed,
           made: dict | None = None) -> tuple[list[Recommendation], bool]:
    """The records the question's topic is about, the closest first, and whether it names one
    (when it does not: all of them in order, up to MAX_RECORDS). A record named by number is
    the one asked about. `made`: the records' vectors made at ingest (records.read_vectors)."""
    named = {(kind, int(n)) for kind, _, n in (label.rpartition(" ")
                                               for label in genres.numbered(text))}
    if named:
        return [r for r in found if (r.kind, r.number) in named], True
    topic = [w for w in re.findall(r"[a-z]{2,}", genres.without_demand(text).casefold())
             if w not in genres.NOT_TOPIC]
    ordered = sorted(found, key=lambda r: (r.kind != "recommendation", r.number))
    if not topic:
        return ordered[:MAX_RECORDS], False
    query = np.asarray(embed(" ".join(topic)), dtype=np.float32).ravel()
    words = _shared_words(topic, ordered)
    scored = []
    for r in ordered:
        scored.append((float(query @ _record_vector(r, embed, made or {})) +
                       W_WORDS * words[id(r)], r))
    best = max(s for s, _r in scored)
    if best < TOPIC_FLOOR:
        return [], True
    close = sorted((sr for sr in scored if sr[0] >= best - TOPIC_MARGIN), key=lambda sr: -sr[0])
    return [r for _s, r in close][:MAX_RECORDS], True  # the closest first


def _shared_words(topic: list[str], records: list[Recommendation]) -> dict[int, float]:
    """Per record, the share of the topic's terms its heading and text hold, each term
    weighed by how few of the force's records hold it (one all of them hold weighs nothing):
    "taking children into police protection" is the record under "Police protection powers",
    though the records' vectors, each naming the force and "children", are all alike."""
    held = {id(r): set(terms(f"{r.section} {r.text}")) for r in records}
    wanted = set(terms(" ".join(topic)))
    n = len(records)
    # (a term no record holds weighs most, as one record would: a topic the records hardly
    # speak of shares little with any, and stays nearer the floor)
    weight = {t: math.log(n / max(1, sum(t in h for h in held.values()))) for t in wanted}
    total = sum(weight.values()) or 1.0
    return {key: sum(weight[t] for t in wanted & h) / total for key, h in held.items()}


_VECTORS: dict[str, np.ndarray] = {}  # a record's words -> its vector, made once
_VECTORS_LIMIT = 20_000


def _record_vector(record: Recommendation, embed, made: dict) -> np.ndarray:
    """The vector of a record's area, section and text: made at ingest, else embedded once
    per process (a force has a dozen records: embedding them for a question cost 50 ms)."""
    words = topic_words(record)
    vec = made.get(words)
    if vec is not None:
        return vec
    vec = _VECTORS.get(words)
    if vec is None:
        vec = np.asarray(embed(words), dtype=np.float32).ravel()
        if len(_VECTORS) >= _VECTORS_LIMIT:
            _VECTORS.clear()
        _VECTORS[words] = vec
    return vec


def _cite(doc: Document | None, start: int, end: int, citations: list[Citation]) -> str:
    if doc is None:
        return ""
    n = len(citations) + 1
    citations.append(Citation(n, doc, doc.page_at(start), doc.text[start:end], start, end,
                              doc.page_label_at(start), doc.section_at(start)))
    return f" [{n}]"


def _say(record: Recommendation, docs: dict, citations: list[Citation]) -> str:
    """One record in words: what was asked, what the force said, what inspectors found."""
    year = record.published[:4]
    parts = [f"{record.label}{' (' + year + ')' if year else ''}: “{_one_line(record.text)}”"
             f"{_cite(docs.get(record.doc_id), record.start, record.end, citations)}."]
    response = record.response
    if response is not None and response.confident:
        marker = _cite(docs.get(response.doc_id), response.start, response.end, citations)
        parts.append(f"The force's response: “{_one_line(response.quote)}”{marker}.")
    else:
        parts.append("No response from the force to it was found.")
    finding: Link | None = record.finding
    if finding is not None:
        marker = _cite(docs.get(finding.doc_id), finding.status_start, finding.status_end,
                       citations)
        parts.append(f"The {finding.doc_type or 'later inspection'} ({finding.published[:4]}) "
                     f"graded it: “{_one_line(finding.status_quote)}”{marker}.")
    else:
        parts.append("No later inspection has graded it yet.")
    return " ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split()).rstrip(".")
