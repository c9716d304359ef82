import json
import shutil

import numpy as np
import pytest

from qa import store
from qa.config import load_settings
from qa.embedding import Embedder
from qa.engine import Engine
from qa.errors import IndexFormatError, NoIndexError
from qa.ingest import ingest, is_stale

from conftest import CORPUS

pytestmark = pytest.mark.slow


class CountingEmbedder(Embedder):
    """The real model, counting the texts it is asked to embed."""

    def __init__(self, inner: Embedder):
        super().__init__(inner.backend)
        self._model = inner._load()
        self.texts: list[str] = []

    def encode(self, texts, progress=None):
        self.texts.extend(texts)
        return super().encode(texts, progress)


@pytest.fixture
def small(tmp_path, embedder):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("003_ab956304be8f3ab8.txt", "004_e8a6900a3d56e4d0.txt", "catalog.csv"):
        shutil.copy(CORPUS / name, corpus / name)
    (corpus / "extra.md").write_text("Kent Police trains officers on stalking. It has a new "
                                     "stalking unit with ten investigators.\n")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "idx")
    return settings, CountingEmbedder(embedder)


def load(settings):
    return store.load_index(settings.index, Embedder.name, Embedder.dimension)


def test_build_reload_and_incremental_update(small):
    settings, emb = small
    first = ingest(settings, embedder=emb)
    assert sorted(first.added) == ["003_ab956304be8f3ab8.txt", "004_e8a6900a3d56e4d0.txt",
                                   "extra.md"]
    index = load(settings)
    assert index.manifest["chunk_count"] == len(index)
    assert len(emb.texts) == len(index) + len(index.sentences)  # chunks and their sentences
    assert not is_stale(settings)

    emb.texts.clear()
    again = ingest(settings, embedder=emb)
    assert again.unchanged == 3 and not again.wrote and emb.texts == []

    extra = settings.corpus / "extra.md"
    extra.write_text(extra.read_text() + "The unit began work in May 2024.\n")
    assert is_stale(settings)
    changed = ingest(settings, embedder=emb)
    assert changed.updated == ["extra.md"] and changed.unchanged == 2
    # Only the changed chunk and its one new sentence are embedded; the rest comes from the cache.
    assert sorted(emb.texts, key=len) == ["The unit began work in May 2024.",
                                          (settings.corpus / "extra.md").read_text().strip()
                                          .replace("\n", "\n")]
    assert changed.embedded == 1 and changed.reused == changed.chunks - 1

    (settings.corpus / "003_ab956304be8f3ab8.txt").unlink()
    removed = ingest(settings, embedder=emb)
    assert removed.removed == ["003_ab956304be8f3ab8.txt"]
    index = load(settings)
    assert {d.file for d in index.documents} == {"004_e8a6900a3d56e4d0.txt", "extra.md"}
    assert all("Warwickshire" not in index.chunk(i).text for i in range(len(index)))


def test_faiss_search_equals_brute_force(sample_settings, embedder):
    index = load(sample_settings)
    queries = embedder.encode(["missing children", "domestic abuse training",
                               "registered sex offenders", "action plan within six weeks"])
    scores, ids = index.faiss_index.search(queries, 10)
    brute = queries @ np.asarray(index.vectors).T
    for q in range(len(queries)):
        expected = np.argsort(-brute[q])[:10]
        assert np.allclose(scores[q], brute[q][expected], atol=1e-5)
        assert set(ids[q]) == set(expected)


def test_chunk_records_match_document_text(sample_settings):
    index = load(sample_settings)
    for i in range(len(index)):
        ch = index.chunk(i)
        doc = index.doc_of(i)
        assert doc.text[ch.start:ch.end] == ch.text and ch.text


def test_other_model_or_format_refused_with_rebuild_hint(small, embedder):
    settings, emb = small
    ingest(settings, embedder=emb)
    manifest_path = store.current_generation(settings.index) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps(dict(manifest, model="some-other-model")))
    with pytest.raises(IndexFormatError, match="--rebuild"):
        load(settings)
    manifest_path.write_text("{ not json")
    with pytest.raises(IndexFormatError, match="damaged"):
        Engine.open(settings, embedder)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(NoIndexError, match="python -m qa ingest"):
        store.load_index(tmp_path / "none", Embedder.name, Embedder.dimension)


def test_unfinished_build_leaves_live_index_untouched(small):
    settings, emb = small
    ingest(settings, embedder=emb)
    live = store.current_generation(settings.index)
    before = len(load(settings))
    # A crashed build leaves a temporary folder behind: it is never read and is cleaned up.
    junk = settings.index / f".tmp-gen-20200101-000000-{2**22 + 12345}-1"
    junk.mkdir()
    (junk / "manifest.json").write_text("{}")
    assert len(load(settings)) == before and store.current_generation(settings.index) == live
    (settings.corpus / "new.txt").write_text("Kent Police opened a new custody suite in 2024.")
    ingest(settings, embedder=emb)
    assert not junk.exists() and len(load(settings)) > before
    assert store.current_generation(settings.index) != live
