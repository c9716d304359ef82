"""What an index knows of each chunk beyond its span: kind, section path, printed page label and
the forces it is about, stored compactly beside chunks.npy.

Owns three files of a generation: chunk_info.npy (per chunk: kind, section and label as
numbers into the string tables, and its slice of chunk_forces.npy), chunk_forces.npy (force
numbers, chunk after chunk) and chunk_strings.json (the tables: kinds, sections, labels, force
names, each string once). Reading them back into Chunk fields, and the chunks about given forces
as one mask for search. The generation as a whole is store's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from qa.types import Chunk

INFO_DTYPE = np.dtype([("kind", "<u1"), ("section", "<i4"), ("label", "<i4"),
                       ("forces_start", "<i8"), ("forces_end", "<i8")])
FORCE_DTYPE = np.dtype("<u2")
FILES = ("chunk_info.npy", "chunk_forces.npy", "chunk_strings.json")
_TABLES = ("kinds", "sections", "labels", "forces")


class FieldsDamage(Exception):
    """The chunk field files are inconsistent; the message starts with the file's name."""


@dataclass
class ChunkFields:
    """Kind, section, page label and forces of every chunk of a generation, in chunk order."""

    info: np.ndarray  # INFO_DTYPE, one row per chunk
    forces: np.ndarray  # FORCE_DTYPE, numbers into strings["forces"]
    strings: dict[str, list[str]]  # the tables named in _TABLES

    def __len__(self) -> int:
        return len(self.info)

    @classmethod
    def of(cls, chunks: Iterable[Chunk]) -> "ChunkFields":
        """The fields of these chunks, each string stored once."""
        tables: dict[str, dict[str, int]] = {name: {} for name in _TABLES}
        rows, forces = [], []

        def number(table: str, value: str) -> int:
            return tables[table].setdefault(value, len(tables[table]))

        for chunk in chunks:
            start = len(forces)
            forces.extend(number("forces", name) for name in chunk.forces)
            rows.append((number("kinds", chunk.kind), number("sections", chunk.section),
                         number("labels", chunk.page_label), start, len(forces)))
        return cls(np.array(rows, dtype=INFO_DTYPE), np.array(forces, dtype=FORCE_DTYPE),
                   {name: list(table) for name, table in tables.items()})

    @classmethod
    def plain(cls, n: int) -> "ChunkFields":
        """n chunks of body text with no section, label or forces known."""
        info = np.zeros(n, dtype=INFO_DTYPE)
        return cls(info, np.zeros(0, dtype=FORCE_DTYPE),
                   {"kinds": ["body"], "sections": [""], "labels": [""], "forces": []})

    def of_chunk(self, i: int) -> tuple[str, str, tuple[str, ...], str]:
        """(section, page label, forces, kind) of chunk i."""
        row = self.info[i]
        names = self.strings["forces"]
        ids = self.forces[int(row["forces_start"]):int(row["forces_end"])].tolist()
        return (self.strings["sections"][int(row["section"])],
                self.strings["labels"][int(row["label"])],
                tuple(names[k] for k in ids), self.strings["kinds"][int(row["kind"])])

    def force_mask(self, names: Iterable[str]) -> np.ndarray:
        """True for each chunk about any of these canonical forces (named in its text, its
        section, or its document's force)."""
        table = {name: k for k, name in enumerate(self.strings["forces"])}
        wanted = [table[n] for n in names if n in table]
        mask = np.zeros(len(self.info), dtype=bool)
        if not wanted or not len(self.forces):
            return mask
        hit = np.isin(self.forces, wanted)
        owner = np.repeat(np.arange(len(self.info)),
                          (self.info["forces_end"] - self.info["forces_start"]).astype(np.int64))
        mask[owner[hit]] = True
        return mask

    def write(self, folder: Path) -> None:
        np.save(folder / "chunk_info.npy", np.asarray(self.info, dtype=INFO_DTYPE),
                allow_pickle=False)
        np.save(folder / "chunk_forces.npy", np.asarray(self.forces, dtype=FORCE_DTYPE),
                allow_pickle=False)
        (folder / "chunk_strings.json").write_text(json.dumps(self.strings, ensure_ascii=False),
                                                   encoding="utf-8")

    @classmethod
    def read(cls, folder: Path, read, load_array, n_chunks: int) -> "ChunkFields":
        """The fields in folder, checked against n_chunks; `read(name, reader)` reports any
        failure as damage to that file, `load_array(name)` reads an array. FieldsDamage for
        inconsistencies."""
        strings = read("chunk_strings.json", lambda p: json.loads(p.read_text(encoding="utf-8")))
        if not isinstance(strings, dict) or not all(
                isinstance(strings.get(t), list) and all(isinstance(v, str) for v in strings[t])
                for t in _TABLES):
            raise FieldsDamage("chunk_strings.json: not the chunk string tables")
        info, forces = load_array("chunk_info.npy"), load_array("chunk_forces.npy")
        if info.dtype != INFO_DTYPE or info.ndim != 1 or len(info) != n_chunks:
            raise FieldsDamage("chunk_info.npy: its size or layout does not match the chunks")
        if forces.dtype != FORCE_DTYPE or forces.ndim != 1:
            raise FieldsDamage("chunk_forces.npy: not a force list")
        if len(info):
            start, end = info["forces_start"], info["forces_end"]
            if (start < 0).any() or (end < start).any() or end.max() > len(forces) \
                    or _outside(info["kind"], strings["kinds"]) \
                    or _outside(info["section"], strings["sections"]) \
                    or _outside(info["label"], strings["labels"]):
                raise FieldsDamage("chunk_info.npy: its entries point outside the tables")
        if len(forces) and int(forces.max()) >= len(strings["forces"]):
            raise FieldsDamage("chunk_forces.npy: a force number outside the table")
        return cls(info, forces, strings)


def _outside(values: np.ndarray, table: list) -> bool:
    return bool(len(values)) and (int(values.min()) < 0 or int(values.max()) >= len(table))
