"""The dense half of a search: the chunks closest to a query vector, within a mask.

Owns how one query vector is searched: exactly over the vectors of a filtered subset small
enough (kept for masks met again), else by FAISS with the mask as a selector, on one thread.
Fusing with the keyword half and the signals is retrieve's.
"""
from __future__ import annotations

import numpy as np

from qa.ask.kept import KeptByMask
from qa.index.store import IndexData

POOL = 50  # candidates taken from each search before fusion
SUBSET_LIMIT = 50_000  # filters selecting at most this many chunks are searched exactly


class DenseSearch:
    """Dense search over one loaded index; safe to share between threads."""

    def __init__(self, index: IndexData):
        self.index = index
        self._subsets = KeptByMask(SUBSET_LIMIT)  # mask -> ids, vectors (at most that many)

    def search(self, qvec: np.ndarray, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """The POOL chunks closest to the query vector within the mask (all without one), by
        cosine, best first."""
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
