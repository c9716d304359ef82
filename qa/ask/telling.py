"""The sentences of a force's chunks that give the kind of answer a question asks for.

Owns: searching the sentence vectors the index already holds, within the chunks about the force
a question names, for the few closest to the question that give the kind of answer it asks for
(a date, a figure, a name, a grade, a status), and keeping a force's sentence vectors for its
next question. Retrieve lifts the chunks they come from (Rules.w_telling).
"""
from __future__ import annotations

import numpy as np

from qa.ask.kept import KeptByMask
from qa.ask.kinds import shows
from qa.ask.understand import Query
from qa.index.store import IndexData

LIMIT = 5_000  # a force's chunks up to this many have their sentences read
READ = 300  # the sentences closest to the question read for the kind of answer (40 before
#   session 15: the question's vector holds "the force", which every sentence of the force's is
#   about, so the dated lines sit further down; 120 / 300 / 1000 gave +3 / +4 / +3 answers on
#   the development halves, 300 then +2 / +2 / +2 / 0 and +1 hand-written on the check halves)
KEPT = 3  # ...and the chunks holding the first few that give it returned
VECTORS_KEPT = 100_000  # sentence vectors kept for forces met again (at most 150 MB)


class Telling:
    """Searches one loaded index's sentences; safe to share between threads."""

    def __init__(self, index: IndexData):
        self.index = index
        self._kept = KeptByMask(VECTORS_KEPT)  # mask -> its chunks' sentences (of_chunks)

    def chunks(self, query: Query, about: np.ndarray | None,
               qvec: np.ndarray | None) -> set[int]:
        """The chunks about the force asked about that hold one of the few sentences closest
        in meaning to the question which give the kind of answer it asks for ("We carried out
        this inspection in March 2023" for "when was the force inspected?"). Such a sentence
        is often one line of a paragraph on other things, so its chunk is far from the question
        as a whole and missed, while the chunks that do match it give a date of something else.
        Only for a question naming a force (a few thousand sentences read, not the library's)."""
        if not query.wants or about is None or qvec is None or not about.any() \
                or about.sum() > LIMIT:
            return set()
        owner, rows, vectors = self.of_chunks(about)
        sims = vectors @ np.asarray(qvec, dtype=np.float32)
        near = np.argpartition(-sims, READ)[:READ] if len(sims) > READ else np.arange(len(sims))
        told: set[int] = set()
        for j in near[np.argsort(-sims[near])]:
            i = int(owner[j])
            if i in told:
                continue
            row = self.index.sentences[rows[j]]
            said = self.index.text_at(int(self.index.chunks[i]["doc"]), int(row["start"]),
                                      int(row["end"]))
            if shows(said, list(query.wants), query.counted):
                told.add(i)
                if len(told) == KEPT:
                    break
        return told

    def of_chunks(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the chunks a mask selects: each sentence's chunk, its row in the index's
        sentences and the sentence vectors (float32), kept for masks met again (a force's:
        about 5 MB for one force of a 2,000-page library)."""
        def gather() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            ids = np.flatnonzero(mask)
            ptr = np.asarray(self.index.sentence_ptr)
            counts = ptr[ids + 1] - ptr[ids]
            ends = np.cumsum(counts)
            rows = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(ptr[ids] - ends +
                                                                           counts, counts)
            return (np.repeat(ids, counts), rows,
                    np.asarray(self.index.sentence_vectors[rows], dtype=np.float32))

        return self._kept.get(mask, gather, lambda hit: len(hit[1]))
