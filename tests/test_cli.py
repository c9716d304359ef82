import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, WILTSHIRE

pytestmark = pytest.mark.slow


def qa(*args, env_index=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def test_ask_prints_answer_and_sources(sample_settings):
    r = qa("ask", "What did Wiltshire change on domestic abuse training?",
           "--index", str(sample_settings.index))
    assert r.returncode == 0, r.stderr
    assert "Domestic Abuse Matters" in r.stdout and "Sources:" in r.stdout
    assert "[1]" in r.stdout


def test_ask_json_is_the_answer_record(sample_settings):
    r = qa("ask", "What did Wilts change on DA training?", "--json", "--force", "Wilts",
           "--index", str(sample_settings.index))
    record = json.loads(r.stdout)
    assert record["citations"] and all(c["file"] == WILTSHIRE for c in record["citations"])


def test_errors_are_one_line_and_non_zero(tmp_path, sample_settings):
    r = qa("ask", "anything", "--index", str(tmp_path / "none"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "qa ingest" in r.stderr
    r = qa("ask", "   ", "--index", str(sample_settings.index))
    assert r.returncode != 0 and "empty" in r.stderr and "Traceback" not in r.stderr
    r = qa("batch", str(tmp_path / "missing.txt"), "--index", str(sample_settings.index))
    assert r.returncode != 0 and "missing.txt" in r.stderr
    r = qa("eval", "--library-set", str(tmp_path / "hand.jsonl"))  # a library set, no library
    assert r.returncode != 0 and "--library DIR" in r.stderr and "Traceback" not in r.stderr


def test_ingest_summary_lists_skipped_files(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Kent Police trains every officer on stalking cases.")
    (corpus / "empty.txt").write_text("")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    r = qa("ingest", str(corpus), "--index", str(tmp_path / "i"))
    assert r.returncode == 0, r.stderr
    assert "1 added" in r.stdout and "2 skipped" in r.stdout
    assert "empty.txt: empty file" in r.stdout and "bad.pdf" in r.stdout
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_text("")
    r = qa("ingest", str(only_bad), "--index", str(tmp_path / "j"))
    assert r.returncode != 0
