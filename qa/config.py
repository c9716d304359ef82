"""Settings: one frozen dataclass of defaults, overridden by QA_* environment variables.

This is the only module that reads the environment; CLI flags override with `replace()`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    chunk_chars: int = 500  # target chunk size; see docs/evaluation.md for the measurement
    max_file_mb: float = 50.0
    top_k: int = 8  # passages an answer chooses from and shows (6 before; docs/evaluation.md)
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # "user:password[,user2:password2]": turns the login on
    admins: str = ""  # "user[,user2]": which of the QA_AUTH users are administrators
    database: Path = Path("qa.sqlite3")  # conversations, feedback, audit, users (SQLite)
    database_url: str = ""  # "postgresql://user:pw@host/db": PostgreSQL instead of `database`
    login_delay_after: int = 3  # failed sign-ins (per user, per address) before a wait
    login_lock_after: int = 10  # failed sign-ins before the user or address is locked
    login_lock_minutes: float = 15.0  # how long a lock lasts
    session_hours: float = 12.0  # a sign-in lasts this long
    feedback: Path = Path("feedback.jsonl")  # read once into the database, if present
    audit: Path = Path("audit.jsonl")  # read once into the database, if present
    # a longer question is cut to this many characters, with a notice (the engine reads no more)
    max_question_chars: int = 1000
    # a web or API request whose body is larger is refused before it is read (a chat sends
    # its conversation with each question: a long one is a few hundred KB)
    max_request_mb: float = 8.0
    audit_enabled: bool = True
    exact_search_limit: int = 50_000  # above this many chunks the index is IVF (see docs/)
    embed_backend: str = "onnx-int8"  # or "onnx", "torch": see docs/performance.md
    # Work per document is bounded by what comes out of it, not only by its size on disk: a
    # 25 KB PDF can inflate to 8 MB of text. A document over a limit is skipped with the reason.
    max_chars: int = 3_000_000  # characters of text (about 1,000 dense pages)
    max_pages: int = 3_000  # pages of a PDF, counted before any is read
    max_chunks: int = 10_000  # chunks of one document
    follow_links: bool = False  # read files that symbolic links in the corpus lead out to
    readers: int = 0  # processes reading files at ingest: 0 one per core, 1 none beside it

    @property
    def limits(self) -> "Limits":
        return Limits(self.max_chars, self.max_pages, self.max_chunks)

    def auth_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for item in self.auth.split(","):
            if ":" in item:
                user, password = item.split(":", 1)
                pairs.append((user.strip(), password))
        return pairs

    def admin_names(self) -> set[str]:
        return {name.strip() for name in self.admins.split(",") if name.strip()}


@dataclass(frozen=True)
class Limits:
    """What one document may make (QA_MAX_CHARS, QA_MAX_PAGES, QA_MAX_CHUNKS), so no file,
    however small on disk, holds ingest for long or floods the index."""

    chars: int = Settings.max_chars
    pages: int = Settings.max_pages
    chunks: int = Settings.max_chunks

    def as_dict(self) -> dict:
        return {"chars": self.chars, "pages": self.pages, "chunks": self.chunks}


def _convert(value: str, default):
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, Path):
        return Path(value)
    return type(default)(value)


def load_settings(environ: dict | None = None, **overrides) -> Settings:
    """Defaults, then QA_<FIELD> environment variables, then explicit overrides (not None)."""
    env = os.environ if environ is None else environ
    base = Settings()
    values = {}
    for f in fields(Settings):
        raw = env.get(f"QA_{f.name.upper()}")
        if raw not in (None, ""):
            values[f.name] = _convert(raw, getattr(base, f.name))
    for key, value in overrides.items():
        if value is not None:
            default = getattr(base, key)
            values[key] = _convert(str(value), default) if isinstance(default, Path) else value
    return replace(base, **values)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
