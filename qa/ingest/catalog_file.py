"""Writing a corpus folder's catalog.csv: one document's row set or removed, every other row,
column and cell kept as it was, the file replaced atomically (a temporary file beside it, then
a rename), so an ingest reading it at the same moment sees the old catalog or the new one.

Owns the file's layout as found (its columns in their order, with their own names or aliases
such as `date` or `url`; a byte-order mark; CRLF or LF line ends; the file's permissions)
and refusing, with the reason, a catalog that cannot be rewritten without losing something
(not UTF-8, binary, a row that cannot be parsed, no `file` column). Reading the catalog for
an ingest is metadata.Catalog's; the formula guard of the cells is the caller's (the web
layer), and so is holding the ingest lock around a change.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError
from qa.ingest.metadata import FIELD_ALIASES

FIELDS = ("title", "organisation", "force", "doc_type", "published", "source")
HEADER = ("file", *FIELDS)


class CatalogEditError(QAError):
    """The catalog cannot be changed (unreadable, not a CSV we can keep whole, or the folder
    cannot be written); the message names the problem, never an absolute path."""


@dataclass(frozen=True)
class CatalogFile:
    """A catalog's rows as found (the header first), and how to write them back the same."""

    rows: tuple[tuple[str, ...], ...]
    bom: bool = False
    newline: str = "\r\n"

    @classmethod
    def read(cls, path: Path) -> "CatalogFile":
        """The catalog at `path`; a new one (the standard header) when there is none."""
        if not path.exists():
            return cls((HEADER,))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CatalogEditError(f"catalog.csv cannot be read ({exc.strerror or exc})") from exc
        if b"\x00" in data:
            raise CatalogEditError("catalog.csv is not a CSV file (binary content): replace or "
                                   "remove it first")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogEditError("catalog.csv is not UTF-8: save it as UTF-8 first, so "
                                   "that no accent in it is lost") from exc
        try:
            rows = tuple(tuple(r) for r in csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise CatalogEditError(f"catalog.csv cannot be read ({exc}): fix it first") from exc
        if not rows:
            rows = (HEADER,)
        elif "file" not in _names(rows[0]):
            raise CatalogEditError("catalog.csv has no 'file' column: fix its first line "
                                   f"({','.join(HEADER)}) first")
        return cls(rows, data.startswith(b"\xef\xbb\xbf"),
                   "\r\n" if b"\r\n" in data or b"\n" not in data else "\n")

    def _column(self, field: str) -> int | None:
        """The column the ingest reads `field` from (the first naming it or an alias)."""
        for i, name in enumerate(_names(self.rows[0])):
            if FIELD_ALIASES.get(name, name) == field:
                return i
        return None

    def _matches(self, rel: str) -> list[int]:
        """Rows the ingest takes `rel`'s metadata from: those of its path, else of its name."""
        col = self._column("file")
        keys = [(r[col].strip() if col < len(r) else "") for r in self.rows]
        exact = [i for i, k in enumerate(keys) if i and k == rel]
        name = rel.rsplit("/", 1)[-1]
        return exact or ([i for i, k in enumerate(keys) if i and k == name] if name == rel
                         else [])

    def with_row(self, rel: str, values: dict[str, str]) -> "CatalogFile":
        """The catalog with `rel`'s row holding `values` (fields of FIELDS; other columns of
        the row kept); a column the file lacks is added when a value needs it."""
        header = list(self.rows[0])
        for field in FIELDS:
            if values.get(field) and self._column(field) is None:
                header.append(field)
        grown = CatalogFile((tuple(header), *self.rows[1:]), self.bom, self.newline)
        rows = [list(r) for r in grown.rows]
        targets = grown._matches(rel)
        if not targets:  # a new row, naming the file by its path in the corpus
            rows.append([""] * len(header))
            rows[-1][grown._column("file")] = rel
            targets = [len(rows) - 1]
        for i in targets:
            rows[i] += [""] * (len(header) - len(rows[i]))
            for field in FIELDS:
                col = grown._column(field)
                if col is not None:
                    rows[i][col] = values.get(field, "")
        return CatalogFile(tuple(map(tuple, rows)), self.bom, self.newline)

    def without(self, rel: str) -> "CatalogFile":
        """The catalog without the rows giving `rel`'s metadata."""
        gone = set(self._matches(rel))
        return CatalogFile(tuple(r for i, r in enumerate(self.rows) if i not in gone),
                           self.bom, self.newline)

    def rows_for(self, rel: str) -> tuple[tuple[str, ...], ...]:
        """The rows giving `rel`'s metadata, as found (to put back with `restored`)."""
        return tuple(self.rows[i] for i in self._matches(rel))

    def restored(self, rel: str, rows: tuple[tuple[str, ...], ...]) -> "CatalogFile":
        """The catalog with `rel`'s rows as they were before a change that is taken back
        (rows of other documents, changed meanwhile by someone else, are kept)."""
        return CatalogFile(self.without(rel).rows + tuple(rows), self.bom, self.newline)

    def data(self) -> bytes:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=self.newline).writerows(self.rows)
        return ("\ufeff" if self.bom else "").encode() + out.getvalue().encode("utf-8")


def _names(header) -> list[str]:
    return [h.strip().lower() for h in header]


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` at `path` atomically: a temporary dot-file beside it (never indexed),
    flushed to disk, then renamed over it, with the old file's permissions."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise CatalogEditError(f"{path.name} could not be written in the corpus folder "
                               f"({exc.strerror or exc})") from exc
