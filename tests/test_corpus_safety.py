"""Issue #15, points 4 and 5: a bad catalog.csv costs its bad rows (or its metadata), never the
documents; links never bring files from outside the corpus in; a folder that cannot be read is
reported, not silently left out."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from qa.cli import main
from qa.config import load_settings
from qa.index import store
from qa.index.embedding import Embedder
from qa.ingest.build import ingest

pytestmark = pytest.mark.slow

KENT = ("Kent Police opened a stalking clinic in Maidstone in 2024. The clinic is staffed by "
        "eleven specialist advocates who support victims of stalking.\n")
WILTS = ("Wiltshire Police trained 1,079 frontline officers in Domestic Abuse Matters. The "
         "training covered coercive control and the voice of the child.\n")
HEADER = "file,title,organisation,force,doc_type,published,source\n"


def two_documents(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kent.txt").write_text(KENT)
    (corpus / "wilts.txt").write_text(WILTS)
    return load_settings(environ={}, corpus=corpus, index=tmp_path / "index")


def titles(settings) -> dict[str, str]:
    loaded = store.load_index(settings.index, Embedder.name, Embedder.dimension)
    return {d.file: d.meta.title for d in loaded.documents}


BAD_CATALOGS = {
    "no file column": (b"name,title\nkent.txt,Kent clinic\n", "no 'file' column"),
    "binary": (bytes(range(256)) * 8, "binary content"),
    "huge field": ((HEADER + "kent.txt," + "x" * 1_000_000 + ",,,,,\n"
                    + "wilts.txt,Wiltshire training review,,,,,\n").encode(), "line 2"),
    "not utf-8": ((HEADER + "wilts.txt,Wiltshire review café,,,,,\n").encode("cp1252"),
                  "not UTF-8"),
}


@pytest.mark.parametrize("case", list(BAD_CATALOGS))
def test_a_bad_catalog_is_reported_and_everything_is_indexed(tmp_path, embedder, capsys,
                                                             monkeypatch, case):
    settings = two_documents(tmp_path)
    data, problem = BAD_CATALOGS[case]
    (settings.corpus / "catalog.csv").write_bytes(data)
    report = ingest(settings, embedder=embedder)
    assert sorted(report.added) == ["kent.txt", "wilts.txt"]
    assert any(f.endswith("catalog.csv") and problem in why for f, why in report.warnings), \
        report.summary()
    shown = titles(settings)
    if case == "huge field":  # the good row still counts
        assert shown["wilts.txt"] == "Wiltshire training review"
    if case == "not utf-8":
        assert shown["wilts.txt"] == "Wiltshire review café"
    # and the command line says so, and succeeds
    monkeypatch.setenv("QA_CORPUS", str(settings.corpus))
    shutil.rmtree(settings.index)
    assert main(["ingest", "--index", str(settings.index)]) == 0
    out = capsys.readouterr().out
    assert "warning" in out and "catalog.csv" in out and problem in out


def test_a_link_to_a_file_outside_the_corpus_is_not_followed(tmp_path, embedder):
    settings = two_documents(tmp_path)
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3)
    (settings.corpus / "p.txt").symlink_to(secret)
    (settings.corpus / "alias.txt").symlink_to(settings.corpus / "kent.txt")  # inside: fine
    report = ingest(settings, embedder=embedder)
    assert sorted(report.added) == ["alias.txt", "kent.txt", "wilts.txt"]
    why = {Path(f).name: w for f, w in report.skipped}["p.txt"]
    assert "outside the corpus" in why and "QA_FOLLOW_LINKS" in why
    assert "p.txt" not in store.read_manifest(settings.index)["files"]

    allowed = load_settings(environ={"QA_FOLLOW_LINKS": "1"}, corpus=settings.corpus,
                            index=settings.index)
    assert "p.txt" in ingest(allowed, embedder=embedder).added


def test_an_unreadable_folder_is_reported(tmp_path):
    """A real `python -m qa ingest`, without the power to read what it has no permission to
    (as root, its capabilities to override file permissions are dropped with setpriv)."""
    settings = two_documents(tmp_path)
    locked = settings.corpus / "restricted"
    locked.mkdir()
    (locked / "hidden.txt").write_text(KENT)
    command = [sys.executable, "-m", "qa", "ingest", "--index", str(settings.index)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a folder unreadable")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-dac_override,-dac_read_search", *command]
    locked.chmod(0)
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                              env=dict(os.environ, QA_CORPUS=str(settings.corpus),
                                       PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1"))
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr
    line = next((x for x in done.stdout.splitlines() if "restricted" in x), "")
    assert "skipped" in line and "cannot read the folder" in line, done.stdout
    assert "2 files in the index" in done.stdout
