"""Boolean masks over one loaded index's chunks, each made once and kept: the chunks of a kind
of source (genres.GENRES), those naming someone, those giving an office, those naming a later
visit or a thematic report. The retriever
searches them as pools of their own (a response among a force's report pages, the passage
naming the force's lead among its many pages on the topic).
"""
from __future__ import annotations

import threading

import numpy as np

from qa.ask import genres
from qa.ask.kinds import shows
from qa.ask.offices import gives_office
from qa.index.store import IndexData


class ChunkMasks:
    """The masks of one index; safe to share between threads."""

    def __init__(self, index: IndexData, chunk_docs: np.ndarray):
        self.index = index
        self._chunk_docs = chunk_docs  # each chunk's document
        self._genres: dict[str, np.ndarray] | None = None  # genre -> chunk mask, made once
        self._named: np.ndarray | None = None  # the chunks naming someone, made once
        self._offices: dict[str, np.ndarray] = {}  # office -> the chunks giving it, made once
        self._naming: dict[str, np.ndarray] = {}  # kind of source -> the chunks naming it
        self._lock = threading.Lock()

    def genre(self, names: tuple[str, ...]) -> np.ndarray:
        """Boolean mask of the chunks of any of the genres, over whole arrays: those of their
        document (genres.of_document), of their section (genres.of_section), and
        recommendation boxes."""
        if self._genres is None:
            n = len(self.index)
            docs = {g: np.array([g in genres.of_document(d.meta, d.file)
                                 for d in self.index.documents] or [False], dtype=bool)
                    for g in genres.GENRES}
            fields = self.index.fields
            out = {}
            for g in genres.GENRES:
                mask = docs[g][self._chunk_docs] if n else np.zeros(0, dtype=bool)
                if fields is not None and n:
                    sections = np.array([g in genres.of_section(s)
                                         for s in fields.strings["sections"]] or [False])
                    mask = mask | sections[np.asarray(fields.info["section"])]
                    if g == "box" and "recommendation" in fields.strings["kinds"]:
                        box = fields.strings["kinds"].index("recommendation")
                        mask = mask | (np.asarray(fields.info["kind"]) == box)
                out[g] = mask
            self._genres = out
        mask = np.zeros(len(self.index), dtype=bool)
        for g in names:
            mask |= self._genres[g]
        return mask

    def named(self) -> np.ndarray:
        """Boolean mask of the chunks naming someone (made at the first who-question: about a
        second for 20,000 chunks)."""
        with self._lock:
            if self._named is None:
                self._named = np.array([shows(self.index.chunk(i).text, ["person"])
                                        for i in range(len(self.index))], dtype=bool)
        return self._named

    def office(self, office: str) -> np.ndarray:
        """Boolean mask of the chunks giving an office (vocab/offices.csv), made once each."""
        with self._lock:
            if office not in self._offices:
                self._offices[office] = np.array(
                    [gives_office(self.index.chunk(i).text, office)
                     for i in range(len(self.index))], dtype=bool)
        return self._offices[office]

    def naming(self, kind: str) -> np.ndarray:
        """Boolean mask of the chunks of a kind of source (genres.named_sources) or naming it
        ("HMICFRS re-inspected the force in March 2023", in a news item), made once each."""
        with self._lock:
            if kind not in self._naming:
                self._naming[kind] = self.genre((kind,)) | np.array(
                    [bool(genres.named_sources(self.index.chunk(i).text, (kind,)))
                     for i in range(len(self.index))], dtype=bool)
        return self._naming[kind]
