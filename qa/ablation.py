"""Ablation: every rule and weight of qa.ask.rules switched off in turn, scored on question sets.

Owns the run (one engine per rule over the same loaded index) and its table: per set, the
questions handled right (answerable ones answered correctly, unanswerable ones declined) and the
questions whose evidence came first, each as a change from all rules on. A rule earns its place
when switching it off loses on the judging sets, those not used to choose any rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa import evaluate
from qa.ask.engine import Engine
from qa.ask.rules import DEFAULT, Rules, names
from qa.errors import QuestionError


@dataclass(frozen=True)
class Tally:
    right: int  # answerable answered correctly + unanswerable declined
    first: int  # answerable whose gold evidence is the first passage

    def minus(self, other: "Tally") -> "Tally":
        return Tally(self.right - other.right, self.first - other.first)


def tally(engine: Engine, items: list[evaluate.EvalItem]) -> Tally:
    right = first = 0
    for o in evaluate.run(engine, items, "hybrid"):
        if o.item.answerable:
            right += evaluate.is_correct(o.item, o.answer)
            first += evaluate.gold_rank(o.item, o.answer) == 1
        else:
            right += o.answer.refused
    return Tally(right, first)


def ablate(sets: dict[str, tuple[Engine, list]], rules: list[str] | None = None,
           progress=None) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    """The tallies with every rule on, and for each rule the change when it alone is off; each
    set is answered by its own engine (its own library)."""
    base = {name: tally(engine, items) for name, (engine, items) in sets.items()}
    out = {}
    for rule in rules or names():
        out[rule] = {}
        for name, (engine, items) in sets.items():
            off = engine.with_rules(DEFAULT.without(rule), engine.decline_model)
            out[rule][name] = tally(off, items).minus(base[name])
        if progress:
            progress(rule)
    return base, out


def verdict(changes: dict[str, Tally], judges: list[str]) -> str:
    """"keep" when switching the rule off loses on the judging sets (right answers first,
    then evidence first), "drop" otherwise."""
    right = sum(changes[j].right for j in judges)
    first = sum(changes[j].first for j in judges)
    return "keep" if right < 0 or (right == 0 and first < 0) else "drop"


def table(base: dict[str, Tally], rows: dict[str, dict[str, Tally]], sizes: dict[str, int],
          judges: list[str]) -> str:
    sets = list(base)
    head = "| rule (switched off) | " + " | ".join(
        f"{s}{' (judge)' if s in judges else ''}" for s in sets) + " | verdict |"
    lines = [head, "|---" * (len(sets) + 2) + "|",
             "| all rules on: right / evidence first | " + " | ".join(
                 f"{base[s].right}/{sizes[s]} / {base[s].first}" for s in sets) + " | |"]
    for rule, changes in rows.items():
        cells = [f"{_signed(changes[s].right)} / {_signed(changes[s].first)}" for s in sets]
        lines.append(f"| `{rule}` | " + " | ".join(cells) + f" | {verdict(changes, judges)} |")
    return "\n".join(lines)


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def run(sets: dict[str, tuple[Engine, Path]], judges: list[str], progress=None) -> str:
    """The ablation table; QuestionError before any work if a judge is not among the sets."""
    unknown = [j for j in judges if j not in sets]
    if unknown or not judges:
        raise QuestionError(f"the judging sets {', '.join(unknown) or '(none)'} are not among "
                            f"the sets scored ({', '.join(sets)}): pass them, or name others "
                            "with --judge")
    loaded = {name: (engine, evaluate.load_items(path)) for name, (engine, path) in sets.items()}
    base, rows = ablate(loaded, progress=progress)
    return table(base, rows, {s: len(items) for s, (_, items) in loaded.items()}, judges)


__all__ = ["Rules", "Tally", "ablate", "run", "table", "tally", "verdict"]
