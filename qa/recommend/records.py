"""The tracker's records: a Recommendation (or cause of concern) with the Links that answer it,
and the file of them kept in each index generation.

Owns the shapes, their JSON form, reading and writing `recommendations.json` and the records'
topic vectors beside it (`recommendation_vectors.npy`, embedded at ingest); finding and
linking records is extract's, responses', findings' and track's. A record's status is only ever
the grade quoted from a confident link to a later inspection, never inferred.
"""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np

FILE = "recommendations.json"
# The vector of each record's topic_words, in the order of FILE's records, made at ingest so
# that no chat question waits for a record to be embedded.
VECTORS_FILE = "recommendation_vectors.npy"
# 1: records with their responses and findings, linked at ingest
VERSION = 1
KINDS = ("recommendation", "cause of concern")
GRADES = ("achieved", "partially achieved", "not achieved")
NO_FINDING = "no finding"  # the status shown when no later inspection has graded a record


@dataclass(frozen=True)
class Link:
    """A passage that answers a record: a force's response, or a later inspection's finding
    (with the grade it quotes). `quote` is document.text[start:end]; `score` is the confidence,
    0-1; below the bar (`confident` False) it is shown as "possible", never as fact."""

    doc_id: str
    file: str
    title: str
    doc_type: str
    published: str
    page: int
    page_label: str
    section: str
    quote: str
    start: int
    end: int
    score: float
    confident: bool
    how: str  # "number", "quoted text", "meaning and section"
    status: str = ""  # findings only: one of GRADES, as quoted
    status_quote: str = ""  # the sentence that gives the grade (a part of quote)
    status_start: int = -1
    status_end: int = -1


@dataclass(frozen=True)
class Recommendation:
    """One recommendation or cause of concern of a report: `text` is
    document.text[start:end], on physical page `page` (printed `page_label`)."""

    id: str
    force: str  # canonical force name; "" for a report to every force (a thematic)
    doc_id: str
    file: str
    title: str
    published: str
    doc_type: str
    kind: str  # one of KINDS
    number: int
    numbered: bool  # the number is printed (else it is the record's place among its kind)
    text: str
    area: str  # the report's chapter it sits in
    section: str
    deadline: str
    page: int
    page_label: str
    start: int
    end: int
    responses: tuple[Link, ...] = ()
    findings: tuple[Link, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} {self.number}"

    @property
    def finding(self) -> Link | None:
        """The latest confident finding that quotes a grade."""
        graded = [f for f in self.findings if f.confident and f.status]
        return max(graded, key=lambda f: f.published) if graded else None

    @property
    def status(self) -> str:
        found = self.finding
        return found.status if found else NO_FINDING

    @property
    def response(self) -> Link | None:
        """The most confident response, shown as fact only if `confident`."""
        return max(self.responses, key=lambda r: r.score) if self.responses else None

    def to_dict(self) -> dict:
        out = asdict(self)
        out["status"] = self.status
        return out


def from_dict(data: dict) -> Recommendation:
    names = {f.name for f in fields(Recommendation)}
    link_names = {f.name for f in fields(Link)}
    values = {k: v for k, v in data.items() if k in names}
    for key in ("responses", "findings"):
        values[key] = tuple(Link(**{k: v for k, v in x.items() if k in link_names})
                            for x in data.get(key, ()))
    return Recommendation(**values)


def to_json(records: list[Recommendation]) -> str:
    """The body of FILE (written into a generation by the index store)."""
    return json.dumps({"version": VERSION, "records": [asdict(r) for r in records]},
                      ensure_ascii=False)


def read(generation: Path) -> list[Recommendation] | None:
    """The records of an index generation; None when it was built without the tracker (or by
    another version of it), so the caller can say how to rebuild."""
    try:
        body = json.loads((generation / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("version") != VERSION:
        return None
    try:
        return [from_dict(r) for r in body.get("records", [])]
    except (TypeError, KeyError):
        return None


def topic_words(record: Recommendation) -> str:
    """What a record is about, as embedded to match a question's topic to it."""
    return f"{record.area}. {record.section}. {record.text}"


def vectors_body(vectors: np.ndarray) -> bytes:
    """The body of VECTORS_FILE."""
    out = io.BytesIO()
    np.save(out, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    return out.getvalue()


def read_vectors(generation: Path, found: list[Recommendation]) -> dict[str, np.ndarray]:
    """The vectors made at ingest for the records `found` (read from the same generation),
    by topic_words; empty when the generation has none that fit them (built before they were
    made, or damaged): the records are then embedded when first asked about."""
    try:
        vectors = np.load(generation / VECTORS_FILE, allow_pickle=False)
    except (OSError, ValueError):
        return {}
    if vectors.ndim != 2 or len(vectors) != len(found) or vectors.dtype != np.float32:
        return {}
    return {topic_words(r): v for r, v in zip(found, vectors)}


def with_links(record: Recommendation, responses=(), findings=()) -> Recommendation:
    return replace(record, responses=tuple(responses), findings=tuple(findings))


__all__ = ["Link", "Recommendation", "KINDS", "GRADES", "NO_FINDING", "VERSION", "FILE",
           "VECTORS_FILE", "read", "read_vectors", "to_json", "from_dict", "topic_words",
           "vectors_body", "with_links"]
