"""Shared fixtures: every path points into tmp, the model loads once, the sample index is
built once per test session."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.config import load_settings
from qa.index.embedding import Embedder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
WILTSHIRE = "004_e8a6900a3d56e4d0.txt"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """No test reads or writes the repository's index, feedback or audit files."""
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("QA_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.setenv("QA_FEEDBACK", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("QA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("QA_DATABASE", str(tmp_path / "qa.sqlite3"))
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server (Debian's package, `make postgres`) for the whole session."""
    from bench.pgserver import PostgresServer
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_settings(request, tmp_path):
    """Settings whose database is a fresh SQLite file, then a fresh PostgreSQL database."""
    url = ""
    if request.param == "postgresql":
        name = "t" + re.sub(r"\W", "", request.node.name.lower())[-40:] + str(time.time_ns())[-6:]
        url = request.getfixturevalue("postgres").create_database(name)
    return load_settings(environ={}, database=tmp_path / "qa.sqlite3", database_url=url,
                         feedback=tmp_path / "feedback.jsonl", audit=tmp_path / "audit.jsonl")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    settings = load_settings()
    return Embedder(settings.embed_backend)


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory, embedder):
    """Settings for an index of the sample corpus, built once for the whole session."""
    from qa.ingest.build import ingest
    base = tmp_path_factory.mktemp("sample")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = load_settings(environ={}, corpus=corpus, index=base / "index",
                             feedback=base / "feedback.jsonl", audit=base / "audit.jsonl",
                             database=base / "qa.sqlite3")
    report = ingest(settings, embedder=embedder)
    assert report.indexed == 5 and not report.skipped, report.summary()
    return settings


@pytest.fixture(scope="session")
def engine(sample_settings, embedder):
    from qa.ask.engine import Engine
    return Engine.open(sample_settings, embedder)


def make_pdf(path: Path, pages: list[str], title: str = "", author: str = "") -> Path:
    """A real multi-page PDF written by fpdf2, one string per page."""
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def spawn(tmp_path: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    """`python -m qa ARGS` as a real process of its own, as a user would run it, and the file
    its output (progress bars included) goes to."""
    log = tmp_path / f"qa-{time.monotonic_ns()}.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "qa", *args], cwd=ROOT, stdout=fh,
                                stderr=fh, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return proc, log


def kill_when(proc: subprocess.Popen, ready, delay: float, what: str) -> None:
    """SIGKILL `proc` `delay` seconds after ready() first holds (polled every half ms)."""
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < 300:
        if ready():
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.0005)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the {what} ended before it could be killed"


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON-lines log (feedback, audit), in the order written."""
    if not path.is_file():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def unescape_marks(page: str) -> list[str]:
    """The text of every highlighted quote in a rendered page, as the reader sees it."""
    return [html.unescape(re.sub(r"<br>", "\n", m))
            for m in re.findall(r"<mark[^>]*>(.*?)</mark>", page)]




@pytest.fixture(scope="session")
def tracker_slice(tmp_path_factory, embedder):
    """A slice of the generated library (seed 7, small): one force's inspection report, its
    response and the later review, indexed once; (settings, truth records of that report)."""
    from bench.library import build
    from qa.ingest.build import ingest
    base = tmp_path_factory.mktemp("tracker")
    build(base / "library", "small", seed=7)
    truth = read_jsonl(base / "library" / "truth" / "recommendations.jsonl")
    by_report: dict[str, list[dict]] = {}
    for record in truth:
        by_report.setdefault(record["file"], []).append(record)
    report, records = max(by_report.items(), key=lambda kv: sum(
        bool(r["responses"]) and bool(r["findings"]) for r in kv[1]))
    files = {report} | {x["file"] for r in records for x in r["responses"] + r["findings"]}
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy2(base / "library" / "corpus" / "catalog.csv", corpus / "catalog.csv")
    for rel in files:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(base / "library" / "corpus" / rel, corpus / rel)
    settings = load_settings(environ={}, corpus=corpus, index=base / "index",
                             feedback=base / "feedback.jsonl", audit=base / "audit.jsonl")
    done = ingest(settings, embedder=embedder)
    assert done.indexed == len(files) and not done.skipped, done.summary()
    return settings, records
