"""An index remembers the corpus folders it was built from. When one of them is not there
(moved, unmounted, or a relative path read from another working folder), an ingest must not
take that as every document having been deleted: it refuses, names the folder, and the index
keeps serving what it had."""
import os
import shutil

import pytest
from conftest import CORPUS, WILTSHIRE

from qa.config import load_settings
from qa.index import store
from qa.ingest.build import MissingCorpusError, ensure_index, ingest


@pytest.fixture
def relative_index(tmp_path, embedder, monkeypatch):
    """An index of one document built from a corpus folder given relative to tmp_path/work."""
    work = tmp_path / "work"
    (work / "corpus").mkdir(parents=True)
    shutil.copy(CORPUS / WILTSHIRE, work / "corpus" / WILTSHIRE)
    monkeypatch.chdir(work)
    settings = load_settings(environ={}, corpus=os.path.join("corpus"),
                             index=tmp_path / "index")
    assert ingest(settings, embedder=embedder).indexed == 1
    return settings


def test_an_ingest_from_another_folder_refuses_and_keeps_the_index(relative_index, embedder,
                                                                   tmp_path, monkeypatch):
    before = (tmp_path / "index" / "CURRENT").read_text()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(MissingCorpusError, match="corpus folder not found"):
        ingest(relative_index, embedder=embedder)
    assert (tmp_path / "index" / "CURRENT").read_text() == before
    index = store.load_index(tmp_path / "index", embedder.name, embedder.dimension)
    assert [d.file for d in index.documents] == [WILTSHIRE]


def test_the_app_start_serves_the_old_index_and_says_why(relative_index, embedder, tmp_path,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)  # no corpus/ here
    report = ensure_index(relative_index, embedder=embedder)
    assert report is not None and "corpus folder not found" in report.not_written
    index = store.load_index(tmp_path / "index", embedder.name, embedder.dimension)
    assert len(index.documents) == 1


def test_a_rebuild_of_the_folders_to_keep_is_the_way_to_drop_one(relative_index, embedder,
                                                                  tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CORPUS / WILTSHIRE, other / "copy.txt")
    report = ingest(relative_index, [other], rebuild=True, embedder=embedder)
    assert report.indexed == 1
