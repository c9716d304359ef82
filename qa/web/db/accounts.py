"""Users, their roles, sign-in sessions and the throttling of failed sign-ins, in the shared
database so that every app process agrees on who is signed in and who is locked out.

Owns password hashing (scrypt, salted; passwords are never stored), the roles
(administrator, reader), session tokens (only their hash is stored), and the rule for
repeated failures: after `delay_after` failures in a row a user name or an address must wait
2, 4, 8 ... seconds between tries, and after `lock_after` it is locked for `lock_minutes`.
The login page and its audit entries are qa.web.login's.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from qa.web.db.database import Database

ADMIN, READER = "administrator", "reader"
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MAX_WAIT = 300.0  # seconds: the longest wait before the lock


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        _kind, salt, digest = stored.split("$")
        again = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is not even checked: a wait (seconds left) or a lock."""

    locked: bool
    seconds: float

    def message(self) -> str:
        if self.locked:
            return (f"Too many failed sign-ins: locked for {_minutes(self.seconds)}. Ask an "
                    "administrator if you have forgotten your password.")
        return f"Too many failed sign-ins: wait {int(self.seconds) + 1} s and try again."


def _minutes(seconds: float) -> str:
    m = max(1, round(seconds / 60))
    return f"{m} minute{'s' if m != 1 else ''}"


class Accounts:
    def __init__(self, db: Database, delay_after: int = 3, lock_after: int = 10,
                 lock_minutes: float = 15.0, session_hours: float = 12.0):
        self.db = db
        self.delay_after, self.lock_after = delay_after, lock_after
        self.lock_seconds = lock_minutes * 60
        self.session_seconds = session_hours * 3600

    # --- users ---------------------------------------------------------------------------
    def sync(self, pairs: list[tuple[str, str]], admins: set[str]) -> None:
        """Make the users table hold exactly these users (QA_AUTH) with these roles
        (QA_ADMINS); a password is hashed again only when it changed."""
        names = {name for name, _ in pairs}
        with self.db.transaction() as tx:
            stored = dict(tx.query("SELECT name, password FROM users"))
            for name, password in pairs:
                role = ADMIN if name in admins else READER
                if name in stored and password_matches(password, stored[name]):
                    tx.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
                    continue
                tx.execute("DELETE FROM users WHERE name = ?", (name,))
                tx.execute("INSERT INTO users (name, password, role, created) VALUES (?, ?, ?, ?)",
                           (name, hash_password(password), role, time.time()))
            for name in set(stored) - names:
                tx.execute("DELETE FROM users WHERE name = ?", (name,))
                tx.execute("DELETE FROM sessions WHERE user_name = ?", (name,))

    def role(self, user: str | None) -> str | None:
        rows = self.db.query("SELECT role FROM users WHERE name = ?", (user or "",))
        return rows[0][0] if rows else None

    def check_password(self, user: str, password: str) -> bool:
        rows = self.db.query("SELECT password FROM users WHERE name = ?", (user,))
        if not rows:
            hash_password(password)  # the same work: timing does not tell who exists
            return False
        return password_matches(password, rows[0][0])

    # --- sessions ------------------------------------------------------------------------
    def open_session(self, user: str) -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM sessions WHERE expires < ?", (now,))
            tx.execute("INSERT INTO sessions (token, user_name, created, expires) "
                       "VALUES (?, ?, ?, ?)", (_token_hash(token), user, now,
                                               now + self.session_seconds))
        return token

    def session_user(self, token: str | None) -> str | None:
        if not token:
            return None
        rows = self.db.query("SELECT user_name FROM sessions WHERE token = ? AND expires > ?",
                             (_token_hash(token), time.time()))
        return rows[0][0] if rows else None

    def close_session(self, token: str | None) -> None:
        if token:
            self.db.execute("DELETE FROM sessions WHERE token = ?", (_token_hash(token),))

    # --- throttling ----------------------------------------------------------------------
    def refusal(self, keys: list[tuple[str, str]]) -> Refusal | None:
        """The strictest wait or lock on any of (scope, name), e.g. ("user", "alice"),
        ("address", "10.0.0.7"); None when a sign-in may be tried now."""
        now, worst = time.time(), None
        for scope, name in keys:
            rows = self.db.query("SELECT failures, last_at, locked_until FROM login_failures "
                                 "WHERE scope = ? AND name = ?", (scope, name))
            if not rows:
                continue
            failures, last_at, locked_until = rows[0]
            if locked_until > now:
                refusal = Refusal(True, locked_until - now)
            elif failures >= self.delay_after and not locked_until:
                wait = min(MAX_WAIT, 2.0 ** (failures - self.delay_after + 1))
                refusal = Refusal(False, last_at + wait - now) if last_at + wait > now else None
            else:
                refusal = None
            if refusal and (worst is None or (refusal.locked, refusal.seconds)
                            > (worst.locked, worst.seconds)):
                worst = refusal
        return worst

    def failed(self, keys: list[tuple[str, str]]) -> bool:
        """Count a failure against each key; True when this failure locked one of them."""
        now, locked = time.time(), False
        with self.db.transaction() as tx:
            for scope, name in keys:
                rows = tx.query("SELECT failures, last_at, locked_until FROM login_failures "
                                "WHERE scope = ? AND name = ?", (scope, name))
                failures = 1
                if rows:  # a lock that has run out, or a quiet spell, starts the count again
                    before, last_at, until = rows[0]
                    fresh = (until and until <= now) or now - last_at > self.lock_seconds
                    failures = 1 if fresh else before + 1
                until = now + self.lock_seconds if failures >= self.lock_after else 0
                locked = locked or bool(until)
                tx.execute("DELETE FROM login_failures WHERE scope = ? AND name = ?",
                           (scope, name))
                tx.execute("INSERT INTO login_failures (scope, name, failures, last_at, "
                           "locked_until) VALUES (?, ?, ?, ?, ?)",
                           (scope, name, failures, now, until))
        return locked

    def succeeded(self, keys: list[tuple[str, str]]) -> None:
        with self.db.transaction() as tx:
            for scope, name in keys:
                tx.execute("DELETE FROM login_failures WHERE scope = ? AND name = ?",
                           (scope, name))
