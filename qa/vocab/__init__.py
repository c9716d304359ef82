"""Vocabularies as data: the plain files beside this module, each row saying where it came from.

- glossary.csv: policing abbreviations and what they stand for (searched as both).
- clipped.csv: clipped forms people type for the documents' words ("rec 4" for
  "recommendation 4"), read as the full word.
- roles.csv: job titles, ranks and forms of address: the one list behind asking for a person
  and recognising one.
- offices.csv: the offices a who-question can name ("who is the chief constable?"), each with
  the forms it is written in ("HMI", "His Majesty's Inspector of Constabulary").

None of them shapes the index (its terms are the stemmed words less English stop words), so a
change needs no rebuild; `digest()` is recorded in each index manifest all the same, to tell
which vocabulary an index was answered with.
"""
from __future__ import annotations

import csv
import hashlib
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("glossary.csv", "clipped.csv", "roles.csv", "offices.csv")


@cache
def _rows(name: str) -> tuple[dict, ...]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def glossary() -> dict[str, str]:
    """Abbreviation (as written, case matters: "DA") -> what it stands for."""
    return {r["term"]: r["expansion"] for r in _rows("glossary.csv")}


def clipped() -> dict[str, str]:
    """Clipped form, lower case ("rec") -> the word it stands for ("recommendation")."""
    return {r["short"]: r["word"] for r in _rows("clipped.csv")}


def roles(kind: str, before_name: bool = False) -> tuple[str, ...]:
    """Words of one kind from roles.csv: "role" (a job title or rank), "prefix" (part of a
    title, never one alone: "chief", "head", "lead"), "someone" (asks for a person without
    naming a role) or "honorific" (Mr, Dr...); with `before_name`, only those written as a
    title before a person's name ("Superintendent Jane Doe")."""
    return tuple(r["word"] for r in _rows("roles.csv") if r["kind"] == kind
                 and (not before_name or r["before_name"] == "yes"))


def offices() -> dict[str, tuple[str, ...]]:
    """Office ("chief constable") -> the forms it is written or asked in, itself among them."""
    out: dict[str, list[str]] = {}
    for r in _rows("offices.csv"):
        out.setdefault(r["office"], []).append(r["form"])
    return {office: tuple(forms) for office, forms in out.items()}


def digest() -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update(name.encode() + b"\0" + (HERE / name).read_bytes())
    return h.hexdigest()[:16]
