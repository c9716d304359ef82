"""Documents a question names by their title ("the missing children joint thematic", "the online
child sexual abuse inspection"): most of a title's distinctive words are in the question.

A title's distinctive words are those few other titles share: "inspection", "police" and
"child protection" name no document in a library of inspections; a force's names and years are
left to the force and year signals, grades ("rated adequate on investigation") to the grade
checks, and a web page's site name (" | Kent Courier") is no part of its title. A document
about another force than the ones the question names is not named by it. Owns which documents a
question names this way; retrieve searches their chunks as a pool of their own and ranks them
higher. Nothing is removed.
"""
from __future__ import annotations

import math
from collections import Counter

from qa.ask.kinds import GRADES
from qa.ask.sentences import FORCE_WORDS
from qa.forces import forces_of
from qa.index.keywords import terms
from qa.types import Document

SHARE = 0.6  # of a title's distinctive terms the question must hold (and at least two)
COMMON = 0.05  # a term in more than this share of the titles (and more than two) is common
MAX_DOCS = 8  # a question matching more titles than this names no one document
_GRADE_TERMS = frozenset(terms(GRADES.replace("|", " ")))


def own_title(title: str) -> str:
    """A title without a web page's site name ("... rated good | Kent Courier")."""
    return title.split(" | ")[0].strip()


class Titles:
    """The distinctive title terms of one loaded index's documents."""

    def __init__(self, documents: list[Document]):
        own = [{t for t in terms(own_title(d.meta.title)) if not t[0].isdigit()}
               - FORCE_WORDS - _GRADE_TERMS for d in documents]
        self._forces = [set(forces_of(d.meta.force)) for d in documents]
        shared = Counter(t for ts in own for t in ts)
        common = max(2, COMMON * len(documents))
        self._needed: dict[int, int] = {}  # document -> how many of its terms name it
        self._by_term: dict[str, list[int]] = {}
        for d, ts in enumerate(own):
            distinctive = [t for t in ts if shared[t] <= common]
            if len(distinctive) >= 2:
                self._needed[d] = max(2, math.ceil(SHARE * len(distinctive)))
                for t in distinctive:
                    self._by_term.setdefault(t, []).append(d)

    def named(self, question: str, forces: tuple[str, ...] = ()) -> list[int]:
        """The documents (their positions) whose title the question names; with the `forces`
        it names, none about other forces only."""
        held = Counter(d for t in set(terms(question)) for d in self._by_term.get(t, ()))
        found = sorted(d for d, n in held.items() if n >= self._needed[d]
                       and not (forces and self._forces[d] and not self._forces[d] & set(forces)))
        return found if len(found) <= MAX_DOCS else []
