"""What the load test reports: one line per run for the terminal (`report_text`), and the
"## Load test" section of docs/performance.md (`markdown`, put in place by `write_section`).
The runs themselves are bench/load_test.py's."""
from __future__ import annotations

import textwrap
import time
from pathlib import Path

TARGET_P95 = 2.0  # seconds (issue #6: no errors, every answer right, p95 under 2 s on 2 cores)


def report_text(r: dict) -> str:
    return (f"{r['concurrency']} users on {r['apps']} app process"
            f"{'es' if r['apps'] != 1 else ''} (sessions: {r['sessions']}), "
            f"{r['think_s']:g} s pause, "
            f"{r['duration_s']:g} s: "
            f"{r['answered']} answered, {r['errors']} errors, {r['wrong']} wrong; p50 "
            f"{r['p50_s']} s, p95 {r['p95_s']} s, max {r['max_s']} s; {r['per_s']} answers/s "
            f"({r['cpus']} CPUs, load average {r.get('load_avg_start', '?')} at the start, "
            f"{r['load_avg']} at the end); CPU per answer: "
            + (f"app {r['app_cpu_ms']} ms, " if r["app_cpu_ms"] else "")
            + f"client {r['client_cpu_ms']} ms; target "
            f"{'met' if r['target_met'] else 'NOT met'}")


_ROWS = [("Pause between a user's questions", lambda r: f"{r['think_s']:g} s"),
         ("Requests answered", lambda r: r["answered"]), ("Errors", lambda r: r["errors"]),
         ("Wrong answers", lambda r: r["wrong"]), ("Latency p50", lambda r: f"{r['p50_s']} s"),
         ("Latency p95", lambda r: f"{r['p95_s']} s"), ("Latency max", lambda r: f"{r['max_s']} s"),
         ("Throughput", lambda r: f"{r['per_s']} answers/s"),
         ("App CPU per answer", lambda r: f"{r['app_cpu_ms']} ms" if r["app_cpu_ms"] else "–"),
         ("Load client CPU per answer", lambda r: f"{r['client_cpu_ms']} ms"),
         ("Load average at the start / end",
          lambda r: f"{r.get('load_avg_start', '–')} / {r['load_avg']}"),
         (f"Target: no errors, all right, p95 < {TARGET_P95:g} s",
          lambda r: "met" if r["target_met"] else "**not met**")]


def markdown(runs: list[dict], command: str, check: dict | None = None) -> str:
    first = runs[0]
    head = "| | " + " | ".join(f"run {i}" for i in range(1, len(runs) + 1)) + " |\n|---|" + \
        "---|" * len(runs) + "\n"
    table = "\n".join(f"| {name} | " + " | ".join(str(cell(r)) for r in runs) + " |"
                      for name, cell in _ROWS)
    return ("## Load test\n\n" + textwrap.fill(
            f"`{command}` ({time.strftime('%Y-%m-%d')}, {first['cpus']} CPUs shared with "
            "whatever else runs on the machine: see the load average in the table): "
            f"{first['concurrency']} concurrent chat users over loopback for "
            f"{first['duration_s']:g} s per run, each request a new conversation asking one of "
            f"{first['questions']} evaluation questions (facts, comparisons, and questions the "
            "documents cannot answer). An answer counts as right only if it cites the same "
            "passages as the same question asked alone, which itself cites a gold document (or "
            "declines, for the unanswerable ones). "
            + ("Every question comes from a Gradio session of its own. "
               if first["sessions"] == "one per question" else
               "Each simulated user keeps one Gradio session, as a browser tab does. ")
            + (f"The sessions are spread over {first['apps']} app processes sharing one "
               "database. " if first.get("apps", 1) > 1 else "")
            + "Every answer is written to the app's database (the asker's conversation history "
            "and the audit log) before it is sent. "
            + "Latency is the time to the complete answer, including the chat's streaming (the "
            "question with \"Searching the documents…\", the answer's text in parts, then the "
            "finished answer with its sources). CPU per answer is the app process's (user and "
            "system) and the load client's, which runs on the same cores.", 100,
            break_on_hyphens=False, break_long_words=False) + "\n\n" + head + table + "\n"
            + (_audit_line(check) if check else ""))


def _audit_line(check: dict) -> str:
    return "\n" + textwrap.fill(
        f"Audit log after the runs (the reference pass included): "
        f"{check['answers_received']} answers received, {check['audit_entries']} questions "
        f"logged ({check['audit_missing']} missing, {check['audit_extra']} extra: "
        f"{'every answer exactly once' if check['audit_exactly_once'] else '**not** exactly once'}"
        f"), {check['history_turns']} turns in the conversation history.", 100,
        break_on_hyphens=False, break_long_words=False) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put `section` in place of an earlier "## Load test" section, or append it."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Performance\n"
    start = text.find("\n## Load test\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start + 1] + section + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
