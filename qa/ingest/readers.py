"""Reading the files an ingest needs into documents and chunks, in reader processes beside the
ingest's own when there are several files and cores.

Owns: reading one file into its Document and chunks, or the reason it cannot be (read_file);
sharing files among reader processes, results handed back in the order the files were given
(so an index does not depend on which process read what); and a reader process that dies on a
file (a crash in a parser's C code, the memory killer): that file is reported with the reason
and every other file is still read. What to read, and what a failure means for the manifest,
is left to build.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from qa.config import Settings, usable_cores
from qa.errors import DocumentError
from qa.index.keywords import terms
from qa.ingest.chunking import chunk_document, page_starts, sentence_spans
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog
from qa.types import Chunk, Document

# How reader processes start (None: choose). A process running no other thread forks them
# (nothing is imported again, so a script without a `__main__` guard is safe too); one running
# threads (the web app's, the embedder's) starts them from a forkserver, a clean process, since
# a plain fork would copy the other threads' locks mid-step.
START_METHOD: str | None = None
_PRELOAD = ["qa.ingest.readers", "qa.ingest.pdf", "pypdf", "bs4"]


@dataclass(frozen=True)
class Job:
    """A file to read: where it is, its path within the corpus, its catalog row if any."""

    path: Path
    rel: str
    catalog: Catalog = field(default_factory=Catalog)


@dataclass(frozen=True)
class Read:
    """What reading a file gave: its document, chunks and each chunk's sentence spans, or the
    problem (and, for a file that failed, its content hash, so it is not read again while it
    stays the same)."""

    doc: Document | None = None
    chunks: list[Chunk] = field(default_factory=list)
    spans: list[list[tuple[int, int]]] = field(default_factory=list)
    problem: str = ""
    sha256: str = ""


def read_file(job: Job, settings: Settings) -> Read:
    """The document, chunks and sentences of one file, or a Read naming its problem; never
    raises for a bad file (a bug met on one odd file must not stop the rest of the corpus)."""
    max_bytes = int(settings.max_file_mb * 1e6)
    try:
        doc = load_document(job.path, job.rel, job.catalog, max_bytes, settings.limits)
        chunks = chunk_document(doc, settings.chunk_chars)
        if not any(terms(ch.text) for ch in chunks):  # nothing a search could ever find
            raise DocumentError(job.rel, "no words to index (only symbols, numbers or common "
                                         "words)")
        if len(chunks) > settings.max_chunks:
            raise DocumentError(job.rel, f"it makes {len(chunks):,} chunks, over the limit "
                                         f"of {settings.max_chunks:,} a document (raise "
                                         f"QA_MAX_CHUNKS to index it)")
        breaks = page_starts(doc)
        return Read(doc, chunks, [sentence_spans(doc.text, ch.start, ch.end, breaks)
                                  for ch in chunks])
    except DocumentError as exc:
        problem = exc.problem
    except Exception as exc:  # noqa: BLE001 (see the docstring)
        problem = f"could not be read ({type(exc).__name__}: {exc}); please report this"
    return Read(problem=problem, sha256=file_sha256(job.path, max_bytes))


def file_sha256(path: Path, max_bytes: int | None = None) -> str:
    """The file's content hash ('' when it cannot be read, or is over `max_bytes`)."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return ""
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return ""


def reader_count(settings: Settings, files: int) -> int:
    """Reader processes for `files` files: QA_READERS, else one per core; 1 means the ingest
    reads them itself (also for a single file, where starting a process costs more)."""
    wanted = settings.readers or usable_cores()
    return max(1, min(wanted, files))


def read_all(jobs: list[Job], settings: Settings) -> Iterator[Read]:
    """A Read for each job, in the order given."""
    workers = reader_count(settings, len(jobs))
    if workers <= 1:
        for job in jobs:
            yield read_file(job, settings)
        return
    context = _context()
    pool, futures = _submit(context, workers, jobs, range(len(jobs)), settings, {})
    try:
        for i, job in enumerate(jobs):
            try:
                read = futures[i].result()
            except BrokenProcessPool:
                # A reader died, taking the pool with it: this file is read again alone (it
                # may not be the one that killed it), the files not yet read in a new pool.
                pool.shutdown(wait=False, cancel_futures=True)
                read = _alone(context, job, settings)
                pool, futures = _submit(context, workers, jobs, range(i + 1, len(jobs)),
                                        settings, futures)
            yield read
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _context():
    method = START_METHOD or ("fork" if threading.active_count() == 1 and "fork" in
                              multiprocessing.get_all_start_methods() else "forkserver")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return context


def _submit(context, workers: int, jobs: list[Job], which, settings: Settings,
            futures: dict[int, Future]) -> tuple[ProcessPoolExecutor, dict[int, Future]]:
    """A new pool reading the jobs of `which` not already read, in order (the results are
    taken in order, so the first file is read first and progress moves evenly)."""
    pool = ProcessPoolExecutor(workers, mp_context=context)
    for i in which:
        if not _read_ok(futures.get(i)):
            futures[i] = pool.submit(read_file, jobs[i], settings)
    return pool, futures


def _read_ok(future: Future | None) -> bool:
    return future is not None and future.done() and not future.cancelled() \
        and future.exception() is None


def _alone(context, job: Job, settings: Settings) -> Read:
    """The file read in a process of its own; reported if that process dies too."""
    with ProcessPoolExecutor(1, mp_context=context) as alone:
        try:
            return alone.submit(read_file, job, settings).result()
        except BrokenProcessPool:
            why = ("the reader process stopped while reading it (a crash, or out of "
                   "memory); the other files were read")
            return Read(problem=why,
                        sha256=file_sha256(job.path, int(settings.max_file_mb * 1e6)))

