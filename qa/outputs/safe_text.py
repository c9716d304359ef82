"""Text made safe for where it goes: a URL a reader may open, Markdown that shows it literally,
and characters Word's XML accepts.

Owns those three rules, for every export (excerpts, conversations, the tracker's records, Word
links) and the web app's links; what each file says is the exports' own.
"""
from __future__ import annotations

import re

_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in .docx XML
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def safe_url(url: str) -> str:
    """The URL if it is an http(s) link a reader can safely open, else ''."""
    url = (url or "").strip()
    if re.match(r"https?://[^\s<>\"']+$", url, re.I):
        return url
    return ""


def md_text(text: str) -> str:
    """Text that Markdown shows literally: no links, tags or emphasis can be smuggled in."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def xml_text(text: str) -> str:
    """Text without the control characters a .docx cannot hold."""
    return _XML_BAD.sub(" ", text)
