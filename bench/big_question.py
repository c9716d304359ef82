"""What one oversized question costs the running web app: the time to its answer (or refusal)
over Gradio's HTTP API, the app's resident memory before, at its peak and after, and the bytes
of the streamed response (issue 15: a question is cut at the server, never echoed whole).

    python -m bench.big_question --mb 200 --mb 10 --mb 0.1     # starts app.py on a free port

Prints one line per size. The app is started once, on the index of the checkout (built first
if missing); each size is asked in a session of its own, the chat sent empty.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.appproc import free_port, stop, wait_until_served  # noqa: E402

SENTENCE = "What did Wiltshire change on domestic abuse training? "


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident (VmRSS) or peak resident (VmHWM) memory of a process, in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PeakWatch:
    """The highest VmRSS of a process, sampled every 20 ms on a thread of its own (VmHWM
    would also count the app's start-up)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, rss_mb(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb(self.pid))

    def __enter__(self) -> "PeakWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def ask(url: str, question: str) -> tuple[int, int, str]:
    """(HTTP status of the call, bytes streamed back, the last event's first 200 characters)."""
    body = json.dumps({"data": [question, [], [], [], "", ""]}).encode("utf-8")
    post = urllib.request.Request(f"{url}gradio_api/call/ask", data=body,
                                  headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(post, timeout=600) as resp:
            event_id = json.load(resp)["event_id"]
    except urllib.error.HTTPError as exc:
        return exc.code, 0, exc.read().decode("utf-8", "replace")[:200]
    except (urllib.error.URLError, ConnectionError) as exc:  # the server hung up mid-upload
        return 0, 0, str(exc)[:200]
    size, last = 0, ""
    with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event_id}", timeout=600) as resp:
        for raw in resp:
            size += len(raw)
            if raw.startswith(b"data: "):
                last = raw[6:206].decode("utf-8", "replace")
    return 200, size, last


def measure(url: str, pid: int, mb: float) -> dict:
    chars = int(mb * 1e6)
    question = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]
    time.sleep(1)
    before = rss_mb(pid)
    started = time.monotonic()
    with PeakWatch(pid) as watch:
        status, streamed, last = ask(url, question)
        seconds = time.monotonic() - started
        time.sleep(3)  # what the app keeps once the answer is sent
    return {"question_mb": mb, "status": status, "seconds": round(seconds, 2),
            "rss_before_mb": round(before), "rss_peak_mb": round(watch.peak),
            "rss_after_mb": round(rss_mb(pid)), "streamed_bytes": streamed, "last": last}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, action="append", help="question size in MB (repeatable)")
    args = p.parse_args(argv)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QA_PORT=str(port), QA_HOST="127.0.0.1", QA_AUTH="",
                   QA_AUDIT=str(Path(tmp) / "audit.jsonl"), HF_HUB_OFFLINE="1",
                   QA_FEEDBACK=str(Path(tmp) / "feedback.jsonl"))
        with (Path(tmp) / "app.log").open("w") as log:
            proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_served(url, proc, timeout=600)
            for mb in args.mb or [200.0, 10.0]:
                print(json.dumps(measure(url, proc.pid, mb), ensure_ascii=False), flush=True)
        finally:
            stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
