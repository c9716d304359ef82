"""Answers as plain text for the terminal: the answer, then numbered sources with quotes.

Owns only the layout for the CLI; the words of a reference are reference's, and the web app
renders its own HTML.
"""
from __future__ import annotations

import textwrap

from qa.outputs.reference import reference_of
from qa.types import Answer


def by_force(answer: Answer) -> dict[str, list[int]]:
    """Which citations are about which force, for a comparison (its sentences are quoted as
    written, so they say "the force" or "we", not the force's name)."""
    forces: dict[str, list[int]] = {}
    for c in answer.citations:
        forces.setdefault(c.doc.meta.force or "Other", []).append(c.n)
    return forces


def answer_text(answer: Answer, width: int = 100) -> str:
    lines = [textwrap.fill(answer.text, width)]
    if len(answer.forces) > 1 and answer.citations:
        lines.append(textwrap.fill("By force: " + "; ".join(
            f"{force}: " + " ".join(f"[{n}]" for n in ns)
            for force, ns in by_force(answer).items()), width))
    if answer.notice and not answer.refused:
        lines += ["", f"Note: {answer.notice}"]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            ref = reference_of(c)
            lines.append(f"[{c.n}] {ref.title}")
            lines.append(f"    {ref.details()}")
            lines.append(f"    {ref.location}")
            lines.append(textwrap.fill(f"\u201c{c.quote}\u201d", width, initial_indent="    ",
                                       subsequent_indent="    "))
    elif answer.passages:
        lines += ["", "Closest passages:"]
        for p in answer.passages[:3]:
            ref = reference_of(p)
            lines.append(f"  {p.rank}. {ref.title} ({ref.page_text})")
            lines.append(textwrap.fill(p.chunk.text, width, initial_indent="     ",
                                       subsequent_indent="     ", max_lines=4))
    return "\n".join(lines)
