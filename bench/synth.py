"""Synthetic libraries of any size built from the sample corpus's real sentences and vectors.

Owns: the pool (every sentence of the sample corpus, embedded once with the real model and
cached as .npy), turning sentences into templates whose force names and figures vary, and
making a library of n chunks: documents of recombined real sentences, their chunk rows, and
vectors that are the normalised mean of the sentences' real vectors plus a little noise. The
index itself is written by the real builders (store, keywords) in write_library.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.forces import force_names, force_spans
from qa.index import publish, store, vector_search
from qa.index.keywords import build_bm25
from qa.ingest.chunking import sentence_spans
from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog
from qa.types import Document, Metadata, Page

RECIPE = 1  # bump when the way libraries are made changes: cached bench indexes are rebuilt
CHUNKS_PER_DOC = 100  # a 30-page inspection report
CHUNKS_PER_PAGE = 5
NOISE = 0.2  # norm of the noise added to each chunk vector before renormalising
DOC_TYPES = ("inspection report", "post-inspection review", "inspectorate press release",
             "force response", "news article")
_FIGURE = re.compile(r"\b(?!(?:19|20)\d\d\b)\d[\d,]*\b")  # figures vary; years stay


@dataclass(frozen=True)
class Pool:
    """Real sentences as templates ("{force}" and "{n}" slots) with their real vectors."""

    templates: tuple[str, ...]
    figures: tuple[int, ...]  # how many "{n}" slots each template has
    vectors: np.ndarray  # (len(templates), dim) float32, normalised


@dataclass
class Library:
    """Everything publish.write_generation takes, plus the chunk texts for BM25."""

    documents: list[Document]
    chunks: np.ndarray  # store.CHUNK_DTYPE
    texts: list[str]
    vectors: np.ndarray
    sentences: np.ndarray  # store.SENTENCE_DTYPE
    sentence_vectors: np.ndarray  # float16


def corpus_sentences(corpus: Path) -> list[str]:
    """Every sentence of five words or more in the corpus, through the real loaders."""
    files, _skipped = discover([corpus])
    catalog = Catalog.read(corpus / "catalog.csv")
    out = []
    for path in files:
        doc = load_document(path, path.relative_to(corpus).as_posix(), catalog, 50_000_000)
        out += [doc.text[s:e] for s, e in sentence_spans(doc.text)]
    return [s for s in out if len(s.split()) >= 5]


def load_pool(corpus: Path, embedder, cache_dir: Path) -> Pool:
    """The corpus's sentences and their vectors, embedded once and cached by content."""
    sentences = corpus_sentences(corpus)
    key = hashlib.sha1("\n".join(sentences + [embedder.backend]).encode()).hexdigest()[:12]
    cache = cache_dir / f"pool-{key}.npy"
    if cache.is_file():
        vectors = np.load(cache, allow_pickle=False)
    else:
        vectors = embedder.encode(sentences)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors, allow_pickle=False)
    templates = [_template(s) for s in sentences]
    return Pool(tuple(templates), tuple(t.count("{n}") for t in templates), vectors)


def _template(sentence: str) -> str:
    out, cursor = [], 0
    for start, end, _name in force_spans(sentence):
        out.append(sentence[cursor:start].replace("{", "(").replace("}", ")"))
        out.append("{force}")
        cursor = end
    out.append(sentence[cursor:].replace("{", "(").replace("}", ")"))
    return _FIGURE.sub("{n}", "".join(out))


def make_library(pool: Pool, n_chunks: int, seed: int = 0) -> Library:
    """n_chunks chunks of 3-4 recombined sentences in documents of CHUNKS_PER_DOC chunks."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 5, n_chunks)
    picks = rng.integers(0, len(pool.templates), (n_chunks, 4))
    figures = [f"{v:,}" for v in range(2, 5000)]
    forces = force_names()
    rendered = {f: [t.replace("{n}", "{}").replace("{force}", f) for t in pool.templates]
                for f in forces}
    documents, rows, texts, sent_rows = [], [], [], []
    for d, first in enumerate(range(0, n_chunks, CHUNKS_PER_DOC)):
        force = forces[d % len(forces)]
        last = min(n_chunks, first + CHUNKS_PER_DOC)
        draws = iter(rng.integers(0, len(figures), 4 * 8 * (last - first)).tolist())
        parts = [[rendered[force][t].format(*(figures[next(draws)]
                                              for _ in range(pool.figures[t])))
                  for t in picks[i, :sizes[i]].tolist()] for i in range(first, last)]
        chunk_texts = [" ".join(p) for p in parts]
        doc, spans = _document(d, force, chunk_texts, rng)
        documents.append(doc)
        for (page, start, end), sentences in zip(spans, parts):
            at = start
            for text in sentences:
                sent_rows.append((len(rows), at, at + len(text)))
                at += len(text) + 1
            rows.append((d, page, start, end))
        texts += chunk_texts
    used = np.arange(4)[None, :] < sizes[:, None]
    sentence_vectors = pool.vectors[picks[used]].astype(np.float16)  # row-major: chunk order
    return Library(documents, np.array(rows, dtype=store.CHUNK_DTYPE), texts,
                   chunk_vectors(pool, picks, sizes, rng),
                   np.array(sent_rows, dtype=store.SENTENCE_DTYPE), sentence_vectors)


def _document(d: int, force: str, chunk_texts: list[str], rng) -> tuple[Document, list]:
    spans, pages, offset = [], [], 0
    for i, text in enumerate(chunk_texts):
        page = i // CHUNKS_PER_PAGE + 1
        if i % CHUNKS_PER_PAGE == 0:
            pages.append([page, offset, offset])
        spans.append((page, offset, offset + len(text)))
        offset += len(text)
        pages[-1][2] = offset
        offset += 2  # the "\n\n" between chunks
    year = int(rng.integers(2016, 2026))
    meta = Metadata(title=f"Inspection of {force}: report {d}", organisation="HMICFRS",
                    force=force, doc_type=DOC_TYPES[d % len(DOC_TYPES)],
                    published=f"{year}-{int(rng.integers(1, 13)):02d}")
    rel = f"synthetic/{d:06d}.txt"
    doc = Document(hashlib.sha1(rel.encode()).hexdigest()[:16], rel, "\n\n".join(chunk_texts),
                   tuple(Page(*p) for p in pages), meta, f"synthetic-{d}")
    return doc, spans


def chunk_vectors(pool: Pool, picks: np.ndarray, sizes: np.ndarray, rng) -> np.ndarray:
    """Normalised mean of each chunk's sentence vectors, plus noise of norm about NOISE."""
    dim = pool.vectors.shape[1]
    out = np.empty((len(picks), dim), dtype=np.float32)
    for start in range(0, len(picks), 100_000):  # in slices: bounded temporary memory
        stop = min(len(picks), start + 100_000)
        used = np.arange(4)[None, :] < sizes[start:stop, None]
        block = (pool.vectors[picks[start:stop]] * used[..., None]).sum(axis=1)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        block += rng.standard_normal(block.shape, dtype=np.float32) * (NOISE / np.sqrt(dim))
        out[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def perturbed(vectors: np.ndarray, n: int, seed: int = 0, noise: float = NOISE) -> np.ndarray:
    """n vectors, each a random real vector plus noise, renormalised (for recall tests)."""
    rng = np.random.default_rng(seed)
    base = vectors[rng.integers(0, len(vectors), n)]
    base = base + rng.standard_normal(base.shape, dtype=np.float32) * (noise / np.sqrt(
        vectors.shape[1]))
    return (base / np.linalg.norm(base, axis=1, keepdims=True)).astype(np.float32)


def write_library(lib: Library, folder: Path, exact_limit: int, embedder,
                  chunk_chars: int) -> dict:
    """Build FAISS and BM25 with the real builders, write a generation; seconds per step."""
    times = {}
    started = time.perf_counter()
    faiss_index = vector_search.build_faiss(lib.vectors, exact_limit)
    times["faiss_s"] = time.perf_counter() - started
    started = time.perf_counter()
    bm25 = build_bm25(lib.texts)
    times["bm25_s"] = time.perf_counter() - started
    backend = embedder.backend
    manifest = {**store.index_identity(embedder.name, embedder.dimension),
                "backend": backend, "chunk_count": len(lib.chunks),
                "sentence_count": len(lib.sentences), "chunk_chars": chunk_chars, "roots": [],
                "catalog": "", "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": {},
                "skipped": [], "synthetic": True}
    started = time.perf_counter()
    publish.write_generation(folder, manifest, lib.documents, lib.chunks, lib.vectors, bm25,
                           faiss_index, lib.sentences, lib.sentence_vectors)
    times["write_s"] = time.perf_counter() - started
    times["index_type"] = vector_search.index_kind(faiss_index)
    return times
