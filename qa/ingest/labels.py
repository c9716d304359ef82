"""Printed page labels: what a reader sees as a page's number ("xii", "12"), which often is not
its place in the file (a cover and roman front matter come before page 1).

Owns reading a number out of a page's running header or footer or a page-number line at its
top or bottom ("12", "Page 12", "Page 12 of 40", "- 12 -", "xii", "Report title | 12"),
accepting only numbers that step with the pages (two pages or more printing the same sequence,
or one printing its own physical number),
filling a page between two numbered pages of the same sequence, and roman numerals both ways.
A PDF's own /PageLabels are read by pdf, which asks here only when there are none. Finding the
running lines is pdf's.
"""
from __future__ import annotations

import re
from collections import Counter

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_NUMBER = r"(\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})"
# A line that is nothing but a page number.
_NUMBER_LINE = re.compile(rf"^[-–—\s]*(?:page\s+)?{_NUMBER}(?:\s+of\s+\d{{1,4}})?[-–—\s]*$", re.I)
# A number inside a running line: "Page 12", or at either end beside a separator or a space.
_PAGE_WORD = re.compile(rf"\bpage\s+{_NUMBER}\b", re.I)
_AT_END = re.compile(rf"(?:^|[\s|•·:–—-])\s*{_NUMBER}\s*$")
_AT_START = re.compile(rf"^\s*{_NUMBER}\s*(?:[\s|•·:–—-])")


def roman_value(token: str) -> int:
    """The value of a roman numeral, 0 if `token` is not one written the usual way."""
    low = token.lower()
    if not low or any(ch not in _ROMAN for ch in low):
        return 0
    total = 0
    for i, ch in enumerate(low):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(low) and _ROMAN[low[i + 1]] > value else value
    return total if to_roman(total, low) == low else 0


def to_roman(n: int, like: str = "i") -> str:
    """n as a roman numeral, in the case of `like`."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out.upper() if like.isupper() else out


def _reading(token: str) -> tuple[str, int] | None:
    """(style, value) of a printed number: style 'arabic', 'roman' or 'ROMAN'."""
    if token.isdigit():
        return "arabic", int(token)
    value = roman_value(token)
    if not value:
        return None
    return ("ROMAN" if token.isupper() else "roman"), value


def number_in(line: str, running: bool) -> tuple[str, bool] | None:
    """(printed number, whole line is the number) found in a page's edge line; in a running
    header or footer also a number at its start or end ("Title | 12"), else only a line that
    is nothing but the page number."""
    text = " ".join(line.split())
    whole = _NUMBER_LINE.match(text)
    if whole:
        return whole.group(1), True
    if not running:
        return None
    for pattern in (_PAGE_WORD, _AT_END, _AT_START):
        m = pattern.search(text)
        if m and _reading(m.group(1)):
            return m.group(1), False
    return None


def printed_labels(candidates: list[list[str]]) -> list[str]:
    """The printed label of each page ('' when none is known), from each page's candidate
    numbers in the order found. A number counts when it and another page's number keep the
    same distance from the physical page in the same style, or when it is the physical number
    itself (a lone "ii" on page 2); a page between two counted pages of one sequence gets the
    number the sequence gives it."""
    readings = [[(tok, r) for tok in toks if (r := _reading(tok))] for toks in candidates]
    steps: Counter = Counter()
    for i, found in enumerate(readings):
        for _tok, (style, value) in set(found):
            steps[(style, value - i)] += 1
    labels: list[str] = [""] * len(candidates)
    seq: list[tuple[str, int] | None] = [None] * len(candidates)
    for i, found in enumerate(readings):
        for tok, (style, value) in found:
            if steps[(style, value - i)] >= 2 or value == i + 1:
                labels[i], seq[i] = tok, (style, value - i)
                break
    last = None
    for i in range(len(labels)):  # fill a gap inside one sequence
        if seq[i] is not None:
            if last is not None and seq[last] == seq[i]:
                for j in range(last + 1, i):
                    labels[j] = _format(seq[i], j, labels[i])
            last = i
    return labels


def _format(sequence: tuple[str, int], page_index: int, like: str) -> str:
    style, shift = sequence
    value = page_index + shift
    if value <= 0:
        return ""
    return str(value) if style == "arabic" else to_roman(value, like)
