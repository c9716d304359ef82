import csv
import json

import pytest

from qa.errors import InputFileError
from qa.outputs.batch import read_questions, run_batch

pytestmark = pytest.mark.slow

QUESTIONS = ["What did Wiltshire change on domestic abuse training?",
             "How did Cumbria do on child protection?",
             "Within what time must Staffordshire send an updated action plan?"]


def write_inputs(tmp_path):
    txt = tmp_path / "q.txt"
    txt.write_text("\n".join(QUESTIONS[:1] + [""] + QUESTIONS[1:]) + "\n")
    csv_path = tmp_path / "q.csv"
    with csv_path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "question"])
        for i, q in enumerate(QUESTIONS):
            w.writerow([f"c{i}", q])
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"j{i}", "question": q}) + "\n"
                             for i, q in enumerate(QUESTIONS)))
    return [txt, csv_path, jsonl]


def test_read_questions_in_every_format(tmp_path):
    txt, csv_path, jsonl = write_inputs(tmp_path)
    assert read_questions(txt) == [("1", QUESTIONS[0]), ("3", QUESTIONS[1]), ("4", QUESTIONS[2])]
    assert [i for i, _ in read_questions(csv_path)] == ["c0", "c1", "c2"]
    assert [q for _, q in read_questions(jsonl)] == QUESTIONS
    bad = tmp_path / "bad.csv"
    bad.write_text("text\nhello\n")
    with pytest.raises(InputFileError, match="question"):
        read_questions(bad)


@pytest.mark.parametrize("out_suffix", [".jsonl", ".csv", ".md"])
def test_every_input_and_output_format(engine, tmp_path, out_suffix):
    for inp in write_inputs(tmp_path):
        out = tmp_path / f"{inp.stem}-{inp.suffix[1:]}{out_suffix}"
        report = run_batch(engine, inp, out)
        assert report.answered == 3 and report.refused == 1
        text = out.read_text()
        assert "Domestic Abuse Matters" in text
        if out_suffix == ".jsonl":
            records = [json.loads(line) for line in text.splitlines()]
            assert [r["refused"] for r in records] == [False, True, False]
            assert records[0]["citations"][0]["quote"] in records[0]["citations"][0]["quote"]
        elif out_suffix == ".csv":
            rows = list(csv.DictReader(text.splitlines()))
            assert [r["refused"] for r in rows] == ["false", "true", "false"]
            assert rows[0]["sources"].startswith("[1] ")
        else:
            assert text.count("\n## ") == 3 and "> " in text


@pytest.mark.parametrize("out_suffix", [".jsonl", ".csv", ".md"])
def test_a_declined_question_gives_its_closest_passages_as_sources(engine, tmp_path,
                                                                    out_suffix):
    """Issue 13: a refused row had empty sources; the closest passages are what the reader
    can check instead, as the chat lists them."""
    _txt, csv_in, _jsonl = write_inputs(tmp_path)
    out = tmp_path / f"answers{out_suffix}"
    run_batch(engine, csv_in, out)
    declined = engine.ask(QUESTIONS[1])
    assert declined.refused and declined.passages and not declined.citations
    first = declined.passages[0]
    title = first.doc.meta.title
    text = out.read_text(encoding="utf-8")
    if out_suffix == ".jsonl":
        record = [json.loads(line) for line in text.splitlines()][1]
        assert record["refused"] and record["passages"][0]["title"] == title
    elif out_suffix == ".csv":
        row = list(csv.DictReader(text.splitlines()))[1]
        assert row["sources"].startswith("Closest passages (not enough to answer): [1] " + title)
        assert " ".join(first.chunk.text.split())[:60] in row["sources"]
        shown = min(3, len(declined.passages))
        assert f"| [{shown}] " in row["sources"] and f"| [{shown + 1}] " not in row["sources"]
    else:
        part = text.split("\n## ")[2]
        assert "Closest passages (not enough to answer):" in part
        assert f"1. {title}" in part and "   > " in part
        assert "Sources:" not in part
        # an answer shows the calibrated strength it rests on; a force with no documents is
        # declined before any evidence is weighed, so it has none
        answered = engine.ask(QUESTIONS[0])
        assert f"*Evidence strength: {answered.strength:.2f}*" in text.split("\n## ")[1]
        assert declined.strength is None and "Evidence strength" not in part


class Crashing:
    """The real engine, dying after `limit` answers as a killed process would."""

    def __init__(self, engine, limit):
        self.engine, self.limit, self.calls = engine, limit, 0

    def ask(self, *args, **kwargs):
        if self.calls == self.limit:
            raise KeyboardInterrupt
        self.calls += 1
        return self.engine.ask(*args, **kwargs)


@pytest.mark.parametrize("out_suffix", [".jsonl", ".csv", ".md"])
def test_interrupted_run_resumes_without_repeats(engine, tmp_path, out_suffix):
    _txt, _csv, jsonl = write_inputs(tmp_path)
    out = tmp_path / f"answers{out_suffix}"
    with pytest.raises(KeyboardInterrupt):
        run_batch(Crashing(engine, 1), jsonl, out)
    with out.open("a") as fh:
        fh.write('{"id": "j1", "quest')  # a record cut off mid-write by the crash
    counting = Crashing(engine, 99)
    report = run_batch(counting, jsonl, out)
    assert report.resumed == 1 and report.answered == 2 and counting.calls == 2
    text = out.read_text()
    assert "quest\n" not in text and '"quest' not in text.replace('"question"', "")
    if out_suffix == ".jsonl":
        ids = [json.loads(line)["id"] for line in text.splitlines()]
    elif out_suffix == ".csv":
        ids = [r["id"] for r in csv.DictReader(text.splitlines())]
    else:
        ids = [line.split(".")[0][3:] for line in text.splitlines() if line.startswith("## ")]
    assert ids == ["j0", "j1", "j2"]
    assert run_batch(counting, jsonl, out).answered == 0
