"""The audit log and the feedback on answers, as rows of the shared database.

Owns what one audit entry holds (when, who, from which address, what they did, the question
if any, and the details as JSON), writing one inside a caller's transaction (so a chat turn
and its audit entry commit together), and the administrator's download: every entry as a
JSON line, oldest first. Who may download is decided by the caller (qa.web.admin).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from qa.web.db.database import Database, Transaction

ACTIONS = ("question", "batch question", "excerpt search", "upload", "library change",
           "sign-in", "sign-in refused", "sign-in locked", "sign-out", "audit download")


@dataclass(frozen=True)
class Actor:
    """Who did something: the signed-in user (None without a login) and their address."""

    user: str | None = None
    address: str | None = None


def write(tx: Transaction, actor: Actor, action: str, question: str | None = None,
          **detail) -> None:
    """One audit entry, committed with the caller's transaction."""
    tx.execute("INSERT INTO audit (at, user_name, address, action, question, detail) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (time.time(), actor.user, actor.address, action, question,
                json.dumps(detail, ensure_ascii=False, default=str)))


class AuditLog:
    """The audit entries of one database; `enabled=False` writes nothing (QA_AUDIT_ENABLED)."""

    def __init__(self, db: Database, enabled: bool = True):
        self.db = db
        self.enabled = enabled

    def record(self, actor: Actor, action: str, question: str | None = None,
               tx: Transaction | None = None, **detail) -> None:
        if not self.enabled:
            return
        if tx is not None:
            write(tx, actor, action, question, **detail)
            return
        with self.db.transaction() as own:
            write(own, actor, action, question, **detail)

    def entries(self) -> list[dict]:
        """Every entry, oldest first, as the download shows it."""
        rows = self.db.query("SELECT id, at, user_name, address, action, question, detail "
                             "FROM audit ORDER BY id")
        return [{"id": i, "time": _iso(at), "user": user, "address": address,
                 "action": action, "question": question, **json.loads(detail)}
                for i, at, user, address, action, question, detail in rows]

    def export(self, path: Path) -> Path:
        """The whole log as JSON lines at `path` (for the administrator's download)."""
        lines = (json.dumps(e, ensure_ascii=False) for e in self.entries())
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path


class FeedbackLog:
    """Likes and dislikes, each with the answer it is about."""

    def __init__(self, db: Database):
        self.db = db

    def write(self, user: str | None, vote: str, record: dict) -> None:
        self.db.execute("INSERT INTO feedback (at, user_name, vote, record) VALUES (?, ?, ?, ?)",
                        (time.time(), user, vote, json.dumps(record, ensure_ascii=False)))

    def entries(self) -> list[dict]:
        rows = self.db.query("SELECT at, user_name, vote, record FROM feedback ORDER BY id")
        return [{"time": _iso(at), "user": user, "vote": vote, **json.loads(record)}
                for at, user, vote, record in rows]


def _iso(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(at))
