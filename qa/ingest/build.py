"""Incremental ingest: scan the corpus, load what is new or changed, embed only new chunk texts,
and write a new index generation.

Owns deciding what changed (file size and mtime, then content hash, against what
file_records kept), the limit of chunks a document may make, the one-ingest-at-a-time lock,
and the summary of what happened. Reading files is left to files, the records of files and
rules and the staleness check to file_records, what the model reads of a chunk and the
embedding cache to embed_cache, the on-disk format to store.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from qa import vocab
from qa.config import Settings
from qa.errors import (IndexFormatError, IndexWriteError, InputFileError,
                       NoIndexError, QAError, printable)
from qa.index import publish, store, vector_search
from qa.index.chunk_fields import ChunkFields
from qa.index.embedding import Embedder
from qa.index.keywords import build_bm25
from qa.index.model import file_lock
from qa.ingest import embed_cache, file_records
from qa.ingest.chunking import chunk_document, page_starts, sentence_spans
from qa.ingest.files import discover, display_path
from qa.ingest.file_records import (catalog_row, catalog_signature, failed_before,
                                     file_record, is_stale, limits_record, made_alike,
                                     relative, remembered_failures, same_stat, stat_record)
from qa.ingest.metadata import Catalog
from qa.ingest.readers import Job, Read, read_all
from qa.recommend import records as tracker_records
from qa.recommend.track import SpanVectors, track
from qa.types import Chunk, Document

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Chunked = dict[str, list[tuple[Chunk, list[tuple[int, int]]]]]  # file -> its chunks, sentences


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    seconds: float = 0.0
    wrote: bool = False
    # corpus-relative path -> size, mtime_ns, sha256 and reason of each file that failed, for
    # the manifest: it is not read again while it stays the same
    failed: dict[str, dict] = field(default_factory=dict)
    restat: bool = False  # a file was touched without changing: record its new size/mtime
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, problem): catalogs
    not_written: str = ""  # why the new index could not be written (the old one is served)
    catalogs: dict = field(default_factory=dict, repr=False)  # folder -> Catalog, as read

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated) + self.unchanged

    def summary(self) -> str:
        if self.not_written:
            return f"The index was not updated: {self.not_written}"
        lines = [f"{self.indexed} files in the index: {len(self.added)} added, "
                 f"{len(self.updated)} updated, {len(self.removed)} removed, "
                 f"{self.unchanged} unchanged, {len(self.skipped)} skipped",
                 f"{self.chunks} chunks: {self.embedded} embedded, {self.reused} from the cache "
                 f"({self.seconds:.1f} s)"]
        lines += [f"  added    {printable(f)}" for f in self.added]
        lines += [f"  updated  {printable(f)}" for f in self.updated]
        lines += [f"  removed  {printable(f)}" for f in self.removed]
        lines += [f"  skipped  {printable(f)}: {printable(why)}" for f, why in self.skipped]
        lines += [f"  warning  {printable(f)}: {printable(why)}" for f, why in self.warnings]
        return "\n".join(lines)


def ingest(settings: Settings, paths: list[Path] | None = None, rebuild: bool = False,
           embedder: Embedder | None = None, progress: Progress | None = None) -> IngestReport:
    """Bring the index at settings.index up to date with the files under `paths`."""
    started = time.perf_counter()
    embedder = embedder or Embedder(settings.embed_backend)
    with _index_lock(settings.index):  # one ingest at a time per index
        publish.remove_stale(settings.index)  # what an ingest killed mid-write left behind
        old = None if rebuild else _previous(settings)
        roots = _roots(settings, paths, forget=rebuild and bool(paths))
        _check_roots(roots, old)
        report = IngestReport()
        docs, chunked = _scan(settings, roots, old, report, progress)
        if old is not None and not (report.added or report.updated or report.removed
                                    or report.restat) \
                and made_alike(old.manifest, settings, embedder.backend) \
                and old.manifest.get("failed") == report.failed \
                and old.manifest.get("catalog") == catalog_signature(roots):
            report.chunks = len(old)
            report.seconds = time.perf_counter() - started
            return report
        _write(settings, roots, docs, chunked, old, embedder, report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _index_lock(folder: Path):
    """The index's lock, to hold with `with`, its folder made first; IndexWriteError when the
    folder cannot be made (a disk already full before the first index)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return file_lock(folder / ".lock")
    except OSError as exc:
        raise IndexWriteError(f"cannot make the index folder {folder} ({exc.strerror or exc}): "
                              f"free some space there or set QA_INDEX to another folder") from exc


def corpus_change_lock(settings: Settings):
    """The ingest lock, for a change made to a corpus folder between ingests (a catalog row
    corrected, a document deleted): it waits for an ingest running, and the next one waits
    for it. Not to be held around `ingest`, which takes it itself."""
    return _index_lock(settings.index)


class MissingCorpusError(InputFileError):
    """A corpus folder the index was built from is not there (moved, unmounted, or a path
    relative to another working folder): nothing is removed from the index because of it."""


def _check_roots(roots: list[Path], old) -> None:
    """Refuse to go on when a folder the index holds documents from has gone: an ingest would
    otherwise drop all of them (and publish an empty index when it was the only folder)."""
    gone = [r for r in roots if not r.is_dir()]
    if gone and old is not None and len(old.documents):
        names = ", ".join(display_path(r) for r in gone)
        raise MissingCorpusError(
            f"{names}: corpus folder not found (from {Path.cwd()}); the index was left as it "
            "was. Run from the folder the index was built in, mount the folder again, or "
            "rebuild with the folders to keep (python -m qa ingest --rebuild FOLDER...).")


def _previous(settings: Settings):
    try:
        return store.load_index(settings.index, Embedder.name, Embedder.dimension, mmap=True)
    except NoIndexError:
        return None
    except IndexFormatError:
        return None  # an unusable old index is simply replaced; nothing in it is trusted


def _roots(settings: Settings, paths, forget: bool = False) -> list[Path]:
    """The folders given now plus those remembered from earlier ingests, unless `forget` (a
    rebuild of named folders: the way to drop one)."""
    manifest = {} if forget else store.read_manifest(settings.index) or {}
    known = [Path(p) for p in manifest.get("roots", []) if isinstance(p, str)]
    given = [Path(p) for p in (paths or [])]
    roots = known + [p for p in given if p not in known]
    return roots or [settings.corpus]


def _scan(settings: Settings, roots: list[Path], old, report: IngestReport,
          progress: Progress | None) -> tuple[list[Document], Chunked]:
    """The documents to index (unchanged ones from the old index, the rest read now) and the
    chunks of those read now, by file."""
    files, skipped = discover(roots, settings.follow_links)
    report.skipped.extend(skipped)
    old_docs = {d.file: d for d in old.documents} if old is not None else {}
    old_files = old.manifest.get("files", {}) if old is not None else {}
    failed = remembered_failures(old, settings)
    catalogs = _catalogs(roots, report)
    catalog_sig = catalog_signature(roots)
    # Files read by older text rules (cleaning, PDF reading) are read again; the embedding
    # cache keeps this cheap, since most chunk texts come out the same. A changed catalog
    # has only the files whose row changed read again (an index that did not record rows:
    # every file).
    same_rules = old is not None and old.manifest.get("pipeline") == file_records.PIPELINE
    same_catalog = same_rules and old.manifest.get("catalog") == catalog_sig
    plan, jobs, seen = [], [], set()  # (rel, old document, the Job when it is read now)
    for path in files:
        root, rel = relative(path, roots)
        if rel in seen:
            continue
        seen.add(rel)
        prev = old_docs.get(rel)
        same_row = same_catalog or (same_rules and (old_files.get(rel) or {}).get(
            "catalog_row") == catalog_row(catalogs.get(root, Catalog()), rel))
        if prev is not None and same_row and same_stat(path, old_files.get(rel)):
            plan.append((rel, prev, None))
        elif not failed_before(path, rel, failed.get(rel), report):
            jobs.append(Job(path, rel, _one_row(catalogs.get(root, Catalog()), rel)))
            plan.append((rel, prev, jobs[-1]))
    reads = read_all(jobs, settings)
    docs, chunked = [], {}
    try:
        for n, (rel, prev, job) in enumerate(plan):
            if job is None:
                docs.append(prev)
                report.unchanged += 1
            else:
                _take(next(reads), job, prev, docs, chunked, report)
            if progress:
                progress("reading", n + 1, len(plan))
    finally:
        reads.close()  # a reader pool is shut down even when the ingest stops here
    report.removed = sorted(set(old_docs) - {d.file for d in docs})
    report.catalogs = catalogs
    return docs, chunked


def _take(read: Read, job: Job, prev: Document | None, docs: list[Document],
          chunked: Chunked, report: IngestReport) -> None:
    """Add what reading a file gave to the documents, or its problem to the report (and its
    fingerprint to report.failed, so it is not read again while it stays the same)."""
    if read.doc is None:
        report.skipped.append((str(job.path), read.problem))
        report.failed[job.rel] = {**stat_record(job.path), "reason": read.problem,
                                  "sha256": read.sha256}
        return
    docs.append(read.doc)
    chunked[job.rel] = list(zip(read.chunks, read.spans))
    if prev is None:
        report.added.append(job.rel)
    elif prev.fingerprint != read.doc.fingerprint or prev.meta != read.doc.meta:
        report.updated.append(job.rel)
    else:
        report.unchanged += 1
        report.restat = True


def _catalogs(roots: list[Path], report: IngestReport) -> dict[Path, Catalog]:
    """Each folder's catalog; what of it cannot be used goes into the report's warnings."""
    catalogs = {}
    for root in roots:
        if root.is_dir():
            catalogs[root] = Catalog.read(root / "catalog.csv")
            report.warnings += [(display_path(root / "catalog.csv"), problem)
                                for problem in catalogs[root].problems]
    return catalogs


def _one_row(catalog: Catalog, rel: str) -> Catalog:
    """The catalog as a reader of `rel` needs it: its row alone (a reader process is sent
    this, not every row)."""
    return Catalog({rel: catalog.get(rel)})


def _write(settings: Settings, roots: list[Path], docs: list[Document],
           chunked: Chunked, old, embedder: Embedder, report: IngestReport,
           progress: Progress | None) -> None:
    rows, texts, sent_rows, sent_spans, keyword_texts = [], [], [], [], []
    made = []
    for d_index, doc in enumerate(docs):
        read_now = chunked.get(doc.file)  # chunks made when it was read, else made here
        if read_now is None:
            read_now = [(ch, sentence_spans(doc.text, ch.start, ch.end, page_starts(doc)))
                        for ch in chunk_document(doc, settings.chunk_chars)]
        for ch, spans in read_now:
            sent_rows += [(len(rows), s, e) for s, e in spans]
            # The model reads each chunk under its document's title and its section, so "the
            # force" of a templated sentence is read as the report's; sentence vectors are
            # still of the sentence's own tokens (read in that context).
            head = embed_cache.heading(doc.meta.title, ch.section)
            sent_spans.append([(s - ch.start + len(head), e - ch.start + len(head))
                               for s, e in spans])
            rows.append((d_index, ch.page, ch.start, ch.end))
            texts.append(head + ch.text)
            made.append(ch)
            # The keyword index sees each chunk under its document's title and its section, so
            # words of the title ("letter to partners", "re-inspection") match every part of
            # the document, and a heading's words every paragraph under it.
            keyword_texts.append(f"{doc.meta.title}\n{doc.meta.doc_type}\n{ch.section}\n"
                                 f"{ch.text}")
    chunks = np.array(rows, dtype=store.CHUNK_DTYPE)
    fields = ChunkFields.of(made)
    sentences = np.array(sent_rows, dtype=store.SENTENCE_DTYPE)
    vectors, sentence_vectors, report.reused = embed_cache.embed(
        texts, sent_spans, embed_cache.cached(old, embedder), embedder, progress)
    report.embedded = len(texts) - report.reused
    if progress:
        progress("indexing", 0, 1)
    faiss_index = vector_search.build_faiss(vectors, settings.exact_search_limit)
    bm25 = build_bm25(keyword_texts)
    manifest = {
        **store.index_identity(embedder.name, embedder.dimension),
        "backend": embedder.backend, "chunk_count": len(chunks),
        "sentence_count": len(sentences), "chunk_chars": settings.chunk_chars,
        "sentence_vectors": embed_cache.sentence_vectors(embedder),
        "embedded_text": embed_cache.EMBEDDED_TEXT,
        "pipeline": file_records.PIPELINE, "vocab": vocab.digest(),
        "tracker": tracker_records.VERSION,
        "roots": [str(r) for r in roots], "catalog": catalog_signature(roots),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "files": {d.file: file_record(roots, d, report.catalogs) for d in docs},
        "failed": report.failed, "limits": limits_record(settings),
    }
    # The recommendations tracker reads the documents and the sentence vectors just made, so
    # it is rebuilt with every generation at the cost of a scan; it embeds only what each
    # record is about (a few hundred short texts), which chat questions are matched to.
    tracked = track(docs, SpanVectors(chunks, sentences, sentence_vectors))
    topics = _topic_vectors(tracked, old, embedder)
    publish.write_generation(settings.index, manifest, docs, chunks, vectors, bm25, faiss_index,
                             sentences, sentence_vectors, fields,
                             {tracker_records.FILE: tracker_records.to_json(tracked),
                              tracker_records.VECTORS_FILE: tracker_records.vectors_body(topics)})
    report.chunks = len(chunks)
    report.wrote = True
    if progress:
        progress("indexing", 1, 1)


def _topic_vectors(tracked: list, old, embedder: Embedder) -> np.ndarray:
    """The vector of what each tracked record is about: the live index's when it has one for
    the same words and was embedded alike, else embedded now."""
    words = [tracker_records.topic_words(r) for r in tracked]
    vectors = {}
    if old is not None and old.manifest.get("backend") == embedder.backend:
        vectors = tracker_records.read_vectors(old.folder, tracker_records.read(old.folder) or [])
    # one at a time, as a question's topic is embedded: int8 vectors depend slightly on the
    # texts batched together, and a record's vector is the same whether made here or later
    for w in words:
        if w not in vectors:
            vectors[w] = embedder.encode_query(w)
    return np.array([vectors[w] for w in words], dtype=np.float32).reshape(-1, embedder.dimension)


def ensure_index(settings: Settings, embedder: Embedder | None = None,
                 progress: Progress | None = None) -> IngestReport | None:
    """Build or refresh the index if it is missing or stale; None if it was already current.
    When the refresh cannot be written (a full disk) but an index exists, that index is
    served: the report says why it was not updated, so the app still comes up."""
    if not is_stale(settings):
        return None
    try:
        return ingest(settings, embedder=embedder, progress=progress)
    except MissingCorpusError as exc:
        return IngestReport(not_written=str(exc))
    except IndexWriteError as exc:
        if store.read_manifest(settings.index) is None:
            raise
        return IngestReport(not_written=f"{exc}; the index from before is served")


__all__ = ["IngestReport", "ingest", "corpus_change_lock", "ensure_index", "is_stale", "QAError"]
