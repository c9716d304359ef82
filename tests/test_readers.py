"""Reading files in reader processes at ingest: the same documents and chunks as reading them in
the ingest's own process, a reader that dies on one file costs that file alone (named, with the
reason), and an ingest stopped while its readers read leaves the index as it was."""

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS, make_pdf

from qa.config import load_settings
from qa.index import store
from qa.index.embedding import Embedder
from qa.ingest import readers
from qa.ingest.build import ingest
from qa.ingest.files import discover

FACTS = {f"force{n}.txt": f"Force {n} opened a stalking clinic in town {n} staffed by {n + 2} "
                          f"advocates who support victims of stalking.\n" for n in range(6)}


def corpus(tmp_path: Path) -> Path:
    """The sample corpus, six small text files, a two-page PDF and a corrupt PDF."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for name, text in FACTS.items():
        (folder / name).write_text(text)
    make_pdf(folder / "report.pdf", ["Page one says the force audited 40 cases in May.",
                                     "Page two says 12 of the 40 cases were handled well."])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    return folder


def jobs_of(folder: Path) -> list[readers.Job]:
    files, _ = discover([folder])
    return [readers.Job(p, p.relative_to(folder).as_posix()) for p in files]


@pytest.mark.parametrize("start", [None, "forkserver"])  # forked, or from a clean process
def test_reader_processes_read_what_the_ingest_would_read_itself_in_the_same_order(
        tmp_path, monkeypatch, start):
    monkeypatch.setattr(readers, "START_METHOD", start)
    folder = corpus(tmp_path)
    jobs = jobs_of(folder)
    alone = list(readers.read_all(jobs, load_settings(environ={}, readers=1)))
    shared = list(readers.read_all(jobs, load_settings(environ={}, readers=2)))
    assert [r.doc.file if r.doc else r.problem for r in shared] == \
        [r.doc.file if r.doc else r.problem for r in alone]
    for a, b in zip(alone, shared):
        assert (a.doc, a.chunks, a.problem, a.sha256) == (b.doc, b.chunks, b.problem, b.sha256)
    broken = [r for j, r in zip(jobs, shared) if j.rel == "broken.pdf"][0]
    assert "PDF" in broken.problem and broken.sha256


def _dies_on_report_pdf(job, settings):
    """read_file, except that the process reading report.pdf dies as a crash would kill it."""
    if job.rel == "report.pdf":
        os._exit(70)
    return readers.__dict__["_real_read_file"](job, settings)


@pytest.mark.slow
def test_a_reader_that_dies_on_one_file_costs_that_file_alone(tmp_path, monkeypatch, embedder):
    folder = corpus(tmp_path)
    # fork, so the reader processes run this module's stand-in for read_file
    monkeypatch.setattr(readers, "START_METHOD", "fork")
    monkeypatch.setattr(readers, "_real_read_file", readers.read_file, raising=False)
    monkeypatch.setattr(readers, "read_file", _dies_on_report_pdf)
    settings = load_settings(environ={}, corpus=folder, index=tmp_path / "index", readers=2)
    report = ingest(settings, embedder=embedder)
    skipped = {Path(p).name: why for p, why in report.skipped}
    assert set(skipped) == {"report.pdf", "broken.pdf"}
    assert "reader process stopped while reading it" in skipped["report.pdf"]
    assert "report.pdf" in report.failed and report.failed["report.pdf"]["sha256"]
    index = store.load_index(settings.index, Embedder.name, Embedder.dimension)
    expected = {p.relative_to(folder).as_posix() for p in discover([folder])[0]} \
        - {"report.pdf", "broken.pdf"}
    assert {d.file for d in index.documents} == expected


@pytest.mark.slow
def test_an_ingest_stopped_while_its_readers_read_leaves_the_index_as_it_was(tmp_path,
                                                                             embedder):
    folder = corpus(tmp_path)
    settings = load_settings(environ={}, corpus=folder, index=tmp_path / "index", readers=2)
    ingest(settings, embedder=embedder)
    before = store.current_generation(settings.index)
    files = {d.file for d in store.load_index(settings.index, Embedder.name,
                                              Embedder.dimension).documents}
    for name in FACTS:  # every text file changed: the next ingest reads them all again
        (folder / name).write_text(FACTS[name] + "It was inspected again in 2025.\n")

    def stop_midway(stage, done, total):
        if stage == "reading" and done >= 3 or stage == "embedding":
            raise KeyboardInterrupt

    for stop in (stop_midway, None):
        with pytest.raises(KeyboardInterrupt):
            ingest(settings, embedder=_Interrupting(embedder) if stop is None else embedder,
                   progress=stop)
        assert store.current_generation(settings.index) == before
        left = [n for n in os.listdir(settings.index) if n.startswith((".tmp-", ".CURRENT."))]
        assert left == []
        index = store.load_index(settings.index, Embedder.name, Embedder.dimension)
        assert {d.file for d in index.documents} == files
    report = ingest(replace(settings, readers=2), embedder=embedder)
    assert report.wrote and sorted(report.updated) == sorted(FACTS)


class _Interrupting(Embedder):
    """An embedder stopped (Ctrl-C) in the middle of its work."""

    def __init__(self, inner: Embedder):
        super().__init__(inner.backend)
        self._model = inner._load()

    def encode_with_spans(self, texts, spans, progress=None):
        raise KeyboardInterrupt
