import json
import shutil

import numpy as np
import pytest
from conftest import CORPUS

from qa.ask.engine import Engine
from qa.config import load_settings
from qa.errors import IndexFormatError, NoIndexError
from qa.index import store
from qa.index.embedding import Embedder
from qa.ingest import file_records as ingest_module
from qa.ingest import embed_cache
from qa.ingest.build import ingest, is_stale
from qa.types import CHUNK_KINDS

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

    def encode_with_spans(self, texts, spans, progress=None):
        self.texts.extend(texts)  # the ONNX backends: one pass a chunk, sentences included
        return super().encode_with_spans(texts, spans, progress)


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


def test_build_reload_and_incremental_update(small, monkeypatch):
    settings, emb = small
    first = ingest(settings, embedder=emb)
    assert sorted(first.added) == ["003_ab956304be8f3ab8.txt", "004_e8a6900a3d56e4d0.txt",
                                   "extra.md"]
    index = load(settings)
    assert index.manifest["chunk_count"] == len(index)
    assert len(emb.texts) == len(index)  # each chunk once: its sentences come from its pass
    assert not is_stale(settings)

    emb.texts.clear()
    again = ingest(settings, embedder=emb)
    assert again.unchanged == 3 and not again.wrote and emb.texts == []

    extra = settings.corpus / "extra.md"
    extra.write_text(extra.read_text() + "The unit began work in May 2024.\n")
    assert is_stale(settings)
    changed = ingest(settings, embedder=emb)
    assert changed.updated == ["extra.md"] and changed.unchanged == 2
    # Only the changed chunk is embedded (its sentences with it), read under its document's
    # title ("extra", from the file name); the rest comes from the cache.
    assert emb.texts == ["extra\n" + (settings.corpus / "extra.md").read_text().strip()]
    assert changed.embedded == 1 and changed.reused == changed.chunks - 1

    emb.texts.clear()
    monkeypatch.setattr(ingest_module, "PIPELINE", ingest_module.PIPELINE + 1)
    assert is_stale(settings)
    reread = ingest(settings, embedder=emb)  # newer text rules: files read again, cache used
    assert reread.wrote and reread.unchanged == 3 and emb.texts == []
    assert load(settings).manifest["pipeline"] == ingest_module.PIPELINE

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
        assert ch.page_label == doc.page_label_at(ch.start) and ch.kind in CHUNK_KINDS
        assert doc.meta.force in ch.forces or not doc.meta.force


def test_chunk_fields_are_stored_and_read_back(tmp_path, embedder):
    """Sections, printed page labels, kinds and forces survive the index, as ingest chunked
    them; a force's chunks are found in any document, the documents' own structure too."""
    from report_files import report_docx, report_pdf

    from qa.ingest.chunking import chunk_document
    corpus = tmp_path / "c"
    corpus.mkdir()
    report_pdf(corpus / "wiltshire.pdf", page_labels=True)
    report_docx(corpus / "response.docx")
    (corpus / "thematic.md").write_text(
        "# Serious youth violence\n\n## Kent\n\nThe force had 12 cases in 2023.\n\n"
        "## Essex Police\n\nThe force had 9 cases in 2023.\n\n"
        "## Dorset Police\n\nThe force had 4 cases in 2023.\n")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "idx")
    report = ingest(settings, embedder=embedder)
    assert not report.skipped, report.summary()
    index = load(settings)
    by_file = {d.file: d for d in index.documents}
    expected = {(d.file, c.start): c for d in by_file.values()
                for c in chunk_document(d, settings.chunk_chars)}
    assert len(expected) == len(index)
    for i in range(len(index)):
        ch = index.chunk(i)
        assert ch == expected[(index.doc_of(i).file, ch.start)]
    pdf = [index.chunk(i) for i in range(len(index)) if index.doc_of(i).file == "wiltshire.pdf"]
    finding = next(c for c in pdf if "Inspectors found" in c.text)
    assert (finding.page, finding.page_label, finding.section) == (
        4, "2", "2. Initial contact > 2.1 Call handling")
    assert {c.kind for c in pdf} == {"body", "table", "recommendation", "footnote"}
    thematic = by_file["thematic.md"]
    assert thematic.meta.force == ""
    kent = index.fields.force_mask(["Kent Police"])
    assert [index.chunk(i).text for i in np.flatnonzero(kent)] == [
        "Serious youth violence\nKent\nThe force had 12 cases in 2023."]  # its section names it
    either = index.fields.force_mask(["Essex Police", "Dorset Police"])
    assert {(index.doc_of(i).file, index.chunk(i).section) for i in np.flatnonzero(either)} == {
        ("thematic.md", "Essex Police"), ("thematic.md", "Dorset Police"),
        ("wiltshire.pdf", "3. Re-inspection findings")}  # the report compares itself with Dorset
    assert int(index.fields.force_mask(["Wiltshire Police"]).sum()) == \
        sum(1 for i in range(len(index)) if index.doc_of(i).file != "thematic.md")


def test_other_model_or_format_refused_with_rebuild_hint(small, embedder):
    settings, emb = small
    ingest(settings, embedder=emb)
    manifest_path = store.current_generation(settings.index) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    assert not is_stale(settings)
    for change, says in [({"model": "some-other-model"}, "built with model some-other-model"),
                         ({"dimension": 768}, "768 dims"),
                         ({"format": store.FORMAT_VERSION - 1}, "reads format")]:
        manifest_path.write_text(json.dumps(dict(manifest, **change)))
        with pytest.raises(IndexFormatError, match=f"{says}.*--rebuild"):
            load(settings)
        assert is_stale(settings)  # what loading refuses, the next ingest rebuilds
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


def _docs() -> list:
    from qa.types import Block, Document, Metadata, Page
    texts = ["Plain ASCII text about Kent Police.\n\nSecond page here.",
             "Curly quotes \u2019here\u2019, a pound sign \u00a3120, an \u00e9 \u2014 then more.",
             "", "\u4e2d\u6587 and emoji \U0001F600 at the end"]
    out = []
    for n, text in enumerate(texts):
        half = len(text) // 2
        pages = (Page(1, 0, half, "iv"), Page(2, half, len(text), "12")) if text else ()
        blocks = (Block(0, 5, "heading", 2), Block(half, len(text), "table")) if text else ()
        out.append(Document(f"id{n}", f"dir/f{n}.txt", text, pages,
                            Metadata(title=f"T\u00e9{n}", force="Kent Police",
                                     published="2024-05"), f"sha{n}", blocks))
    return out


def test_documents_round_trip_and_behave_as_documents(tmp_path):
    """Texts come back exactly (any Unicode), decoded on demand, and the stored documents
    compare, hash, copy, pickle and `replace` like the Documents written; the texts file
    reads any slice of a text exactly."""
    import copy
    import pickle
    from dataclasses import replace

    from qa.index import files as store_files
    from qa.types import Document

    docs = _docs()
    store_files.write_documents(tmp_path, docs)
    loaded, texts = store_files.read_documents(tmp_path, lambda name, read: read(tmp_path / name))
    assert len(loaded) == len(texts) == len(docs)
    for stored, doc in zip(loaded, docs):
        assert isinstance(stored, Document)
        assert stored == doc and doc == stored and hash(stored) == hash(doc)
        assert (stored.doc_id, stored.file, stored.text, stored.pages, stored.meta,
                stored.fingerprint, stored.blocks) == (doc.doc_id, doc.file, doc.text,
                                                       doc.pages, doc.meta, doc.fingerprint,
                                                       doc.blocks)
        if doc.text:
            assert stored.page_label_at(len(doc.text) - 1) == "12"
            assert stored.section_at(len(doc.text) - 1) == doc.text[:5]
        for a, b in [(0, 5), (3, len(doc.text)), (len(doc.text), len(doc.text) + 4)]:
            i = loaded.index(stored)
            assert texts.slice(i, a, b) == doc.text[a:b]
        assert stored.page_at(len(doc.text) - 1) == doc.page_at(len(doc.text) - 1)
        again = pickle.loads(pickle.dumps(stored))
        assert type(again) is Document and again == doc
        assert copy.deepcopy(stored) == doc
        changed = replace(stored, file="x")
        assert changed.file == "x" and changed.text == doc.text and changed.pages == doc.pages
    assert list(texts.lengths()) == [len(d.text) for d in docs]


def test_empty_document_list_round_trips(tmp_path):
    from qa.index import files as store_files
    store_files.write_documents(tmp_path, [])
    loaded, texts = store_files.read_documents(tmp_path, lambda name, read: read(tmp_path / name))
    assert loaded == [] and len(texts) == 0


@pytest.mark.parametrize("damage", ["invalid utf-8", "shifted offsets", "short column",
                                    "page past the end", "block past the end",
                                    "labels missing"])
def test_inconsistent_document_files_are_damage(tmp_path, damage):
    from qa.index import files as store_files
    store_files.write_documents(tmp_path, _docs())
    if damage == "invalid utf-8":
        data = bytearray((tmp_path / "texts.bin").read_bytes())
        data[-3] = 0xFF
        (tmp_path / "texts.bin").write_bytes(bytes(data))
    elif damage == "shifted offsets":
        rows = np.load(tmp_path / "documents.npy")
        rows["chars"][1] += 1
        np.save(tmp_path / "documents.npy", rows)
    elif damage == "short column":
        cols = json.loads((tmp_path / "documents.json").read_text())
        cols["meta"]["force"].pop()
        (tmp_path / "documents.json").write_text(json.dumps(cols))
    elif damage == "block past the end":
        blocks = np.load(tmp_path / "blocks.npy")
        blocks["end"][-1] += 1000
        np.save(tmp_path / "blocks.npy", blocks)
    elif damage == "labels missing":
        cols = json.loads((tmp_path / "documents.json").read_text())
        cols["page_labels"].pop()
        (tmp_path / "documents.json").write_text(json.dumps(cols))
    else:
        pages = np.load(tmp_path / "pages.npy")
        pages["end"][-1] += 1000
        np.save(tmp_path / "pages.npy", pages)
    with pytest.raises(store_files.DocumentDamage):
        store_files.read_documents(tmp_path, lambda name, read: read(tmp_path / name))


def test_row_array_indexes_like_the_array_it_reads(tmp_path):
    from qa.index.rows import RowArray
    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float16):
        full = rng.standard_normal((57, 5)).astype(dtype)
        np.save(tmp_path / "a.npy", full)
        rows = RowArray(tmp_path / "a.npy")
        assert rows.shape == full.shape and rows.dtype == full.dtype and len(rows) == 57
        assert np.array_equal(np.asarray(rows), full)
        mask = rng.random(57) < 0.3
        ids = np.array([5, 3, 4, 40, 41, 42, 3, 56, 0, -1])
        for key in [0, 56, -1, np.int64(7), slice(3, 9), slice(50, 80), slice(9, 3),
                    slice(None, None, 7), ids, ids.tolist(), np.array([], dtype=int), mask,
                    (ids, 2), (4, slice(1, 3)), np.array(6)]:
            assert np.array_equal(rows[key], full[key]), key
        with pytest.raises(IndexError):
            rows[57]
        with pytest.raises(IndexError):
            rows[np.array([1, 99])]
    (tmp_path / "a.npy").write_bytes((tmp_path / "a.npy").read_bytes()[:-3])
    with pytest.raises(ValueError):
        RowArray(tmp_path / "a.npy")


def test_a_sentence_vector_from_its_chunks_pass_is_closest_to_that_sentence(small):
    """Sentence vectors come from their chunk's own pass through the model (the mean of the
    token states inside the sentence). Checked against each sentence embedded on its own: of a
    chunk's sentences, its own vector is the one closest to it."""
    import numpy as np
    settings, emb = small
    ingest(settings, embedder=emb)
    index = load(settings)
    checked = 0
    for i in range(len(index)):
        a, b = index.sentence_ptr[i], index.sentence_ptr[i + 1]
        if b - a < 2:
            continue
        rows = index.sentences[a:b]
        doc = index.doc_of(i)
        alone = emb.encode([doc.text[int(r["start"]):int(r["end"])] for r in rows])
        late = np.asarray(index.sentence_vectors[a:b], dtype=np.float32)
        assert np.allclose(np.linalg.norm(late, axis=1), 1.0, atol=1e-2)
        assert (np.argmax(alone @ late.T, axis=1) == np.arange(b - a)).all()
        checked += 1
    assert checked >= 3


def test_vectors_made_from_other_text_are_not_reused(small, monkeypatch):
    """An index whose chunks were embedded from other text (another heading before them) is
    re-embedded whole, not filled from its cache of vectors keyed by what is embedded now."""
    settings, emb = small
    ingest(settings, embedder=emb)
    monkeypatch.setattr(embed_cache, "EMBEDDED_TEXT", "something else")
    monkeypatch.setattr(ingest_module, "PIPELINE", ingest_module.PIPELINE + 1)
    emb.texts.clear()
    again = ingest(settings, embedder=emb)
    assert again.wrote and again.reused == 0 and len(emb.texts) == again.chunks
