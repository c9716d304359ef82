"""`python -m qa eval --library DIR` (qa.library_eval): the generated library's halves scored
beside the sample's sets, each answered from its own index, and the tracker's figures against
the library's truth. On a slice of the generated library (one force's report, response and
review), with questions made from its truth records."""
import json
import re

import pytest
from conftest import ROOT

from qa.cli import main

pytestmark = pytest.mark.slow


def _row(table: str, name: str) -> list[str]:
    line = next(x for x in table.splitlines() if x.startswith(f"| {name} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def _library(tmp_path, tracker_slice) -> tuple:
    """A library folder over the slice's corpus and index, with questions on its
    recommendations (answerable: the box's own words) and one out of scope per half."""
    settings, records = tracker_slice
    lib = tmp_path / "lib"
    (lib / "questions").mkdir(parents=True)
    (lib / "truth").mkdir()
    (lib / "corpus").symlink_to(settings.corpus)
    (lib / "index").symlink_to(settings.index)
    force = records[0]["force"]
    halves = {"dev": [], "check": []}
    for r in records:
        phrase = " ".join(r["text"].split()[:8])
        halves["dev" if r["number"] % 2 else "check"].append({
            "id": f"rec-{r['number']}", "kind": "fact", "facts": [],
            "question": f"What is {r['kind']} {r['number']} for {force}?",
            "gold": [{"file": r["file"], "phrase": phrase, "page": r["page"],
                      "page_label": r["page_label"]}]})
    for half, items in halves.items():
        items.append({"id": f"oos-{half}", "kind": "unanswerable", "facts": [], "gold": [],
                      "question": f"What is the salary of the chief constable of {force}?"})
        (lib / "questions" / f"{half}.jsonl").write_text(
            "".join(json.dumps(x) + "\n" for x in items))
    (lib / "truth" / "recommendations.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records))
    return lib, settings


def test_the_library_halves_are_scored_beside_the_sample_sets(tracker_slice, sample_settings,
                                                             tmp_path, capsys):
    lib, _ = _library(tmp_path, tracker_slice)
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join((ROOT / "eval" / "questions.jsonl").read_text()
                              .splitlines(keepends=True)[:3]))
    assert main(["eval", str(sample), "--library", str(lib),
                 "--index", str(sample_settings.index)]) == 0
    table = capsys.readouterr().out
    head = _row(table, "set (hybrid)")
    for name in ("sample", "library dev", "library check"):
        row = dict(zip(head, _row(table, name)))
        # each set is answered from its own index: the sample's questions from the sample's,
        # the recommendations from the library's, with each box's page and printed label
        assert float(row["hit@1"]) >= 0.75, (name, table)
        if name != "sample":
            assert float(row["right page"]) >= 0.75, (name, table)


def test_the_tracker_is_scored_against_the_library_truth(tracker_slice, tmp_path, capsys):
    lib, settings = _library(tmp_path, tracker_slice)
    assert main(["eval", "--library", str(lib), "--recommendations"]) == 0
    out = capsys.readouterr().out
    found = re.search(r"\| extraction recall \| ([\d.]+) \| (\d+)/(\d+) \|", out)
    assert found and int(found.group(3)) == len(tracker_slice[1]), out
    assert float(found.group(1)) > 0.5, out
    assert re.search(r"questions answered from the tracker: \d+", out)
