"""Reading an index generation's files by offset, without holding them in memory.

Owns ReadOnlyFile (a descriptor read with pread, closed when its owner goes) and RowArray: a
vector file whose rows are read when indexed, so what a question reads does not stay resident
(a memory map would keep it, and on this kernel one row maps a large block of the file).
"""
from __future__ import annotations

import io
import os
import weakref
from pathlib import Path

import numpy as np


class ReadOnlyFile:
    """A read-only file descriptor closed when its owner is collected; read with pread, so
    threads share it and it stays readable after the generation's folder is deleted."""

    def __init__(self, path: Path, owner):
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        weakref.finalize(owner, os.close, self.fd)
        self.size = os.fstat(self.fd).st_size

    def read_into(self, buffer, offset: int) -> None:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view):
            n = os.preadv(self.fd, [view[done:]], offset + done)
            if n <= 0:
                raise OSError(f"unexpected end of file at byte {offset + done}")
            done += n

    def read(self, start: int, end: int) -> bytes:
        out = bytearray(end - start)
        self.read_into(out, start)
        return bytes(out)


class RowArray:
    """A 2-D array in a .npy file whose rows are read from the file when indexed.

    Indexing (an int, a slice, an array of ids or a boolean mask, optionally followed by a
    column index) returns an ordinary in-memory ndarray; runs of consecutive ids are read
    with one call each. np.asarray() reads the whole array."""

    def __init__(self, path: Path):
        self._file = ReadOnlyFile(path, self)
        header = bytearray(min(self._file.size, 65536))
        self._file.read_into(header, 0)
        fp = io.BytesIO(bytes(header))
        version = np.lib.format.read_magic(fp)
        read = {(1, 0): np.lib.format.read_array_header_1_0,
                (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if read is None:
            raise ValueError(f"unsupported .npy version {version}")
        shape, fortran, dtype = read(fp)
        if fortran or len(shape) != 2 or dtype.hasobject:
            raise ValueError("not a C-ordered 2-D array")
        self.shape, self.dtype, self._offset = tuple(shape), dtype, fp.tell()
        self._row = dtype.itemsize * shape[1]
        if self._file.size != self._offset + self._row * shape[0]:
            raise ValueError("the file's size does not match its header")

    ndim = 2

    def __len__(self) -> int:
        return self.shape[0]

    def __array__(self, dtype=None, copy=None):
        out = self._run(0, len(self))
        return out if dtype is None else out.astype(dtype, copy=False)

    def __getitem__(self, key):
        rest = ()
        if isinstance(key, tuple):
            key, rest = key[0], key[1:]
        n = len(self)
        if isinstance(key, (int, np.integer)):
            i = int(key) + n if key < 0 else int(key)
            if not 0 <= i < n:
                raise IndexError(f"row {key} out of range for {n} rows")
            rows = self._run(i, i + 1)[0]
        elif isinstance(key, slice):
            start, stop, step = key.indices(n)
            rows = self._run(start, max(start, stop)) if step == 1 else \
                self._gather(np.arange(start, stop, step))
        else:
            ids = np.asarray(key)
            if ids.dtype == bool:
                if ids.shape != (n,):
                    raise IndexError("boolean index of the wrong length")
                ids = np.flatnonzero(ids)
            ids = ids.astype(np.int64, copy=False).reshape(-1) if ids.ndim <= 1 else None
            if ids is None:
                raise IndexError("only 1-D row indexes are supported")
            ids = np.where(ids < 0, ids + n, ids)
            if len(ids) and (ids.min() < 0 or ids.max() >= n):
                raise IndexError(f"row index out of range for {n} rows")
            rows = self._gather(ids)
            if np.asarray(key).ndim == 0:
                rows = rows[0]
        if not rest:
            return rows
        return rows[(slice(None), *rest)] if rows.ndim == 2 else rows[rest]

    def _run(self, start: int, stop: int) -> np.ndarray:
        out = np.empty((stop - start, self.shape[1]), dtype=self.dtype)
        if stop > start:
            self._file.read_into(out, self._offset + start * self._row)
        return out

    def _gather(self, ids: np.ndarray) -> np.ndarray:
        out = np.empty((len(ids), self.shape[1]), dtype=self.dtype)
        if not len(ids):
            return out
        order = np.argsort(ids, kind="stable")
        s = ids[order]
        cuts = np.flatnonzero(np.diff(s) > 1) + 1
        for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(s)]):
            lo, hi = int(s[a]), int(s[b - 1]) + 1
            out[order[a:b]] = self._run(lo, hi)[s[a:b] - lo]
        return out
