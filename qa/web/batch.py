"""The analysts' batch tab: an uploaded question file answered into a downloadable file by the
same code as `python -m qa batch`.

Owns checking the upload (type and size), naming the output after the input, and where it is
written; reading questions and writing answers are qa.outputs.batch's.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Callable

from qa.errors import InputFileError, QAError
from qa.outputs.batch import read_questions, run_batch
from qa.outputs.limits import cut_note, cut_question
from qa.types import Filters

QUESTION_TYPES = (".txt", ".csv", ".jsonl")
OUTPUT_TYPES = ("csv", "jsonl", "md")


def run_upload(engine, upload: str | None, fmt: str, max_bytes: int,
               progress: Callable[[int, int], None] | None = None,
               filters: Filters = Filters()) -> tuple[Path, str]:
    """Answer the questions in `upload` within the sidebar's `filters`, as the chat does:
    (the answers file's path, a note of how many were answered and declined, and of the
    questions cut to the length limit).
    InputFileError says why not."""
    if not upload:
        raise InputFileError("choose a question file first (.txt, .csv or .jsonl)")
    path = Path(upload)
    name = re.split(r"[\\/]", str(upload))[-1]
    if path.suffix.lower() not in QUESTION_TYPES:
        raise InputFileError(f"{name}: question files are .txt (one question a line), .csv "
                             "(a 'question' column) or .jsonl")
    if fmt not in OUTPUT_TYPES:
        raise InputFileError(f"answers can be written as {', '.join(OUTPUT_TYPES)}, not {fmt}")
    if path.stat().st_size > max_bytes:
        raise InputFileError(f"{name} is over the {max_bytes / 1e6:.0f} MB limit")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem).strip("-") or "questions"
    out = Path(tempfile.mkdtemp(prefix="qa-batch-")) / f"{stem}-answers.{fmt}"
    try:
        report = run_batch(engine, path, out, progress=progress, filters=filters,
                           max_question_chars=engine.settings.max_question_chars)
    except QAError:
        raise
    except (UnicodeDecodeError, ValueError) as exc:  # a file the batch reader could not parse
        raise InputFileError(f"{name}: cannot read the questions ({exc})") from exc
    failed = f", {report.failed} not answered for an error (the file says why)" \
        if report.failed else ""
    done = (f"{report.total} question{'s' if report.total != 1 else ''}: "
            f"{report.answered - report.refused} answered, {report.declined} declined{failed}.")
    return out, " ".join(x for x in (done, cut_note(report.cut,
                                                  engine.settings.max_question_chars)) if x)


def audit_questions(audit, actor, upload: str, out: Path, limit: int,
                    filters: dict | None = None) -> None:
    """One audit entry per question of an answered file, each naming the file (and the
    filters it was answered within); a question is recorded as it was answered, cut to
    `limit` characters."""
    name = re.split(r"[\\/]", str(upload))[-1]
    with audit.db.transaction() as tx:
        for qid, question in read_questions(Path(upload)):
            audit.record(actor, "batch question", cut_question(question, limit)[0], tx=tx,
                         file=name, id=qid, answers=out.name, filters=filters or {})
