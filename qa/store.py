"""The index folder: save, load and validate FAISS + BM25 + chunk records + manifest.

Owns the on-disk format. A folder holds generations: `gen-*/` folders, each complete with
manifest.json, documents.jsonl, chunks.npy, vectors.npy, sentences.npy, sentence_vectors.npy
(float16), faiss.index and bm25/, and a CURRENT
file naming the live one. A new generation is written beside the old, then CURRENT is replaced
atomically, so a crash at any moment leaves the previous index whole. No pickle anywhere.
Deciding what to (re)embed is left to ingest; searching to retrieve.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .errors import IndexFormatError, NoIndexError
from .types import Chunk, Document, Metadata, Page

FORMAT_VERSION = 2
CHUNK_DTYPE = np.dtype([("doc", "<i4"), ("page", "<i4"), ("start", "<i8"), ("end", "<i8")])
SENTENCE_DTYPE = np.dtype([("chunk", "<i4"), ("start", "<i8"), ("end", "<i8")])
HNSW_M = 32


@dataclass
class IndexData:
    """A loaded index generation, read-only once made."""

    folder: Path
    manifest: dict
    documents: list[Document]
    chunks: np.ndarray  # CHUNK_DTYPE, one row per chunk, aligned with vectors
    vectors: np.ndarray  # float32 (n, dim), normalised
    faiss_index: object
    bm25: object
    sentences: np.ndarray  # SENTENCE_DTYPE, grouped by chunk in chunk order
    sentence_vectors: np.ndarray  # float16 (n_sentences, dim), normalised
    sentence_ptr: np.ndarray  # chunk i owns sentences[sentence_ptr[i]:sentence_ptr[i + 1]]

    def __len__(self) -> int:
        return len(self.chunks)

    def chunk(self, i: int) -> Chunk:
        row = self.chunks[i]
        doc = self.documents[int(row["doc"])]
        start, end = int(row["start"]), int(row["end"])
        return Chunk(doc.doc_id, int(row["page"]), start, end, doc.text[start:end])

    def doc_of(self, i: int) -> Document:
        return self.documents[int(self.chunks[i]["doc"])]


def current_generation(folder: Path) -> Path | None:
    pointer = folder / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return folder / name if name else None


def read_manifest(folder: Path) -> dict | None:
    gen = current_generation(folder)
    if gen is None:
        return None
    try:
        return json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _rebuild_hint(folder: Path) -> str:
    return f"rebuild it with `python -m qa ingest --rebuild --index {folder}`"


def check_manifest(manifest: dict, folder: Path, model_name: str, dimension: int) -> None:
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexFormatError(f"index at {folder} has format {manifest.get('format')}, this "
                               f"version reads format {FORMAT_VERSION}: {_rebuild_hint(folder)}")
    if manifest.get("model") != model_name or manifest.get("dimension") != dimension:
        raise IndexFormatError(f"index at {folder} was built with model {manifest.get('model')} "
                               f"({manifest.get('dimension')} dims), not {model_name}: "
                               f"{_rebuild_hint(folder)}")


def load_index(folder: Path, model_name: str, dimension: int, mmap: bool = True) -> IndexData:
    """Load the live generation; NoIndexError or IndexFormatError with what to do next."""
    gen = current_generation(folder)
    if gen is None or not gen.is_dir():
        raise NoIndexError(f"no index at {folder}: run `python -m qa ingest --index {folder}` "
                           f"(or `make run`) to build it")
    try:
        manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"index at {folder} is damaged (manifest.json: {exc}): "
                               f"{_rebuild_hint(folder)}") from exc
    check_manifest(manifest, folder, model_name, dimension)
    try:
        return _load_generation(gen, manifest, mmap)
    except (OSError, ValueError, KeyError, RuntimeError, TypeError) as exc:
        raise IndexFormatError(f"index at {folder} is damaged ({type(exc).__name__}: {exc}): "
                               f"{_rebuild_hint(folder)}") from exc


def _load_generation(gen: Path, manifest: dict, mmap: bool) -> IndexData:
    import bm25s
    import faiss

    documents = [_doc_from(json.loads(line)) for line in
                 (gen / "documents.jsonl").read_text(encoding="utf-8").splitlines() if line]
    mode = "r" if mmap else None
    chunks = np.load(gen / "chunks.npy", mmap_mode=mode, allow_pickle=False)
    vectors = np.load(gen / "vectors.npy", mmap_mode=mode, allow_pickle=False)
    if len(chunks) != manifest["chunk_count"] or len(vectors) != len(chunks):
        raise ValueError("chunk count does not match the manifest")
    index = faiss.read_index(str(gen / "faiss.index"))
    if index.ntotal != len(chunks):
        raise ValueError("FAISS index size does not match the manifest")
    bm25 = bm25s.BM25.load(str(gen / "bm25"), mmap=mmap, show_progress=False, verbosity=0) \
        if len(chunks) else None
    sentences = np.load(gen / "sentences.npy", mmap_mode=mode, allow_pickle=False)
    sentence_vectors = np.load(gen / "sentence_vectors.npy", mmap_mode=mode, allow_pickle=False)
    if len(sentences) != len(sentence_vectors):
        raise ValueError("sentence count does not match its vectors")
    ptr = np.searchsorted(np.asarray(sentences["chunk"]), np.arange(len(chunks) + 1))
    return IndexData(gen, manifest, documents, chunks, vectors, index, bm25, sentences,
                     sentence_vectors, ptr)


def _doc_from(row: dict) -> Document:
    return Document(row["doc_id"], row["file"], row["text"],
                    tuple(Page(*p) for p in row["pages"]), Metadata(**row["meta"]),
                    row.get("fingerprint", ""))


def _doc_to(doc: Document) -> dict:
    return {"doc_id": doc.doc_id, "file": doc.file, "fingerprint": doc.fingerprint,
            "meta": asdict(doc.meta), "pages": [[p.number, p.start, p.end] for p in doc.pages],
            "text": doc.text}


def build_faiss(vectors: np.ndarray, exact_limit: int):
    """Exact inner-product search up to `exact_limit` vectors, HNSW above it."""
    import faiss
    dim = vectors.shape[1]
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 96
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def index_kind(index) -> str:
    return "hnsw" if "HNSW" in type(index).__name__ else "flat"


def write_generation(folder: Path, manifest: dict, documents: list[Document],
                     chunks: np.ndarray, vectors: np.ndarray, bm25, faiss_index,
                     sentences: np.ndarray, sentence_vectors: np.ndarray) -> Path:
    """Write a complete new generation beside the live one, then switch CURRENT to it."""
    import faiss
    folder.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = folder / f".tmp-{name}"
    tmp.mkdir()
    with (tmp / "documents.jsonl").open("w", encoding="utf-8") as fh:
        for doc in documents:
            fh.write(json.dumps(_doc_to(doc), ensure_ascii=False) + "\n")
    np.save(tmp / "chunks.npy", np.asarray(chunks, dtype=CHUNK_DTYPE), allow_pickle=False)
    np.save(tmp / "vectors.npy", np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    np.save(tmp / "sentences.npy", np.asarray(sentences, dtype=SENTENCE_DTYPE),
            allow_pickle=False)
    np.save(tmp / "sentence_vectors.npy", np.asarray(sentence_vectors, dtype=np.float16),
            allow_pickle=False)
    faiss.write_index(faiss_index, str(tmp / "faiss.index"))
    if bm25 is not None:
        bm25.save(str(tmp / "bm25"), show_progress=False)
    manifest = dict(manifest, index_type=index_kind(faiss_index))
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    _fsync_tree(tmp)
    final = folder / name
    os.rename(tmp, final)
    pointer_tmp = folder / f".CURRENT.{os.getpid()}"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    _fsync_file(pointer_tmp)
    os.replace(pointer_tmp, folder / "CURRENT")  # the one atomic step that publishes the index
    _fsync_dir(folder)
    remove_stale(folder)
    return final


def remove_stale(folder: Path, keep_previous: int = 1) -> None:
    """Delete unfinished builds and all but the live and `keep_previous` older generations."""
    live = current_generation(folder)
    gens = sorted((p for p in folder.glob("gen-*") if p.is_dir() and p != live),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in gens[keep_previous:]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in folder.glob(".tmp-gen-*"):
        pid = tmp.name.split("-")[-2] if tmp.name.count("-") >= 4 else ""
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            _fsync_file(Path(folder) / name)
        _fsync_dir(Path(folder))
