"""The records a user asks for: those of the live index generation, narrowed by force, date,
status and area.

Owns reading the tracker of an index folder (with the command that builds it when the index
predates it) and the filters the command line, the web tab and chat share. Building records is
track's; showing them is outputs' and web's.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.errors import IndexFormatError, NoIndexError, QuestionError
from qa.forces import canonical_force
from qa.index import store
from qa.recommend import records
from qa.recommend.records import GRADES, NO_FINDING, Recommendation

STATUSES = (*GRADES, NO_FINDING)


@dataclass(frozen=True)
class Wanted:
    """What to show: empty fields mean everything."""

    force: str = ""  # canonical name
    since: str = ""  # ISO date prefix: reports published on or after
    status: str = ""  # one of STATUSES
    area: str = ""
    kind: str = ""


def load(index: Path) -> list[Recommendation]:
    """The records of the live generation of the index at `index`."""
    gen = store.current_generation(index)
    if gen is None:
        raise NoIndexError(f"no index at {index}: run `python -m qa ingest --index "
                                 f"{index}` to build it")
    found = records.read(gen)
    if found is None:
        raise IndexFormatError(f"the index at {index} was built without the recommendations "
                             f"tracker: run `python -m qa ingest --index {index}` to add it")
    return found


@lru_cache(maxsize=8)
def of_generation(generation: Path) -> tuple[Recommendation, ...]:
    """The records of one index generation, read once (a generation never changes once
    written); empty when it was built without the tracker."""
    return tuple(records.read(generation) or ())


@lru_cache(maxsize=8)
def vectors_of_generation(generation: Path) -> dict:
    """The records' topic vectors made at ingest, by records.topic_words, read once."""
    return records.read_vectors(generation, list(of_generation(generation)))


def wanted(force: str = "", since: str = "", status: str = "", area: str = "",
           kind: str = "") -> Wanted:
    """A Wanted from what a user typed; QuestionError naming what is not understood."""
    canon = ""
    if force and force.strip().casefold() not in ("all", "all forces"):
        canon = canonical_force(force)
        if canon is None:
            raise QuestionError(f"--force {force!r} is not a UK police force name I know")
    status = " ".join(status.split()).casefold()
    if status and status not in STATUSES:
        raise QuestionError(f"--status {status!r} is not one of: {', '.join(STATUSES)}")
    since = since.strip()
    if since and not since[:4].isdigit():
        raise QuestionError(f"--since {since!r} is not a date: use 2023, 2023-06 or 2023-06-01")
    return Wanted(canon, since, status, area.strip(), kind.strip().casefold())


def select(found: list[Recommendation], want: Wanted) -> list[Recommendation]:
    """The records `want` asks for, by force, then report date, then kind and number."""
    out = [r for r in found
           if (not want.force or r.force == want.force)
           and (not want.since or (r.published or "")[:len(want.since)] >= want.since)
           and (not want.status or r.status == want.status)
           and (not want.area or r.area.casefold() == want.area.casefold())
           and (not want.kind or r.kind == want.kind)]
    return sorted(out, key=lambda r: (r.force, r.published, r.file, r.kind, r.number))


def areas(found: list[Recommendation]) -> list[str]:
    return sorted({r.area for r in found if r.area})


def forces(found: list[Recommendation]) -> list[str]:
    return sorted({r.force for r in found if r.force})
