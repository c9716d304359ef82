"""Question files in, answer files out, resumable.

Owns: reading .txt (a question a line), .csv (a `question` column, optional `id`) and .jsonl
(`question`, optional `id`); writing .jsonl answer records, .csv rows or a readable .md report,
each answer flushed to disk as soon as it is made; and resuming: answers already in the output
are kept and skipped, and a record cut off by a crash is dropped and redone. Answering is left
to the engine; the CLI and the web app both call run_batch.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from qa.config import Settings
from qa.errors import InputFileError, QAError
from qa.outputs import spreadsheet
from qa.outputs.limits import cut_question
from qa.outputs.reference import reference_of
from qa.types import Answer, Filters

OUTPUT_FORMATS = (".jsonl", ".csv", ".md")
_MD_END = "<!-- qa:end id="
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")  # JSON leaves them raw; splitlines() does not


@dataclass(frozen=True)
class BatchReport:
    total: int
    answered: int
    resumed: int  # already in the output from an earlier run
    refused: int
    out_path: Path
    cut: tuple[str, ...] = ()  # ids of questions cut to the length limit in this run
    failed: int = 0  # questions an error kept from being answered (counted in refused too)

    @property
    def declined(self) -> int:
        """Questions the documents could not answer (errors aside)."""
        return self.refused - self.failed


def read_questions(path: Path) -> list[tuple[str, str]]:
    """(id, question) pairs in file order; ids are made unique."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read question file ({exc})") from exc
    suffix = path.suffix.lower()
    if suffix == ".txt":
        pairs = [(str(n), line.strip()) for n, line in enumerate(raw.splitlines(), start=1)
                 if line.strip()]
    elif suffix == ".csv":
        pairs = _read_csv(path, raw)
    elif suffix == ".jsonl":
        pairs = _read_jsonl(path, raw)
    else:
        raise InputFileError(f"{path}: question files must be .txt, .csv or .jsonl")
    if not pairs:
        raise InputFileError(f"{path}: no questions found")
    return _unique(pairs)


def _read_csv(path: Path, raw: str) -> list[tuple[str, str]]:
    reader = csv.DictReader(io.StringIO(raw))
    columns = {c.strip().lower(): c for c in (reader.fieldnames or []) if c}
    if "question" not in columns:
        raise InputFileError(f"{path}: the CSV needs a 'question' column "
                             f"(found: {', '.join(columns) or 'none'})")
    qcol, idcol = columns["question"], columns.get("id")
    pairs = []
    for n, row in enumerate(reader, start=1):
        question = (row.get(qcol) or "").strip()
        if question:
            qid = (row.get(idcol) or "").strip() if idcol else ""
            pairs.append((qid or str(n), question))
    return pairs


def _read_jsonl(path: Path, raw: str) -> list[tuple[str, str]]:
    pairs = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = str(row["question"]).strip()
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(f"{path}:{n}: expected a JSON object with a 'question' "
                                 f"({exc})") from exc
        if question:
            pairs.append((str(row.get("id") or n), question))
    return pairs


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Ids made one-line and unique (answer files keep one record a line); questions and ids
    without lone surrogates, which JSON can carry but no UTF-8 file or model can."""
    seen: dict[str, int] = {}
    out = []
    for n, (qid, question) in enumerate(pairs, start=1):
        qid = _one_line(_text(qid)) or str(n)
        question = _text(question)
        seen[qid] = seen.get(qid, 0) + 1
        out.append((qid if seen[qid] == 1 else f"{qid}-{seen[qid]}", question))
    return out


def _text(value: str) -> str:
    return _SURROGATE.sub("\ufffd", value)


def run_batch(engine, in_path: Path, out_path: Path,
              progress: Callable[[int, int], None] | None = None,
              filters: Filters = Filters(),
              max_question_chars: int = Settings.max_question_chars) -> BatchReport:
    """Answer every question in `in_path` not already answered in `out_path`; a question
    over `max_question_chars` is cut, its answer's notice saying so."""
    in_path, out_path = Path(in_path), Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputFileError(f"{out_path}: answers can be written as .jsonl, .csv or .md")
    if out_path.exists() and in_path.exists() and os.path.samefile(in_path, out_path):
        raise InputFileError(f"{out_path}: the answers would overwrite the questions; choose "
                             f"another output name")
    questions = read_questions(in_path)
    done = _resume(out_path, suffix)
    todo = [(qid, q) for qid, q in questions if qid not in done]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    answered = refused = failed = 0
    cut = []
    with out_path.open("a", encoding="utf-8", newline="") as fh:
        if fh.tell() == 0:
            fh.write(_header(suffix))
        for qid, question in todo:
            question, notice = cut_question(question, max_question_chars)
            answer, error = _ask(engine, qid, question, filters)
            if notice:
                cut.append(qid)
                answer = replace(answer, notice=f"{notice} {answer.notice}".strip())
            fh.write(_record(suffix, answer))
            fh.flush()
            os.fsync(fh.fileno())  # an answer on disk is never asked again
            answered += 1
            refused += answer.refused
            failed += error
            if progress:
                progress(len(questions) - len(todo) + answered, len(questions))
    return BatchReport(len(questions), answered, len(questions) - len(todo), refused, out_path,
                       tuple(cut), failed)


def _ask(engine, qid: str, question: str, filters: Filters) -> tuple[Answer, bool]:
    """The answer, or a declined record saying why, and whether an error kept it from being
    answered: one odd question never ends the run."""
    try:
        return engine.ask(question, filters=filters, qid=qid), False
    except QAError as exc:
        problem = str(exc)
    except Exception as exc:  # a bug met on one question: record it and answer the rest
        problem = f"unexpected error ({type(exc).__name__}: {exc}); please report this"
    return Answer(question, f"Not answered: {problem}", True, id=qid, notice=problem), True


def _header(suffix: str) -> str:
    if suffix == ".csv":
        return "id,question,answer,refused,sources\n"
    if suffix == ".md":
        return "# Answers\n\n"
    return ""


def _record(suffix: str, a: Answer) -> str:
    if suffix == ".jsonl":  # escaped line separators: any line-by-line reader gets one record
        return _LINE_SEPARATOR.sub(lambda m: f"\\u{ord(m.group()):04x}",
                                   json.dumps(a.to_dict(), ensure_ascii=False)) + "\n"
    if suffix == ".csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(spreadsheet.row(
            [a.id, _one_line(a.question), _one_line(a.text), str(a.refused).lower(),
             _one_line(" | ".join(_reference(c) for c in a.citations) or _closest(a))]))
        return buf.getvalue()
    return _markdown(a)


def _one_line(text: str) -> str:
    return " ".join(text.split())  # one record per line keeps resuming simple and exact


def _reference(c) -> str:
    return f"[{c.n}] {reference_of(c).full()} \u201c{c.quote}\u201d"


CLOSEST = 3  # passages given for a declined question, as the web chat shows them
_SNIPPET = 300  # characters of each closest passage


def closest_passages(a: Answer) -> list[tuple[str, str]]:
    """(reference, the passage's start) of a declined answer's closest passages: what the
    reader can check instead of an answer; none for an answer with citations."""
    if a.citations or not a.refused:
        return []
    out = []
    for p in a.passages[:CLOSEST]:
        text = _one_line(p.chunk.text)
        cut = text[:_SNIPPET].rsplit(" ", 1)[0] + " \u2026" if len(text) > _SNIPPET else text
        out.append((reference_of(p).full(), cut))
    return out


def _closest(a: Answer) -> str:
    found = closest_passages(a)
    if not found:
        return ""
    return "Closest passages (not enough to answer): " + " | ".join(
        f"[{n}] {ref} \u201c{text}\u201d" for n, (ref, text) in enumerate(found, start=1))


def _markdown(a: Answer) -> str:
    lines = [f"## {a.id}. {_one_line(a.question)}", "", _one_line(a.text), ""]
    if a.notice and not a.refused:  # a declined answer's text already says why
        lines += [f"*Note: {_one_line(a.notice)}*", ""]
    if a.strength is not None:  # the calibrated strength the answer or decline rests on
        lines += [f"*Evidence strength: {a.strength:.2f}*", ""]
    if a.citations:
        lines.append("Sources:")
        lines.append("")
    for c in a.citations:
        lines.append(f"{c.n}. {_one_line(reference_of(c).full())}")
        lines.append(f"   > {_one_line(c.quote)}")
    closest = closest_passages(a)
    if closest:
        lines += ["Closest passages (not enough to answer):", ""]
    for n, (ref, text) in enumerate(closest, start=1):
        lines += [f"{n}. {_one_line(ref)}", f"   > {text}"]
    lines += ["", f"{_MD_END}{json.dumps(a.id)} -->", "", ""]
    return "\n".join(lines)


def _resume(path: Path, suffix: str) -> set[str]:
    """Ids answered in an earlier run; a record cut off mid-write is truncated away. A file this
    tool did not write is refused, never truncated or appended to."""
    if not path.is_file():
        return set()
    data = path.read_text(encoding="utf-8", errors="replace")
    header = _header(suffix)
    if data and not data.startswith(header) and not header.startswith(data):
        raise InputFileError(_FOREIGN.format(path=path))
    keep, ids = _complete_records(data, suffix, path)
    if keep < len(data):
        with path.open("r+", encoding="utf-8") as fh:
            fh.truncate(len(data[:keep].encode("utf-8")))
    return ids


_FOREIGN = "{path}: not an answer file this tool wrote; choose another output name"


def _lines(data: str) -> list[str]:
    """Lines ending at "\n" only (the last may be cut off): quotes can hold U+2028 or NEL,
    which JSON leaves as they are and str.splitlines would break at."""
    parts = data.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _complete_records(data: str, suffix: str, path: Path) -> tuple[int, set[str]]:
    if suffix == ".md":
        return _complete_markdown(data, path)
    ids: set[str] = set()
    keep = 0
    for line in _lines(data):
        if not line.endswith("\n"):
            if suffix == ".jsonl" and not line.startswith('{"id": '):
                raise InputFileError(_FOREIGN.format(path=path))
            break
        if suffix == ".jsonl":
            try:
                ids.add(str(json.loads(line)["id"]))
            except (ValueError, KeyError, TypeError):
                raise InputFileError(_FOREIGN.format(path=path)) from None
        elif keep:  # csv rows after the header
            ids.add(spreadsheet.uncell(next(csv.reader([line]))[0]))
        keep += len(line)
    return keep, ids


def _complete_markdown(data: str, path: Path) -> tuple[int, set[str]]:
    ids: set[str] = set()
    keep = marker = 0
    while (at := data.find(_MD_END, marker)) >= 0:
        end = data.find("\n", at)
        if end < 0:
            break
        try:
            ids.add(str(json.loads(data[at + len(_MD_END):end].removesuffix(" -->"))))
        except ValueError:
            raise InputFileError(_FOREIGN.format(path=path)) from None
        marker = keep = end + 1
        while data[keep:keep + 1] == "\n":
            keep += 1
    header = _header(".md")
    return (keep if ids else len(header) if data.startswith(header) else 0), ids
