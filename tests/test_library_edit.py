"""Changing the library without a browser: catalog.csv rewritten atomically with every other
row, column and byte of its layout kept and hostile values round-tripping; the role checked on
the server (a refused attempt audited, nothing changed); an edit re-indexed and served at once
(a force of 'none' beats inference, several forces each filter); a deletion that takes file,
row and chunks out, or on failure nothing; and the table's search, sort and pages over 300
documents."""
from __future__ import annotations

import shutil
import threading

import pytest
from conftest import CORPUS, WILTSHIRE

from qa.config import load_settings
from qa.ingest import catalog_file
from qa.ingest.catalog_file import CatalogEditError, CatalogFile, replace_file
from qa.ingest.metadata import Catalog
from qa.types import Document, Filters, Metadata, Page
from qa.web.db import open_store
from qa.web.db.audit import Actor
from qa.web.html import SourceFiles
from qa.web.library_edit import (NO_FORCE_CHOICE, Correction, LibraryEditor, form_values,
                                 validate)
from qa.web.library_table import PAGE_SIZE, TableView, render_table, select

WARWICKSHIRE = "003_ab956304be8f3ab8.txt"
BOSS, READER = Actor("boss", "10.0.0.1"), Actor("reader", "10.0.0.2")


# --- catalog.csv ------------------------------------------------------------------------

def test_a_row_round_trips_commas_quotes_newlines_and_formulas(tmp_path):
    path = tmp_path / "catalog.csv"
    shutil.copy(CORPUS / "catalog.csv", path)
    hostile = Correction(title='Kent, "the" review\nline two', organisation="=HYPERLINK(\"x\")",
                         force="Kent Police; Essex Police", doc_type="+force response",
                         published="2024-05-02", source="@source 'quoted'")
    replace_file(path, CatalogFile.read(path).with_row("kent.txt", hostile.cells()).data())
    read = Catalog.read(path)
    assert not read.problems
    assert read.get("kent.txt") == Metadata(title='Kent, "the" review\nline two',
                                            organisation='=HYPERLINK("x")',
                                            force="Kent Police; Essex Police",
                                            doc_type="+force response",
                                            published="2024-05-02",
                                            source="@source 'quoted'")
    cells = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in cells and "'+force" in cells and "'@source" in cells
    before = Catalog.read(CORPUS / "catalog.csv").rows
    assert all(read.rows[f] == m for f, m in before.items())  # every other row kept


def test_the_files_own_layout_is_kept(tmp_path):
    """A BOM, LF line ends, aliases (`date`, `url`), an extra column and a short row survive;
    only the edited row changes."""
    path = tmp_path / "catalog.csv"
    original = ("\ufefffile,title,date,url,notes\n"
                "a.txt,Alpha,2020,https://a.example,keep me\n"
                "b.txt,Beta\n"
                "c.txt,Gamma,2021,,\"multi\nline note\"\n")
    path.write_bytes(original.encode("utf-8"))
    new = CatalogFile.read(path).with_row("b.txt", Correction(
        title="Beta fixed", published="2022-03", source="https://b.example",
        force="none").cells())
    replace_file(path, new.data())
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    assert lines[0] == "file,title,date,url,notes,force"  # a needed column is added at the end
    assert lines[1] == "a.txt,Alpha,2020,https://a.example,keep me"  # untouched
    assert lines[2] == "b.txt,Beta fixed,2022-03,https://b.example,,none"
    assert '"multi\nline note"' in text
    meta = Catalog.read(path).get("b.txt")
    assert (meta.title, meta.published, meta.source, meta.force) == (
        "Beta fixed", "2022-03", "https://b.example", "none")


def test_removing_a_row_keeps_the_rest_byte_for_byte(tmp_path):
    path = tmp_path / "catalog.csv"
    shutil.copy(CORPUS / "catalog.csv", path)
    before = path.read_bytes().split(b"\r\n")
    replace_file(path, CatalogFile.read(path).without(WILTSHIRE).data())
    after = path.read_bytes().split(b"\r\n")
    assert after == [line for line in before if not line.startswith(WILTSHIRE.encode())]


@pytest.mark.parametrize("content,problem", [
    (b"file,title\nx.txt,Caf\xe9\n", "not UTF-8"),
    (b"name,title\nx.txt,X\n", "no 'file' column"),
    (b"file,title\x00\n", "binary"),
])
def test_a_catalog_that_cannot_be_kept_whole_is_refused(tmp_path, content, problem):
    path = tmp_path / "catalog.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogEditError, match=problem) as info:
        CatalogFile.read(path)
    assert str(tmp_path) not in str(info.value)
    assert path.read_bytes() == content


def test_a_failed_write_leaves_the_old_catalog_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "catalog.csv"
    path.write_text("file,title\na.txt,A\n", encoding="utf-8")

    def full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(catalog_file.os, "replace", full)
    with pytest.raises(CatalogEditError, match="No space left") as info:
        replace_file(path, b"file,title\na.txt,B\n")
    assert str(tmp_path) not in str(info.value)
    assert path.read_text(encoding="utf-8") == "file,title\na.txt,A\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.csv"]


# --- the form ---------------------------------------------------------------------------

@pytest.mark.parametrize("date,ok", [("2023", True), ("2023-09", True), ("2023-09-04", True),
                                     ("", True), ("2023-02-30", False), ("4/8/23", False),
                                     ("2023-13", False), ("1066", False)])
def test_dates_must_be_real_iso_dates(date, ok):
    correction, problem = validate("T", "", [], "", date, "")
    assert (correction is not None) == ok and bool(problem) != ok


def test_forces_are_known_names_or_none():
    assert validate("T", "", ["Wilts", "Kent"], "", "", "")[0].force == \
        "Wiltshire Police; Kent Police"
    assert validate("T", "", [NO_FORCE_CHOICE], "", "", "")[0].force == "none"
    assert validate("T", "", [], "", "", "")[0].force == "none"
    assert "not both" in validate("T", "", [NO_FORCE_CHOICE, "Kent"], "", "", "")[1]
    assert "not a UK police force" in validate("T", "", ["Gotham PD"], "", "", "")[1]


def test_sources_are_web_links_or_text_and_fields_one_line():
    assert validate("T", "", [], "", "", "javascript:alert(1)")[1]
    assert validate("T", "", [], "", "", "ftp://x.example/a")[1]
    assert validate("T", "", [], "", "", "Kent Police press office")[0].source
    correction, _ = validate("A\nB\x07  C", " Org ", [], "", "", " https://x.example/a ")
    assert (correction.title, correction.organisation, correction.source) == (
        "A B C", "Org", "https://x.example/a")


# --- editing and deleting against a real index -------------------------------------------

@pytest.fixture
def library(tmp_path, embedder):
    """A fresh copy of the sample corpus, indexed, with its engine and audit log."""
    from qa.ask.engine import Engine
    from qa.ingest.build import ingest
    shutil.copytree(CORPUS, tmp_path / "corpus")
    settings = load_settings(environ={}, corpus=tmp_path / "corpus", index=tmp_path / "index",
                             database=tmp_path / "qa.sqlite3")
    ingest(settings, embedder=embedder)
    engine = Engine.open(settings, embedder)
    store = open_store(settings)
    editor = LibraryEditor(settings, engine, store.audit, lambda user: user == "boss",
                           embedder=embedder)
    return settings, engine, store, editor


def doc_of(engine, file: str) -> Document:
    return next(d for d in engine.documents() if d.file == file)


def test_a_reader_is_refused_on_the_server_and_the_attempt_audited(library):
    settings, engine, store, editor = library
    catalog = (settings.corpus / "catalog.csv").read_bytes()
    doc = doc_of(engine, WILTSHIRE)
    edit = editor.edit(READER, doc.doc_id, Correction(title="Hijacked", force="none"))
    gone = editor.delete(READER, doc.doc_id)
    assert not edit.ok and not gone.ok and "administrators" in edit.message
    assert (settings.corpus / "catalog.csv").read_bytes() == catalog
    assert (settings.corpus / WILTSHIRE).is_file()
    assert doc_of(engine, WILTSHIRE).meta == doc.meta
    refused = [(e["user"], e["action"], e["allowed"]) for e in store.audit.entries()]
    assert refused == [("reader", "library edit", False), ("reader", "library delete", False)]


def test_an_edit_is_written_reindexed_and_served_at_once(library):
    settings, engine, store, editor = library
    doc = doc_of(engine, WARWICKSHIRE)
    assert "Kent Police" not in engine.forces()
    fixed = Correction(title="Warwickshire, \"corrected\"", organisation="Warwickshire Police",
                       force="Warwickshire Police; Kent Police", doc_type="force response",
                       published="2022-08-06", source="=cmd|' /C calc'!A0")
    done = editor.edit(BOSS, doc.doc_id, fixed)
    assert done.ok, done.message
    now = doc_of(engine, WARWICKSHIRE).meta  # the engine serves the new index already
    assert (now.title, now.force, now.published, now.source) == (
        fixed.title, "Warwickshire Police; Kent Police", "2022-08-06", fixed.source)
    assert "Kent Police" in engine.forces() and "Warwickshire Police; Kent Police" not in \
        engine.forces()
    answer = engine.ask("What did the force say about child protection?",
                        filters=Filters(forces=("Kent Police",)))
    assert answer.citations and {c.doc.file for c in answer.citations} == {WARWICKSHIRE}
    entry = [e for e in store.audit.entries() if e["action"] == "library edit"][-1]
    assert entry["user"] == "boss" and entry["file"] == WARWICKSHIRE
    assert entry["old"]["force"] == "Warwickshire Police" and entry["new"] == {
        "title": fixed.title, "organisation": fixed.organisation, "force": fixed.force,
        "doc_type": fixed.doc_type, "published": fixed.published, "source": fixed.source}
    assert "'=cmd" in (settings.corpus / "catalog.csv").read_text(encoding="utf-8")


def test_none_beats_the_force_the_text_names_and_only_that_document_is_read_again(
        library, monkeypatch):
    """The issue's compendium: a document naming one force it merely mentions is said to be
    about no single force; the catalog wins over inference at every later ingest."""
    from qa.ingest import readers
    from qa.ingest.build import ingest
    settings, engine, store, editor = library
    (settings.corpus / "compendium.txt").write_text(
        "Child protection practice across forces: a compendium\n\nForces shared their "
        "practice on missing children. Cumbria Constabulary described its daily review "
        "meeting.\n", encoding="utf-8")
    ingest(settings, embedder=editor.embedder)
    engine.refresh()
    doc = doc_of(engine, "compendium.txt")
    assert doc.meta.force == "Cumbria Constabulary"  # what inference says
    assert form_values(doc)["forces"] == ["Cumbria Constabulary"]
    read = []
    load = readers.read_file  # one file to read: read in this process, not a reader's
    monkeypatch.setattr(readers, "read_file", lambda job, *a: read.append(job.rel) or load(
        job, *a))
    assert editor.edit(BOSS, doc.doc_id, Correction(title=doc.meta.title, force="none")).ok
    assert read == ["compendium.txt"]  # the file whose catalog row changed, no other
    assert doc_of(engine, "compendium.txt").meta.force == ""
    assert form_values(doc_of(engine, "compendium.txt"))["forces"] == [NO_FORCE_CHOICE]
    report = ingest(settings, embedder=editor.embedder)  # nothing changed since
    assert report.updated == [] and doc_of(engine, "compendium.txt").meta.force == ""


def test_a_delete_takes_out_file_row_and_chunks(library):
    settings, engine, store, editor = library
    doc = doc_of(engine, WILTSHIRE)
    done = editor.delete(BOSS, doc.doc_id)
    assert done.ok, done.message
    assert not (settings.corpus / WILTSHIRE).exists()
    assert WILTSHIRE not in (settings.corpus / "catalog.csv").read_text(encoding="utf-8")
    assert WILTSHIRE not in {d.file for d in engine.documents()}
    answer = engine.ask("What did Wiltshire change on domestic abuse training?")
    assert WILTSHIRE not in {c.doc.file for c in answer.citations}
    assert sorted(p.name for p in settings.corpus.iterdir() if p.name.startswith(".")) == []
    entry = [e for e in store.audit.entries() if e["action"] == "library delete"][-1]
    assert (entry["user"], entry["file"]) == ("boss", WILTSHIRE)


def test_a_failed_delete_leaves_everything_as_it_was(library, monkeypatch):
    settings, engine, store, editor = library
    doc = doc_of(engine, WILTSHIRE)
    catalog = (settings.corpus / "catalog.csv").read_bytes()

    def read_only(*args):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(catalog_file.os, "replace", read_only)
    done = editor.delete(BOSS, doc.doc_id)
    assert not done.ok and "Permission denied" in done.message
    assert str(settings.corpus.resolve()) not in done.message
    assert (settings.corpus / WILTSHIRE).is_file()
    assert (settings.corpus / "catalog.csv").read_bytes() == catalog
    assert WILTSHIRE in {d.file for d in engine.documents()}
    assert [p.name for p in settings.corpus.iterdir() if p.name.startswith(".")] == []


def test_a_failed_reindex_puts_the_file_and_row_back(library, monkeypatch):
    from qa.errors import IndexWriteError
    from qa.web import library_edit
    settings, engine, store, editor = library
    doc = doc_of(engine, WILTSHIRE)
    catalog = Catalog.read(settings.corpus / "catalog.csv").rows

    def full(*args, **kwargs):
        raise IndexWriteError(f"cannot write {settings.index.resolve()}: no space left")
    monkeypatch.setattr(library_edit, "ingest", full)
    done = editor.delete(BOSS, doc.doc_id)
    assert not done.ok and "no space left" in done.message
    assert str(settings.index.resolve()) not in done.message
    assert (settings.corpus / WILTSHIRE).is_file()
    assert Catalog.read(settings.corpus / "catalog.csv").rows == catalog


def test_a_path_outside_the_corpus_is_never_deleted(library, tmp_path):
    settings, engine, store, editor = library
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    doc = doc_of(engine, WILTSHIRE)
    forged = Document(doc.doc_id, "../outside.txt", "", (Page(1, 0, 0),), Metadata())
    editor.document = lambda doc_id: forged  # as if the index named such a file
    done = editor.delete(BOSS, doc.doc_id)
    assert not done.ok and outside.read_text(encoding="utf-8") == "keep"


def test_two_administrators_editing_at_once_lose_nothing(library):
    settings, engine, store, editor = library
    docs = [doc_of(engine, WILTSHIRE), doc_of(engine, WARWICKSHIRE)]
    results = []

    def fix(doc, title):
        results.append(editor.edit(BOSS, doc.doc_id, Correction(title=title,
                                                                  force="Kent Police")))
    threads = [threading.Thread(target=fix, args=(d, f"Fixed {i}")) for i, d in
               enumerate(docs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results)
    rows = Catalog.read(settings.corpus / "catalog.csv").rows
    assert (rows[WILTSHIRE].title, rows[WARWICKSHIRE].title) == ("Fixed 0", "Fixed 1")
    assert {doc_of(engine, d.file).meta.title for d in docs} == {"Fixed 0", "Fixed 1"}


# --- the table --------------------------------------------------------------------------

def many(n: int = 310) -> tuple[list[Document], dict[str, int]]:
    forces = ["Kent Police", "Essex Police", ""]
    docs = [Document(f"d{i}", f"bulletins/b{i:03d}.txt", "x", (Page(1, 0, 1),),
                     Metadata(title=f"Bulletin {i:03d}", force=forces[i % 3],
                              doc_type="news article" if i % 2 else "force response",
                              published=f"{2000 + i % 20}-01" if i % 7 else ""))
            for i in range(n)]
    return docs, {d.doc_id: i % 11 for i, d in enumerate(docs)}


def test_the_table_searches_sorts_and_pages_300_documents():
    docs, counts = many()
    page, matched, pages, at = select(docs, counts, TableView())
    assert (len(page), matched, pages, at) == (PAGE_SIZE, 310, 13, 1)
    assert page[0].meta.published == "2019-01"  # newest first; undated last
    last, _, _, at = select(docs, counts, TableView().at_page(99))
    assert at == 13 and len(last) == 10 and all(d.meta.published == "" for d in last)
    kent, matched, _, _ = select(docs, counts, TableView().searched("kent news"))
    assert matched == sum(1 for i in range(310) if i % 3 == 0 and i % 2)
    assert select(docs, counts, TableView().searched("b007.txt"))[1] == 1
    by_title = TableView().sorted_by("title")
    assert [d.meta.title for d in select(docs, counts, by_title)[0][:2]] == [
        "Bulletin 000", "Bulletin 001"]
    assert select(docs, counts, by_title.sorted_by("title"))[0][0].meta.title == "Bulletin 309"
    assert counts[select(docs, counts, TableView().sorted_by("chunks"))[0][0].doc_id] == 10
    html = render_table(docs, counts, SourceFiles([]), TableView().at_page(2))
    assert "310 documents" in html and "showing 26–50" in html and "page 2 of 13" in html


def test_only_an_administrator_gets_edit_and_delete_buttons():
    docs, counts = many(3)
    docs[0] = Document("d0", "evil.txt", "x", (Page(1, 0, 1),),
                       Metadata(title="<script>alert(1)</script>"))
    reader = render_table(docs, counts, SourceFiles([]), TableView(), admin=False)
    admin = render_table(docs, counts, SourceFiles([]), TableView(), admin=True)
    assert "data-lib=\"edit\"" not in reader and "data-lib=\"delete\"" not in reader
    assert admin.count("data-lib=\"edit\"") == 3 and admin.count("data-lib=\"delete\"") == 3
    assert "<script>alert" not in admin and "&lt;script&gt;" in admin
