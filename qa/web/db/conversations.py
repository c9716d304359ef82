"""Conversations and their turns, kept per owner (a signed-in user, or a browser when there
is no login) so that a reload, another browser or another app process finds them again.

Owns a turn's record (the question, the answer record with its citations, and the two chat
messages as they were shown), listing and searching an owner's conversations, renaming and
deleting them. Every read and change names the owner: nobody reaches another's conversation.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

from qa.web.db.database import Database, Transaction

TITLE_CHARS = 80


@dataclass(frozen=True)
class Summary:
    """A conversation as the side panel lists it."""

    id: str
    title: str
    updated: float
    turns: int


@dataclass(frozen=True)
class Turn:
    question: str
    record: dict  # the answer record: answer text, citations with their documents' facts
    question_html: str
    answer_html: str


def title_of(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1].rstrip() + "…"


class Conversations:
    def __init__(self, db: Database):
        self.db = db

    def add_turn(self, tx: Transaction, owner: str, conversation: str | None,
                 turn: Turn) -> str:
        """Append `turn` to the owner's conversation (a new one when `conversation` is None or
        not theirs); the conversation's id."""
        now = time.time()
        if conversation and tx.query("SELECT 1 FROM conversations WHERE id = ? AND owner = ?",
                                     (conversation, owner)):
            seq = tx.query("SELECT COUNT(*) FROM turns WHERE conversation_id = ?",
                           (conversation,))[0][0]
            tx.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation))
        else:
            conversation, seq = uuid.uuid4().hex, 0
            tx.execute("INSERT INTO conversations (id, owner, title, created, updated) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (conversation, owner, title_of(turn.question), now, now))
        tx.execute("INSERT INTO turns (conversation_id, seq, question, record, question_html, "
                   "answer_html, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (conversation, seq, turn.question, json.dumps(turn.record, ensure_ascii=False),
                    turn.question_html, turn.answer_html, now))
        return conversation

    def list(self, owner: str, search: str = "", limit: int = 200) -> list[Summary]:
        """The owner's conversations, latest first; `search` matches titles and questions."""
        sql = ("SELECT c.id, c.title, c.updated, COUNT(t.seq) FROM conversations c "
               "LEFT JOIN turns t ON t.conversation_id = c.id WHERE c.owner = ?")
        params: tuple = (owner,)
        words = search.split()
        for word in words:
            like = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%") \
                .replace("_", "\\_") + "%"
            sql += (" AND (lower(c.title) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM turns s "
                    "WHERE s.conversation_id = c.id AND lower(s.question) LIKE ? ESCAPE '\\'))")
            params += (like, like)
        sql += " GROUP BY c.id, c.title, c.updated ORDER BY c.updated DESC LIMIT ?"
        rows = self.db.query(sql, params + (limit,))
        return [Summary(i, title, updated, n) for i, title, updated, n in rows]

    def turns(self, owner: str, conversation: str) -> list[Turn]:
        """The conversation's turns in order; [] when it is not the owner's."""
        rows = self.db.query(
            "SELECT t.question, t.record, t.question_html, t.answer_html FROM turns t "
            "JOIN conversations c ON c.id = t.conversation_id WHERE c.id = ? AND c.owner = ? "
            "ORDER BY t.seq", (conversation, owner))
        return [Turn(q, json.loads(r), qh, ah) for q, r, qh, ah in rows]

    def title(self, owner: str, conversation: str) -> str:
        rows = self.db.query("SELECT title FROM conversations WHERE id = ? AND owner = ?",
                             (conversation, owner))
        return rows[0][0] if rows else ""

    def rename(self, owner: str, conversation: str, title: str) -> bool:
        title = title_of(title)
        if not title:
            return False
        return self.db.execute("UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                               (title, conversation, owner)) == 1

    def delete(self, owner: str, conversation: str) -> bool:
        with self.db.transaction() as tx:
            if tx.execute("DELETE FROM conversations WHERE id = ? AND owner = ?",
                          (conversation, owner)) != 1:
                return False
            tx.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation,))
        return True
