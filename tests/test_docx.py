"""Word documents: read with their headings, lists and tables in ingest and in uploads, and
refused by content when a file named .docx is not one."""
import zipfile

from report_files import report_docx

from qa.ask.engine import Engine
from qa.config import load_settings
from qa.errors import DocumentError
from qa.ingest.build import ingest
from qa.ingest.chunking import chunk_document
from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog
from qa.web.library import UPLOAD_TYPES, UploadReport, check_upload, save_uploads


def load(path):
    return load_document(path, path.name, Catalog(), 10**8)


def test_docx_is_read_with_headings_lists_and_table_rows(tmp_path):
    doc = load(report_docx(tmp_path / "response.docx"))
    assert doc.meta.title == "Wiltshire Police response to the child protection inspection"
    assert doc.meta.organisation == "Wiltshire Police" and doc.meta.force == "Wiltshire Police"
    assert doc.meta.published == ""  # python-docx's template date is no document's date
    assert [(p.number, p.label) for p in doc.pages] == [(1, "1")]
    lines = doc.text.split("\n")
    # each row on one line, cells in order, a cell merged across two columns once
    assert "Action | Owner | Due" in lines
    assert "Retrain call handlers | Head of contact | Oct 2023" in lines
    assert "Monthly audit of plans | Jan 2024" in lines
    kinds = {doc.text[b.start:b.end]: (b.kind, b.level) for b in doc.blocks}
    assert kinds["Our response"] == ("heading", 1)
    assert kinds["Recommendation 4"] == ("heading", 2)
    assert kinds[doc.meta.title] == ("title", 0)
    assert kinds["Training finished in October 2023."] == ("item", 0)
    chunks = chunk_document(doc)
    retrained = next(c for c in chunks if "retrained" in c.text)
    assert retrained.section == "Our response > Recommendation 4"
    assert "Audits start in January 2024." in retrained.text  # the list stays with its lead
    table = next(c for c in chunks if c.kind == "table")
    assert table.section == "Progress" and "Monthly audit of plans | Jan 2024" in table.text
    assert all(c.page == 1 and c.page_label == "1" for c in chunks)
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text


def action_plan_docx(path):
    """A force's action plan as forces publish them: a table, one row per area, the action
    taken written as a sentence in its cell."""
    import docx
    document = docx.Document()
    document.add_paragraph("Kent Police action plan: child protection inspection", style="Title")
    document.add_paragraph("The table below sets out the actions we have taken against each "
                           "area the inspection identified.")
    rows = [("Area", "Action taken", "Owner", "Status"),
            ("Digital forensics", "Self-service kiosks now let officers download phones at "
             "local stations.", "Head of Contact Management", "Complete"),
            ("Missing children", "A sergeant now reviews every missing child report within "
             "the first hour.", "Head of Public Protection", "In progress")]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))
    return path


def test_an_action_plans_table_rows_answer_with_owner_and_status(tmp_path, embedder):
    """A row whose cell says what was done is an answer, though the row ends in no full stop;
    the header row and the rows' labels alone are not."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    action_plan_docx(corpus / "Kent_action_plan_2022.docx")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    ingest(settings, embedder=embedder)
    engine = Engine.open(settings, embedder)
    a = engine.ask("What did Kent's action plan say they'd done about digital forensics?")
    assert not a.refused, a.text
    assert a.citations[0].quote == ("Digital forensics | Self-service kiosks now let officers "
                                    "download phones at local stations. | Head of Contact "
                                    "Management | Complete")
    header = engine.ask("What are the areas and owners of Kent's actions?")
    assert all(not c.quote.startswith("Area | Action taken") for c in header.citations)


def test_docx_is_found_in_the_corpus_and_fakes_are_refused(tmp_path):
    report_docx(tmp_path / "real.docx")
    (tmp_path / "fake.docx").write_text("This is plain text with a .docx name.")
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("content.xml", "<x/>")  # a zip, but no word/document.xml
    files, skipped = discover([tmp_path])
    assert sorted(f.name for f in files) == ["fake.docx", "other.docx", "real.docx"]
    assert not skipped
    for name in ("fake.docx", "other.docx"):
        try:
            load(tmp_path / name)
        except DocumentError as exc:
            assert name in str(exc) and "not a Word document" in str(exc)
        else:
            raise AssertionError(f"{name} was read")


def test_docx_uploads_are_accepted_and_checked_by_content(tmp_path):
    assert ".docx" in UPLOAD_TYPES
    real = report_docx(tmp_path / "real.docx")
    assert check_upload(real, "real.docx", 10**7) == ""
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"%PDF-1.4 not a word file")
    assert "not a Word document" in check_upload(fake, "fake.docx", 10**7)
    corpus = tmp_path / "corpus"
    report = UploadReport()
    saved = save_uploads([str(real), str(fake)], corpus, 10**7, report)
    assert [p.name for p in saved] == ["real.docx"]
    assert report.refused and report.refused[0][0] == "fake.docx"
