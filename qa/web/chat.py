"""The officers' chat: answering a question with the conversation's context, streaming the
answer in, and keeping each turn (in the owner's conversation history and the audit log, in
one transaction) and the feedback on answers.

Owns the chat turn (question -> streamed answer -> sources), which earlier questions go to
the engine as history (those answered: a declined one sets no force for what follows), the
per-answer records that likes and dislikes refer to, and the answer's Copy and Ask again
links. Rendering is html's, the answer the engine's, storage qa.web.db's, the layout tabs'.
"""
from __future__ import annotations

import asyncio
import sys
import traceback
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import quote

import anyio

from qa.config import Settings
from qa.errors import QAError
from qa.forces import find_forces
from qa.outputs.limits import cut_question
from qa.types import Answer, Filters
from qa.web.db import Store
from qa.web.db.audit import Actor
from qa.web.db.conversations import Turn
from qa.web.filters import any_document_matches, no_match_message, to_dict
from qa.web.public import public
from qa.web.html import (
    SourceFiles,
    esc,
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


@dataclass(frozen=True)
class Asker:
    """Who asks: for the audit log (user, address) and for the history (owner)."""

    actor: Actor = Actor()
    owner: str = "session:none"


def answer_actions(question: str) -> str:
    """Copy and Ask again under an answer; the page's script does the work (app.py)."""
    return ("<div class='qa-answer-actions'><a class='qa-copy' href='#qa-copy'>Copy</a>"
            f"<a class='qa-again' href='#qa-again/{esc(quote(question, safe=''))}'>"
            "Ask again</a></div>")


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
    work is CPU-bound: more would only share the same cores and memory). A finished answer
    is stored (history and audit) in the same worker thread, before its first part is sent.
    A question over `max_question_chars` is cut first, with a notice, so no message carries
    it whole."""

    def __init__(self, engine, files: SourceFiles, store: Store | None = None,
                 pieces: int = 2, pace: float = 0.05, engine_slots: int = 4,
                 max_question_chars: int = Settings.max_question_chars):
        self.engine = engine
        self.files = files
        self.store = store
        self.pieces = pieces
        self.pace = pace
        self.engine_slots = engine_slots
        self.max_question_chars = max_question_chars
        self._limiter: anyio.CapacityLimiter | None = None  # made in the server's event loop

    async def respond_async(self, question: str, history: list, asked: list, records: dict,
                            filters: Filters, problem: str = "", asker: Asker = Asker(),
                            conversation: str = ""):
        """Yield (history, asked, records, conversation) as the answer comes in; the last has
        sources. The checks, the engine and storing the turn run in a worker thread (at most
        `engine_slots` at once); the parts that follow are sent from the server's event loop,
        saving a thread hop per message; the pauses between parts hold no thread."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.engine_slots)
        steps = self._turn(question, history, asked, records, filters, problem, asker,
                           conversation)
        kind = ""
        while kind != "final":
            if kind == "part":  # what follows a part is ready-made: no thread needed
                kind, out = next(steps)
            else:
                kind, out = await anyio.to_thread.run_sync(next, steps, limiter=self._limiter)
            yield out
            if kind == "part" and self.pace:
                await asyncio.sleep(self.pace)

    def _turn(self, question, history, asked, records, filters, problem, asker: Asker,
              conversation: str = "") -> Iterator:
        """("note" | "part" | "final", (history, asked, records, conversation)) for each
        message of a turn; `asked` and `records` are the very objects passed in until the
        final message."""
        question, cut = cut_question(question or "", self.max_question_chars)
        question = " ".join(question.split())
        if not question:
            yield "final", (history, asked, records, conversation)
            return
        if not history and (asked or records or conversation):  # an empty chat is a new
            asked, records, conversation = [], {}, ""       # conversation, for API clients too
        asked_html = render_question(question + (" …" if cut else ""))
        history = list(history or []) + [{"role": "user", "content": asked_html}]
        if cut:
            history.append(_bot(render_notice(cut, "warning")))
        if problem or not any_document_matches(self.engine, filters):
            note = problem or no_match_message(filters)
            yield "final", (history + [_bot(render_notice(note, "warning"))], asked, records,
                            conversation)
            return
        yield "note", (history + [_bot(render_partial("Searching the documents…"))], asked,
                       records, conversation)
        try:
            answer = self.engine.ask(question, filters=filters, history=list(asked),
                                     said=given_quotes(records))
        except QAError as exc:
            yield "final", (history + [_bot(render_notice(public(str(exc)), "warning"))], asked,
                            records, conversation)
            return
        except Exception:  # a bug: keep the trace for maintainers, a plain line for people
            traceback.print_exc(file=sys.stderr)
            yield "final", (history + [_bot(render_notice(_FAILED, "warning"))], asked, records,
                            conversation)
            return
        shown = render_answer(answer, self.files) + answer_actions(question)
        final = history + [_bot(shown)]
        record = answer_record(answer, filters)
        conversation = self._store(asker, conversation,
                                   Turn(question, record, asked_html, shown))
        for part in self._parts(answer.text):
            yield "part", (history + [_bot(render_partial(part))], asked, records, conversation)
        records = {**records, len(final) - 1: record}
        # a declined question sets no force for the questions after it
        asked = asked if answer.refused else list(asked) + [question]
        yield "final", (final, asked, records, conversation)

    def _store(self, asker: Asker, conversation: str, turn: Turn) -> str:
        """The turn in the owner's history and the audit log, committed together; the
        conversation's id ('' when there is no database or it failed: the answer is still
        shown, and the failure is in the server log)."""
        if self.store is None:
            return conversation
        try:
            with self.store.db.transaction() as tx:
                conversation = self.store.conversations.add_turn(
                    tx, asker.owner, conversation or None, turn)
                self.store.audit.record(asker.actor, "question", turn.question, tx=tx,
                                        conversation=conversation, **_audited(turn.record))
            return conversation
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return conversation

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
        if self.store is not None:
            self.store.feedback.write(user, vote, record)
        return "Thanks: your feedback was saved for review."


def given_quotes(records: dict) -> list[str]:
    """The quotes the conversation's answers gave so far (a follow-up prefers new ones)."""
    return [c.get("quote", "") for r in records.values() if isinstance(r, dict)
            for c in r.get("citations") or () if isinstance(c, dict)]


def _audited(record: dict) -> dict:
    """The answer record as the audit keeps it (the question is a column of its own)."""
    return {k: v for k, v in record.items() if k != "question"}


def _bot(content: str) -> dict:
    return {"role": "assistant", "content": content}
