"""The index folder: save, load and validate FAISS + BM25 + chunk records + manifest.

Owns the on-disk format. A folder holds generations: `gen-*/` folders, each complete with
manifest.json, the documents (documents.json, documents.npy, pages.npy, blocks.npy and
texts.bin: see files), chunks.npy, the chunks' kinds, sections, page labels and forces
(chunk_info.npy, chunk_forces.npy, chunk_strings.json: see chunk_fields), vectors.npy,
sentences.npy, sentence_vectors.npy (float16), faiss.index and bm25/, and a CURRENT file
naming the live one. A new generation is written beside the old, then CURRENT is replaced
atomically, so a crash at any moment leaves the previous index whole. Loading checks each file
against the manifest and every offset against its document, so damage is reported with the
command to rebuild, not met mid-answer. No pickle. Deciding what to (re)embed is left to
ingest; searching to retrieve.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import IndexFormatError, IndexWriteError, NoIndexError, QAError
from qa.index.chunk_fields import ChunkFields, FieldsDamage
from qa.index.files import DocumentDamage, DocumentTexts, read_documents, write_documents
from qa.index.rows import RowArray
from qa.index.vector_search import index_kind as faiss_index_kind
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


def write_generation(folder: Path, manifest: dict, documents: list[Document],
                     chunks: np.ndarray, vectors: np.ndarray, bm25, faiss_index,
                     sentences: np.ndarray, sentence_vectors: np.ndarray,
                     fields: ChunkFields | None = None,
                     extra: dict[str, str | bytes] | None = None) -> Path:
    """Write a complete new generation beside the live one, then switch CURRENT to it.
    Without `fields`, every chunk is body text with no section, label or forces known.
    `extra` names further files (text or bytes) made from the same documents (the
    recommendations tracker's), published with the rest in the same atomic switch.

    When it cannot be written (a full disk, no permission) everything it wrote is removed, the
    live generation stays as it was, and IndexWriteError says where and how much space is
    needed."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp, final = folder / f".tmp-{name}", folder / name
    pointer_tmp = folder / f".CURRENT.{os.getpid()}"
    try:
        tmp.mkdir()
        _write_files(tmp, manifest, documents, chunks, vectors, bm25, faiss_index, sentences,
                     sentence_vectors, fields, extra)
        _fsync_tree(tmp)
        os.rename(tmp, final)
        _fsync_dir(folder)  # the generation is on disk under its final name before CURRENT
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        _fsync_file(pointer_tmp)
    except BaseException as exc:
        for path in (tmp, final):
            shutil.rmtree(path, ignore_errors=True)
        pointer_tmp.unlink(missing_ok=True)
        if isinstance(exc, (OSError, RuntimeError)):  # faiss reports failed writes as Runtime
            needed = _bytes_needed(documents, chunks, vectors, sentences, sentence_vectors)
            raise _write_error(folder, exc, needed) from exc
        raise
    os.replace(pointer_tmp, folder / "CURRENT")  # the one atomic step that publishes the index
    _fsync_dir(folder)
    remove_stale(folder)
    return final


def _write_files(tmp: Path, manifest: dict, documents, chunks, vectors, bm25, faiss_index,
                 sentences, sentence_vectors, fields, extra) -> None:
    import faiss
    write_documents(tmp, documents)
    np.save(tmp / "chunks.npy", np.asarray(chunks, dtype=CHUNK_DTYPE), allow_pickle=False)
    (fields if fields is not None else ChunkFields.plain(len(chunks))).write(tmp)
    np.save(tmp / "vectors.npy", np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    np.save(tmp / "sentences.npy", np.asarray(sentences, dtype=SENTENCE_DTYPE),
            allow_pickle=False)
    np.save(tmp / "sentence_vectors.npy", np.asarray(sentence_vectors, dtype=np.float16),
            allow_pickle=False)
    faiss.write_index(faiss_index, str(tmp / "faiss.index"))
    if bm25 is not None:
        bm25.save(str(tmp / "bm25"), show_progress=False)
    for file_name, body in (extra or {}).items():
        if isinstance(body, bytes):
            (tmp / file_name).write_bytes(body)
        else:
            (tmp / file_name).write_text(body, encoding="utf-8")
    manifest = dict(manifest, index_type=faiss_index_kind(faiss_index),
                    document_count=len(documents))
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _bytes_needed(documents, chunks, vectors, sentences, sentence_vectors) -> int:
    """About the size of a generation: its texts, arrays, vectors twice (the FAISS index holds
    a copy) and the keyword index (about a chunk's worth of bytes per chunk, generously)."""
    texts = sum(len(doc.text.encode("utf-8")) for doc in documents)
    rows = len(chunks) * (CHUNK_DTYPE.itemsize + 200) + len(sentences) * SENTENCE_DTYPE.itemsize
    return texts + rows + 2 * np.asarray(vectors).size * 4 \
        + np.asarray(sentence_vectors).size * 2


def _write_error(folder: Path, exc: BaseException, needed: int) -> IndexWriteError:
    """What went wrong, where, and (when the disk is full) how much space is needed."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    code = getattr(exc, "errno", None)
    full = code in (errno.ENOSPC, errno.EDQUOT) or free < needed \
        or "requested and" in str(exc)  # numpy's words for a short write
    if full:
        return IndexWriteError(
            f"not enough space to write the index in {folder}: it needs about "
            f"{_mb(needed)} and {_mb(free)} is free there; free some space (or set QA_INDEX "
            f"to a folder on a larger disk) and run `python -m qa ingest` again")
    lines = str(exc).strip().splitlines()
    why = getattr(exc, "strerror", None) or (lines[0][:120] if lines else type(exc).__name__)
    return IndexWriteError(f"cannot write the index in {folder} ({why}); nothing was changed")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def remove_stale(folder: Path, keep_previous: int = 1) -> None:
    """Delete what crashed or failed builds left (unfinished folders, pointer files) and all
    but the live and `keep_previous` older generations.

    Called only by the one ingest that holds the index's lock (or the writer itself), so a
    leftover named with this process's own id is from a write of ours that failed, not one in
    progress: it goes too (a long-running app would otherwise keep every failed attempt)."""
    try:
        live = current_generation(folder)
    except IndexFormatError:
        live = None
    if live is not None:  # without a readable CURRENT no generation is known to be unused
        gens = sorted((p for p in folder.glob("gen-*") if p.is_dir() and p != live),
                      key=lambda p: p.stat().st_mtime, reverse=True)
        for old in gens[keep_previous:]:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in folder.glob(".tmp-gen-*"):
        pid = tmp.name.split("-")[-2] if tmp.name.count("-") >= 4 else ""
        if not (pid.isdigit() and _other_writer_alive(int(pid))):
            shutil.rmtree(tmp, ignore_errors=True)
    for pointer in folder.glob(".CURRENT.*"):
        pid = pointer.name.rsplit(".", 1)[-1]
        if not (pid.isdigit() and _other_writer_alive(int(pid))):
            pointer.unlink(missing_ok=True)


def _other_writer_alive(pid: int) -> bool:
    """True when another process with this id is running (it may be writing)."""
    if pid == os.getpid():
        return False
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
