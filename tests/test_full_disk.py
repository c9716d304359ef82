"""Issue #15, point 1: a full disk never wedges ingest, an upload or the app.

The index (and for uploads the corpus) lives on a real, small tmpfs filled to the brim with a
real file: writes fail as they would on a full server disk (nothing is mocked). Where mounting
is not allowed (no root, a container without CAP_SYS_ADMIN) the tests skip and say why.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, WILTSHIRE

from bench.appproc import free_port, stop, wait_until_served
from qa.ask.engine import Engine
from qa.config import load_settings
from qa.index import store
from qa.ingest.build import ingest
from qa.web.library import add_documents

pytestmark = pytest.mark.slow

WILTS_Q = "What did Wiltshire change on domestic abuse training?"
KENT = ("Kent Police opened a stalking clinic in Maidstone in 2024. The clinic is staffed by "
        "eleven specialist advocates who support victims of stalking.\n") * 8


@pytest.fixture
def disk(tmp_path):
    """A real 6 MB tmpfs, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        why = done.stderr.strip() or f"mount exited {done.returncode}"
        pytest.skip(f"cannot mount a small tmpfs to fill ({why}): run as root, or where "
                    f"mounting is allowed")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(mount: Path, leave: int = 0) -> Path:
    """Fill the file system with one real file, leaving about `leave` bytes free."""
    filler = mount / "filler.bin"
    with filler.open("ab") as fh:
        room = shutil.disk_usage(mount).free - leave
        while room > 0:
            try:
                fh.write(b"\0" * min(room, 1 << 20))
                fh.flush()
            except OSError:
                break
            room = shutil.disk_usage(mount).free - leave
    return filler


def small_index(corpus: Path, index: Path, embedder):
    corpus.mkdir(parents=True)
    for name in (WILTSHIRE, "003_ab956304be8f3ab8.txt", "catalog.csv"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = load_settings(environ={}, corpus=corpus, index=index)
    ingest(settings, embedder=embedder)
    return settings


def leftovers(index: Path) -> list[str]:
    return sorted(n for n in os.listdir(index) if n.startswith((".tmp-", ".CURRENT.")))


def assert_serves_old(settings, embedder) -> None:
    answer = Engine.open(settings, embedder).ask(WILTS_Q)
    assert not answer.refused and answer.citations[0].doc.file == WILTSHIRE


def run_qa(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def qa_env(settings) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), QA_CORPUS=str(settings.corpus),
                QA_INDEX=str(settings.index), HF_HUB_OFFLINE="1",
                GRADIO_ANALYTICS_ENABLED="False")


def test_cli_ingest_on_a_full_disk_says_where_and_how_much(disk, tmp_path, embedder):
    settings = small_index(tmp_path / "corpus", disk / "index", embedder)
    (settings.corpus / "kent.txt").write_text(KENT)
    fill(disk, leave=8_000)
    done = run_qa(qa_env(settings), "ingest")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    error = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1, done.stderr
    assert f"not enough space to write the index in {settings.index}" in error[0]
    assert "it needs about" in error[0] and "free there" in error[0]
    assert leftovers(settings.index) == []
    assert_serves_old(settings, embedder)


def test_an_upload_on_a_full_disk_is_taken_back_and_the_next_one_works(disk, embedder,
                                                                       tmp_path):
    settings = small_index(disk / "corpus", disk / "index", embedder)
    engine = Engine.open(settings, embedder)
    upload = tmp_path / "kent.txt"
    upload.write_text(KENT)
    filler = fill(disk, leave=24_000)  # room for the file in the corpus, not for an index
    report = add_documents(settings, engine, [str(upload)], embedder=embedder)
    assert report.added == []
    assert report.message.startswith("Nothing was added: not enough space to write the index")
    assert str(settings.index) in report.message and "free there" in report.message
    assert not (settings.corpus / "kent.txt").exists()  # taken back out of the corpus
    assert leftovers(settings.index) == []  # the app's own unfinished generation is gone
    assert engine.ask(WILTS_Q).citations[0].doc.file == WILTSHIRE  # still serving

    fill(disk, leave=0)  # now not even the upload fits in the corpus
    report = add_documents(settings, engine, [str(upload)], embedder=embedder)
    assert report.added == [] and "could not be saved in" in report.refused[0][1]
    assert not any(p.name.startswith("kent") for p in settings.corpus.iterdir())

    filler.unlink()  # space again: the next upload goes straight in
    report = add_documents(settings, engine, [str(upload)], embedder=embedder)
    assert report.added == [("kent.txt", "kent.txt")], report
    answer = engine.ask("How many advocates staff the Kent Police stalking clinic?")
    assert answer.citations and answer.citations[0].doc.file == "kent.txt"
    assert leftovers(settings.index) == []


def test_the_app_comes_up_on_a_full_disk_with_the_index_it_had(disk, tmp_path, embedder):
    settings = small_index(tmp_path / "corpus", disk / "index", embedder)
    (settings.corpus / "kent.txt").write_text(KENT)  # new, so the app wants to re-index
    fill(disk, leave=8_000)
    port = free_port()
    env = dict(qa_env(settings), QA_PORT=str(port), QA_HOST="127.0.0.1", QA_AUTH="",
               QA_FEEDBACK=str(tmp_path / "feedback.jsonl"), QA_AUDIT=str(tmp_path / "a.jsonl"))
    log_path = tmp_path / "app.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_served(f"http://127.0.0.1:{port}/", proc, 300, poll=0.5)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{log_path.read_text()}")
    finally:
        stop(proc)
    log = log_path.read_text()
    assert "Traceback" not in log, log
    assert "not enough space to write the index" in log and "the index from before is served" \
        in log
    assert leftovers(settings.index) == []
    assert store.read_manifest(settings.index)["files"].keys() == {WILTSHIRE,
                                                                  "003_ab956304be8f3ab8.txt"}


def test_a_failed_generation_of_this_very_process_is_cleared(tmp_path, embedder):
    """The app is one long-lived process: what a write of its own left behind must not be
    kept as if a live writer still needed it (every later upload would find the disk full)."""
    settings = small_index(tmp_path / "corpus", tmp_path / "index", embedder)
    mine = settings.index / f".tmp-gen-20260101-000000-{os.getpid()}-1"
    mine.mkdir()
    (mine / "vectors.npy").write_bytes(b"\0" * 1000)
    (settings.index / f".CURRENT.{os.getpid()}").write_text("gen-never-finished\n")
    (settings.corpus / "kent.txt").write_text(KENT)
    ingest(settings, embedder=embedder)
    assert leftovers(settings.index) == []
