"""The trainers' excerpts: searching passages on a topic, the basket they collect them in, and
the export files made from the basket.

Owns the basket operations (add without duplicates, remove, clear) and where export files are
written; the Excerpt record and the file formats are export's, the search is the engine's.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from qa.errors import QAError
from qa.outputs.export import Excerpt, write_exports
from qa.outputs.limits import cut_question
from qa.types import Filters
from qa.web.filters import any_document_matches, no_match_message

SEARCH_K = 10


def search(engine, query: str, filters: Filters, problem: str = "",
           k: int = SEARCH_K) -> tuple[list[Excerpt], str]:
    """(excerpts, message): the message explains an empty result or a problem, or says
    that an overlong topic was cut to the question limit."""
    query, cut = cut_question(query or "", engine.settings.max_question_chars)
    if not query.strip():
        return [], "Type a topic to search for, such as “missing children” or “training”."
    if problem:
        return [], problem
    if not any_document_matches(engine, filters):
        return [], no_match_message(filters)
    try:
        passages = engine.search(query, filters=filters, k=k)
    except QAError as exc:
        return [], str(exc)
    if not passages:
        return [], " ".join([cut, "No passage matches this topic. Try other words or widen "
                                  "the filters."]).strip()
    return [Excerpt.from_passage(p) for p in passages], cut


def add(basket: list[Excerpt], items: list[Excerpt]) -> list[Excerpt]:
    """The basket with `items` appended, each passage at most once, in the order picked."""
    keys = {ex.key for ex in basket}
    out = list(basket)
    for ex in items:
        if ex.key not in keys:
            out.append(ex)
            keys.add(ex.key)
    return out


def remove(basket: list[Excerpt], key: tuple) -> list[Excerpt]:
    return [ex for ex in basket if ex.key != tuple(key)]


def export_basket(basket: list[Excerpt], folder: Path | None = None) -> dict[str, Path]:
    """Markdown, CSV and Word files of the basket in a fresh folder; {} when it is empty."""
    if not basket:
        return {}
    folder = Path(folder or tempfile.mkdtemp(prefix="qa-excerpts-"))
    return write_exports(basket, folder)


def summary(basket: list[Excerpt]) -> str:
    if not basket:
        return "The basket is empty. Search for a topic and add the passages you want."
    docs = len({ex.doc_id for ex in basket})
    return (f"{len(basket)} excerpt{'s' if len(basket) != 1 else ''} from {docs} "
            f"document{'s' if docs != 1 else ''}")
