"""Load test of the web app's chat: N concurrent sessions ask questions over loopback for a
bounded time; every answer is checked against its question, and the script reports requests
answered, errors, wrong answers, latency (p50/p95/max) and throughput.

    python bench/load_test.py --start                  # start app.py on a free port, test, stop it
    python bench/load_test.py --url http://127.0.0.1:7860 --concurrency 50 --duration 30
    python bench/load_test.py --start --think 0 10 --markdown docs/performance.md
    python bench/load_test.py --start --apps 2 --postgres     # two app processes, one database

Questions come from eval/questions.jsonl: those with gold documents must cite one of them,
those the documents cannot answer must be declined. A sequential pass first records each
question's answer, each in a session of its own; under load every answer must be that same
answer, citing the same passages (no cross-talk between sessions). Each simulated user keeps
one Gradio session, as a browser tab does, and every question starts a new conversation (the
chat it sends is empty). Latency is the time to the final, complete answer, including the
chat's streaming (the answer's text comes in parts before the finished answer). `--think`
makes sessions pause between questions as people do, starting at random moments within one
pause (several values: several runs); with no pause all sessions start at once. With
`--start`, the app's CPU time per answer is reported too (and the client's own, which shares
the machine). `--markdown FILE` writes the figures under a "Load test" heading, leaving the
file's other sections alone.

Every answer is written to the app's database (the asker's conversation history and the
audit log). With `--start --apps N` the sessions are spread over N app processes sharing
one database (a SQLite file, or PostgreSQL with `--postgres`, a throwaway server, or
`--database-url`); afterwards every question answered must be in the audit log exactly
once, and each app's memory is reported.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.appproc import free_port, stop, wait_until_served  # noqa: E402
from bench.load_report import TARGET_P95, markdown, report_text, write_section  # noqa: E402
from qa.ingest.files import doc_id_for  # noqa: E402  (the app's document ids)

KINDS = ("fact", "comparison", "unanswerable")  # follow-ups need a conversation; left out
READ_TIMEOUT = 300  # a slow answer is latency, measured; only a failure is an error
_CITE = re.compile(r'class="qa-cite" href="#qa-view/([0-9a-f]+)/(\d+)/(\d+)"')


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    gold: frozenset[str]  # doc ids that answer it; empty: it must be declined


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


ANSWERED: collections.Counter = collections.Counter()  # question text -> answers received
_ANSWERED_LOCK = threading.Lock()


def answered(q: "Question") -> None:
    with _ANSWERED_LOCK:
        ANSWERED[q.text] += 1


def load_questions(path: Path) -> list[Question]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Question(r["id"], r["question"], frozenset(doc_id_for(g["file"]) for g in r["gold"]))
            for r in rows if r["kind"] in KINDS]


def outcome(chat: list) -> tuple[bool, tuple]:
    """(declined, cited (doc_id, start, end) in order) from the final chat message."""
    content = chat[-1]["content"]
    html = content[0]["text"] if isinstance(content, list) else str(content)
    cites = tuple((d, int(s), int(e)) for d, s, e in _CITE.findall(html))
    return "qa-refused" in html, cites


def correct(q: Question, declined: bool, cites: tuple) -> bool:
    if not q.gold:
        return declined and not cites
    return not declined and any(d in q.gold for d, _s, _e in cites)


def ask(url: str, q: Question, session: str | None = None) -> tuple[bool, tuple]:
    """One chat turn through Gradio's HTTP API (`/ask`), read to its final message. The chat
    sent is empty, so each call is a new conversation; `session` is the Gradio session it
    belongs to (a user's browser tab; none: a session of its own). The app streams the
    answer as it goes; only the final message is parsed."""
    payload = {"data": [q.text, [], [], [], "", ""]}
    if session:
        payload["session_hash"] = session
    body = json.dumps(payload).encode("utf-8")
    post = urllib.request.Request(f"{url.rstrip('/')}/gradio_api/call/ask", data=body,
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(post, timeout=READ_TIMEOUT) as resp:
        event_id = json.load(resp)["event_id"]
    stream = f"{url.rstrip('/')}/gradio_api/call/ask/{event_id}"
    event = ""
    with urllib.request.urlopen(stream, timeout=READ_TIMEOUT) as resp:
        for raw in resp:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event in ("complete", "error"):
                data = json.loads(line[6:])
                if event == "error":
                    raise RuntimeError(f"the app reported an error: {data}")
                answered(q)
                return outcome(data[0])
    raise RuntimeError("the answer stream ended without a final message")


def reference(url: str, questions: list[Question]) -> dict[str, tuple]:
    """Each question's answer asked alone; questions answered wrongly even then are left out
    (that is a quality matter for `python -m qa eval`, not a load matter)."""
    return {q.qid: result for q in questions if correct(q, *(result := ask(url, q)))}


def worker(urls: list[str], questions: list[Question], expected: dict, start: int,
           deadline: float, think: float, tally: Tally, fresh: bool = False) -> None:
    """One user: ask, wait for the whole answer, read it for `think` seconds, ask again. Users
    who pause start at random moments within one pause, as people do, not all at once. The
    user keeps one session (a browser tab), or with `fresh` asks each question from a new one.
    Users are spread over the apps in `urls` in turn, each staying with one (as a reverse
    proxy with sticky sessions does)."""
    url = urls[(start // 7) % len(urls)]
    n = start
    session = None if fresh else f"load-{start}-{os.getpid()}-{time.time_ns()}"
    time.sleep(random.Random(start).uniform(0, think))
    while time.monotonic() < deadline:
        q = questions[n % len(questions)]
        n += 1
        began = time.perf_counter()
        try:
            result = ask(url, q, session)
        except Exception as exc:  # every failure is counted and shown, none stops the test
            with tally.lock:
                tally.errors.append(f"{q.qid}: {type(exc).__name__}: {exc}"[:200])
            continue
        took = time.perf_counter() - began
        with tally.lock:
            tally.latencies.append(took)
            if result != expected[q.qid]:
                tally.wrong.append(f"{q.qid}: got {result}, expected {expected[q.qid]}"[:300])
        if think:
            time.sleep(think)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process `pid` so far (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(urls: list[str], concurrency: int, duration: float, questions: list[Question],
        think: float, expected: dict, app_pids: list[int] = (), fresh: bool = False) -> dict:
    """`concurrency` sessions asking for `duration` seconds; the figures of that run."""
    usable = [q for q in questions if q.qid in expected]
    tally = Tally()
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=worker, args=(urls, usable, expected, i * 7, deadline,
                                                      think, tally, fresh), daemon=True)
               for i in range(concurrency)]
    app_cpu = _cpu(app_pids)
    own_cpu = time.process_time()
    load_before = round(os.getloadavg()[0], 2)  # the machine may be shared: say how busy
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    own_cpu = time.process_time() - own_cpu
    if app_cpu is not None:
        app_cpu = (_cpu(app_pids) or app_cpu) - app_cpu
    lat = sorted(tally.latencies)
    result = {"url": " ".join(urls), "apps": len(urls), "concurrency": concurrency, "think_s": think, "duration_s": duration,
              "sessions": "one per question" if fresh else "one per user",
              "elapsed_s": round(elapsed, 1), "questions": len(usable),
              "answered": len(lat), "errors": len(tally.errors), "wrong": len(tally.wrong),
              "p50_s": _pct(lat, 50), "p95_s": _pct(lat, 95),
              "max_s": round(lat[-1], 3) if lat else None,
              "per_s": round(len(lat) / elapsed, 2) if elapsed else 0, "cpus": os.cpu_count(),
              "app_cpu_ms": round(1000 * app_cpu / len(lat), 1) if app_cpu and lat else None,
              "client_cpu_ms": round(1000 * own_cpu / len(lat), 1) if lat else None,
              "load_avg_start": load_before, "load_avg": round(os.getloadavg()[0], 2),
              "error_samples": tally.errors[:5], "wrong_samples": tally.wrong[:5]}
    result["target_met"] = bool(lat) and not (tally.errors or tally.wrong) \
        and result["p95_s"] < TARGET_P95
    return result


def _cpu(pids: list[int]) -> float | None:
    """CPU seconds of all the app processes so far (None when unknown)."""
    times = [cpu_seconds(pid) for pid in pids]
    return sum(times) if times and None not in times else None


def rss_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MB (Linux /proc), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def audit_check(database: dict) -> dict:
    """Every question answered, in the apps' audit log exactly once; and the history
    written. `database`: {"path": ...} or {"url": ...}."""
    from qa.web.db.database import Database
    db = Database(database.get("path", "qa.sqlite3"), database.get("url", ""))
    logged = collections.Counter(dict(db.query(
        "SELECT question, COUNT(*) FROM audit WHERE action = 'question' GROUP BY question")))
    turns = db.query("SELECT COUNT(*) FROM turns")[0][0]
    db.close()
    missing = sum(((ANSWERED - logged)).values())
    extra = sum((logged - ANSWERED).values())
    return {"answers_received": sum(ANSWERED.values()), "audit_entries": sum(logged.values()),
            "audit_missing": missing, "audit_extra": extra, "history_turns": turns,
            "audit_exactly_once": missing == 0 and extra == 0}


def _pct(values: list[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 3)


def start_app(port: int, log: Path, database: dict) -> subprocess.Popen:
    """app.py on `port`, its state in `database` ({"path": ...} or {"url": ...})."""
    env = dict(os.environ, QA_PORT=str(port), QA_HOST="127.0.0.1",
               QA_AUDIT=str(log.parent / "audit.jsonl"),
               QA_FEEDBACK=str(log.parent / "feedback.jsonl"),
               QA_DATABASE=str(database.get("path", log.parent / "qa.sqlite3")),
               QA_DATABASE_URL=database.get("url", ""))
    with log.open("w") as fh:
        return subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                                stdout=fh, stderr=subprocess.STDOUT)


def start_apps(count: int, database: dict) -> tuple[list[str], list[subprocess.Popen]]:
    """`count` app processes on free ports sharing `database`; their URLs and processes."""
    folder = Path(tempfile.mkdtemp(prefix="qa-load-"))
    if "url" not in database:  # a SQLite file beside the apps' logs
        database.setdefault("path", folder / "qa.sqlite3")
    urls, apps = [], []
    for k in range(count):
        port = free_port()
        log = folder / f"app{k}.log"
        apps.append(start_app(port, log, database))
        urls.append(f"http://127.0.0.1:{port}/")
    for url, app, k in zip(urls, apps, range(count)):
        try:
            wait_until_served(url, app, 600, poll=1)
        except RuntimeError as exc:
            for other in apps:
                stop(other, grace=5)
            raise SystemExit(f"{exc}:\n{(folder / f'app{k}.log').read_text()[-2000:]}") \
                from None
    return urls, apps


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    apps, urls, database, server = [], [args.url], {}, None
    if args.database_url:
        database = {"url": args.database_url}
    if args.start:
        if args.postgres:
            from bench.pgserver import PostgresServer
            server = PostgresServer().start()
            database = {"url": server.create_database("qa_load")}
        urls, apps = start_apps(args.apps, database)
    try:
        questions = load_questions(args.questions)
        expected = reference(urls[0], questions)
        runs = [run(urls, args.concurrency, args.duration, questions, think, expected,
                    [a.pid for a in apps], args.fresh_sessions)
                for think in args.think]
        memory = [rss_mb(a.pid) for a in apps]
    finally:
        for app in apps:
            stop(app, grace=30)
    try:
        check = audit_check(database) if database else None
    finally:
        if server is not None:
            server.stop()
    for r in runs:
        r["app_rss_mb"] = memory
        print(json.dumps(r, indent=1) if args.json else report_text(r))
        for line in r["error_samples"] + r["wrong_samples"]:
            print("  " + line, file=sys.stderr)
    if check is not None:
        print(f"database ({'PostgreSQL' if 'url' in database else 'SQLite'}): "
              f"{check['answers_received']} answers received, {check['audit_entries']} "
              f"questions in the audit log ({check['audit_missing']} missing, "
              f"{check['audit_extra']} extra), {check['history_turns']} turns in the history; "
              f"app memory (RSS) {', '.join(f'{m} MB' for m in memory)}")
    if args.markdown:
        command = " ".join(["python bench/load_test.py",
                            *(argv if argv is not None else sys.argv[1:])])
        write_section(args.markdown, markdown(runs, command, check))
    ok = all(r["answered"] and not (r["errors"] or r["wrong"]) for r in runs)
    return 0 if ok and (check is None or check["audit_exactly_once"]) else 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860", help="the running app")
    p.add_argument("--start", action="store_true",
                   help="start app.py on a free port for the test and stop it after (--url "
                        "is then ignored)")
    p.add_argument("--apps", type=int, default=1,
                   help="with --start: app processes sharing one database; the sessions are "
                        "spread over them")
    p.add_argument("--postgres", action="store_true",
                   help="with --start: the apps' database is a throwaway PostgreSQL server "
                        "(Debian's package) instead of a SQLite file")
    p.add_argument("--database-url", default="",
                   help="the apps' PostgreSQL database (QA_DATABASE_URL); with --url, where to "
                        "check the audit log")
    p.add_argument("--concurrency", type=int, default=50, help="concurrent chat users")
    p.add_argument("--duration", type=float, default=30.0, help="seconds each run keeps asking")
    p.add_argument("--think", type=float, nargs="+", default=[0.0],
                   help="seconds each session pauses after an answer before asking again; "
                        "several values make several runs (default 0: back to back)")
    p.add_argument("--fresh-sessions", action="store_true",
                   help="ask every question from a Gradio session of its own (an API client "
                        "without a session, or a page loaded per question) instead of one "
                        "session per user; Gradio builds each new session's state")
    p.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl",
                   help="question set with gold files (default eval/questions.jsonl)")
    p.add_argument("--markdown", type=Path, default=None,
                   help="write the figures here under '## Load test' (e.g. docs/performance.md)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


if __name__ == "__main__":
    sys.exit(main())
