"""One connection point for the web app's state: SQLite (one file) by default, PostgreSQL
when a URL is given, behind the same few calls.

Owns opening connections (a small pool, so that many sessions and several app processes
share one database without one connection per thread), transactions, and the one SQL
difference the rest of the code would otherwise see (placeholders). The schema is
schema.py's; what is stored, the modules beside this one.
"""
from __future__ import annotations

import queue
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from qa.errors import QAError

POOL_SIZE = 8  # connections per process; more only queue on the same two cores


class DatabaseError(QAError):
    """The database cannot be opened or used; the message names it."""


class Database:
    """SQLite at `path`, or PostgreSQL at `url` when it is set. SQL is written with `?`
    placeholders; `transaction()` yields a cursor-like object whose `execute` takes them."""

    def __init__(self, path: Path | str = "qa.sqlite3", url: str = "",
                 pool_size: int = POOL_SIZE):
        self.url = url
        self.path = Path(path)
        self.dialect = "postgresql" if url else "sqlite"
        self._pool: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        if self.dialect == "postgresql":
            try:
                import psycopg  # noqa: F401  (the driver; say clearly when it is missing)
            except ImportError as exc:
                raise DatabaseError("QA_DATABASE_URL is set but the PostgreSQL driver is not "
                                    "installed: run `make setup`") from exc

    @property
    def name(self) -> str:
        """What to call the database in messages (never the password)."""
        if self.dialect == "sqlite":
            return str(self.path)
        return self.url.split("@")[-1] if "@" in self.url else self.url

    def _connect(self):
        try:
            if self.dialect == "sqlite":
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                       check_same_thread=False)
                _wal(conn)  # readers never wait for a writer
                conn.execute("PRAGMA synchronous=NORMAL")
                return conn
            import psycopg
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"cannot open the database {self.name}: {exc}") from exc
        except Exception as exc:  # psycopg.Error: the driver is imported lazily
            raise DatabaseError(f"cannot connect to the database {self.name}: {exc}") from exc

    @contextmanager
    def _connection(self) -> Iterator:
        self._slots.acquire()
        try:
            try:
                conn = self._pool.get_nowait()
            except queue.Empty:
                conn = self._connect()
            healthy = True
            try:
                yield conn
            except Exception:
                healthy = _usable(conn)
                raise
            finally:
                if healthy:
                    self._pool.put(conn)
                else:
                    conn.close()
        finally:
            self._slots.release()

    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """All statements inside commit together, or none (an exception rolls back)."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
            try:
                yield Transaction(conn, self.dialect)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Every row of a read."""
        with self._connection() as conn:
            return list(conn.execute(_sql(sql, self.dialect), params).fetchall())

    def execute(self, sql: str, params: tuple = ()) -> int:
        """One write in its own transaction; the number of rows it changed."""
        with self.transaction() as tx:
            return tx.execute(sql, params)

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


class Transaction:
    def __init__(self, conn, dialect: str):
        self.conn, self.dialect = conn, dialect

    def execute(self, sql: str, params: tuple = ()) -> int:
        return self.conn.execute(_sql(sql, self.dialect), params).rowcount

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        return list(self.conn.execute(_sql(sql, self.dialect), params).fetchall())


def _sql(sql: str, dialect: str) -> str:
    """`?` placeholders as the driver wants them (psycopg: %s, with a literal % doubled)."""
    return sql if dialect == "sqlite" else sql.replace("%", "%%").replace("?", "%s")


def _usable(conn) -> bool:
    """False for a connection that broke (a server restart): it is dropped, not reused."""
    try:
        conn.execute("SELECT 1")
        return True
    except Exception:
        return False


def _wal(conn, wait: float = 30.0) -> None:
    """WAL mode, waited for. Two processes opening a new database at the same moment can both
    try to switch it; SQLite then answers "locked" at once (to avoid a deadlock it does not wait
    for its busy timeout), so this retries until the other has finished."""
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
