"""The keyword side: one tokenizer (lower-case, English stop words, Snowball stems) for the BM25
index, for queries, and for scoring answer sentences; BM25 build and scoring via bm25s.

Owns what a "term" is. Dense vectors are left to embedding, fusion to retrieve.
"""
from __future__ import annotations

import math
import re
from functools import cache

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@cache
def _stemmer():
    import Stemmer
    return Stemmer.Stemmer("english")


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import (  # Lucene's and NLTK's lists
        STOPWORDS_EN,
        STOPWORDS_EN_PLUS,
    )
    return frozenset(STOPWORDS_EN_PLUS) | frozenset(STOPWORDS_EN)


def terms(text: str) -> list[str]:
    """Stemmed content terms of a text, in order, stop words removed."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _stopwords()]
    return _stemmer().stemWords(words) if words else []


def build_bm25(texts: list[str]):
    """A bm25s index over `texts` (one row per chunk), or None for an empty corpus."""
    import bm25s
    if not texts:
        return None
    tokenized = [terms(t) for t in texts]
    retriever = bm25s.BM25()
    retriever.index(tokenized, show_progress=False)
    return retriever


def bm25_scores(bm25, query_terms: list[str], n: int) -> np.ndarray:
    """BM25 score of every chunk for the query (zeros when no term is known)."""
    ids = bm25.get_tokens_ids(query_terms) if bm25 is not None else []
    if not ids:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(bm25.get_scores_from_ids(ids), dtype=np.float32)


def idf_table(bm25) -> dict[str, float]:
    """Inverse document frequency of every indexed term, from the BM25 postings."""
    if bm25 is None:
        return {}
    indptr = np.asarray(bm25.scores["indptr"])
    df = np.diff(indptr)
    n = bm25.scores["num_docs"]
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
    return {term: float(idf[i]) for term, i in bm25.vocab_dict.items() if i < len(idf)}


def default_idf(n_docs: int) -> float:
    """The IDF a term never seen in the corpus would get."""
    return math.log(1.0 + (n_docs + 0.5) / 0.5)
