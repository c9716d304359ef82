"""CSV cells a spreadsheet shows as text: the one formula guard for every CSV the project
writes (batch answers, excerpt exports).

A cell whose text starts like a formula (=, +, -, @, a tab or a line break, after any spaces)
would be run by Excel or LibreOffice, so `=HYPERLINK(...)` copied from a document could send a
reader anywhere. Such a cell is written with a leading apostrophe, which spreadsheets read as
"this is text" and do not show; a cell already starting with one gets another, so `uncell`
gives back exactly what was written. What the cells hold is each writer's own.
"""
from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def cell(value) -> str:
    """`value` as CSV cell text no spreadsheet will run."""
    text = str(value)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def row(values) -> list[str]:
    return [cell(v) for v in values]


def uncell(text: str) -> str:
    """What `cell` was given, from what it wrote (for reading our own CSV files back)."""
    return text[1:] if text.startswith("'") else text
