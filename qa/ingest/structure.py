"""Report structure: which lines of a document's text are headings (and how deep), numbered
paragraphs and list items, recommendation boxes, table rows and footnotes, and which parts are
contents pages, covers and boilerplate that answer nothing.

Owns reading a cleaned text line by line, in one pass with a little look-ahead (linear, no
models), into Blocks. What a source marked itself (Markdown '#', HTML h1-h4, Word heading
styles and tables, a PDF's type sizes) comes in as `marks` and is kept; the rest is recognised
from the words: numbered headings ("2.1 Call handling"), short title-like lines followed by
prose (only in sources that mark no headings of their own), "Recommendation 4: ...", "Cause of
concern" boxes with their bullets, numbered paragraphs ("2.14 Inspectors found ..."), bullets,
cells parted by " | " or tabs, contents pages (dot leaders, a column of page numbers, a
"Contents" title), a cover (page 1 of a longer PDF with few words) and boilerplate (copyright,
licence, "About us" annexes). Grouping lines into chunks is chunking's; reading files is the
loaders'.
"""
from __future__ import annotations

import re

from qa.ingest.cleaning import CONTENTS_LEADERS
from qa.types import Block, Page

_PAGE_COLUMN = re.compile(r"^(?!.*[.!?]\s)\D.{1,110}?\s(\|\s)?\d{1,3}$")
_CONTENTS_TITLE = re.compile(r"^(table of )?contents$", re.I)
_RECOMMENDATION = re.compile(r"^(recommendation|cause of concern|area for improvement|"
                             r"innovative practice|promising practice)\b(\s+\d{1,3})?"
                             r"\s*([:.–—-]|$)", re.I)
_BOX_PART = re.compile(r"^recommendations?$", re.I)  # the recommendations inside a concern box
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+[A-Z(‘'\"“]")
_NUMBERED_PARAGRAPH = re.compile(r"^\d{1,2}(\.\d{1,3}){1,2}\.?\s+\S")
_LIST_ITEM = re.compile(r"^([-•*▪●◦‣–]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+\S")
_TABLE_ROW = re.compile(r"\S \| \S|\t|^\|.*\|$")
_CHAPTER = re.compile(r"^(chapter|part|annex|appendix)\s+([0-9]{1,2}|[A-Z]|[IVX]{1,4})\b"
                      r"[^.!?]{0,80}$", re.I)
_BOILERPLATE_HEADING = re.compile(
    r"^((annex|appendix)\s+\w+\s*[:.–—-]?\s*)?(about (us|hmicfrs|the inspectorate|his majesty|"
    r"her majesty)|copyright|licen[cs]e|accessibility|alternative formats|"
    r"(this|our) (document|publication) is available)\b", re.I)
_BOILERPLATE_LINE = re.compile(
    r"^(©|\(c\)|copyright\b|crown copyright)|open government licen[cs]e|^isbn\b|"
    r"^(www\.)?justiceinspectorates\.gov\.uk/?\S*$|available in (other|alternative) formats", re.I)
# Short lines that look like headings but head nothing: bylines, dates, times, addresses.
_NOT_HEADING = re.compile(r"^(by|from|posted|updated|published|photo|image|credit|source)\b|@|"
                          r"\d{1,2}:\d{2}|^\d{1,2}(st|nd|rd|th)? (january|february|march|april|"
                          r"may|june|july|august|september|october|november|december)\b", re.I)
_COVER_WORDS = 80  # page 1 of a PDF of 3 pages or more with fewer words is a cover


def find_blocks(text: str, pages: tuple[Page, ...], marks=(), styled: bool = False,
                title: str = "") -> tuple[Block, ...]:
    """The Blocks of `text`, in order. `marks` are Blocks the source marked (each one whole
    line); `styled` says the source marks its headings, so unmarked short lines are prose."""
    lines = _lines(text, pages)
    kind: list[tuple[str, int] | None] = [None] * len(lines)
    _mark_pages(text, lines, pages, kind)
    marked = {m.start: m for m in marks}
    for i, (start, _end, _page) in enumerate(lines):
        mark = marked.get(start)
        if kind[i] is None and mark is not None:
            kind[i] = (mark.kind, mark.level)
    for i, (start, end, _page) in enumerate(lines):
        if kind[i] is None:
            kind[i] = _by_words(text[start:end], styled)
    _contents_runs(text, lines, kind)
    if not styled:
        _numbered_lists(text, lines, kind)
        _guessed_headings(text, lines, kind)
    _title(text, lines, kind, title)
    _boilerplate_sections(text, lines, kind)
    return _blocks(text, lines, kind)


def _lines(text: str, pages: tuple[Page, ...]) -> list[tuple[int, int, int]]:
    """(start, end, page index) of every non-blank line, page by page."""
    spans = [(p.start, p.end) for p in pages] or [(0, len(text))]
    out = []
    for p, (start, stop) in enumerate(spans):
        at = start
        while at < stop:
            nl = text.find("\n", at, stop)
            end = stop if nl == -1 else nl
            if text[at:end].strip():
                out.append((at, end, p))
            at = end + 1
    return out


def _mark_pages(text: str, lines, pages, kind) -> None:
    """Whole pages that are a cover or a contents page."""
    if len(pages) < 2:
        return
    by_page: dict[int, list[int]] = {}
    for i, (_s, _e, p) in enumerate(lines):
        by_page.setdefault(p, []).append(i)
    first = by_page.get(0, [])
    if len(pages) >= 3 and first and pages[0].number == 1:
        words = sum(len(text[lines[i][0]:lines[i][1]].split()) for i in first)
        if words < _COVER_WORDS and all(lines[i][1] - lines[i][0] <= 200 for i in first):
            for i in first:
                kind[i] = ("cover", 0)
    for p, members in by_page.items():
        texts = [text[lines[i][0]:lines[i][1]] for i in members]
        if _is_contents_page(texts):
            for i in members:
                kind[i] = ("contents", 0)


def _is_contents_page(texts: list[str]) -> bool:
    leaders = sum(1 for t in texts if CONTENTS_LEADERS.search(t[-60:]))
    column = sum(1 for t in texts if _entry(t) or CONTENTS_LEADERS.search(t[-60:]))
    titled = any(_CONTENTS_TITLE.match(t.strip()) for t in texts[:3])
    return leaders >= 3 or (titled and column >= 2) or \
        (column >= 5 and column >= 0.6 * len(texts) and _rising(texts))


def _rising(texts: list[str]) -> bool:
    numbers = [int(t.rsplit(" ", 1)[-1]) for t in texts if _entry(t)]
    return all(a <= b for a, b in zip(numbers, numbers[1:]))


def _entry(line: str) -> bool:
    """A contents entry ending in its page number; a table row of several cells ending in a
    number ("Missing children | 15 | 2 | 13 | 0") is not one, however its last column runs."""
    return bool(_PAGE_COLUMN.match(line)) and line.count(" | ") < 2 and line.count("\t") < 2


def _by_words(line: str, styled: bool) -> tuple[str, int] | None:
    """What a line's own words say it is, or None for prose (or a guessed heading later)."""
    line = line.strip()
    if _BOILERPLATE_LINE.search(line) and len(line.split()) <= 40:
        return ("boilerplate", 0)
    if _TABLE_ROW.search(line):
        return ("table", 0)
    if _RECOMMENDATION.match(line):
        return ("recommendation", 0)
    if _heading_shape(line):
        numbered = _NUMBERED_HEADING.match(line)
        if numbered:
            return ("item", 0) if styled else ("heading", numbered.group(1).count(".") + 1)
        if _CHAPTER.match(line) and not styled:
            return ("heading", 1)
    if _NUMBERED_PARAGRAPH.match(line) or _LIST_ITEM.match(line):
        return ("item", 0)
    return None


def _heading_shape(line: str) -> bool:
    """Short, starts with a capital or a number, ends no sentence, and is no byline or date."""
    words = line.split()
    return 1 <= len(words) <= 12 and len(line) <= 100 and not line.endswith(
        (".", ",", ";", ":", "!")) and (line[0].isupper() or line[0].isdigit()) \
        and not _NOT_HEADING.search(line)


def _contents_runs(text: str, lines, kind) -> None:
    """A run of contents entries outside a contents page: after a "Contents" title, or three
    entries with dot leaders in a row."""
    i = 0
    while i < len(lines):
        line = text[lines[i][0]:lines[i][1]].strip()
        titled = bool(_CONTENTS_TITLE.match(line))
        j = i + 1 if titled else i
        leaders = 0
        while j < len(lines) and kind[j] != ("contents", 0):
            entry = text[lines[j][0]:lines[j][1]].strip()
            if CONTENTS_LEADERS.search(entry[-60:]):
                leaders += 1
            elif not (titled and _PAGE_COLUMN.match(entry)):
                break
            j += 1
        if (titled and j > i + 1) or leaders >= 3:
            for k in range(i, j):
                kind[k] = ("contents", 0)
            i = j
        else:
            i += 1


def _numbered_lists(text: str, lines, kind) -> None:
    """Numbered 'headings' of one depth in a row are a numbered list: items, not headings."""
    for i in range(len(lines) - 1):
        a, b = kind[i], kind[i + 1]
        if a and b and a[0] == b[0] == "heading" and a[1] == b[1] \
                and _NUMBERED_HEADING.match(text[lines[i][0]:lines[i][1]].strip()) \
                and _NUMBERED_HEADING.match(text[lines[i + 1][0]:lines[i + 1][1]].strip()):
            kind[i] = kind[i + 1] = ("item", 0)


def _guessed_headings(text: str, lines, kind) -> None:
    """In a source that marks no headings: a short title-like line is a heading when prose
    follows it, or a heading it can be the parent of (read from the end, so chains work)."""
    for i in range(len(lines) - 2, -1, -1):
        line = text[lines[i][0]:lines[i][1]].strip()
        if kind[i] is not None or not _heading_shape(line):
            continue
        nxt = kind[i + 1]
        following = text[lines[i + 1][0]:lines[i + 1][1]].strip()
        if nxt is None or nxt[0] in ("item", "recommendation", "table"):
            if nxt and nxt[0] == "table" or _is_prose(following, line):
                kind[i] = ("heading", 1)
        elif nxt[0] == "heading" and _title_case(line):
            kind[i] = ("heading", max(1, nxt[1] - 1))


def _is_prose(following: str, line: str) -> bool:
    """Prose follows a heading: a sentence, longer than a title-case heading needs, longer
    still after a sentence-case one."""
    if not following.endswith((".", "!", "?", ":", "”", '"', ")")):
        return False
    return len(following) >= (40 if _title_case(line) else 100)


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return line.isupper() or (bool(words) and sum(w[0].isupper() for w in words)
                              >= 0.7 * len(words))


def _title(text: str, lines, kind, title: str) -> None:
    """The document's own title set as a heading opens no section (a web page's title may
    carry its site's name after ' | ' or ' - ')."""
    want = " ".join(title.split()).casefold()
    names = {want, *(want.split(sep)[0].strip() for sep in (" | ", " - ", " – "))} - {""}
    headings = [i for i, k in enumerate(kind) if k and k[0] == "heading"]
    for i in headings[:3]:
        words = " ".join(text[lines[i][0]:lines[i][1]].split()).casefold()
        if lines[i][2] == 0 and words in names:
            kind[i] = ("title", 0)
            return
    top = min((kind[i][1] for i in headings), default=0)
    tops = [i for i in headings if kind[i][1] == top]
    if len(tops) == 1 and tops[0] == 0 and len(headings) > 1:
        kind[0] = ("title", 0)  # one top heading, first in the document: the title


def _boilerplate_sections(text: str, lines, kind) -> None:
    """Everything under an "About us" or copyright heading, to the next heading as high."""
    level = None
    for i, (start, end, _p) in enumerate(lines):
        k = kind[i]
        if k and k[0] == "heading":
            if level is not None and k[1] <= level:
                level = None
            if level is None and _BOILERPLATE_HEADING.match(text[start:end].strip()):
                level = k[1]
        if level is not None:
            kind[i] = ("boilerplate", 0)


def _blocks(text: str, lines, kind) -> tuple[Block, ...]:
    """One Block per marked line; a recommendation box takes the lines that belong to it; runs
    of contents, cover and boilerplate lines are one Block each."""
    out: list[Block] = []
    deepest = max((k[1] for k in kind if k and k[0] == "heading"), default=0)
    i = 0
    while i < len(lines):
        k = kind[i]
        if k is None:
            i += 1
            continue
        start, end = lines[i][0], lines[i][1]
        j = i + 1
        if k[0] in ("contents", "cover", "boilerplate"):
            while j < len(lines) and kind[j] == k:
                j += 1
        elif k[0] == "recommendation":
            j = _box_end(text, lines, kind, i, deepest)
        end = lines[j - 1][1]
        out.append(Block(start, end, k[0], k[1]))
        i = j
    return tuple(out)


def _box_end(text: str, lines, kind, i: int, deepest: int) -> int:
    """The line after a recommendation box starting at line i: a bare label ("Cause of
    concern", "Recommendation 4") takes the paragraph after it; a line ending in ':' and the
    recommendations of a concern (a "Recommendations" line, unless it is a heading above the
    deepest level: a chapter) take the items or paragraph after them."""
    j = i + 1
    prev = text[lines[i][0]:lines[i][1]].strip()
    wants = len(prev.split()) <= 4 or prev.endswith(":")
    # the level of the heading the box sits under ("Causes of concern" on a web page): a
    # "Recommendations" heading at that level or above is the next section, not the box's own
    under = next((kind[h][1] for h in range(i - 1, -1, -1)
                  if kind[h] and kind[h][0] == "heading"), 0)
    while j < len(lines) and lines[j][2] == lines[i][2]:
        line = text[lines[j][0]:lines[j][1]].strip()
        k = kind[j]
        part = _BOX_PART.match(line) and not (k and k[0] == "heading" and (
            k[1] < deepest or k[1] <= under))
        if k and k[0] in ("heading", "recommendation", "contents", "cover", "footnote") \
                and not part:
            break
        if not (wants or (k and k[0] == "item" and _LIST_ITEM.match(line)) or part):
            break
        wants = line.endswith(":") or bool(part)
        kind[j] = ("recommendation", 0)
        prev = line
        j += 1
    return j
