"""Text normalisation and web-page boilerplate removal, before anything is chunked.

Owns: turning raw extracted text into the document text every offset points into (ligatures,
odd spaces, soft hyphens, hyphenation at line ends, wrapped PDF lines joined into paragraphs,
never across a change of style or after a contents entry) and dropping the parts of saved web
pages that are not the document (cookie banners, exit buttons, beta notices, share links,
breadcrumbs, trailing lists of other news). A press office's contact line is kept: it is part of
a press release, and people ask for it. Contents pages are kept in the text and recognised by
structure, which keeps them out of the index. Reading files is left to loaders, metadata to
metadata.

Every rule is bounded per line: one that can scan far ahead (`.*`, `[^x]+`) is run only on
lines, or pieces of a line, of at most RULE_WINDOW characters (`windows`), so a hostile line
of megabytes costs time in proportion to its length, never to its square. The rules that run
on whole lines and texts do a fixed amount of work per character (tests/test_cleaning_bounds.py
checks both).
"""
from __future__ import annotations

import re

RULE_WINDOW = 2_000  # characters a scanning rule ever sees at once (a line or a piece of one)
_ITEM_HEAD = 80  # characters at the start of a line where an item's marker can be
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Windows and old Mac line ends, and Unicode's own line breaks (NEL, line and paragraph separator).
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")
# A table of contents entry: a heading, dot leaders, a page number ("Findings ..... 12").
CONTENTS_LEADERS = re.compile(r"((\.\s?){4,}|…)\s*(\|\s*)?(\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})$")
FOOTNOTE_MARKS = "⁰¹²³⁴⁵⁶⁷⁸⁹*†‡"  # after a full stop they still end the sentence
# A line that starts an item of its own: a bullet, "2.", "a)", "2.14 ", "Recommendation 4".
# A labelled value on a line of its own ("Progress against this recommendation: achieved",
# "Status: not achieved"): the capitalised line after it starts something new. A short value
# that ends on a joining word ("...: missing reports and") is a wrapped sentence instead.
_LABELLED = re.compile(r"^[A-Z][^:.!?]{2,45}:\s+(?:[^\s:.!?]+\s?){1,4}$(?<!\band)(?<!\bor)"
                       r"(?<!\bthe)(?<!\bof)(?<!\bto)(?<!\bin)(?<!\bfor)(?<!\bwith)(?<!\ba)")
_STARTS_ITEM = re.compile(r"^([-•*▪●◦‣]|\d+[.)]|[a-z][.)]|\d{1,2}(\.\d{1,3}){1,2}\.?)\s"
                          r"|^(recommendation|cause of concern|area for improvement)\b", re.I)

# Whole lines that belong to the web page around a document, not to the document.
_BOILERPLATE_LINE = re.compile("|".join([
    r"\bcookies?\b.*\b(use|uses|set|accept|reject|preferences?|settings?|essential|consent|"
    r"analytics|saved|policy|notice)\b",
    r"\b(accept|reject|customi[sz]e|manage) (all )?cookies\b",
    r"\bquickly exit\b|\bexit this (site|page)\b|\bleave this site\b|\bhide this (site|page)\b",
    r"\bpress(ing)? the esc(ape)? key\b",
    r"^sorry,? (there was|there has been|something went) .*(problem|wrong|error)",
    r"\bbeta\b.*\b(version|site|website|service|work in progress)\b",
    r"\b(new|this) (web)?site\b.*\bwork in progress\b",
    r"\byour feedback (will )?help(s)? us\b",
    r"^(original|source) article( link)?\s*:",
    r"^(share|share this( page| article| story)?|share on \w+|tweet|email this( page)?|"
    r"print(able version| this page)?|back to top|skip to (the )?(main )?content|menu|search|"
    r"get the report|download the report|read the report|notes|related (links|content)|"
    r"stay connected|follow us( on \w+)?|must read|subscribe|sign up( to our newsletter)?|"
    r"newsletter|advertisement)"
    r"\s*[:|]?\s*$",
    r"^\W*$",
    r"^home\s*[>/|»]",
    r"^Home(?=[A-Z])",
]), re.IGNORECASE)

_WORD_CHAR = re.compile(r"\w")
_PROSE_WORDS = 12  # a sentence of this many words is the document's, not a menu's
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_ENDS = (".", "!", "?", "\"", "”", "’", ")")
# A line where a list of other items begins: everything from it to the end is dropped.
_TRAILING_LIST = re.compile(
    r"^(latest|related|more|other|recent|top|popular|most read) "
    r"(news|stories|articles|posts|press releases|updates)\b"
    r"|^(must read|stay connected|trending|in other news)\s*:?\s*$"
    r"|^you (may|might) also (like|be interested)|^read (more|next)\s*:?\s*$|^see also\s*:?\s*$",
    re.IGNORECASE)
_STAMPED_ITEM = re.compile(r"\d{1,2}/\d{1,2}/\d{4},? \d{1,2}:\d{2}(:\d{2})?\s*$")
_DATE_ONLY = re.compile(
    r"^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    r"(\d{1,2}:\d{2}(:\d{2})?\s*)?"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2} \w+ \d{4}|\w+ \d{1,2},? \d{4})"
    r"(\s*\d{1,2}:\d{2}(:\d{2})?)?$", re.IGNORECASE)


def normalise(text: str, wrapped: bool = False) -> str:
    """Clean characters and spaces; with `wrapped`, join lines broken inside paragraphs (PDF)."""
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    if not wrapped:
        lines = _HYPHEN_BREAK.sub("", "\n".join(lines)).split("\n")
        return "\n".join(line for line in map(clean_line, lines) if line)
    return "\n".join(line for line, _tag in join_wrapped([(line, None) for line in lines]))


def clean_line(line: str) -> str:
    """One line with ligatures spelt out, invisible and control characters gone, and its
    spaces collapsed and trimmed."""
    for lig, plain in _LIGATURES.items():
        if lig in line:
            line = line.replace(lig, plain)
    line = _CONTROL.sub(" ", _INVISIBLE.sub("", line))
    return _SPACES.sub(" ", line).strip()


def join_wrapped(lines: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Raw (line, tag) pairs as cleaned paragraphs: a line is joined to the one before when both
    have the same tag (style) and it carries on a word broken by a hyphen, or the one before is
    long, ends no sentence, and is no contents entry, and the line starts no item. Tag "table"
    (a table row) is never joined. Blank lines end a paragraph and are dropped."""
    out: list[tuple[str, object]] = []
    after_blank = True
    for raw, tag in lines:
        line = clean_line(raw)
        if not line:
            after_blank = True
            continue
        prev, prev_tag = out[-1] if out and not after_blank else ("", None)
        after_blank = False
        if prev and tag == prev_tag and tag != "table" and _continues(prev, line):
            glue = "" if _broken_word(prev, line) else " "
            out[-1] = ((prev[:-1] if not glue else prev) + glue + line, tag)
        else:
            out.append((line, tag))
    return out


def _broken_word(prev: str, line: str) -> bool:
    return len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha() and line[0].islower()


def _continues(prev: str, line: str) -> bool:
    if _broken_word(prev, line):
        return True
    ended = prev.rstrip(FOOTNOTE_MARKS).endswith((".", "!", "?", ":", ";", "”", '"'))
    return not ended and len(prev) >= 40 \
        and not _STARTS_ITEM.match(line[:_ITEM_HEAD]) \
        and not CONTENTS_LEADERS.search(prev[-60:]) \
        and not (len(prev) <= 120 and line[:1].isupper() and _LABELLED.match(prev))


def strip_boilerplate(text: str) -> str:
    """Drop web-page furniture line by line, then any trailing list of other news items."""
    lines = text.split("\n")
    lines = lines[:_trailing_list_start(lines)]
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        key = line.strip().lower()
        if not key or key in seen:
            continue  # repeated banners and headings say nothing new
        seen.add(key)
        if _is_boilerplate(line):
            continue
        kept.append(line.strip())
    return "\n".join(kept)


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not _WORD_CHAR.search(stripped):
        return True  # dividers and walls of symbols, of any length, say nothing
    # Long paragraphs that merely mention cookies or beta in passing are content (and a line
    # too long to be furniture is never searched: the rules scan ahead, see RULE_WINDOW).
    if len(stripped) > RULE_WINDOW or len(stripped.split()) > 60:
        return False
    if _DATE_ONLY.match(stripped):
        return True
    return bool(_BOILERPLATE_LINE.search(stripped.lstrip("|•*>- ")))


def _trailing_list_start(lines: list[str]) -> int:
    """Index of the first line of a trailing list of unrelated items (len(lines) if none)."""
    short = [(i, line.strip()) for i, line in enumerate(lines) if len(line) <= RULE_WINDOW]
    # ...after some of the document, when it has a sentence: a menu's "Latest news" above the
    # article ends nothing (a short page of no long sentence is cut as before)
    prose = next((i for i, line in short if _is_prose(line)), 0)
    for i, line in short:
        if i > prose and _TRAILING_LIST.search(line):
            return i
    stamped = [i for i, line in short if _STAMPED_ITEM.search(line) and len(line.split()) > 3]
    if len(stamped) >= 2 and stamped[0] > len(lines) // 3:
        return stamped[0]
    return len(lines)


def _is_prose(line: str) -> bool:
    """A sentence of the document's own: words (not a menu's "Home | News | ..."), ended
    as a sentence is, and no furniture (a cookie banner)."""
    return len(_WORDS.findall(line)) >= _PROSE_WORDS and line.rstrip().endswith(_ENDS) \
        and not _is_boilerplate(line)


def windows(line: str, size: int = RULE_WINDOW) -> list[str]:
    """`line` cut into pieces of at most `size` characters that join back into `line` exactly:
    what a scanning rule is run on, one piece at a time. Each cut is after the end of a link
    or a sentence where there is one (markup is never cut there), else after a space."""
    pieces = []
    while len(line) > size:
        cut = next((at + len(end) for end in (") ", ". ", " ")
                    if (at := line.rfind(end, size // 2, size - len(end) + 1)) >= 0), size)
        pieces.append(line[:cut])
        line = line[cut:]
    return pieces + [line]


def clean_text(raw: str, wrapped: bool = False, web: bool = True) -> str:
    """The document text: normalised, and without web boilerplate when it came from a web page."""
    text = normalise(raw, wrapped=wrapped)
    return strip_boilerplate(text) if web else text
