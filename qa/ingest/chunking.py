"""Sentence splitting and sentence-aware chunks that keep page numbers and character offsets.

Owns: where sentences start and end in a document's text, and grouping whole sentences into
chunks of about `target` characters that never cross a page. Every span satisfies
`document.text[start:end] == text`. Embedding and indexing are left to others.
"""
from __future__ import annotations

import re

from qa.types import Chunk, Document

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "cf", "approx",
    "supt", "insp", "sgt", "det", "con", "pc", "cllr", "prof", "rev", "gen", "col", "lt", "capt",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "fig", "para", "paras", "p", "pp", "vol", "ch", "sec", "ref", "inc", "ltd", "co", "op",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a likely start.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£])")
_MAX_SENTENCE = 1500  # longer "sentences" are tables or lists without punctuation


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        nl = text.find("\n", line_start, end)
        line_end = end if nl == -1 else nl
        spans.extend(_line_sentences(text, line_start, line_end))
        line_start = line_end + 1
    return spans


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


def chunk_document(doc: Document, target: int = 600) -> list[Chunk]:
    """Whole sentences grouped into chunks of about `target` characters, page by page."""
    chunks: list[Chunk] = []
    for page in doc.pages:
        group: list[tuple[int, int]] = []
        for span in sentence_spans(doc.text, page.start, page.end):
            if group and span[1] - group[0][0] > target:
                chunks.append(_make(doc, page.number, group))
                group = []
            group.append(span)
        if group:
            chunks.append(_make(doc, page.number, group))
    return chunks


def _make(doc: Document, page: int, group: list[tuple[int, int]]) -> Chunk:
    start, end = group[0][0], group[-1][1]
    return Chunk(doc.doc_id, page, start, end, doc.text[start:end])
