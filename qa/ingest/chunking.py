"""Sentence splitting and structure-aware chunks that keep pages, printed page labels, section
paths, the forces they are about, and character offsets.

Owns: where sentences start and end in a document's text, and grouping the document into
chunks of about `target` characters along its Blocks (structure): a heading starts a new chunk
(and opens it, when prose follows on its page) and sets the section path of what follows; a
numbered paragraph, list item or footnote is never cut unless it alone is over `target`; a
recommendation box is a chunk of its own; table rows go together, footnotes together, apart
from prose; contents pages, covers and boilerplate are left out. A chunk stays on its page
unless a sentence runs on to the next. Every span satisfies `document.text[start:end] == text`.
Embedding and indexing are left to others.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from qa.forces import FORCES, find_forces, forces_of
from qa.types import Chunk, Document, heading_name

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "cf", "approx",
    "supt", "insp", "sgt", "det", "con", "pc", "cllr", "prof", "rev", "gen", "col", "lt", "capt",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "fig", "para", "paras", "p", "pp", "vol", "ch", "sec", "ref", "inc", "ltd", "co", "op",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a likely start.
# (A footnote mark may sit after the stop: "...from home.¹ The force...")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]¹²³⁰⁴⁵⁶⁷⁸⁹]*(?=\s+[\"'“‘(\[]?[A-Z0-9£])")
_MAX_SENTENCE = 1500  # longer "sentences" are tables or lists without punctuation


def sentence_spans(text: str, start: int = 0, end: int | None = None,
                   breaks: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences in text[start:end], whitespace trimmed. A line
    ends a sentence, except where a page breaks it: at one of `breaks` (where pages start,
    page_starts) a line that ends no sentence runs on when the new page carries on in lower
    case ("a 14-year-old" / "girl had been reported missing"). The span then holds the page
    break's blank lines, as the document does."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        line_end = _line_end(text, line_start, end, breaks)
        spans.extend(_line_sentences(text, line_start, line_end))
        line_start = line_end + 1
    return spans


def page_starts(doc: Document) -> tuple[int, ...]:
    """Where each page after the first starts in the document's text."""
    return tuple(p.start for p in doc.pages[1:])


def _line_end(text: str, start: int, end: int, breaks: tuple[int, ...]) -> int:
    """Where the line from `start` ends: at its newline, or carried on over a page break."""
    while True:
        nl = text.find("\n", start, end)
        if nl == -1:
            return end
        after = nl
        while after < end and text[after] in "\n\r\t \f":
            after += 1
        if not breaks or after >= end or not text[after].islower() \
                or not _breaks_at(breaks, nl, after) \
                or text[start:nl].rstrip().endswith(_SENTENCE_END):
            return nl
        start = after


def _breaks_at(breaks: tuple[int, ...], a: int, b: int) -> bool:
    """Some page starts within (a, b]."""
    i = bisect_right(breaks, a)
    return i < len(breaks) and breaks[i] <= b


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, cursor, m.start()):
            continue
        spans.append((cursor, m.end()))
        cursor = m.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if e > s:
            out.extend(_split_long(text, s, e))
    return out


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(sentence_start, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and word.group(1).isupper())


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _split_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Break an over-long run at clause marks or spaces so no span exceeds _MAX_SENTENCE."""
    pieces = []
    while e - s > _MAX_SENTENCE:
        window = text[s:s + _MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(" "))
        cut = s + (cut + 1 if cut > 0 else _MAX_SENTENCE)
        a, b = _trim(text, s, cut)
        pieces.append((a, b))
        s, e = _trim(text, cut, e)
    pieces.append((s, e))
    return pieces


_WORD = re.compile(r"\w+")
_GENERIC = {"the", "of", "and", "police", "constabulary", "service", "force", "city", "north",
            "south", "east", "west", "county"}
_SKIPPED = ("contents", "cover", "boilerplate")  # not answers: never chunked
_ALONE = ("recommendation",)  # one chunk per box
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', ")", "’")


@dataclass
class _Piece:
    """A span that goes into a chunk whole: a sentence, an item, a table row, a footnote."""

    start: int
    end: int
    kind: str  # the chunk kind it makes: body, table, footnote, recommendation
    page: int  # index into doc.pages
    box: int = -1  # start of the Block it comes from (-1: prose)


def chunk_document(doc: Document, target: int = 600) -> list[Chunk]:
    """The document's chunks in text order (see the module docstring)."""
    chunks = _Chunker(doc, target).run()
    if not chunks and any(b.kind in ("heading", "title") for b in doc.blocks):
        # a document of headings alone is still searchable: its headings as prose
        rest = tuple(b for b in doc.blocks if b.kind not in ("heading", "title"))
        return _Chunker(replace(doc, blocks=rest), target).run()
    return chunks


class _Chunker:
    """One pass over a document's lines, its Blocks read alongside with a pointer."""

    def __init__(self, doc: Document, target: int):
        self.doc, self.target = doc, target
        self.text = doc.text
        self.pages = doc.pages or ()
        self.doc_forces = forces_of(doc.meta.force)  # one, several ('A; B') or none
        self.section_forces: dict[str, tuple[str, ...]] = {}
        self.open: list[tuple[int, str]] = []  # (level, name) of the headings in force
        self.group: list[_Piece] = []
        self.heading_at: tuple[int, int] | None = None  # (start, page) of waiting headings
        self.out: list[Chunk] = []

    def run(self) -> list[Chunk]:
        for piece in self._pieces():
            if isinstance(piece, tuple):  # a heading: (start, end, level, page, kind)
                self._heading(*piece)
            elif piece is None:  # furniture that is not chunked
                self._flush()
                self.heading_at = None
            else:
                self._add(piece)
        self._flush()
        return self.out

    def _pieces(self):
        """Pieces, headings (tuples) and skipped spans (None), in text order."""
        blocks, b = self.doc.blocks, 0
        spans = [(p.start, p.end) for p in self.pages] or [(0, len(self.text))]
        for page, (start, stop) in enumerate(spans):
            at = start
            while at < stop:
                while b < len(blocks) and blocks[b].end <= at:
                    b += 1
                block = blocks[b] if b < len(blocks) and blocks[b].start <= at else None
                if block is not None:
                    end = min(block.end, stop)
                    yield from self._block_pieces(block, at, end, page)
                else:
                    nl = self.text.find("\n", at, stop)
                    end = stop if nl == -1 else nl
                    for s, e in sentence_spans(self.text, at, end):
                        yield _Piece(s, e, "body", page)
                at = end + 1

    def _block_pieces(self, block, start: int, end: int, page: int):
        kind = block.kind
        if kind in _SKIPPED:
            yield None
        elif kind in ("heading", "title"):
            yield (start, end, block.level, page, kind)
        else:
            made = {"item": "body"}.get(kind, kind)
            s, e = _trim(self.text, start, end)
            if e <= s:
                return
            if e - s <= self.target or kind == "table":
                yield _Piece(s, e, made, page, block.start)
            else:
                for a, z in sentence_spans(self.text, s, e):
                    yield _Piece(a, z, made, page, block.start)

    def _heading(self, start: int, end: int, level: int, page: int, kind: str) -> None:
        self._flush()
        if kind == "heading":
            while self.open and self.open[-1][0] >= level:
                self.open.pop()
            self.open.append((level, heading_name(self.text[start:end])))
        if self.heading_at is None or self.heading_at[1] != page:
            self.heading_at = (start, page)

    def _add(self, piece: _Piece) -> None:
        group = self.group
        if group:
            last = group[-1]
            first = self._start(group)
            same = last.kind == piece.kind and (piece.kind not in _ALONE
                                                or piece.box == last.box)
            over = piece.end - first > self.target
            new_page = piece.page != last.page and not self._runs_on(last, piece)
            if not same or over or new_page:
                self._flush()
        self.group.append(piece)

    def _runs_on(self, last: _Piece, piece: _Piece) -> bool:
        """A sentence or item cut by the page break: it ends no sentence, the next page
        carries on in lower case."""
        return piece.kind == last.kind == "body" and piece.page == last.page + 1 \
            and not self.text[last.start:last.end].endswith(_SENTENCE_END) \
            and self.text[piece.start:piece.start + 1].islower()

    def _start(self, group: list[_Piece]) -> int:
        waiting = self.heading_at
        if waiting is not None and waiting[1] == group[0].page:
            return waiting[0]
        return group[0].start

    def _flush(self) -> None:
        if not self.group:
            return
        start, end = self._start(self.group), self.group[-1].end
        self.heading_at = None
        page = self.pages[self.group[0].page] if self.pages else None
        number = page.number if page else 1
        label = (page.label or str(number)) if page else "1"
        section = " > ".join(name for _level, name in self.open)
        text = self.text[start:end]
        kinds = {p.kind for p in self.group}
        kind = kinds.pop() if len(kinds) == 1 else "body"
        self.out.append(Chunk(self.doc.doc_id, number, start, end, text, section, label,
                              self._forces(text, section), kind))
        self.group = []

    def _forces(self, text: str, section: str) -> tuple[str, ...]:
        if section not in self.section_forces:
            self.section_forces[section] = tuple(find_forces(section))
        named = find_forces(text) if may_name_a_force(text) else []
        return tuple(dict.fromkeys([*named, *self.section_forces[section], *self.doc_forces]))


def may_name_a_force(text: str) -> bool:
    """False when `text` cannot name a force: it has none of the words that every name and
    short form of a force has one of (finding forces costs a large regex; most chunks name
    none, or only their document's force)."""
    return not _force_words().isdisjoint(_WORD.findall(text.casefold()))


@cache
def _force_words() -> frozenset[str]:
    """For each name and short form of each force, one word of it that is not generic."""
    words = set()
    for force in FORCES:
        for alias in (force.name, *force.aliases):
            tokens = [t.casefold() for t in _WORD.findall(alias)]
            special = [t for t in tokens if t not in _GENERIC]
            words.add(special[0] if special else max(tokens, key=len))
    return frozenset(words)
