"""A question's misspelt words read as the library's words they misspell.

Owns: the index's keyword vocabulary (stemmed terms) grouped by their first three letters, and
finding, for a question's term the library never uses, the closest term it does use that starts
with the same three letters, within one edit (a swapped pair of letters is one), or two for a
term of nine letters or more or two letters dropped or added ("decison" -> "decis", the stem of
decision; "overnit" -> "overnight"); "safegaurd" -> "safeguard" is one. Two changed letters in a
shorter word make another word too often ("precept" is not "present"). Ties go to the commoner
term. Terms of four letters or fewer, and terms with digits, are left alone: too many words lie
one letter away. A word of English (one lemminflect's dictionary knows: "extracts", "charge")
is never corrected, even when the library does not use it: it says something else, not the
library's word misspelt.
What to do with the corrections is the answering stage's.
"""
from __future__ import annotations

import re
from collections import defaultdict

from lemminflect import getAllLemmas
from rapidfuzz.distance import OSA

from qa.index.keywords import terms

PREFIX = 3  # letters a correction must share with the typed word, from its start
SHORTEST = 5  # shorter terms are never corrected


class Speller:
    """Corrections against one index's vocabulary; cheap to ask, made once per index."""

    def __init__(self, idf: dict[str, float]):
        self._idf = idf
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for term in idf:
            if len(term) >= PREFIX and term.isalpha():
                self._by_prefix[term[:PREFIX]].append(term)
        getAllLemmas("police")  # its dictionary loads now (0.3 s), not at the first question

    def fix(self, term: str) -> str | None:
        """The library's term `term` misspells, or None (known, too short, or nothing close)."""
        if term in self._idf or len(term) < SHORTEST or not term.isalpha():
            return None
        limit = 1 if len(term) < 7 else 2
        best: tuple[int, float, str] | None = None
        for other in self._by_prefix.get(term[:PREFIX], ()):
            gap = abs(len(other) - len(term))
            if gap > limit:
                continue
            distance = OSA.distance(term, other, score_cutoff=limit)
            if distance == 1 or (distance == 2 and (gap == 2 or len(term) >= 9)):
                key = (distance, self._idf[other], other)  # nearest, then commonest
                best = key if best is None or key < best else best
        return best[2] if best else None

    def corrections(self, text: str) -> tuple[tuple[str, str], ...]:
        """(typed term, the library's term) for each word of the text that is no English word
        and misspells one the library uses."""
        out: dict[str, str] = {}
        for word in dict.fromkeys(_WORD.findall(text)):
            if getAllLemmas(word.lower()):
                continue  # English, just not the library's
            for term in terms(word):
                fixed = self.fix(term)
                if fixed:
                    out[term] = fixed
        return tuple(out.items())


_WORD = re.compile(r"[A-Za-z]+")
