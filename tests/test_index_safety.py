"""Issue #6, never lose the index: an ingest killed mid-write (a real SIGKILL) or damage to the
index files never leaves an unusable index, and an engine keeps answering from the old index
while an ingest publishes a new one."""

import json
import os
import random
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS, WILTSHIRE, kill_when, spawn

from qa.ask.engine import Engine
from qa.cli import main
from qa.config import load_settings
from qa.errors import IndexFormatError
from qa.index import store
from qa.index.embedding import Embedder
from qa.ingest.build import ingest

WILTS_Q = "What did Wiltshire change on domestic abuse training?"
KENT_DOC = ("Kent Police opened a stalking clinic in Maidstone in 2024. The clinic is staffed by "
            "eleven specialist advocates who support victims of stalking.\n")
KENT_Q = "How many advocates staff the Kent Police stalking clinic?"


def small_corpus(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (WILTSHIRE, "003_ab956304be8f3ab8.txt", "catalog.csv"):
        shutil.copy(CORPUS / name, corpus / name)
    return load_settings(environ={}, corpus=corpus, index=tmp_path / "index")


def writing(index: Path) -> bool:
    """An ingest has an unfinished generation folder open."""
    return any(n.startswith(".tmp-gen-") for n in os.listdir(index))


def assert_serves(settings, embedder, files: set[str]) -> None:
    """The live index loads, holds exactly `files`, and answers with exact quotes."""
    index = store.load_index(settings.index, Embedder.name, Embedder.dimension)
    assert {d.file for d in index.documents} == files
    answer = Engine.open(settings, embedder).ask(WILTS_Q)
    assert not answer.refused and answer.citations[0].doc.file == WILTSHIRE
    for c in answer.citations:
        assert c.doc.text[c.start:c.end] == c.quote


@pytest.mark.slow
def test_ingest_killed_at_any_moment_leaves_a_whole_index(tmp_path, embedder):
    settings = small_corpus(tmp_path)
    ingest(settings, embedder=embedder)
    old_files = {d.file for d in store.load_index(settings.index, Embedder.name,
                                                  Embedder.dimension).documents}
    (settings.corpus / "kent.txt").write_text(KENT_DOC)
    new_files = old_files | {"kent.txt"}
    rng = random.Random(6)
    mid_write = []
    # Once it is reading the corpus, at the first sight of the unfinished generation, and a
    # random moment after that (which may fall after the switch).
    for stage, delay in [("reading", 0.0), ("writing", 0.0), ("writing", rng.uniform(0, 0.03))]:
        before = store.current_generation(settings.index)
        proc, log = spawn(tmp_path, "ingest", "--index", str(settings.index))
        ready = (lambda: writing(settings.index)) if stage == "writing" else \
            (lambda: "reading" in log.read_text(errors="replace"))
        kill_when(proc, ready, delay, "ingest")
        mid_write.append(writing(settings.index))
        now = store.current_generation(settings.index)
        assert_serves(settings, embedder, old_files if now == before else new_files)
    assert any(mid_write), "no kill landed while a generation was being written"
    (settings.index / f".CURRENT.{2**22 + 7}").write_text("gen-of-a-dead-process\n")
    report = ingest(settings, embedder=embedder)  # the next ingest tidies up and succeeds
    assert report.wrote or report.unchanged == len(new_files)
    left = [n for n in os.listdir(settings.index) if n.startswith((".tmp-", ".CURRENT."))]
    assert left == [] and len(list(settings.index.glob("gen-*"))) <= 2
    assert_serves(settings, embedder, new_files)


@pytest.mark.slow
def test_engine_answers_from_the_old_index_until_the_new_one_is_complete(tmp_path, embedder):
    settings = small_corpus(tmp_path)
    ingest(settings, embedder=embedder)
    engine = Engine.open(settings, embedder)
    old = engine.current().generation
    (settings.corpus / "kent.txt").write_text(KENT_DOC)
    done, failures = threading.Event(), []

    def run_ingest():  # its own model, as the web app's upload does
        try:
            ingest(settings, embedder=Embedder(embedder.backend))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=run_ingest)
    worker.start()
    served = []  # (generation before, generation after, answer)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        before = engine.current().generation
        answer = engine.ask(KENT_Q if len(served) % 2 else WILTS_Q)
        served.append((before, engine.current().generation, answer))
        if sum(1 for b, a, ans in served if b == a != old and ans.question == KENT_Q) >= 2:
            break
    worker.join()
    assert not failures and done.is_set()
    for before, after, answer in served:
        cited = {c.doc.file for c in answer.citations}
        assert all(c.doc.text[c.start:c.end] == c.quote for c in answer.citations)
        if before == after == old:
            assert "kent.txt" not in cited
        elif before == after and answer.question == KENT_Q:
            assert "kent.txt" in cited and not answer.refused
    assert sum(1 for b, a, _ in served if b == a == old) >= 3  # it went on answering meanwhile
    assert served[-1][1] == store.current_generation(settings.index).name != old


INDEX_FILES = ["manifest.json", "documents.json", "documents.npy", "pages.npy", "texts.bin",
               "chunks.npy", "vectors.npy", "sentences.npy", "sentence_vectors.npy",
               "faiss.index", "bm25/vocab.index.json", "bm25/data.csc.index.npy"]
DAMAGE = {"truncated": lambda b: b[: len(b) // 2], "emptied": lambda b: b"",
          "overwritten": lambda b: random.Random(len(b)).randbytes(len(b)),
          "deleted": None}


@pytest.fixture
def index_copy(sample_settings, tmp_path) -> Path:
    dest = tmp_path / "index"
    shutil.copytree(sample_settings.index, dest, ignore=shutil.ignore_patterns(".lock"))
    return dest


def rebuild_hint(index: Path) -> str:
    return f"`python -m qa ingest --rebuild --index {index}`"


@pytest.mark.slow
@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("name", INDEX_FILES)
def test_a_damaged_index_file_is_named_with_the_command_to_rebuild(index_copy, embedder, name,
                                                                   damage):
    path = store.current_generation(index_copy) / name
    if DAMAGE[damage] is None:
        path.unlink()
    else:
        path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with pytest.raises(IndexFormatError) as err:
        Engine.open(load_settings(environ={}, index=index_copy), embedder).ask(WILTS_Q)
    message = str(err.value)
    assert "damaged" in message and rebuild_hint(index_copy) in message, message
    assert name.split("/")[0] in message and "\n" not in message


@pytest.mark.slow
def test_an_index_of_an_older_format_asks_for_a_rebuild(index_copy, embedder, capsys):
    """An index written by the previous version (format 2: texts in documents.jsonl) is
    refused with the command to rebuild it, from the CLI too, with no traceback."""
    gen = store.current_generation(index_copy)
    manifest = json.loads((gen / "manifest.json").read_text())
    (gen / "manifest.json").write_text(json.dumps(dict(manifest, format=2)))
    for name in ("documents.json", "documents.npy", "pages.npy", "texts.bin"):
        (gen / name).unlink()
    (gen / "documents.jsonl").write_text('{"doc_id": "x", "file": "x.txt", "text": "x"}\n')
    with pytest.raises(IndexFormatError, match="format 2") as err:
        Engine.open(load_settings(environ={}, index=index_copy), embedder)
    assert rebuild_hint(index_copy) in str(err.value)
    assert main(["ask", WILTS_Q, "--index", str(index_copy)]) == 2
    out = capsys.readouterr().err
    assert "Traceback" not in out and rebuild_hint(index_copy) in out


@pytest.mark.slow
@pytest.mark.parametrize("pointer", [b"", b"\xff\xfe\x00garbage", b"gen-19990101-000000-1-1\n",
                                     b"../../elsewhere\n"])
def test_a_damaged_current_pointer_is_reported_too(index_copy, embedder, pointer):
    (index_copy / "CURRENT").write_bytes(pointer)
    with pytest.raises(IndexFormatError, match="damaged.*CURRENT") as err:
        Engine.open(load_settings(environ={}, index=index_copy), embedder)
    assert rebuild_hint(index_copy) in str(err.value)


@pytest.mark.slow
def test_the_rebuild_command_given_for_a_damaged_index_works(index_copy, embedder, capsys):
    (store.current_generation(index_copy) / "chunks.npy").write_bytes(b"")
    assert main(["ask", WILTS_Q, "--index", str(index_copy)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "chunks.npy" in err
    command = re.search(r"`python -m qa (ingest [^`]+)`", err).group(1).split()
    assert main(command) == 0
    answer = Engine.open(load_settings(environ={}, index=index_copy), embedder).ask(WILTS_Q)
    assert answer.citations and answer.citations[0].doc.file == WILTSHIRE


# ---------------------------------------------------------------- batch runs
