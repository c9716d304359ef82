"""The lines of a PDF page with the look of their type: what tells a heading, a footnote and a
table row apart in a report PDF.

Owns: reading a page's text run by run (pypdf's own extraction, with the size and font of each
run), so a line knows its type size and whether it is bold; cells of a table row kept on their
line and separated by " | " where a wide gap parts two runs; the body size of a document (the
size most of its characters are set in); and tagging lines as headings (larger, or bold and
short, ranked by size into levels), footnotes (the small numbered lines at a page's foot) or
table rows. Running headers, page labels and joining lines are pdf's and cleaning's.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|[-,+]bd\b|cmbx", re.I)
_CHAR_WIDTH = 0.6  # of the type size: a generous average width, so only a real gap is a cell
_CELL_GAP = 2.5  # type sizes of empty space between two runs on a line that part two cells
_HEADING_SIZE = 1.15  # a line this much larger than the body is a heading
_FOOTNOTE_SIZE = 0.9  # a line this much smaller, at a page's foot, is a footnote
_FOOTNOTE_START = re.compile(r"^(\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_NOT_HEADING = re.compile(r"^([-•*▪●◦‣]|\d{1,2}(\.\d{1,3}){1,2}\.?\s+\S.*[.:;]$)"
                          r"|^(recommendation|cause of concern|area for improvement)\b", re.I)


@dataclass
class Line:
    """A line of a page as extracted, with its type size (points) and weight."""

    text: str
    size: float = 0.0
    bold: bool = False
    cells: bool = False  # runs parted by wide gaps: a table row


def page_lines(page, spend=None) -> list[Line]:
    """The page's lines in pypdf's reading order, each with the size and weight of most of its
    characters; the text is what pypdf's extract_text gives, but for " | " between cells.
    `spend(n)`, if given, hears of every n characters as they are read: raising stops it."""
    runs: list[list[tuple[str, float, bool, float, float]]] = [[]]

    def visit(text, cm, tm, font, size):
        if not text:
            return
        if spend is not None:
            spend(len(text))
        scale = abs(tm[3] or tm[0] or 1) * abs(cm[3] or cm[0] or 1)
        bold = bool(_BOLD_FONT.search(str((font or {}).get("/BaseFont", ""))))
        x, y = tm[4] * (cm[0] or 1) + cm[4], tm[5] * (cm[3] or 1) + cm[5]
        for k, piece in enumerate(text.split("\n")):
            if k:
                runs.append([])
            if piece:
                runs[-1].append((piece, size * scale, bold, x, y))

    page.extract_text(visitor_text=visit)
    starts = [{round(x) for _t, _s, _b, x, _y in parts[1:]} for parts in runs]
    return [_line(parts, starts[i - 1] if i else set(),
                  starts[i + 1] if i + 1 < len(runs) else set()) for i, parts in enumerate(runs)]


def _line(parts: list[tuple[str, float, bool, float, float]], above: set[int],
          below: set[int]) -> Line:
    """A line from its runs; a run starts a new cell when a wide gap comes before it, or when
    a run of the line above or below starts where it does (a table's column)."""
    if not parts:
        return Line("")
    texts: list[str] = []
    weight: Counter = Counter()
    cells = False
    prev = None
    for raw, size, bold, x, y in parts:
        text = raw
        if prev is not None and text.strip():
            gap = _gap(prev, x, y)
            column = gap is not None and x - prev[2] > 2 * size \
                and any(abs(round(x) - c) <= 1 for c in above | below)
            if (gap is not None and gap > _CELL_GAP * max(size, 1)) or column:
                texts[-1] = texts[-1].rstrip()
                text = " | " + text.lstrip()
                cells = True
        texts.append(text)
        weight[(round(size * 2) / 2, bold)] += len(text.strip())
        if raw.strip():
            prev = (raw, size, x, y)
    (size, bold), _n = weight.most_common(1)[0]
    return Line("".join(texts), size, bold, cells)


def _gap(prev: tuple[str, float, float, float], x: float, y: float) -> float | None:
    """Empty space between the end of the previous run (its width guessed generously) and a
    run starting at x on the same baseline; None when not on the same baseline or unplaced."""
    text, size, px, py = prev
    if abs(y - py) > max(size, 1) * 0.5 or not px:
        return None
    return x - (px + len(text) * size * _CHAR_WIDTH)


def body_size(pages: list[list[Line]]) -> float:
    """The size most characters of the document are set in."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def heading_levels(pages: list[list[Line]], body: float) -> dict[float, int]:
    """Level of each heading size: the largest 1, the next 2...; bold at body size last. The
    first page of a longer document (a cover's display type) does not count."""
    counted = pages[1:] if len(pages) >= 3 else pages
    sizes = {round(line.size * 2) / 2 for lines in counted for line in lines
             if _is_heading(line, body) and line.size >= body * _HEADING_SIZE}
    levels = {size: rank for rank, size in enumerate(sorted(sizes, reverse=True), start=1)}
    levels[0.0] = len(levels) + 1  # bold at body size
    return levels


def _is_heading(line: Line, body: float) -> bool:
    text = line.text.strip()
    if not text or not body or line.cells or not any(ch.isalpha() for ch in text):
        return False
    words = len(text.split())
    if line.size >= body * _HEADING_SIZE:
        return words <= 20 and not text.endswith(".")
    return line.bold and line.size >= body * 0.95 and words <= 14 \
        and not text.endswith((".", ",", ";", ":")) and not _NOT_HEADING.match(text)


def tags(lines: list[Line], body: float, levels: dict[float, int]) -> list[object]:
    """A tag per line: ("heading", level), "footnote", "table", or None for body text.
    Footnotes are the run of small lines ending the page, from the first that starts with a
    footnote number."""
    out: list[object] = []
    for line in lines:
        if line.cells:
            out.append("table")
        elif _is_heading(line, body):
            size = round(line.size * 2) / 2
            key = size if size >= body * _HEADING_SIZE else 0.0
            out.append(("heading", levels.get(key, 1 if key else len(levels))))
        else:
            out.append(None)
    foot = len(lines)
    while foot > 0 and (not lines[foot - 1].text.strip() or (
            0 < lines[foot - 1].size <= body * _FOOTNOTE_SIZE and not lines[foot - 1].cells)):
        foot -= 1
    first = next((i for i in range(foot, len(lines))
                  if _FOOTNOTE_START.match(lines[i].text.strip())), None)
    if first is not None and body:
        for i in range(first, len(lines)):
            out[i] = "footnote"
    return out
