"""Publishing an index generation: writing it beside the live one, then switching CURRENT.

Owns the write side of the on-disk format store reads: every file of a generation written into
a temporary folder, synced, renamed into place, and only then named by CURRENT in one atomic
replace, so a crash at any moment leaves the previous index whole; a write that fails (a full
disk) removes all it wrote and says how much space is needed; what crashed or failed builds
left behind, and generations older than the previous, are removed. The format itself and
loading are store's.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from qa.errors import IndexFormatError, IndexWriteError
from qa.index.chunk_fields import ChunkFields
from qa.index.files import write_documents
from qa.index.store import CHUNK_DTYPE, SENTENCE_DTYPE, current_generation
from qa.index.vector_search import index_kind as faiss_index_kind
from qa.types import Document


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
