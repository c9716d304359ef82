"""The tracker built at ingest: every record of every report, linked to the force's responses
and to later inspections' findings, each link with a confidence.

Owns the matching: a response unit that names a record's number answers it (confidence 1);
otherwise units and records are paired by meaning (the cosine of the unit's closest sentence to
the record, from the vectors ingest already made) and by section (the unit sits under the
record's chapter, or opens with its section's name), each unit answering one record at most. A
later inspection's part about a record is matched by the recommendation it quotes, else by
number (and the report's year), else by meaning; its grade is quoted, never inferred. Links
below BAR are kept as "possible" with their score.
"""
from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

import numpy as np

from qa.recommend import findings, responses
from qa.recommend.extract import area_of, extract
from qa.recommend.records import Link, Recommendation, with_links
from qa.recommend.sources import is_inspectorate, is_response
from qa.types import Document

BAR = 0.6  # a link scoring below this is shown as "possible", never as fact
FLOOR = 0.5  # below this a match is not shown at all
AREA_WEIGHT = 0.15  # the unit sits under the record's chapter
LABEL_WEIGHT = 0.25  # the unit opens with the name of the record's section
QUOTED_MATCH = 0.85  # a part quoting a record this closely is about it
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of on in to for with its it by at from our we this".split())


class SpanVectors:
    """The vector of any span of an indexed document: the mean of its sentences' vectors (those
    ingest embedded), so the tracker embeds nothing of its own."""

    def __init__(self, chunks: np.ndarray, sentences: np.ndarray, vectors: np.ndarray):
        owner = np.asarray(chunks["doc"])[np.asarray(sentences["chunk"])] if len(sentences) \
            else np.zeros(0, dtype=np.int64)
        self._vectors = vectors
        self._by_doc: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        order = np.lexsort((np.asarray(sentences["start"]), owner))
        starts, ends = np.asarray(sentences["start"]), np.asarray(sentences["end"])
        bounds = np.searchsorted(owner[order], np.arange(owner.max() + 2 if len(owner) else 1))
        for d in range(len(bounds) - 1):
            rows = order[bounds[d]:bounds[d + 1]]
            self._by_doc[d] = (starts[rows], ends[rows], rows)

    def sentences(self, doc: int, start: int, end: int) -> np.ndarray:
        """Normalised vectors of the sentences of `doc` overlapping [start, end)."""
        starts, ends, rows = self._by_doc.get(doc, (np.zeros(0), np.zeros(0), np.zeros(0, int)))
        take = rows[(starts < end) & (ends > start)]
        vecs = np.asarray(self._vectors[np.sort(take)], dtype=np.float32) if len(take) else \
            np.zeros((0, self._vectors.shape[1]), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-9)

    def mean(self, doc: int, start: int, end: int) -> np.ndarray:
        vecs = self.sentences(doc, start, end)
        if not len(vecs):
            return np.zeros(self._vectors.shape[1], dtype=np.float32)
        v = vecs.mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-9)


def track(docs: list[Document], vectors: SpanVectors) -> list[Recommendation]:
    """Every record of `docs`, with its responses and findings."""
    owned = [(i, r) for i, doc in enumerate(docs) for r in extract(doc)]
    answers: dict[str, list[Link]] = defaultdict(list)
    graded: dict[str, list[Link]] = defaultdict(list)
    by_force: dict[str, list[tuple[int, Recommendation]]] = defaultdict(list)
    for i, r in owned:
        if r.force:
            by_force[r.force].append((i, r))
    record_vectors = {r.id: vectors.mean(i, r.start, r.end) for i, r in owned}
    for d, doc in enumerate(docs):
        candidates = by_force.get(doc.meta.force, [])
        if not candidates:
            continue
        if is_response(doc):
            for rid, link in _link_response(d, doc, _answered(doc, candidates), vectors,
                                             record_vectors):
                answers[rid].append(link)
        elif is_inspectorate(doc):
            for rid, link in _link_findings(d, doc, candidates, vectors, record_vectors):
                graded[rid].append(link)
    return [with_links(r, sorted(answers[r.id], key=lambda x: -x.score),
                       sorted(graded[r.id], key=lambda x: -x.score)) for _i, r in owned]


def _answered(doc: Document, candidates):
    """The records a response can answer: those of the latest report published by then (all
    of the force's when dates are unknown)."""
    reports = sorted({(r.published, r.doc_id) for _i, r in candidates})
    before = [rep for rep in reports if rep[0] and doc.meta.published
              and rep[0][:len(doc.meta.published)] <= doc.meta.published]
    if len(reports) > 1 and before:
        keep = before[-1][1]
        return [(i, r) for i, r in candidates if r.doc_id == keep]
    return candidates


def _link_response(d: int, doc: Document, candidates, vectors: SpanVectors, record_vectors):
    """(record id, link) for each unit of a response that answers a record."""
    found, used_units, done = [], set(), set()
    units = responses.units(doc)
    numbered = {(r.kind, r.number): r for _i, r in candidates}
    for u, unit in enumerate(units):
        for key in unit.cites:
            record = numbered.get(key)
            if record is not None and record.id not in done:
                found.append((record.id, _link(doc, unit.start, unit.end, 1.0, "number")))
                used_units.add(u)
                done.add(record.id)
    open_records = [r for _i, r in candidates if r.id not in done]
    pairs = []
    for u, unit in enumerate(units):
        if u in used_units or unit.cites:
            continue
        sents = vectors.sentences(d, unit.start, unit.end)
        if not len(sents):
            continue
        for r in open_records:
            pairs.append((_unit_score(unit, r, sents, record_vectors[r.id]), u, r.id))
    for score, u, rid in sorted(pairs, reverse=True):
        if score < FLOOR:
            break
        if u in used_units or rid in done:
            continue
        used_units.add(u)
        done.add(rid)
        found.append((rid, _link(doc, units[u].start, units[u].end, score,
                                 "meaning and section")))
    return found


def _unit_score(unit, record: Recommendation, sents: np.ndarray, rvec: np.ndarray) -> float:
    meaning = float((sents @ rvec).max())
    area = AREA_WEIGHT if record.area and record.area.casefold() in unit.section.casefold() \
        else 0.0
    leaf = area_of(record.section.split(" > ")[-1]) if record.section else ""
    label = LABEL_WEIGHT if unit.label and _overlap(unit.label, leaf) >= 0.5 else 0.0
    if not (area or label):  # meaning alone is never enough to state a link as fact
        return min(meaning, BAR - 0.01)
    return min(1.0, meaning + area + label)


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP}


def _link_findings(d: int, doc: Document, candidates, vectors: SpanVectors, record_vectors):
    """(record id, link) for each part of a later inspection that returns to a record."""
    others = [(i, r) for i, r in candidates if r.doc_id != doc.doc_id]
    found = []
    for part in findings.parts(doc):
        kin = [r for _i, r in others if r.kind == part.kind] or [r for _i, r in others]
        if not kin:
            continue
        record, score, how = _which(d, part, kin, vectors, record_vectors)
        if record is None or score < FLOOR:
            continue
        found.append((record.id, _finding_link(doc, part, score, how)))
    return found


def _which(d: int, part, kin: list[Recommendation], vectors: SpanVectors, record_vectors):
    """The record a part returns to, with a confidence and how it was matched."""
    if part.quoted:
        said = _norm(part.quoted)
        ratio, best = max(((_similar(said, _norm(r.text)), r) for r in kin),
                          key=lambda x: x[0])
        if ratio >= QUOTED_MATCH:
            return best, ratio, "quoted text"
    same = [r for r in kin if r.number == part.number and r.kind == part.kind]
    if part.year:
        same = [r for r in same if r.published.startswith(part.year)] or same
    if len(same) == 1:
        return same[0], 0.8 if part.year or len({r.doc_id for r in kin}) == 1 else 0.6, "number"
    pvec = vectors.mean(d, part.start, min(part.end, part.start + 600))
    scored = [(float(pvec @ record_vectors[r.id]), r) for r in kin]
    score, best = max(scored, key=lambda x: x[0])
    return best, min(score, BAR - 0.01), "meaning and section"


def _norm(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _similar(a: list[str], b: list[str]) -> float:
    """How closely two texts agree word for word, 0-1 (a quotation and its source: 1)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _link(doc: Document, start: int, end: int, score: float, how: str, **extra) -> Link:
    meta = doc.meta
    return Link(doc.doc_id, doc.file, meta.title, meta.doc_type, meta.published,
                doc.page_at(start), doc.page_label_at(start), doc.section_at(start),
                doc.text[start:end], start, end, round(score, 3), score >= BAR, how, **extra)


def _finding_link(doc: Document, part, score: float, how: str) -> Link:
    """The part from what inspectors found (after the quoted recommendation) to its grade, or
    to the end of its first paragraph when it quotes none."""
    text = doc.text
    start = part.start
    at = text.find(part.quoted, part.start, part.end) if part.quoted else -1
    if at != -1:
        line_end = text.find("\n", at + len(part.quoted), part.end)
        start = at + len(part.quoted) if line_end == -1 else line_end + 1
    found = findings.grade(doc, part)
    if found:
        start, end = min(start, found[1]), found[2]
    else:
        line_end = text.find("\n", start + 1, part.end)
        end = part.end if line_end == -1 else line_end
    while start < end and text[start].isspace():
        start += 1
    extra = {}
    if found:
        extra = dict(status=found[0], status_quote=text[found[1]:found[2]],
                     status_start=found[1], status_end=found[2])
    return _link(doc, start, end, score, how, **extra)
