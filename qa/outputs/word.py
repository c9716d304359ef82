"""Word (.docx) text with live links: a web address in a reference becomes a hyperlink that
opens in the reader's browser, not words to copy out.

Owns splitting text into plain runs and hyperlinks (only http and https addresses, through
safe_text.safe_url) and the hyperlink's relationship and look. What the paragraphs say is left
to the exports that write them (qa.outputs.export, qa.outputs.conversation).
"""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from qa.outputs.safe_text import safe_url
from qa.outputs.safe_text import xml_text as _xml

_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_TRAILING = ".,;:)]}\u201d\u2019"  # closing punctuation after an address is not part of it
LINK_COLOUR = "0563C1"  # Word's own hyperlink blue


def add_linked_text(paragraph, text: str, size: float | None = None) -> None:
    """Append `text` to `paragraph`, each web address in it as a hyperlink."""
    text = _xml(text)
    pos = 0
    for m in _URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        end = m.start() + len(url)
        if not safe_url(url):
            continue
        _run(paragraph, text[pos:m.start()], size)
        add_hyperlink(paragraph, url, url, size)
        pos = end
    _run(paragraph, text[pos:], size)


def add_hyperlink(paragraph, url: str, label: str, size: float | None = None) -> None:
    """A w:hyperlink to `url` (an external relationship of the document part)."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([colour, underline])
    if size:
        half_points = OxmlElement("w:sz")
        half_points.set(qn("w:val"), str(int(size * 2)))
        props.append(half_points)
    words = OxmlElement("w:t")
    words.text = label
    words.set(qn("xml:space"), "preserve")
    run.extend([props, words])
    link.append(run)
    paragraph._p.append(link)


def _run(paragraph, text: str, size: float | None) -> None:
    if text:
        run = paragraph.add_run(text)
        if size:
            run.font.size = Pt(size)
