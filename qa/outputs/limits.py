"""Bounds on what people send in: a question cut to Settings.max_question_chars, with the
notice that says so.

Every entry cuts here before any other work (the web chat and its HTTP API, the excerpt
search, batch files, `qa ask`), so an oversized question costs what a long one does and is
never echoed back whole. How large a web request may be at all is qa.web.guard's; cleaning
the question is the engine's.
"""
from __future__ import annotations

_WORD_SLACK = 50  # cut at the last space this near the limit rather than inside a word


def cut_question(text: str, limit: int) -> tuple[str, str]:
    """(question, notice): at most `limit` characters of `text` (ending at a word when one
    ends near there), and a sentence saying what was cut, '' when nothing was."""
    text = text or ""
    if len(text) <= limit:
        return text, ""
    head = text[:limit]
    space = head.rfind(" ")
    if not text[limit].isspace() and space >= limit - _WORD_SLACK:
        head = head[:space]
    return head.rstrip(), (f"Only the first {limit:,} characters of this {len(text):,}-character "
                           f"question were used: questions are limited to {limit:,} characters.")


def cut_note(ids, limit: int) -> str:
    """What a batch run says about the questions (by id) it cut; '' when none was."""
    ids = list(ids)
    if not ids:
        return ""
    shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    return (f"{len(ids)} question{'s were' if len(ids) > 1 else ' was'} cut to the first "
            f"{limit:,} characters (id {shown}); each answer's notice says so.")
