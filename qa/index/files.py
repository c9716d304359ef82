"""The big files of an index generation, read when needed rather than held in memory.

Owns the documents' five files: documents.json (each document's id, file, fingerprint and
metadata, one list per field, and the printed label of every page), documents.npy (per
document: where its text lies in texts.bin, its length in characters, and its rows of pages.npy
and blocks.npy), pages.npy (page number and character span), blocks.npy (the structure's
blocks: span, kind, level) and texts.bin (every text as UTF-8, one after another). Loading
parses only the small metadata; a document's text is read and decoded when asked for (the last
few are kept), so a million-chunk library loads in about a second and its texts take no memory
until read. Loading
still decodes every text once, a window at a time, to check it (damage is reported at load,
not mid-answer). Reading files by offset is rows' (ReadOnlyFile); the generation as a whole
(manifest, arrays, atomic switch) is store's.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from qa.index.rows import ReadOnlyFile
from qa.types import BLOCK_KINDS, Block, Document, Metadata, Page

DOC_DTYPE = np.dtype([("text_start", "<i8"), ("text_end", "<i8"), ("chars", "<i8"),
                      ("pages_start", "<i8"), ("pages_end", "<i8"),
                      ("blocks_start", "<i8"), ("blocks_end", "<i8")])
PAGE_DTYPE = np.dtype([("number", "<i4"), ("start", "<i8"), ("end", "<i8")])
BLOCK_DTYPE = np.dtype([("start", "<i8"), ("end", "<i8"), ("kind", "<u1"), ("level", "<u1")])
FILES = ("documents.json", "documents.npy", "pages.npy", "blocks.npy", "texts.bin")
_META_FIELDS = tuple(f.name for f in fields(Metadata))
_CACHE_DOCS = 64  # decoded texts kept (the passages of a few questions)
_CACHE_CHARS = 32_000_000  # ... and at most this many characters of them
_CHECK_WINDOW = 16 * 2**20  # bytes of texts.bin read at a time by the load-time check


class DocumentDamage(Exception):
    """One of FILES is inconsistent; the message starts with the file's name."""


class StoredDocument(Document):
    """A Document whose text and pages stay in the index files until first used.

    It behaves as a Document (same fields, equality, hashing, `dataclasses.replace`); a copy is
    the same object (it is immutable), and pickled it becomes a plain Document with its text."""

    @classmethod
    def lazy(cls, texts: "DocumentTexts", i: int, doc_id: str, file: str, meta: Metadata,
             fingerprint: str) -> "StoredDocument":
        doc = object.__new__(cls)
        d = doc.__dict__
        d.update(doc_id=doc_id, file=file, meta=meta, fingerprint=fingerprint, _texts=texts,
                 _i=i)
        return doc

    @property
    def text(self) -> str:  # type: ignore[override]
        d = self.__dict__
        return d["_text"] if "_text" in d else d["_texts"].text(d["_i"])

    @text.setter
    def text(self, value: str) -> None:  # only Document.__init__ sets it (replace())
        self.__dict__["_text"] = value

    pages = property(lambda self: self._stored("pages"),  # type: ignore[assignment]
                     lambda self, value: self.__dict__.__setitem__("_pages", tuple(value)))
    blocks = property(lambda self: self._stored("blocks"),  # type: ignore[assignment]
                      lambda self, value: self.__dict__.__setitem__("_blocks", tuple(value)))

    def _stored(self, name: str) -> tuple:
        """A field read from the generation's files on first use (pages, blocks), then kept;
        one given to the constructor (replace()) is kept as given."""
        d = self.__dict__
        if f"_{name}" not in d:
            d[f"_{name}"] = getattr(d["_texts"], name)(d["_i"])
        return d[f"_{name}"]

    def __eq__(self, other):
        if not isinstance(other, Document):
            return NotImplemented
        return _key(self) == _key(other)

    __hash__ = Document.__hash__

    def __reduce__(self):
        return Document, _key(self)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _key(doc: Document) -> tuple:
    return doc.doc_id, doc.file, doc.text, doc.pages, doc.meta, doc.fingerprint, doc.blocks


class DocumentTexts:
    """texts.bin, with the offsets that cut it into documents and pages."""

    def __init__(self, path: Path, rows: np.ndarray, pages: np.ndarray,
                 labels: list[str] | None = None, blocks: np.ndarray | None = None):
        self._file = ReadOnlyFile(path, self)
        self._rows = rows
        self._labels = labels if labels is not None else [""] * len(pages)
        self._blocks = blocks if blocks is not None else np.zeros(0, dtype=BLOCK_DTYPE)
        self._starts = rows["text_start"].tolist()
        self._ends = rows["text_end"].tolist()
        self._ascii = (rows["text_end"] - rows["text_start"] == rows["chars"]).tolist()
        self._pages = pages
        self._cache: OrderedDict[int, str] = OrderedDict()
        self._cached_chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._starts)

    @property
    def size(self) -> int:
        return self._file.size

    def lengths(self) -> np.ndarray:
        """Characters per document."""
        return np.asarray(self._rows["chars"], dtype=np.int64)

    def text(self, i: int) -> str:
        with self._lock:
            text = self._cache.get(i)
            if text is not None:
                self._cache.move_to_end(i)
                return text
        text = self._file.read(self._starts[i], self._ends[i]).decode("utf-8")
        with self._lock:
            if i not in self._cache:
                self._cache[i] = text
                self._cached_chars += len(text)
                while len(self._cache) > 1 and (len(self._cache) > _CACHE_DOCS
                                                or self._cached_chars > _CACHE_CHARS):
                    _old, dropped = self._cache.popitem(last=False)
                    self._cached_chars -= len(dropped)
        return text

    def slice(self, i: int, start: int, end: int) -> str:
        if self._ascii[i]:  # byte offsets are character offsets
            base, stop = self._starts[i], self._ends[i]
            a, b = min(base + max(start, 0), stop), min(base + max(end, 0), stop)
            return self._file.read(a, max(a, b)).decode("ascii")
        return self.text(i)[start:end]

    def pages(self, i: int) -> tuple[Page, ...]:
        row = self._rows[i]
        a, b = int(row["pages_start"]), int(row["pages_end"])
        part = self._pages[a:b]
        return tuple(Page(int(n), int(s), int(e), label) for n, s, e, label in
                     zip(part["number"].tolist(), part["start"].tolist(), part["end"].tolist(),
                         self._labels[a:b]))

    def blocks(self, i: int) -> tuple[Block, ...]:
        row = self._rows[i]
        part = self._blocks[int(row["blocks_start"]):int(row["blocks_end"])]
        return tuple(Block(int(s), int(e), BLOCK_KINDS[k], int(v)) for s, e, k, v in
                     zip(part["start"].tolist(), part["end"].tolist(), part["kind"].tolist(),
                         part["level"].tolist()))

    def check(self) -> None:
        """Every text decodes as UTF-8 to its recorded length (read a window at a time, so
        the check leaves nothing in memory). DocumentDamage if not."""
        rows = [(s, e, c) for s, e, c in zip(self._starts, self._ends,
                                             self._rows["chars"].tolist())]
        i = 0
        buffer = bytearray()
        while i < len(rows):
            first = rows[i][0]
            j = i + 1
            while j < len(rows) and rows[j][1] - first <= _CHECK_WINDOW:
                j += 1
            size = rows[j - 1][1] - first
            if len(buffer) < size:
                buffer = bytearray(size)
            view = memoryview(buffer)
            try:
                self._file.read_into(view[:size], first)
                for start, end, chars in rows[i:j]:
                    if len(str(view[start - first:end - first], "utf-8")) != chars:
                        raise DocumentDamage("texts.bin: a text does not have its recorded "
                                             "length")
            except UnicodeDecodeError as exc:
                raise DocumentDamage("texts.bin: not UTF-8 text") from exc
            finally:
                view.release()
            i = j


def write_documents(folder: Path, documents: list[Document]) -> None:
    """FILES for these documents, into folder."""
    rows = np.zeros(len(documents), dtype=DOC_DTYPE)
    pages: list[tuple[int, int, int]] = []
    blocks: list[tuple[int, int, int, int]] = []
    columns: dict = {"doc_id": [], "file": [], "fingerprint": [],
                     "meta": {name: [] for name in _META_FIELDS}, "page_labels": []}
    offset = 0
    with (folder / "texts.bin").open("wb") as fh:
        for i, doc in enumerate(documents):
            text = doc.text
            data = text.encode("utf-8")
            fh.write(data)
            rows[i] = (offset, offset + len(data), len(text), len(pages),
                       len(pages) + len(doc.pages), len(blocks), len(blocks) + len(doc.blocks))
            offset += len(data)
            pages.extend((p.number, p.start, p.end) for p in doc.pages)
            columns["page_labels"].extend(p.label for p in doc.pages)
            blocks.extend((b.start, b.end, BLOCK_KINDS.index(b.kind), min(max(b.level, 0), 255))
                          for b in doc.blocks)
            columns["doc_id"].append(doc.doc_id)
            columns["file"].append(doc.file)
            columns["fingerprint"].append(doc.fingerprint)
            for name, value in asdict(doc.meta).items():
                columns["meta"][name].append(value)
    np.save(folder / "documents.npy", rows, allow_pickle=False)
    np.save(folder / "pages.npy", np.array(pages, dtype=PAGE_DTYPE), allow_pickle=False)
    np.save(folder / "blocks.npy", np.array(blocks, dtype=BLOCK_DTYPE), allow_pickle=False)
    (folder / "documents.json").write_text(json.dumps(columns, ensure_ascii=False),
                                           encoding="utf-8")


def read_documents(folder: Path, read) -> tuple[list[StoredDocument], DocumentTexts]:
    """The documents of FILES in folder, checked; `read(name, reader)` reads one file and
    reports any failure as damage to it (store._read). DocumentDamage for inconsistencies."""
    columns = read("documents.json", lambda p: json.loads(p.read_text(encoding="utf-8")))
    ids, files, prints, metas = _columns(columns)
    rows = read("documents.npy", lambda p: np.load(p, allow_pickle=False))
    pages = read("pages.npy", lambda p: np.load(p, allow_pickle=False))
    blocks = read("blocks.npy", lambda p: np.load(p, allow_pickle=False))
    labels = columns.get("page_labels")
    if not (isinstance(labels, list) and len(labels) == len(pages)
            and all(isinstance(v, str) for v in labels)):
        raise DocumentDamage("documents.json: the page labels do not match pages.npy")
    texts = read("texts.bin", lambda p: DocumentTexts(p, rows, pages, labels, blocks))
    _check(rows, pages, len(ids), texts.size)
    _check_blocks(rows, blocks)
    texts.check()
    docs = [StoredDocument.lazy(texts, i, ids[i], files[i], metas[i], prints[i])
            for i in range(len(ids))]
    return docs, texts


def _columns(columns) -> tuple[list, list, list, list[Metadata]]:
    def strings(values, n=None) -> bool:
        return isinstance(values, list) and (n is None or len(values) == n) and \
            all(isinstance(v, str) for v in values)

    if not isinstance(columns, dict) or not strings(columns.get("doc_id")):
        raise DocumentDamage("documents.json: not the document table")
    n = len(columns["doc_id"])
    meta = columns.get("meta")
    if not (strings(columns.get("file"), n) and strings(columns.get("fingerprint"), n)
            and isinstance(meta, dict) and all(strings(meta.get(f), n) for f in _META_FIELDS)):
        raise DocumentDamage("documents.json: its columns are missing or of unequal length")
    metas = [Metadata(*values) for values in zip(*(meta[f] for f in _META_FIELDS))] \
        if n else []
    return columns["doc_id"], columns["file"], columns["fingerprint"], metas


def _check(rows: np.ndarray, pages: np.ndarray, n: int, size: int) -> None:
    if rows.dtype != DOC_DTYPE or rows.ndim != 1 or len(rows) != n:
        raise DocumentDamage("documents.npy: its size or layout does not match documents.json")
    if pages.dtype != PAGE_DTYPE or pages.ndim != 1:
        raise DocumentDamage("pages.npy: not a page table")
    start, end, chars = rows["text_start"], rows["text_end"], rows["chars"]
    p_start, p_end = rows["pages_start"], rows["pages_end"]
    if n and (start[0] != 0 or (start[1:] != end[:-1]).any() or (end < start).any()
              or (chars < 0).any() or (chars > end - start).any() or (4 * chars < end - start).any()
              or p_start[0] != 0 or (p_start[1:] != p_end[:-1]).any() or (p_end < p_start).any()
              or p_end[-1] != len(pages)):
        raise DocumentDamage("documents.npy: its offsets are inconsistent")
    if (end[-1] if n else 0) != size:
        raise DocumentDamage("texts.bin: its size does not match documents.npy")
    if len(pages):
        owner = np.repeat(np.arange(n), p_end - p_start)
        if (pages["start"] < 0).any() or (pages["end"] < pages["start"]).any() \
                or (pages["end"] > chars[owner]).any():
            raise DocumentDamage("pages.npy: page offsets fall outside the documents")


def _check_blocks(rows: np.ndarray, blocks: np.ndarray) -> None:
    if blocks.dtype != BLOCK_DTYPE or blocks.ndim != 1:
        raise DocumentDamage("blocks.npy: not a block table")
    n = len(rows)
    b_start, b_end = rows["blocks_start"], rows["blocks_end"]
    if n and (b_start[0] != 0 or (b_start[1:] != b_end[:-1]).any() or (b_end < b_start).any()
              or b_end[-1] != len(blocks)):
        raise DocumentDamage("documents.npy: its block offsets are inconsistent")
    if len(blocks):
        owner = np.repeat(np.arange(n), b_end - b_start)
        if (blocks["start"] < 0).any() or (blocks["end"] < blocks["start"]).any() \
                or (blocks["end"] > rows["chars"][owner]).any() \
                or (blocks["kind"] >= len(BLOCK_KINDS)).any():
            raise DocumentDamage("blocks.npy: blocks fall outside the documents")
