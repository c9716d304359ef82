"""Dates in documents: the date a document gives itself, and dates written in any common form.

Owns: normalising a written date to ISO ('2023-9', '4 August 2023', 'Mon, 06 Mar 2022 10:00:00
GMT', a datetime... -> '2023-09' / '2023-08-04'), real calendar dates only; the date a
document's opening gives itself (cover_date: "Published 14 December 2023", "This report was
published on 4 August 2023", a date alone on a line under the title), before any date the
text merely mentions; the date a web page's markup gives it; the dates authoring tools write
when they know none. Which source of a date to trust is left to metadata.
"""
from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june",
                                      "july", "august", "september", "october", "november",
                                      "december"], start=1)}
MON = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
# Dates authoring tools write when they know none: not a document's date (2013-12-23 is the
# creation date of python-docx's blank template, kept by every file made from it).
PLACEHOLDER_DATES = {"1970-01-01", "1980-01-01", "1990-01-01", "2000-01-01", "2001-01-01",
                     "2013-12-23"}
# "Published ..." anywhere in a sentence: a date the text gives, maybe another document's
PUBLISHED = re.compile(rf"\b(published|publication date|date of publication|first published)"
                       rf"\s*(on|in|:)?\s*(\d{{1,2}}(?:st|nd|rd|th)? {MON},? \d{{4}}|"
                       rf"{MON} \d{{1,2}},? \d{{4}}|{MON},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})",
                       re.I)
_MONTH_YEAR = re.compile(rf"^{MON},? (\d{{4}})$", re.I)  # a line of its own: a cover's date
_FULL_DATE = (rf"\d{{1,2}}(?:st|nd|rd|th)? {MON},? \d{{4}}|{MON} \d{{1,2}},? \d{{4}}|"
              rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}")
# What the opening says of the document itself: a line that opens "Published" ("Published 14
# December 2023", "Publication date: 2023-12-14", "Published – 5 April 2023 by HMICFRS") or
# says "this report was published on ..."; else a full date alone on a line ("23 September
# 2021"). Not "Our original report was published on 2 November 2019": another document's.
_SELF_PUBLISHED = re.compile(
    rf"^[ \t]*(?:(?:this|the) (?:report|document|review|plan|statement|letter|response|"
    rf"update) (?:was |is )?)?(?:first )?(?:published|publication date|date of publication|"
    rf"date published)\b[ \t:–—-]*(?:on[ \t]+)?(?:\w+day,? )?({_FULL_DATE})\b[^\n]{{0,60}}$",
    re.I | re.M)
_DATE_ALONE = re.compile(rf"^[ \t]*(?:\w+day,? )?({_FULL_DATE})[ \t]*\.?[ \t]*$", re.I | re.M)
COVER_CHARS = 1500  # the opening of the text where a cover or a page's head gives its date
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {MON},? (\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b{MON} (\d{{1,2}}),? (\d{{4}})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "d/m/y"),
]


def cover_date(text: str, today: date | None = None) -> str:
    """The full date (ISO) the opening of the text gives the document itself, '' if none: a
    line saying it was published then, else a date alone on a line; never a day after
    `today` (a deadline is no publication date)."""
    found = cover_date_line(text, today)
    return found[2] if found else ""


def cover_date_line(text: str, today: date | None = None) -> tuple[int, int, str] | None:
    """Where the opening gives the document its date (cover_date): the start and end of that
    line's words up to the end of its first sentence ("Published 14 December 2023", "This
    report was published on 4 August 2023.", "23 September 2021") and the date as ISO."""
    head = text[:COVER_CHARS]
    limit = (today or date.today()).isoformat()
    for pattern in (_SELF_PUBLISHED, _DATE_ALONE):
        for m in pattern.finditer(head):
            iso = normalise_date(m.group(1))
            if len(iso) == 10 and iso <= limit:
                line = m.group(0)
                start = m.start() + len(line) - len(line.lstrip())
                stop = _SENTENCE_END.search(text, m.end(1), m.end())
                end = stop.start() + 1 if stop else m.start() + len(line.rstrip(" \t."))
                return start, end, iso
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def text_date(text: str) -> str:
    """The date the text says it was published: its cover's (cover_date), else after
    'Published' in its opening, else the first full date near the top, else a month and
    year on a line of their own near the top (a report's cover: "September 2023")."""
    cover = cover_date(text)
    if cover:
        return cover
    head = text[:4000]
    said = PUBLISHED.search(head)
    if said:
        return normalise_date(said.group(3))
    return first_date(head) or cover_month(text)


def cover_month(text: str) -> str:
    """A month and year on a line of their own in the opening ("September 2023"), as ISO."""
    for line in text[:COVER_CHARS].split("\n"):
        month = _MONTH_YEAR.match(line.strip())
        if month:
            return f"{int(month.group(2)):04d}-{_MONTHS[month.group(1).lower()]:02d}"
    return ""


def first_date(text: str) -> str:
    """The earliest-placed full date in the opening of the text, as ISO, else ''."""
    head = text[:4000]
    found: list[tuple[int, str]] = []
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(head):
            iso = _iso(m.groups(), kind)
            if iso:
                found.append((m.start(), iso))
    return min(found)[1] if found else ""


def _iso(groups: tuple, kind: str) -> str:
    """A real calendar date from 1990 on, as ISO; '' for "31 February 2023"."""
    try:
        if kind == "ymd":
            y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
        elif kind == "dmy":
            d, m, y = int(groups[0]), _MONTHS[groups[1].lower()], int(groups[2])
        elif kind == "mdy":
            m, d, y = _MONTHS[groups[0].lower()], int(groups[1]), int(groups[2])
        else:
            d, m, y = int(groups[0]), int(groups[1]), int(groups[2])
        if not 1990 <= y <= 2100:
            return ""
        return date(y, m, d).isoformat()
    except (KeyError, ValueError):
        return ""


def normalise_date(value) -> str:
    """'2023-9', '4 August 2023', datetime.date... -> '2023-09' / '2023-08-04'; '' if unknown
    (or not a real date)."""
    s = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", s)
    if m:
        month, day = (int(g) if g else 1 for g in m.groups()[1:])
        try:
            date(int(m.group(1)), month, day)
        except ValueError:
            return ""
        parts = [m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:] if g]
        return "-".join(parts)
    year = re.search(r"\b(19|20)\d\d\b", s)
    return first_date(s) or (year.group(0) if year else "")


def markup_date(value: str) -> str:
    """A full date a page's markup gives ('2023-01-24T09:30:00Z', '2023-01-24', 'Mon, 06 Mar
    2022 10:00:00 GMT', '24 January 2023'), as ISO; '' for anything less ('build 2019.4')."""
    value = value.strip()
    stamp = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ]|$)", value)
    if stamp:
        iso = normalise_date(stamp.group(1))
    else:
        parts = parsedate(value) if "," in value or ":" in value else None
        iso = _iso((parts[0], parts[1], parts[2]), "ymd") if parts else first_date(value)
    return iso if len(iso) == 10 else ""


# Where pages put their publication date in markup, most trusted first: Open Graph and
# schema.org's published time, Dublin Core's issued date, then a plain "date" (often the date
# it was last changed).
_DATE_META = ("article:published_time", "datepublished", "dcterms.issued", "dc.date.issued",
              "publication_date", "article.published", "pubdate", "dcterms.date", "dc.date",
              "dcterms.created", "date")


def html_date(soup, content) -> str:
    """The date a page's markup gives it, as ISO, else '': the head's meta tags (not those of
    a related story's card in the body), else a <time datetime> in the page's own content
    (`content`: its <main> or <article>, or None when it has neither)."""
    head = soup.head
    found: dict[str, str] = {}
    for meta in head.find_all("meta") if head else ():
        key = str(meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        iso = markup_date(str(meta.get("content") or ""))
        if iso:
            found.setdefault(key.strip().lower(), iso)
    for key in _DATE_META:
        if key in found:
            return found[key]
    stamp = content.find("time", attrs={"datetime": True}) if content is not None else None
    return markup_date(str(stamp["datetime"])) if stamp else ""
