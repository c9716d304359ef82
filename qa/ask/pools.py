"""The chunks a question's search takes as pools of its own, beside the filtered ones and the
force's: those of the kind of source it asks for, of the documents it names by title, naming
someone (or giving the office) when it asks who, and the boxes of the numbered recommendation it
names. Each pool is searched by both halves, so that its best chunks are found among many
others (a response among a force's report pages). Making the masks is masks'; ranking is
retrieve's.
"""
from __future__ import annotations

import numpy as np

from qa.ask import genres
from qa.ask.masks import ChunkMasks
from qa.ask.rules import DEFAULT, Rules
from qa.ask.titles import Titles
from qa.ask.understand import Query
from qa.index.store import IndexData


class Pools:
    """The pools of one loaded index, under one set of rules."""

    def __init__(self, index: IndexData, chunk_docs: np.ndarray, masks: ChunkMasks,
                 rules: Rules = DEFAULT):
        self.index = index
        self.rules = rules
        self.masks = masks
        self._chunk_docs = chunk_docs
        self._titles: Titles | None = None  # documents' distinctive title terms, when asked

    def of_genre(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
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

    def titled(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
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

    def showing(self, query: Query, within: np.ndarray | None) -> np.ndarray | None:
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

    def numbered(self, query: Query, within: np.ndarray | None) -> list[int]:
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
