"""The officers' chat: answering a question with the conversation's context, streaming the
answer in, and recording feedback and the audit trail as JSON lines.

Owns the chat turn (question -> streamed answer -> sources), which earlier questions go to
the engine as history, the per-answer records that likes and dislikes refer to, and the
append-only logs. Rendering is webui's, the answer the engine's, the layout app.py's.
"""
from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Iterator

import anyio

from qa.errors import QAError
from qa.forces import find_forces
from qa.types import Answer, Filters
from qa.web.filters import any_document_matches, no_match_message, to_dict
from qa.web.html import (
    SourceFiles,
    render_answer,
    render_notice,
    render_partial,
    render_question,
)

EXAMPLES = [  # drawn from the sample corpus; shown only when their force is indexed
    "What did Wiltshire change on domestic abuse training?",
    "How many recommendations came out of the first Staffordshire child protection inspection?",
    "What is the Gloucestershire Rapid Improvement Plan?",
    "What has Warwickshire done about the rise in online child sexual abuse?",
]


_FAILED = ("Something went wrong while answering; the details are in the server log. Try "
           "again, or rephrase the question.")


class JsonlLog:
    """An append-only JSON-lines file, safe to write from many sessions at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def write(self, record: dict) -> None:
        line = json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **record},
                          ensure_ascii=False)
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
        except OSError as exc:  # a full disk must not take the chat down with it
            print(f"warning: cannot write {self.path}: {exc}", file=sys.stderr)


def example_questions(forces: list[str]) -> list[str]:
    """The examples whose force is in the library."""
    known = set(forces)
    return [q for q in EXAMPLES if set(find_forces(q)) & known]


def answer_record(answer: Answer, filters: Filters) -> dict:
    """What a reviewer needs about an answer: question, text, citations, filters."""
    data = answer.to_dict()
    data.pop("passages", None)
    data["filters"] = to_dict(filters)
    return data


class ChatService:
    """Chat turns and feedback against one shared engine.

    A turn is a few messages, each of which the web app sends with the whole chat: the
    question with "Searching the documents…", the answer's text in `pieces` growing parts
    `pace` seconds apart, then the finished answer with its sources. The engine answers in
    one go, so the parts only show the answer coming in; few of them keep each answer cheap
    to serve when many people ask at once. In the web app (`respond_async`) the pauses are
    awaited, holding no thread, and at most `engine_slots` turns use the engine at once (the
    work is CPU-bound: more would only share the same cores and memory)."""

    def __init__(self, engine, files: SourceFiles, feedback: JsonlLog,
                 audit: JsonlLog | None = None, pieces: int = 2, pace: float = 0.05,
                 engine_slots: int = 4):
        self.engine = engine
        self.files = files
        self.feedback_log = feedback
        self.audit_log = audit
        self.pieces = pieces
        self.pace = pace
        self.engine_slots = engine_slots
        self._limiter: anyio.CapacityLimiter | None = None  # made in the server's event loop

    async def respond_async(self, question: str, history: list, asked: list, records: dict,
                            filters: Filters, problem: str = "", user: str | None = None):
        """Yield (history, asked, records) as the answer comes in; the last has sources.
        The checks and the engine run in a worker thread (at most `engine_slots` at once);
        what follows a part (rendering the next part, or the finished answer and its audit
        line) runs in the server's event loop, saving a thread hop per message; the pauses
        between parts are awaited, holding no thread."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.engine_slots)
        steps = self._turn(question, history, asked, records, filters, problem, user)
        kind = ""
        while kind != "final":
            if kind == "part":  # what follows a part is rendering: no thread needed
                kind, out = next(steps)
            else:
                kind, out = await anyio.to_thread.run_sync(next, steps, limiter=self._limiter)
            yield out
            if kind == "part" and self.pace:
                await asyncio.sleep(self.pace)

    def _turn(self, question, history, asked, records, filters, problem, user) -> Iterator:
        """("note" | "part" | "final", (history, asked, records)) for each message of a turn;
        `asked` and `records` are the very objects passed in until the final message."""
        question = " ".join((question or "").split())
        if not question:
            yield "final", (history, asked, records)
            return
        if not history and (asked or records):  # an empty chat is a new conversation, also
            asked, records = [], {}             # for API clients that keep their session
        history = list(history or []) + [{"role": "user", "content": render_question(question)}]
        if problem or not any_document_matches(self.engine, filters):
            note = problem or no_match_message(filters)
            yield "final", (history + [_bot(render_notice(note, "warning"))], asked, records)
            return
        yield "note", (history + [_bot(render_partial("Searching the documents…"))], asked,
                       records)
        try:
            answer = self.engine.ask(question, filters=filters, history=list(asked))
        except QAError as exc:
            yield "final", (history + [_bot(render_notice(str(exc), "warning"))], asked, records)
            return
        except Exception:  # a bug: keep the trace for maintainers, a plain line for people
            traceback.print_exc(file=sys.stderr)
            yield "final", (history + [_bot(render_notice(_FAILED, "warning"))], asked, records)
            return
        for part in self._parts(answer.text):
            yield "part", (history + [_bot(render_partial(part))], asked, records)
        final = history + [_bot(render_answer(answer, self.files))]
        record = answer_record(answer, filters)
        records = {**records, len(final) - 1: record}
        if self.audit_log is not None:
            self.audit_log.write({"user": user, **record})
        yield "final", (final, list(asked) + [question], records)

    def _parts(self, text: str) -> Iterator[str]:
        """The first 1/(pieces+1), 2/(pieces+1), ... of the answer's words."""
        words = text.split(" ")
        shown = 0
        for k in range(1, self.pieces + 1):
            n = len(words) * k // (self.pieces + 1)
            if n > shown:
                shown = n
                yield " ".join(words[:n])

    def feedback(self, records: dict, index, liked, user: str | None = None) -> str:
        """Store a like or dislike with the answer it is about; returns a message for people."""
        i = index[0] if isinstance(index, (list, tuple)) else index
        record = records.get(i) if isinstance(i, int) else None
        if record is None:
            record = records.get(str(i))  # state that went through JSON has string keys
        if record is None:
            return "That message has no answer to rate."
        vote = {True: "like", False: "dislike"}.get(liked, str(liked or "none"))
        self.feedback_log.write({"user": user, "vote": vote, **record})
        return "Thanks: your feedback was saved for review."


def _bot(content: str) -> dict:
    return {"role": "assistant", "content": content}
