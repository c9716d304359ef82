"""Hybrid search: dense (FAISS) and BM25 results fused, within filters, without near-duplicates.

Owns: turning Filters into the set of searchable chunks, the keyword search, the fusion of both
halves (cosine and BM25 over the best BM25) with the signals that rank evidence, one search per
force when a question compares forces (and per part of a multi-part one), and keeping
syndicated copies of one passage from crowding the results (a behaviour, not a tuned rule).
The dense half is dense's, the chunks searched as pools of their own (a kind of source, a named
title, people, numbered boxes) pools', the masks they are made of masks', sentences
sentences', the search of a force's sentences for the kind of answer telling's, which documents
the filters keep doc_filters', the index format store's.
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from qa.ask import doc_filters
from qa.ask.dense import POOL, DenseSearch
from qa.ask.kinds import shows
from qa.ask.masks import ChunkMasks
from qa.ask.rules import DEFAULT, Rules
from qa.ask.pools import Pools
from qa.ask.telling import Telling
from qa.ask.understand import Query, search_terms
from qa.forces import forces_of
from qa.index.keywords import bm25_scores
from qa.index.store import IndexData
from qa.types import Filters, Passage

W_DENSE = 0.7  # the cosine's share; the keyword share and the force signal are in Rules
GIVES_KEPT = 200_000  # chunks' "gives the kind asked" remembered (a few tens of MB at most)


class Retriever:
    """Searches one loaded index; cheap to make, safe to share between threads."""

    def __init__(self, index: IndexData, embedder, rules: Rules = DEFAULT):
        self.index = index
        self.embedder = embedder
        self.rules = rules
        self._chunk_docs = np.asarray(index.chunks["doc"]) if len(index) else np.zeros(0, int)
        self._doc_forces = np.array([d.meta.force for d in index.documents], dtype=object)
        with_chunks = set(np.unique(self._chunk_docs).tolist())
        self._forces = sorted({f for d, v in enumerate(self._doc_forces) if d in with_chunks
                               for f in forces_of(v)}  # a document about several: each
                              | set(index.fields.strings["forces"] if index.fields is not None
                                    else ()))
        self._masks: dict[Filters, np.ndarray] = {}  # per filter set; filters are few
        self._about: dict[tuple[str, ...], np.ndarray] = {}  # per set of forces
        self.dense = DenseSearch(index)
        self._telling = Telling(index)  # a force's sentences, searched
        self.masks = ChunkMasks(index, self._chunk_docs)  # genres, named people, offices
        self._gives: dict[tuple, bool] = {}  # (kinds asked, chunk) -> its text gives one
        self.pools = Pools(index, self._chunk_docs, self.masks, rules)

    def indexed_forces(self) -> list[str]:
        """Every force some indexed chunk is about."""
        return list(self._forces)

    def about(self, forces: tuple[str, ...]) -> np.ndarray:
        """Boolean mask of the chunks about any of the forces, in any document: those of
        documents about them, and those that name them or sit under a heading that does.
        (A copy: callers may narrow it.)"""
        key = tuple(sorted(forces))
        mask = self._about.get(key)
        if mask is None:
            docs = np.isin(self._doc_forces, list(forces)) if len(self._doc_forces) else \
                np.zeros(0, dtype=bool)
            mask = docs[self._chunk_docs] if len(docs) else \
                np.zeros(len(self.index), dtype=bool)
            if self.index.fields is not None:
                mask = mask | self.index.fields.force_mask(forces)
            if len(self._about) > 256:
                self._about.clear()
            self._about[key] = mask
        return mask.copy()

    def unlabelled(self, filters: Filters) -> dict[str, int]:
        """For each document field the filters select on, how many documents lack it and are
        left out for that alone (doc_filters.unlabelled); for filters on forces alone (most
        questions'), nothing is counted nor the chunks about the forces gathered."""
        if not doc_filters.on_fields(filters):
            return {}
        about = set(np.unique(self._chunk_docs[self.about(filters.forces)]).tolist()) \
            if filters.forces else None
        return doc_filters.unlabelled(self.index.documents, filters, about)

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """Boolean mask over chunks for the filters, or None when nothing is filtered."""
        if filters.is_empty():
            return None
        mask = self._masks.get(filters)
        if mask is None:
            lowered = doc_filters.lowered(filters)
            ok = np.array([doc_filters.passes(d.meta, lowered) for d in self.index.documents],
                          dtype=bool)
            mask = ok[self._chunk_docs] if len(ok) else np.zeros(0, dtype=bool)
            if filters.forces:
                mask &= self.about(filters.forces)
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[filters] = mask
        return mask

    def search(self, query: Query, filters: Filters = Filters(), k: int = 6,
               mode: str = "hybrid", qvec: np.ndarray | None = None,
               forces: tuple[str, ...] = (), embed=None) -> list[Passage]:
        """The k best passages for the query within the filters, best first. `forces` are
        those the question focuses on: chunks about them, in any document, are searched as well
        as the rest and rank higher (one search per force when there are several, one per part
        of a multi-part question, taking turns, each for the kind of answer it asks). `embed`
        turns a text into its query vector (the engine's, shared between threads)."""
        embed = embed or self.embedder.encode_query
        if query.parts and self.rules.multi_part:
            per_part = [self._search_one(replace(query, text=p.text, wants=p.wants),
                                         filters, k, mode,
                                         embed(p.text) if mode != "bm25" else None, forces)
                        for p in query.parts]
            return _rerank(_interleave(per_part, k))
        if qvec is None and mode != "bm25":
            qvec = embed(query.text)
        if len(forces) > 1:
            per_force = [self._search_one(query, filters, k, mode, qvec, (f,)) for f in forces]
            return _rerank(_interleave(per_force, k))
        return self._search_one(query, filters, k, mode, qvec, forces)

    def _search_one(self, query: Query, filters: Filters, k: int, mode: str,
                    qvec: np.ndarray | None, forces: tuple[str, ...]) -> list[Passage]:
        mask = self.allowed(filters)
        if len(self.index) == 0 or (mask is not None and not mask.any()):
            return []
        about = self.about(forces) if forces else None
        if about is not None and mask is not None:
            about &= mask
        pools = [mask] + ([about] if about is not None and about.any() else [])
        kind = self.pools.of_genre(query, about if about is not None else mask)
        if kind is not None:
            pools.append(kind)
        shown = self.pools.showing(query, about if about is not None else mask)
        if shown is not None:
            pools.append(shown)
        titled = self.pools.titled(query, mask)
        if titled is not None:
            pools.append(titled)
        dense = [] if mode == "bm25" else [x for m in pools for x in self.dense.search(qvec, m)]
        if mode == "dense":
            bm25 = []
        else:  # scored once, each pool taking its best
            scores = bm25_scores(self.index.bm25, search_terms(query), len(self.index))
            bm25 = [x for m in pools for x in _best(scores, m)]
        boxes = self.pools.numbered(query, about if about is not None else mask)
        told = self._telling.chunks(query, about, qvec) if self.rules.w_telling else set()
        seen = {i for i, _ in dense}
        dense += [(i, 0.0) for i in told if i not in seen]  # its cosine is taken in fusion
        fused = self._fuse(dense, bm25, qvec, mode, about, query.wants, k, kind, boxes,
                           query.counted, told, query.office, titled)
        return self._passages(fused, k, qvec)

    def _sentence_sims(self, i: int, qvec: np.ndarray) -> np.ndarray:
        a, b = self.index.sentence_ptr[i], self.index.sentence_ptr[i + 1]
        return np.asarray(self.index.sentence_vectors[a:b], dtype=np.float32) @ qvec

    def _fuse(self, dense, bm25, qvec, mode: str, about: np.ndarray | None,
              wants: tuple[str, ...] = (), k: int = 6, kind: np.ndarray | None = None,
              boxes: list[int] | tuple = (), counted: tuple[str, ...] = (),
              told: set[int] | frozenset = frozenset(),
              office: str = "", titled: np.ndarray | None = None) -> list[tuple[int, float]]:
        """A weighted sum over both pools: the passage's cosine and its BM25 score over the
        best one (one of them alone in the dense and bm25 modes), plus the signals that the
        chunk is about a force the question names, is of the kind of source asked for (`kind`,
        a mask), is the numbered box asked about (`boxes`), is of a document the question names
        by its title (`titled`, a mask), holds one of the sentences closest
        to the question that give the kind of answer asked for (`told`), and holds the kind of
        answer asked for anywhere (a date, a figure, a name...; for a question naming an
        `office`, that office given, as a person's name alone does not answer "who is the
        chief constable?"). The last is looked for only in
        chunks it could lift into the first 2k, since reading a chunk's text costs more than
        the rest."""
        lexical = dict(bm25)
        numbered = set(boxes)
        top = max(lexical.values(), default=0.0) or 1.0
        ids = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in bm25] + list(boxes)))
        if not ids:
            return []
        w_dense = 0.0 if mode == "bm25" else W_DENSE
        w_bm25 = 0.0 if mode == "dense" else self.rules.w_bm25
        cos = np.asarray(self.index.vectors[np.asarray(ids)] @ qvec) if w_dense else \
            np.zeros(len(ids))
        scored = []
        for i, c in zip(ids, cos):
            score = w_dense * float(c) + w_bm25 * lexical.get(i, 0.0) / top
            if about is not None and about[i]:
                score += self.rules.force_signal
            if kind is not None and kind[i]:
                score += self.rules.w_genre
            if i in numbered:
                score += self.rules.w_numbered
            if i in told:
                score += self.rules.w_telling
            if titled is not None and titled[i]:
                score += self.rules.w_title
            scored.append((i, score))
        scored.sort(key=lambda kv: -kv[1])
        bonus = self.rules.w_kind_passage if wants else 0.0
        if bonus:
            bar = scored[min(len(scored), 2 * k) - 1][1] - bonus
            asked = (office, wants, counted)
            scored = [(i, s + bonus) if s >= bar and self._gives_kind(asked, i)
                      else (i, s) for i, s in scored]
            scored.sort(key=lambda kv: -kv[1])
        return scored

    def _gives_kind(self, asked: tuple, i: int) -> bool:
        """Whether chunk i gives the kind of answer `asked` ((office, kinds, counted terms)):
        an office asked for, from its mask of every chunk (masks.office); else remembered, as
        the same chunks come back for many questions and reading them is the dearest part of a
        search. Forgotten wholesale past a bound."""
        office, wants, counted = asked
        if office:
            return bool(self.masks.office(office)[i])
        key = (asked, i)
        known = self._gives.get(key)
        if known is None:
            known = shows(self.index.chunk(i).text, list(wants), counted)
            if len(self._gives) >= GIVES_KEPT:
                self._gives.clear()
            self._gives[key] = known
        return known

    def _passages(self, fused: list[tuple[int, float]], k: int,
                  qvec: np.ndarray | None) -> list[Passage]:
        out: list[Passage] = []
        shingles: list[set] = []
        for i, score in fused:
            chunk = self.index.chunk(i)
            sh = _shingles(chunk.text)
            if any(_near_duplicate(sh, other) for other in shingles):
                continue
            shingles.append(sh)
            sim = float(self.index.vectors[i] @ qvec) if qvec is not None else 0.0
            a = self.index.sentence_ptr[i]
            sims = self._sentence_sims(i, qvec) if qvec is not None else ()
            spans = tuple((int(r["start"]), int(r["end"]), float(x)) for r, x in
                          zip(self.index.sentences[a:a + len(sims)], sims))
            out.append(Passage(len(out) + 1, score, chunk, self.index.doc_of(i), sim, spans))
            if len(out) == k:
                break
        return out


def _best(scores: np.ndarray, mask: np.ndarray | None) -> list[tuple[int, float]]:
    """The POOL best-scoring chunks within the mask (those scoring above 0), best first."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    n = min(POOL, len(scores))
    top = np.argpartition(-scores, n - 1)[:n]
    top = top[np.argsort(-scores[top])]
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def _interleave(lists: list[list[Passage]], k: int) -> list[Passage]:
    """The lists' passages taking turns, each chunk once."""
    out: list[Passage] = []
    seen: set[tuple[str, int]] = set()
    for i in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if i < len(x) and (x[i].doc.doc_id, x[i].chunk.start) not in seen:
                seen.add((x[i].doc.doc_id, x[i].chunk.start))
                out.append(x[i])
    return out[:max(k, len(lists))]


def _rerank(passages: list[Passage]) -> list[Passage]:
    return [replace(p, rank=r) for r, p in enumerate(passages, start=1)]


_WORD = re.compile(r"\w+")


def _shingles(text: str, n: int = 5) -> set:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def _near_duplicate(a: set, b: set) -> bool:
    """Most of the smaller passage's word 5-grams appear in the other: a syndicated copy."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.6
