"""Issue 15, the command line given bad or hostile input, as a user runs it (real `python -m qa`
processes): dates and -k that mean nothing are refused with one clear line, a reader that stops
reading gets no traceback, an overlong question is cut with a note, and file names with line
breaks or terminal escapes are shown escaped, never printed raw."""
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, WILTSHIRE

QUESTION = "What did Wiltshire change on domestic abuse training?"


def qa(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300, **kw)


@pytest.mark.parametrize("flags, words", [
    (["--since", "garbage"], ["--since", "'garbage'", "not a date", "2023-09"]),
    (["--until", "2023-13"], ["--until", "not a date"]),
    (["--since", "2024", "--until", "2023"], ["--since 2024 is after --until 2023"]),
    (["-k", "0"], ["-k", "at least 1"]),
    (["-k", "-1"], ["-k", "at least 1"]),
    (["-k", "six"], ["-k", "not a whole number"]),
])
def test_filters_and_k_that_mean_nothing_are_refused_with_one_line(flags, words, tmp_path):
    r = qa("ask", QUESTION, *flags, "--index", str(tmp_path / "no-index"))
    assert r.returncode == 2 and r.stdout == ""
    assert "Traceback" not in r.stderr and all(w in r.stderr for w in words), r.stderr
    assert "no index" not in r.stderr  # refused before anything else is tried


@pytest.mark.slow
def test_a_reader_that_stops_reading_gets_no_traceback(sample_settings):
    proc = subprocess.Popen([sys.executable, "-m", "qa", "ask", QUESTION, "--json",
                             "--index", str(sample_settings.index)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # as `| head -0` does: every write to stdout now fails
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141, err  # what a shell shows for `yes | head`
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err


@pytest.mark.slow
def test_an_overlong_question_is_cut_with_a_note(sample_settings):
    long = QUESTION + " and more" * 12_000  # 108 KB: under the kernel's limit on one argument
    r = qa("ask", long, "--json", "--index", str(sample_settings.index))
    assert r.returncode == 0, r.stderr
    assert f"note: Only the first 1,000 characters of this {len(long):,}-character question" \
        in r.stderr
    record = json.loads(r.stdout)
    assert len(record["question"]) <= 1000 and record["question"].startswith(QUESTION)
    assert record["notice"].startswith("Only the first 1,000 characters")
    assert any(c["file"] == WILTSHIRE for c in record["citations"])


@pytest.mark.slow
def test_file_names_are_shown_escaped_in_the_ingest_summary(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    text = (corpus / WILTSHIRE).read_bytes()
    forged = "note.txt\n  added    forged.txt"
    (corpus / forged).write_bytes(text + b"\nA copy.\n")
    (corpus / "red\x1b[31m.txt").write_bytes(text + b"\nAnother copy.\n")
    (corpus / "empty\r.txt").write_bytes(b"")
    r = qa("ingest", str(corpus), "--index", str(tmp_path / "index"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "  added    note.txt\\n  added    forged.txt" in lines
    assert "  added    red\\x1b[31m.txt" in lines
    assert any(line.startswith("  skipped  ") and "empty\\r.txt" in line for line in lines)
    assert "forged.txt" not in {line.strip() for line in lines}
    assert not any(c in r.stdout for c in "\x1b\r")
