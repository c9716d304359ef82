"""Hybrid search: dense (FAISS) and BM25 results fused, within filters, without near-duplicates.

Owns: turning Filters into the set of searchable chunks, the two searches, their convex fusion
(cosine and BM25 over the best BM25) with the signals that rank evidence, one search per force
when a question compares forces (and per part of a multi-part one), and keeping syndicated
copies of one passage from crowding the results (a behaviour, not a tuned rule). Sentences are
left to sentences, the search of a force's sentences for the kind of answer to telling, the
chunk masks searched as pools of their own (genres, named people, offices) to masks, the
documents a question names by title to titles, which documents the filters keep to
doc_filters, the index format to store.
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from qa.ask import doc_filters, genres
from qa.ask.kept import KeptByMask
from qa.ask.kinds import shows
from qa.ask.masks import ChunkMasks
from qa.ask.rules import DEFAULT, Rules
from qa.ask.telling import Telling
from qa.ask.titles import Titles
from qa.ask.understand import Query, search_terms
from qa.forces import forces_of
from qa.index.keywords import bm25_scores
from qa.index.store import IndexData
from qa.types import Filters, Passage

POOL = 50  # candidates taken from each search before fusion
SUBSET_LIMIT = 50_000  # filters selecting at most this many chunks are searched exactly
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
        self._subsets = KeptByMask(SUBSET_LIMIT)  # mask -> ids, vectors (at most that many)
        self._telling = Telling(index)  # a force's sentences, searched
        self.masks = ChunkMasks(index, self._chunk_docs)  # genres, named people, offices
        self._gives: dict[tuple, bool] = {}  # (kinds asked, chunk) -> its text gives one
        self._titles: Titles | None = None  # documents' distinctive title terms, when asked

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
        kind = self._of_genre(query, about if about is not None else mask)
        if kind is not None:
            pools.append(kind)
        shown = self._showing(query, about if about is not None else mask)
        if shown is not None:
            pools.append(shown)
        titled = self._titled(query, mask)
        if titled is not None:
            pools.append(titled)
        dense = [] if mode == "bm25" else [x for m in pools for x in self._dense(qvec, m)]
        if mode == "dense":
            bm25 = []
        else:  # scored once, each pool taking its best
            scores = bm25_scores(self.index.bm25, search_terms(query), len(self.index))
            bm25 = [x for m in pools for x in _best(scores, m)]
        boxes = self._numbered(query, about if about is not None else mask)
        told = self._telling.chunks(query, about, qvec) if self.rules.w_telling else set()
        seen = {i for i, _ in dense}
        dense += [(i, 0.0) for i in told if i not in seen]  # its cosine is taken in fusion
        fused = self._fuse(dense, bm25, qvec, mode, about, query.wants, k, kind, boxes,
                           query.counted, told, query.office, titled)
        return self._passages(fused, k, qvec)

    def _of_genre(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
        """The chunks of the kind of source the question asks for, within the search's mask
        (searched as a pool of their own, so that a response is found among a force's
        report pages), or None."""
        if not query.genres or not self.rules.w_genre:
            return None
        rest = tuple(g for g in query.genres if g != "thematic")  # a thematic narrows the rest
        kind = self.masks.genre(rest or query.genres)
        if rest != query.genres:
            kind &= self.masks.genre(("thematic",))
        if rest == ("box",):  # the report's own boxes, not later documents quoting them
            kind &= ~self.masks.genre(("response", "follow-up"))
        if within is not None:
            kind &= within
        return kind if kind.any() else None

    def _titled(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
        """The chunks of the documents the question names by their title (titles.py), within
        the search's mask, or None."""
        if not self.rules.w_title:
            return None
        if self._titles is None:
            self._titles = Titles(self.index.documents)
        named = self._titles.named(query.text, query.forces)  # a follow-up's: its topic's too
        if not named:
            return None
        mask = np.isin(self._chunk_docs, named)
        if within is not None:
            mask &= within
        return mask if mask.any() else None

    def _showing(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
        """The chunks naming a person, within the search's mask, when the question asks who:
        searched as a pool of their own, so that the passage naming the force's lead is found
        among its many pages on the topic (a named person is rare; a date or a figure is not,
        and is left to the kind bonus)."""
        if "person" not in query.wants or not self.rules.person_pool:
            return None
        # "who is the PCC?": the chunks giving that office ("the Police and Crime Commissioner
        # for Kent, Jane Doe"), whether or not they read as naming someone
        mask = self.masks.office(query.office) if query.office else self.masks.named()
        mask = mask & within if within is not None else mask
        return mask if mask.any() else None

    def _numbered(self, query: Query, within: np.ndarray | None) -> list[int]:
        """The boxes carrying a numbered recommendation the question names (within the mask)."""
        if not query.numbered or not self.rules.w_numbered:
            return []
        boxes = self.masks.genre(("box",))
        if within is not None:
            boxes &= within
        if not {"response", "follow-up"} & set(query.genres):
            # a box asked about plainly: the report's own, not a later document quoting it
            own = boxes & ~self.masks.genre(("response", "follow-up"))
            boxes = own if own.any() else boxes
        return [int(i) for i in np.flatnonzero(boxes)[:2000]
                if genres.carries(self.index.chunk(int(i)).text, query.numbered)]

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

    def _dense(self, qvec: np.ndarray, mask: np.ndarray | None) -> list[tuple[int, float]]:
        q = np.asarray(qvec, dtype=np.float32).reshape(1, -1)
        if mask is not None and mask.sum() <= SUBSET_LIMIT:
            ids, vectors = self._subset(mask)  # exact search over the filtered subset
            sims = vectors @ q[0]
            top = np.argsort(-sims)[:POOL]
            return [(int(ids[i]), float(sims[i])) for i in top]
        import faiss
        params = bits = None
        if mask is not None:
            bits = np.packbits(mask, bitorder="little")  # must outlive the search below
            sel = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
            nprobe = getattr(self.index.faiss_index, "nprobe", None)
            params = faiss.SearchParametersIVF(sel=sel, nprobe=nprobe) if nprobe \
                else faiss.SearchParameters(sel=sel)
        # one query is searched on one thread (faiss splits its work by query): OpenMP's other
        # threads only cost their wake-up, a fifth of a question's time on two cores. The count
        # is the calling thread's own, and is given back: an index built later keeps them all.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            scores, ids = self.index.faiss_index.search(q, POOL, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        del bits
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def _subset(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids and vectors of the chunks a mask selects, kept for masks met again (a
        force's chunks, a filter's): gathering rows of the memory-mapped vectors costs more
        than searching them."""
        def gather() -> tuple[np.ndarray, np.ndarray]:
            ids = np.flatnonzero(mask)
            return ids, np.ascontiguousarray(self.index.vectors[ids], dtype=np.float32)

        return self._subsets.get(mask, gather, lambda hit: len(hit[0]))

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
