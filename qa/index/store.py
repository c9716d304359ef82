"""The index folder: load and validate FAISS + BM25 + chunk records + manifest.

Owns the on-disk format. A folder holds generations: `gen-*/` folders, each complete with
manifest.json, the documents (documents.json, documents.npy, pages.npy, blocks.npy and
texts.bin: see files), chunks.npy, the chunks' kinds, sections, page labels and forces
(chunk_info.npy, chunk_forces.npy, chunk_strings.json: see chunk_fields), vectors.npy,
sentences.npy, sentence_vectors.npy (float16), faiss.index and bm25/, and a CURRENT file
naming the live one (publish writes a new generation beside the old and then replaces CURRENT
atomically, so a crash at any moment leaves the previous index whole). Loading checks each
file against the manifest and every offset against its document, so damage is reported with
the command to rebuild, not met mid-answer. No pickle. Deciding what to (re)embed is left to
ingest; searching to retrieve.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import IndexFormatError, NoIndexError, QAError
from qa.index.chunk_fields import ChunkFields, FieldsDamage
from qa.index.files import DocumentDamage, DocumentTexts, read_documents
from qa.index.rows import RowArray
from qa.types import Chunk, Document

# 4: page labels, document blocks (headings, tables...) and chunk kinds, sections and forces;
# 3: texts in texts.bin, decoded on demand (2 had documents.jsonl)
FORMAT_VERSION = 4
CHUNK_DTYPE = np.dtype([("doc", "<i4"), ("page", "<i4"), ("start", "<i8"), ("end", "<i8")])
SENTENCE_DTYPE = np.dtype([("chunk", "<i4"), ("start", "<i8"), ("end", "<i8")])
_GEN_NAME = re.compile(r"gen-[A-Za-z0-9_.-]+")  # what CURRENT may name


@dataclass
class IndexData:
    """A loaded index generation, read-only once made."""

    folder: Path
    manifest: dict
    documents: list[Document]
    chunks: np.ndarray  # CHUNK_DTYPE, one row per chunk, aligned with vectors
    vectors: np.ndarray  # float32 (n, dim), normalised; a RowArray when loaded for serving
    faiss_index: object
    bm25: object
    sentences: np.ndarray  # SENTENCE_DTYPE, grouped by chunk in chunk order
    sentence_vectors: np.ndarray  # float16 (n_sentences, dim), normalised; likewise
    sentence_ptr: np.ndarray  # chunk i owns sentences[sentence_ptr[i]:sentence_ptr[i + 1]]
    texts: DocumentTexts | None = None  # where the documents' texts are read from
    fields: ChunkFields | None = None  # kind, section, page label and forces of each chunk

    def __len__(self) -> int:
        return len(self.chunks)

    def chunk(self, i: int) -> Chunk:
        row = self.chunks[i]
        d = int(row["doc"])
        doc = self.documents[d]
        start, end = int(row["start"]), int(row["end"])
        text = self.text_at(d, start, end)
        page = int(row["page"])
        if self.fields is None:
            return Chunk(doc.doc_id, page, start, end, text, page_label=str(page))
        section, label, forces, kind = self.fields.of_chunk(i)
        return Chunk(doc.doc_id, page, start, end, text, section, label or str(page), forces,
                     kind)

    def text_at(self, d: int, start: int, end: int) -> str:
        """Document d's text between these offsets (read from texts.bin when it is there)."""
        return self.texts.slice(d, start, end) if self.texts is not None \
            else self.documents[d].text[start:end]

    def doc_of(self, i: int) -> Document:
        return self.documents[int(self.chunks[i]["doc"])]


def current_generation(folder: Path) -> Path | None:
    """The live generation named by CURRENT, or None when there is no CURRENT file;
    IndexFormatError when CURRENT cannot be read or names no generation."""
    try:
        raw = (folder / "CURRENT").read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexFormatError(f"index at {folder} is damaged (CURRENT: {exc.strerror or exc}): "
                               f"{_rebuild_hint(folder)}") from exc
    name = raw.decode("utf-8", "replace").strip()
    if not _GEN_NAME.fullmatch(name):
        raise IndexFormatError(f"index at {folder} is damaged (CURRENT does not name an index "
                               f"generation): {_rebuild_hint(folder)}")
    return folder / name


def read_manifest(folder: Path) -> dict | None:
    """The live manifest, or None when there is none or it cannot be read (never raises)."""
    try:
        gen = current_generation(folder)
        if gen is None:
            return None
        manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (QAError, OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _rebuild_hint(folder: Path) -> str:
    return f"rebuild it with `python -m qa ingest --rebuild --index {folder}`"


def index_identity(model_name: str, dimension: int) -> dict:
    """The manifest entries that say who can read an index: format version, model, dimension."""
    return {"format": FORMAT_VERSION, "model": model_name, "dimension": dimension}


def incompatibility(manifest: dict, model_name: str, dimension: int) -> str:
    """Why this program with this model cannot read an index with `manifest`; '' if it can."""
    if manifest.get("format") != FORMAT_VERSION:
        return f"has format {manifest.get('format')}, this version reads format {FORMAT_VERSION}"
    if manifest.get("model") != model_name or manifest.get("dimension") != dimension:
        return (f"was built with model {manifest.get('model')} ({manifest.get('dimension')} "
                f"dims), not {model_name}")
    return ""


class _Damage(Exception):
    """A file of a generation is missing, unreadable or inconsistent with the others."""


def load_index(folder: Path, model_name: str, dimension: int,
               mmap: bool | None = None) -> IndexData:
    """Load the live generation; NoIndexError or IndexFormatError with what to do next.

    `mmap` None (for serving questions): the chunk, sentence and BM25 arrays memory-mapped,
    the vector files read row by row as asked (rows.RowArray), so the process holds
    little of the library in memory. True (for reading every row, as ingest does): every
    array memory-mapped. False: every array read into memory. Texts are always read on
    demand."""
    gen = current_generation(folder)
    if gen is None:
        raise NoIndexError(f"no index at {folder}: run `python -m qa ingest --index {folder}` "
                           f"(or `make run`) to build it")
    if not gen.is_dir():
        raise IndexFormatError(f"index at {folder} is damaged (CURRENT names {gen.name}, which "
                               f"is missing): {_rebuild_hint(folder)}")
    try:
        manifest = _read(gen, "manifest.json",
                         lambda p: json.loads(p.read_text(encoding="utf-8")))
        if not isinstance(manifest, dict):
            raise _Damage("manifest.json: not a JSON object")
        problem = incompatibility(manifest, model_name, dimension)
        if problem:
            raise IndexFormatError(f"index at {folder} {problem}: {_rebuild_hint(folder)}")
        return _load_generation(gen, manifest, mmap, dimension)
    except _Damage as exc:
        raise IndexFormatError(f"index at {folder} is damaged ({exc}): "
                               f"{_rebuild_hint(folder)}") from exc


def _read(gen: Path, name: str, read):
    """read(gen / name); any failure is reported as damage to that file."""
    try:
        return read(gen / name)
    except FileNotFoundError as exc:
        raise _Damage(f"{name} is missing") from exc
    except Exception as exc:  # files on disk are data: any failure to parse them is damage
        first = (str(exc).strip().splitlines() or [""])[0][:100]
        if "pickle" in first:  # numpy's advice to load it unsafely is not for us
            first = "not a plain array file"
        raise _Damage(f"{name}: {type(exc).__name__}{': ' + first if first else ''}") from exc


def _load_generation(gen: Path, manifest: dict, mmap: bool | None,
                     dimension: int) -> IndexData:
    import bm25s
    import faiss

    mode = None if mmap is False else "r"

    def array(name: str) -> np.ndarray:
        # A plain ndarray over the mapping: np.memmap's own indexing costs microseconds a slice
        return _read(gen, name, lambda p: np.asarray(np.load(p, mmap_mode=mode,
                                                             allow_pickle=False)))

    def rows(name: str):
        return _read(gen, name, RowArray) if mmap is None else array(name)

    try:
        documents, texts = read_documents(gen, lambda name, read: _read(gen, name, read))
    except DocumentDamage as exc:
        raise _Damage(str(exc)) from exc
    chunks, vectors = array("chunks.npy"), rows("vectors.npy")
    try:
        fields = ChunkFields.read(gen, lambda name, read: _read(gen, name, read), array,
                                  len(chunks))
    except FieldsDamage as exc:
        raise _Damage(str(exc)) from exc
    sentences, sentence_vectors = array("sentences.npy"), rows("sentence_vectors.npy")
    index = _read(gen, "faiss.index", lambda p: faiss.read_index(str(p)))
    bm25 = _read(gen, "bm25", lambda p: bm25s.BM25.load(str(p), mmap=mmap is not False,
                                                        show_progress=False,
                                                        verbosity=0)) if len(chunks) else None
    _check_shapes(manifest, documents, chunks, vectors, sentences, sentence_vectors, index,
                  dimension)
    _check_offsets(texts.lengths(), chunks, sentences)
    ptr = np.searchsorted(np.asarray(sentences["chunk"]), np.arange(len(chunks) + 1))
    return IndexData(gen, manifest, documents, chunks, vectors, index, bm25, sentences,
                     sentence_vectors, ptr, texts, fields)


def _check_shapes(manifest, documents, chunks, vectors, sentences, sentence_vectors, index,
                  dimension: int) -> None:
    """Every file holds as many rows as the manifest says, of the right kind."""
    expected = [("chunks.npy", chunks.dtype == CHUNK_DTYPE and
                 len(chunks) == manifest.get("chunk_count")),
                ("vectors.npy", vectors.shape == (len(chunks), dimension)
                 and vectors.dtype == np.float32),
                ("faiss.index", index.ntotal == len(chunks) and index.d == dimension),
                ("sentences.npy", sentences.dtype == SENTENCE_DTYPE),
                ("sentence_vectors.npy", sentence_vectors.shape == (len(sentences), dimension)
                 and sentence_vectors.dtype == np.float16),
                ("documents.json", manifest.get("document_count", len(documents))
                 == len(documents))]
    for name, ok in expected:
        if not ok:
            raise _Damage(f"{name}: its size or layout does not match the manifest")


def _check_offsets(lengths: np.ndarray, chunks: np.ndarray, sentences: np.ndarray) -> None:
    """Chunk and sentence offsets point inside their documents (`lengths` characters each), so
    damage shows here, not as a crash in the middle of an answer."""
    doc = np.asarray(chunks["doc"])
    if len(chunks):
        start, end = np.asarray(chunks["start"]), np.asarray(chunks["end"])
        if doc.min() < 0 or doc.max() >= len(lengths) or (start < 0).any() \
                or (end < start).any() or (end > lengths[doc]).any():
            raise _Damage("chunks.npy: chunk offsets fall outside the documents")
    if len(sentences):
        owner = np.asarray(sentences["chunk"])
        start, end = np.asarray(sentences["start"]), np.asarray(sentences["end"])
        if owner.min() < 0 or owner.max() >= len(chunks) or (np.diff(owner) < 0).any() \
                or (start < 0).any() or (end < start).any() \
                or (end > lengths[doc[owner]]).any():
            raise _Damage("sentences.npy: sentence offsets fall outside the documents")
