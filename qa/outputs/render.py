"""Answers as plain text for the terminal: the answer, then numbered sources with quotes.

Owns only presentation for the CLI; the web app renders its own HTML.
"""
from __future__ import annotations

import textwrap

from qa.types import Answer


def answer_text(answer: Answer, width: int = 100) -> str:
    lines = [textwrap.fill(answer.text, width)]
    if answer.notice and not answer.refused:
        lines += ["", f"Note: {answer.notice}"]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            m = c.doc.meta
            facts = " | ".join(x for x in (m.organisation, m.force, m.doc_type,
                                           m.published or "undated", f"page {c.page}") if x)
            lines.append(f"[{c.n}] {m.title or c.doc.file}")
            lines.append(f"    {facts}")
            lines.append(f"    {m.source or c.doc.file}")
            lines.append(textwrap.fill(f"\u201c{c.quote}\u201d", width, initial_indent="    ",
                                       subsequent_indent="    "))
    elif answer.passages:
        lines += ["", "Closest passages:"]
        for p in answer.passages[:3]:
            m = p.doc.meta
            lines.append(f"  {p.rank}. {m.title or p.doc.file} (page {p.chunk.page})")
            lines.append(textwrap.fill(p.chunk.text, width, initial_indent="     ",
                                       subsequent_indent="     ", max_lines=4))
    return "\n".join(lines)
