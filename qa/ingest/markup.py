"""Web pages and Markdown as plain text, with what their markup says about each line.

Owns: the visible text of an HTML page (its main content, one line per block; scripts, styles,
navigation and page furniture left out), its title and its date (its markup's, else the date
line under its headline); Markdown without its markup; and for both, the marks of headings,
list items and table rows (a table row one line, its cells joined by " | "). Reading files is
files'; what the marks become is structure's.
"""
from __future__ import annotations

import re

from qa.ingest.cleaning import RULE_WINDOW, windows
from qa.ingest.dates import cover_date, html_date

Hints = dict[str, tuple[str, int]]  # a line's words, one space apart -> (Block kind, level)
_SKIP_HTML = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "button", "svg", "iframe", "template", "object", "embed", "canvas", "dialog"]
_SKIP_ROLES = re.compile(r"^(navigation|banner|contentinfo|search|menu|menubar|dialog|"
                         r"alertdialog)$", re.I)
_UNDER_HEADLINE = 400  # characters under a page's headline where its date line is


def html_to_text(html: str) -> tuple[str, str, Hints, str]:
    """Visible text of an HTML page, one line per block, without scripts, styles or navigation;
    its title; the marks of its headings (h1-h4; h5, h6 as 4), list items and table rows
    (one line per row, its cells joined by " | "); and its date, if it gives one (its markup's,
    else the date line under its headline)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    _drop_hidden(soup)
    content = soup.find("main") or soup.find("article")
    body = content or soup.body or soup
    published = html_date(soup, content)
    for br in body.find_all("br"):
        br.replace_with("\n")
    hints: Hints = {}
    for row in body.find_all("tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])
                 if c.find_parent("tr") is row]
        line = " | ".join(c for c in cells if c)
        if line:
            hints[line] = ("table", 0)
        row.replace_with("\n" + line + "\n")
    _number_items(body)
    for tag in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "li"]):
        words = " ".join(tag.get_text(" ").split())
        if words and tag.name != "li":
            hints[words] = ("heading", min(int(tag.name[1]), 4))
        elif words and not tag.find(["ul", "ol", "p"]):
            hints.setdefault(words, ("item", 0))
    blocks = body.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th",
                            "blockquote", "pre", "dt", "dd", "figcaption", "div", "section",
                            "header", "address", "figure"])
    for block in blocks:
        # Inside the block, at its ends: the same text, but inserting beside it looks the block
        # up among its siblings, which costs the square of a page of many paragraphs.
        block.append("\n")
        block.insert(0, "\n")
    text = body.get_text("")
    if not published:  # the date line under its headline, not a related story's further down
        h1 = body.find("h1")
        at = text.find(h1.get_text("")) if h1 is not None else -1
        published = cover_date(text[at:at + _UNDER_HEADLINE] if at >= 0 else text)
    return text, title, hints, published


def _drop_hidden(soup) -> None:
    """Remove what is not the page's content: scripts, styles, navigation and page furniture
    (by tag or ARIA role), comments, CDATA and processing instructions. Collapsed (`hidden`)
    sections stay: accordions hide real report text that way."""
    from bs4 import CData, Comment, Declaration, Doctype, ProcessingInstruction
    invisible = (CData, Comment, Declaration, Doctype, ProcessingInstruction)
    for node in soup.find_all(string=lambda s: isinstance(s, invisible)):
        node.extract()
    doomed = soup(_SKIP_HTML) + soup.find_all(attrs={"role": _SKIP_ROLES}) \
        + soup.find_all(attrs={"aria-hidden": "true"})
    for tag in doomed:
        if not tag.decomposed and not _article_header(tag):
            tag.decompose()


def _article_header(tag) -> bool:
    """An article's own header (its headline, byline and date: `<header>` inside `<article>`
    or `<main>`), not the site's."""
    return tag.name == "header" and not tag.get("role") \
        and tag.find_parent(["article", "main"]) is not None


def _number_items(body) -> None:
    """Each item of a numbered list (`<ol>`) starts with its number as the page shows it
    ("4. Within three months..."; `start`, `value` and `reversed` as browsers count)."""
    for ol in body.find_all("ol"):
        if (ol.get("type") or "1") != "1":
            continue  # lettered or roman: left as it was
        items = [li for li in ol.find_all("li") if li.find_parent("ol") is ol]
        step = -1 if ol.has_attr("reversed") else 1
        n = _int(ol.get("start"), len(items) if step < 0 else 1)
        for li in items:
            n = _int(li.get("value"), n)
            if li.get_text(strip=True):
                li.insert(0, f"{n}. ")
            n += step


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# Each rule's scan stops at the next character that could start another match ("[" in a
# link's text, "(" in its address, "*" in italics, "<" in a tag), so no character is scanned
# from many starts; and each runs on pieces of at most cleaning.RULE_WINDOW characters.
# Heading marks, then a block quote's mark: only where a line starts, not where a piece does.
_MD_LINE_START = [re.compile(r"^\s{0,3}#{1,6}\s*"), re.compile(r"^\s{0,3}>\s?")]
_MD_RULES = [
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),  # links -> link text
    (re.compile(r"(?<![\w*])\*(?![\s*])([^*\n]+)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__"), r"\1\2"),  # bold (italics inside gone)
    (re.compile(r"`([^`\n]*)`"), r"\1"),  # code spans
    (re.compile(r"<[^<>\n]+>"), ""),  # inline HTML tags
]
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
_MD_ITEM = re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s+\S")
_MD_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE_CHARS = re.compile(r"[\s:|-]*")  # a table's |---|---| line is only these, with ---


def _md_mark(line: str) -> tuple[str, int] | None:
    heading = _MD_HEADING.match(line)
    if heading:
        return "heading", min(len(heading.group(1)), 4)
    return ("table", 0) if _MD_TABLE.match(line) else ("item", 0) if _MD_ITEM.match(line) \
        else None


def _is_md_rule(line: str) -> bool:
    """A horizontal rule: ---, ***, ___ (spaces between allowed), three or more."""
    marks = "".join(line.split())
    return len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "-*_"


def markdown_to_text(md: str) -> tuple[str, Hints]:
    """Markdown as plain text (markup removed, the words kept), and the marks of its headings
    ('#' count as the level, 5 and 6 as 4), list items and table rows. A line longer than
    RULE_WINDOW is no heading, item or table row, and its markup is removed piece by piece."""
    hints: Hints = {}
    lines = []
    for line in md.split("\n"):
        mark = _md_mark(line) if len(line) <= RULE_WINDOW else None
        if mark == ("table", 0) and "---" in line and _MD_RULE_CHARS.fullmatch(line):
            continue
        if len(line) <= RULE_WINDOW and _is_md_rule(line):
            line = ""
        pieces = windows(line)
        for pattern in _MD_LINE_START:
            pieces[0] = pattern.sub("", pieces[0], count=1)
        for pattern, repl in _MD_RULES:
            pieces = [pattern.sub(repl, piece) for piece in pieces]
        line = "".join(pieces)
        if mark and line.strip():
            hints.setdefault(" ".join(line.split()), mark)
        lines.append(line)
    return "\n".join(lines), hints
