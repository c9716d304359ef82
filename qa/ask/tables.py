"""Table rows as answers: a row of figures, grades, dates or sums read under its table's header.

Owns finding a row's header (the first line of its block of rows, walked back to once per
table), whether that line can head the row (as many cells, no figure, no force, no grade over
rows of grades: a table's first row of data is no header), whether the row gives the kind of
answer asked for, and the force its first cell names. Scoring rows is scoring's.
"""
from __future__ import annotations

import re

from qa.ask.kinds import GRADES, shows
from qa.ask.sentences import CELL, told_row
from qa.forces import find_forces

# What a table row's cells give, by the kind of answer asked for (a grade: a cell that is one)
_ROW_KINDS = ("number", "date", "time", "length", "money")
_GRADE_CELL = re.compile(GRADES + r"\.?", re.I)


def read_row(text: str, s: int, row: str, wants: list[str], walked: dict) -> tuple[str, str]:
    """A table row of figures, grades or dates that gives the kind of answer asked for, read
    under its table's header row: (the header, the force its first cell names, or ''); ("",
    "") when the row is no such row (a row that tells something in words is a sentence), or
    its table has no header it can be read under. `walked`: table_header's cache."""
    if not CELL.search(row) or told_row(row):
        return "", ""
    cells = [c.strip() for c in CELL.split(row)]
    values = " | ".join(cells[1:])
    graded = grade_cell(values)
    gives = any(graded if kind == "grade" else
                kind in _ROW_KINDS and shows(values, [kind]) for kind in wants)
    header = table_header(text, s, walked) if gives else ""
    if not _heads(header, len(cells), graded):
        return "", ""
    named = find_forces(cells[0])
    return header, named[0] if named else ""


# A cell that is a figure ("1,420", "30%", "£2.3m"): a row of data, not a header. A header's
# cells may hold a year or a date ("NCA referrals 2021/22", "Devices waiting (31 March 2022)")
_FIGURE_CELL = re.compile(r"[£$€]?\d[\d,.]*\s*(?:%|k|m|bn|million|billion)?", re.I)


def _heads(header: str, width: int, graded: bool) -> bool:
    """The line can head a row of `width` cells: as many cells, none a figure, the first naming
    no force, and no grade when the row gives grades (a table's first row of data is no header;
    "Good | Inadequate" over rows of figures is)."""
    cells = [c.strip() for c in CELL.split(header)] if header else []
    return len(cells) == width and not any(_FIGURE_CELL.fullmatch(c) for c in cells) \
        and not (graded and any(_GRADE_CELL.fullmatch(c) for c in cells)) \
        and not find_forces(cells[0])


def grade_cell(values: str) -> bool:
    """A cell of the row (or of its cells given) is a grade ("Requires improvement")."""
    return any(_GRADE_CELL.fullmatch(c.strip()) for c in CELL.split(values))


def table_header(text: str, start: int, cache: dict | None = None, reach: int = 8000) -> str:
    """The first line of the block of lines with cells that runs on to the row at `start` (the
    table's header, when it is one: scoring checks); '' when the row is that first line or the
    block runs back further than `reach`. `cache`: line starts already walked in this text."""
    cache = {} if cache is None else cache
    row = text.rfind("\n", 0, start) + 1
    first = _first_row(text, row, cache, row - reach)
    if first is None or first == row:
        return ""
    end = text.find("\n", first)
    return text[first:end if end >= 0 else len(text)]


def _first_row(text: str, row: int, cache: dict, floor: int) -> int | None:
    """The start of the first of the lines with cells that run on to the line starting at
    `row`, remembered for every line passed (the rows of one table walk back once); None when
    they run on past `floor`."""
    passed, at = [], row
    while at not in cache:
        passed.append(at)
        prev = text.rfind("\n", 0, at - 1) + 1 if at else 0
        if not at or not CELL.search(text[prev:at - 1]):
            found = at
            break
        if prev < floor:
            found = None
            break
        at = prev
    else:
        found = cache[at]
    for line in passed:
        cache[line] = found
    return found
