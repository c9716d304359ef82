"""What ingest embeds, and the vectors it reuses.

Owns what the model reads of a chunk (its document's title and section, then its text), how
sentence vectors are made (from their chunk's own pass, or each apart), and the embedding cache:
the live index's vectors of each chunk and of its sentences, keyed by the hash of the text the
model read, reused for any chunk whose text is the same. Deciding what changed and writing the
index are build's; the model is embedding's.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from qa.index.embedding import Embedder, text_key

EMBEDDED_TEXT = "title, section, text"  # what heading() puts before a chunk; a cache of
#                                        vectors made from other text is not used


def heading(title: str, section: str) -> str:
    """What the model reads before a chunk's text: its document's title and its section."""
    return "".join(f"{x}\n" for x in (title, section) if x)


def sentence_vectors(embedder: Embedder) -> str:
    """How sentence vectors are made: from their chunk's own pass through the model ("late",
    the ONNX backends) or each embedded apart; an index made the other way is re-embedded."""
    return "late" if embedder.backend.startswith("onnx") else "apart"


def cached(old, embedder: Embedder) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The live index's vectors of each chunk and of its sentences, keyed by the hash of the
    chunk's text; empty when the live index was embedded by another backend or otherwise."""
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if old is None or old.manifest.get("backend") != embedder.backend \
            or old.manifest.get("sentence_vectors") != sentence_vectors(embedder) \
            or old.manifest.get("embedded_text") != EMBEDDED_TEXT:
        return cache
    for i in range(len(old.chunks)):
        chunk = old.chunk(i)
        text = heading(old.documents[int(old.chunks[i]["doc"])].meta.title, chunk.section) \
            + chunk.text
        a, b = old.sentence_ptr[i], old.sentence_ptr[i + 1]
        cache.setdefault(text_key(text), (old.vectors[i], old.sentence_vectors[a:b]))
    return cache


def embed(texts: list[str], spans: list[list[tuple[int, int]]], cache: dict, embedder: Embedder,
          progress: Callable[[str, int, int], None] | None
          ) -> tuple[np.ndarray, np.ndarray, int]:
    """Vectors of the chunks and of their sentences (in chunk order), reusing the cached
    vectors of any chunk with the same text and sentences, and how many were reused."""
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    per_chunk: list = [None] * len(texts)
    missing = []
    for i, text in enumerate(texts):
        hit = cache.get(text_key(text))
        if hit is None or len(hit[1]) != len(spans[i]):
            missing.append(i)
        else:
            vectors[i], per_chunk[i] = hit
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("embedding", done, len(missing))

    if missing:
        fresh, parts = embedder.encode_with_spans([texts[i] for i in missing],
                                                  [spans[i] for i in missing], tick)
        vectors[missing] = fresh
        for i, part in zip(missing, parts):
            per_chunk[i] = part
    sentences = np.concatenate([np.asarray(p, dtype=np.float32).reshape(-1, embedder.dimension)
                                for p in per_chunk]) if per_chunk else \
        np.zeros((0, embedder.dimension), dtype=np.float32)
    return vectors, sentences, len(texts) - len(missing)
