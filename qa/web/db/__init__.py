"""The web app's state in one database (SQLite by default, PostgreSQL with
QA_DATABASE_URL): `open_store(settings)` migrates it and returns its parts.

Several app processes may share one database: everything a user or an administrator relies
on (conversations, feedback, the audit log, users, sign-ins and their throttling) is here,
nothing of it in a process's memory.
"""
from __future__ import annotations

from dataclasses import dataclass

from qa.web.db.accounts import Accounts
from qa.web.db.audit import AuditLog, FeedbackLog
from qa.web.db.conversations import Conversations
from qa.web.db.database import Database
from qa.web.db.schema import migrate


@dataclass(frozen=True)
class Store:
    db: Database
    audit: AuditLog
    feedback: FeedbackLog
    conversations: Conversations
    accounts: Accounts


def open_database(settings) -> Database:
    return Database(settings.database, settings.database_url)


def open_store(settings) -> Store:
    """The database of `settings`, brought up to the latest schema, its users those of
    QA_AUTH (none: no login)."""
    db = open_database(settings)
    migrate(db, {"feedback": settings.feedback, "audit": settings.audit})
    accounts = Accounts(db, settings.login_delay_after, settings.login_lock_after,
                        settings.login_lock_minutes, settings.session_hours)
    accounts.sync(settings.auth_pairs(), settings.admin_names())
    return Store(db, AuditLog(db, settings.audit_enabled), FeedbackLog(db), Conversations(db),
                 accounts)
