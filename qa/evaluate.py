"""Retrieval and answer metrics over a question set, for each retrieval mode in one run.

Owns: reading eval/questions.jsonl, the metric definitions (hit@k, MRR, answer accuracy,
citation precision, decline precision/recall, false declines, cited passage length, latency),
and the table written to docs/evaluation.md. Answering is left to the engine.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from qa.errors import InputFileError
from qa.types import Answer

MODES = ("dense", "bm25", "hybrid")
TARGETS = {"hit@1": 0.90, "hit@5": 0.98, "accuracy": 0.90, "decline_recall": 0.90,
           "false_declines": 0.05, "passage_chars": 1000}


@dataclass(frozen=True)
class Gold:
    file: str
    phrase: str
    page: int = 0  # physical page (1-based) of a paged document, when known
    page_label: str = ""  # what is printed on that page
    force: str = ""  # for a comparison: the force this is evidence about (else its file is)


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    kind: str
    gold: tuple[Gold, ...]
    facts: tuple[str, ...]
    history: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"


@dataclass
class Outcome:
    item: EvalItem
    answer: Answer
    seconds: float


@dataclass
class Scores:
    mode: str
    values: dict = field(default_factory=dict)


def norm(text: str) -> str:
    """Lower case with every run of whitespace (including no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def load_items(path: Path) -> list[EvalItem]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(EvalItem(str(row["id"]), row["question"], row.get("kind", "fact"),
                                  tuple(Gold(g["file"], g["phrase"], int(g.get("page") or 0),
                                             str(g.get("page_label") or ""),
                                             str(g.get("force") or ""))
                                        for g in row.get("gold", [])),
                                  tuple(row.get("facts", [])), tuple(row.get("history", []))))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(f"{path}:{n}: not a valid question record ({exc})") from exc
    return items


def gold_rank(item: EvalItem, answer: Answer) -> int:
    """1-based rank of the first passage holding a gold phrase, 0 if none does."""
    for p in answer.passages:
        text = norm(p.chunk.text)
        if any(g.file == p.doc.file and norm(g.phrase) in text for g in item.gold):
            return p.rank
    return 0


def cites_gold(gold: Gold, answer: Answer) -> bool:
    """Some citation's quote overlaps a place where the gold phrase lies in its document (found
    in the document's own text, however its whitespace runs: a page break inside the phrase is
    a blank line there, so offsets in a whitespace-collapsed copy would drift)."""
    pattern = _phrase_pattern(gold.phrase)
    for c in answer.citations:
        if c.doc.file != gold.file:
            continue
        if any(m.start() < c.end and c.start < m.end() for m in pattern.finditer(c.doc.text)):
            return True
    return False


@cache
def _phrase_pattern(phrase: str) -> re.Pattern:
    """The phrase, case aside, with each run of whitespace matching any run of whitespace."""
    words = phrase.split()  # (no-break spaces too)
    return re.compile(r"\s+".join(map(re.escape, words)), re.I)


def cites_page(item: EvalItem, answer: Answer) -> bool | None:
    """For a question whose evidence lies on a known page: some citation of the evidence
    carries that physical page and printed label (None when no gold has a page)."""
    paged = [g for g in item.gold if g.page]
    if not paged:
        return None
    for g in paged:
        for c in answer.citations:
            if cites_gold(g, Answer("", "", False, (c,))) and c.page == g.page \
                    and (not g.page_label or getattr(c, "page_label", "") == g.page_label):
                return True
    return False


def is_correct(item: EvalItem, answer: Answer) -> bool:
    if answer.refused:
        return False
    text = norm(answer.text)
    if not all(norm(f) in text for f in item.facts):
        return False
    hits = [cites_gold(g, answer) for g in item.gold]
    if item.kind == "comparison":  # each side's evidence cited: a force's, else a file's
        sides = {g.force or g.file for g in item.gold}
        return all(any(h for g, h in zip(item.gold, hits) if (g.force or g.file) == side)
                   for side in sides)
    return any(hits)


def citation_support(answer: Answer) -> tuple[int, int]:
    """(supported, total): a citation supports the text before its marker when that text is
    a verbatim part of the cited quote and the quote is the document's text at its offsets.
    When the text quotes ("The force's response: “...” [2]", as the recommendations tracker
    answers), the words inside the quotation marks are what must be verbatim; the label
    before them is the tracker's own, not the document's."""
    by_n = {c.n: c for c in answer.citations}
    supported = total = 0
    cursor = 0
    for m in re.finditer(r"\[(\d+)\]", answer.text):
        segment = answer.text[cursor:m.start()]
        quoted = re.search(r"“([^“”]+)”\W*$", segment)
        segment = (quoted.group(1) if quoted else segment).strip(" .!?;:\"'“”‘’")
        cursor = m.end()
        c = by_n.get(int(m.group(1)))
        total += 1
        if c and c.doc.text[c.start:c.end] == c.quote and segment and segment in c.quote:
            supported += 1
    return supported, total


def cited_passage_lengths(answer: Answer) -> list[int]:
    out = []
    for c in answer.citations:
        for p in answer.passages:
            if p.doc.doc_id == c.doc.doc_id and p.chunk.start <= c.start < p.chunk.end:
                out.append(len(p.chunk.text))
                break
    return out


def score(mode: str, outcomes: list[Outcome]) -> Scores:
    answerable = [o for o in outcomes if o.item.answerable]
    unanswerable = [o for o in outcomes if not o.item.answerable]
    ranks = [gold_rank(o.item, o.answer) for o in answerable]
    declined = [o for o in outcomes if o.answer.refused]
    support = [citation_support(o.answer) for o in outcomes]
    lengths = [n for o in outcomes for n in cited_passage_lengths(o.answer)]
    secs = [o.seconds for o in outcomes]
    pages = [p for p in (cites_page(o.item, o.answer) for o in answerable) if p is not None]
    v = {
        "hit@1": _mean([r == 1 for r in ranks]),
        "hit@5": _mean([0 < r <= 5 for r in ranks]),
        "mrr": _mean([1 / r if r else 0.0 for r in ranks]),
        "accuracy": _mean([is_correct(o.item, o.answer) for o in answerable]),
        "citation_precision": (sum(s for s, _ in support) / max(1, sum(t for _, t in support))),
        "decline_precision": _mean([not o.item.answerable for o in declined]) if declined
        else 1.0,
        "decline_recall": _mean([o.answer.refused for o in unanswerable]),
        "false_declines": _mean([o.answer.refused for o in answerable]),
        "passage_chars": float(np.mean(lengths)) if lengths else 0.0,
        "page": _mean(pages) if pages else float("nan"),
        "p50_ms": float(np.percentile(secs, 50) * 1000) if secs else 0.0,
        "p95_ms": float(np.percentile(secs, 95) * 1000) if secs else 0.0,
    }
    return Scores(mode, v)


def _mean(values) -> float:
    values = list(values)
    return float(np.mean(values)) if values else 0.0


def run(engine, items: list[EvalItem], mode: str) -> list[Outcome]:
    outcomes = []
    for item in items:
        said = earlier_quotes(engine, item.history, mode)  # the conversation so far, untimed
        started = time.perf_counter()
        answer = engine.ask(item.question, history=item.history, mode=mode, qid=item.id,
                            said=said)
        outcomes.append(Outcome(item, answer, time.perf_counter() - started))
    return outcomes


def earlier_quotes(engine, history: tuple[str, ...], mode: str) -> tuple[str, ...]:
    """What the earlier questions of a conversation were answered with, as the chat would
    have shown it: each asked in turn, a declined one setting nothing for those after."""
    asked, quotes = [], []
    for question in history:
        answer = engine.ask(question, history=tuple(asked), mode=mode, said=tuple(quotes))
        if not answer.refused:
            asked.append(question)
            quotes.extend(c.quote for c in answer.citations)
    return tuple(quotes)


def evaluate(engine, items: list[EvalItem], modes=MODES) -> tuple[list[Scores], dict]:
    """Scores per mode, and the outcomes per mode (for failure listings)."""
    engine.ask(items[0].question)  # warm up: load the index and model outside the timings
    results, outcomes = [], {}
    for mode in modes:
        outcomes[mode] = run(engine, items, mode)
        results.append(score(mode, outcomes[mode]))
    return results, outcomes


_COLUMNS = [("hit@1", "hit@1", "{:.3f}"), ("hit@5", "hit@5", "{:.3f}"), ("mrr", "MRR", "{:.3f}"),
            ("accuracy", "answer acc.", "{:.3f}"), ("citation_precision", "cit. prec.", "{:.3f}"),
            ("decline_precision", "decl. prec.", "{:.3f}"),
            ("decline_recall", "decl. recall", "{:.3f}"),
            ("false_declines", "false decl.", "{:.3f}"),
            ("page", "right page", "{:.3f}"),
            ("passage_chars", "cited chars", "{:.0f}"), ("p50_ms", "p50 ms", "{:.1f}"),
            ("p95_ms", "p95 ms", "{:.1f}")]


def table(results: list[Scores], first: str = "mode") -> str:
    """One row per Scores (a mode, or a question set when `first` says so)."""
    head = f"| {first} | " + " | ".join(c[1] for c in _COLUMNS) + " |"
    sep = "|---" * (len(_COLUMNS) + 1) + "|"
    rows = ["| " + r.mode + " | " + " | ".join(_cell(fmt, r.values[key]) for key, _, fmt
                                                 in _COLUMNS) + " |" for r in results]
    return "\n".join([head, sep, *rows])


def _cell(fmt: str, value: float) -> str:
    return "-" if value != value else fmt.format(value)  # NaN: nothing to measure


def failures(outcomes: list[Outcome]) -> list[str]:
    out = []
    for o in outcomes:
        ok = is_correct(o.item, o.answer) if o.item.answerable else o.answer.refused
        if not ok:
            out.append(f"{o.item.id} [{o.item.kind}] {o.item.question} -> "
                       f"{'REFUSED ' + o.answer.notice if o.answer.refused else o.answer.text}")
    return out


def write_markdown(path: Path, table_md: str, source: Path, n: int) -> None:
    """docs/evaluation.md: the table, what it measured and the command that made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = ""  # hand-written notes after the marker survive a re-run
    if path.is_file() and _KEEP_MARKER in path.read_text(encoding="utf-8"):
        kept = path.read_text(encoding="utf-8").split(_KEEP_MARKER, 1)[1]
    targets = ", ".join(f"{k} {'<=' if k in ('false_declines', 'passage_chars') else '>='} {v}"
                        for k, v in TARGETS.items())
    path.write_text(
        f"# Evaluation\n\nMeasured on {n} questions from `{source}` over the sample corpus "
        f"with:\n\n```\npython -m qa eval {source} --markdown {path}\n```\n\n{table_md}\n\n"
        f"Targets for the default (hybrid) mode: {targets}.\n\n"
        "- hit@k / MRR: a retrieved passage holds a gold phrase (whitespace-normalised).\n"
        "- answer acc.: not declined, contains every key fact, and a citation overlaps the gold "
        "evidence (every force's, for comparisons).\n"
        "- cit. prec.: the text before each [n] (its words in quotation marks, when it quotes) "
        "is a verbatim part of quote n, and the quote is the document text at its offsets.\n"
        "- decl. prec./recall: declines that were right / unanswerable questions declined; "
        "false decl.: answerable questions declined.\n"
        "- cited chars: mean length of the passages the citations come from.\n"
        "- latency: per question, question in, answer record out, warm engine.\n\n"
        f"{_KEEP_MARKER}{kept}", encoding="utf-8")


_KEEP_MARKER = "<!-- notes below are kept when the table above is regenerated -->"
