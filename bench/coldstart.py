"""Web app cold start: from launching `python app.py` to its first answer over HTTP.

Owns: an index of the sample corpus built beforehand (the launch then finds it current and
builds nothing), launching the real app in a fresh process on a free loopback port, waiting
for its page, and asking one question through the app's own `/ask` API with gradio_client,
the way a browser's first question goes through the server. The app itself is app.py's.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.appproc import free_port, stop, wait_until_served
from qa.config import Settings

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 240


def cold_start(settings: Settings, backend: str, question: str) -> dict:
    """Seconds from launch until the page is served and until the first answer arrives."""
    from qa.ingest.build import ingest

    with tempfile.TemporaryDirectory(prefix="qa-bench-app-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(settings.corpus, corpus)
        s = replace(settings, corpus=corpus, index=Path(tmp) / "index", embed_backend=backend)
        ingest(s)
        port = free_port()
        env = dict(os.environ, QA_CORPUS=str(corpus), QA_INDEX=str(s.index),
                   QA_EMBED_BACKEND=backend, QA_HOST="127.0.0.1", QA_PORT=str(port),
                   QA_AUTH="", QA_AUDIT_ENABLED="0", QA_FEEDBACK=str(Path(tmp) / "fb.jsonl"))
        url = f"http://127.0.0.1:{port}/"
        started = time.perf_counter()
        with open(Path(tmp) / "app.log", "w") as log:
            proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_served(url, proc, TIMEOUT_S, poll=0.1)
            out = {"page_s": time.perf_counter() - started}
            out.update(_first_answer(url, question, started))
        finally:
            stop(proc)
    return out


def _first_answer(url: str, question: str, started: float) -> dict:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
        reply = client.predict(q=question, history=[], forces=[], types=[], since="",
                               until="", api_name="/ask")
    except Exception as exc:  # the app's API is the app's: report, do not fail the bench
        return {"answer_error": f"{type(exc).__name__}: {exc}"[:300]}
    ok = "qa-answer" in str(reply) or "[1]" in str(reply)
    return {"answer_s": time.perf_counter() - started, "answered": ok}
