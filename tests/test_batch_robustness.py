"""Issue #6, batch answering: a run killed and run again answers every question exactly once,
and odd output files, ids and questions never lose or repeat an answer."""

import json

import pytest
from conftest import ROOT, kill_when, spawn

from qa.cli import main
from qa.errors import InputFileError
from qa.outputs.batch import run_batch
from qa.types import Answer


@pytest.mark.slow
def test_batch_killed_and_run_again_answers_every_question_once(tmp_path, sample_settings,
                                                                capsys):
    rows = [json.loads(line) for line in
            (ROOT / "eval" / "questions.jsonl").read_text().splitlines()[:12]]
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps({"id": r["id"], "question": r["question"]}) + "\n"
                                 for r in rows))
    out = tmp_path / "answers.jsonl"
    args = ["batch", str(questions), "-o", str(out), "--index", str(sample_settings.index)]
    proc, _log = spawn(tmp_path, *args)
    kill_when(proc, lambda: out.is_file() and out.read_bytes().count(b"\n") >= 3, 0.0, "batch")
    written = out.read_bytes()
    kept = written[: written.rfind(b"\n") + 1]  # whole records; a cut-off one is redone
    answered = kept.count(b"\n")
    assert 3 <= answered < len(rows)
    assert main(args) == 0
    assert f"{answered} already in" in capsys.readouterr().out
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == [r["id"] for r in rows]  # every question, once, in order
    assert out.read_bytes().startswith(kept)  # answers on disk are kept, never asked again


class Echo:
    """Answers with text holding the line breaks JSON leaves unescaped (U+2028, U+2029, NEL);
    a question containing "boom" meets a bug."""

    def __init__(self):
        self.asked: list[str] = []

    def ask(self, question, filters=None, qid=""):
        self.asked.append(qid)
        if "boom" in question:
            raise RuntimeError("a bug met on one question")
        return Answer(question, f"Line\u2028separated\u2029answer\x85to: {question}", False,
                      id=qid)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".md"])
def test_batch_resumes_records_holding_unicode_line_breaks(tmp_path, suffix):
    questions = tmp_path / "q.txt"
    questions.write_text("first question\nsecond question\nthird question\n")
    out = tmp_path / f"answers{suffix}"
    assert run_batch(Echo(), questions, out).answered == 3
    whole = out.read_bytes()
    echo = Echo()
    assert run_batch(echo, questions, out).answered == 0 and echo.asked == []
    assert out.read_bytes() == whole
    out.write_bytes(whole[:-25])  # the last record cut off mid-write
    assert run_batch(echo, questions, out).answered == 1 and echo.asked == ["3"]
    assert out.read_bytes() == whole


def test_batch_resumes_a_jsonl_file_with_raw_line_separators(tmp_path):
    """Files written before the separators were escaped hold them raw inside records."""
    questions = tmp_path / "q.txt"
    questions.write_text("first question\nsecond question\n")
    out = tmp_path / "answers.jsonl"
    out.write_text('{"id": "1", "question": "first question", "answer": "a\u2028b\x85c"}\n',
                   encoding="utf-8")
    echo = Echo()
    assert run_batch(echo, questions, out).answered == 1 and echo.asked == ["2"]
    lines = out.read_text(encoding="utf-8").split("\n")
    assert [json.loads(line)["id"] for line in lines if line] == ["1", "2"]


@pytest.mark.parametrize("name, content", [
    ("notes.md", "# My notes\n\nThings I wrote myself.\n"),
    ("data.csv", "name,value\nalpha,1\n"),
    ("other.jsonl", '{"name": "not an answer"}\n'),
    ("cut.jsonl", '{"name": "one line, no newline"}')])
def test_batch_never_overwrites_a_file_it_did_not_write(tmp_path, name, content):
    questions = tmp_path / "q.txt"
    questions.write_text("a question\n")
    out = tmp_path / name
    out.write_text(content)
    with pytest.raises(InputFileError, match="not an answer file"):
        run_batch(Echo(), questions, out)
    assert out.read_text() == content
    same = tmp_path / "same.jsonl"
    same.write_text('{"id": "1", "question": "a question"}\n')
    with pytest.raises(InputFileError, match="overwrite the questions"):
        run_batch(Echo(), same, same)


def test_batch_survives_odd_ids_odd_questions_and_a_bug(tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [{"id": "a\nb", "question": "first"}, {"id": "", "question": "second"},
            {"id": "s", "question": "lone \ud800 surrogate"},
            {"id": "x", "question": "boom goes this one"}, {"id": "z", "question": "last"}]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "answers.jsonl"
    report = run_batch(Echo(), questions, out)
    assert report.answered == 5 and report.refused == 1 and report.failed == 1  # not declined
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a b", "2", "s", "x", "z"]
    assert records[2]["question"] == "lone \ufffd surrogate"
    assert records[3]["refused"] and "unexpected error" in records[3]["answer"]
