"""The web app's pure handlers and HTML, called directly: rendering and escaping, exports,
filters and upload safety. The handlers against the real engine are in test_app_engine.py."""
import csv
import io
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from conftest import make_pdf, unescape_marks

from qa.outputs.export import Excerpt, to_csv, to_markdown, write_docx
from qa.outputs.safe_text import safe_url
from qa.types import Answer, Chunk, Citation, Document, Filters, Metadata, Page, Passage
from qa.web.chat import example_questions
from qa.web.filters import make_filters
from qa.web.html import (
    SourceFiles,
    parse_view_request,
    render_answer,
    render_document,
    render_library,
    render_partial,
    view_href,
)
from qa.web.library import check_upload, safe_name, unique_path

EVIL = ("The <b>Lantern</b> <script>window.x=1</script> review. It found the marshals "
        "<img src=x onerror=alert(1)> needed radios. See [the plan](javascript:alert(1)) "
        "now & then.\n\nSecond paragraph ${7*7} {{7*7}} ends here.")


def evil_doc(file="evil.txt", source="", pages=None) -> Document:
    meta = Metadata(title="<script>alert('t')</script> Lantern review", organisation="A & B",
                    force="Cumbria Constabulary", doc_type="force response",
                    published="2024-03-05", source=source)
    return Document("d1", file, EVIL, pages or (Page(1, 0, len(EVIL)),), meta)


def evil_answer(doc: Document) -> Answer:
    s = doc.text.index("It found")
    e = doc.text.index("radios.") + len("radios.")
    chunk = Chunk(doc.doc_id, 1, 0, doc.text.index("\n\n"), doc.text[:doc.text.index("\n\n")])
    cite = Citation(1, doc, 1, doc.text[s:e], s, e)
    return Answer("q", f"{doc.text[s:e - 1]} [1].", False, (cite,),
                  (Passage(1, 1.0, chunk, doc, 0.9),))


# --- rendering --------------------------------------------------------------------------

def test_document_text_is_shown_literally_and_links_nowhere_dangerous():
    doc = evil_doc(source="javascript:alert(1)")
    page = render_answer(evil_answer(doc), SourceFiles([]))
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;window.x=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:" not in page.replace("[the plan](javascript:alert(1))", "")
    assert 'href="javascript' not in page
    assert "\n" not in page  # one HTML block: Markdown in the chat never parses document text


def test_quoted_sentences_are_highlighted_exactly():
    doc = evil_doc()
    answer = evil_answer(doc)
    page = render_answer(answer, SourceFiles([]))
    assert unescape_marks(page) == [answer.citations[0].quote]
    assert '<a class="qa-cite" href="#qa-view/d1/' in page  # the marker opens the passage
    assert "Cumbria Constabulary" in page and "5 Mar 2024" in page and "p. 1" in page


def test_source_links_to_its_url_in_a_new_tab():
    doc = evil_doc(source="https://example.org/report?a=1&b=2")
    page = render_answer(evil_answer(doc), SourceFiles([]))
    assert ('href="https://example.org/report?a=1&amp;b=2" target="_blank" rel="noopener"'
            in page)


def test_pdf_source_opens_at_the_cited_page(tmp_path):
    pdf = make_pdf(tmp_path / "r.pdf", ["one", "two"])
    registered = []
    files = SourceFiles([tmp_path], register=registered.extend)
    doc = evil_doc(file="r.pdf", pages=(Page(1, 0, 10), Page(2, 10, len(EVIL))))
    answer = evil_answer(doc)
    page = render_answer(answer, files)
    assert 'href="qa-source/d1.pdf#page=1"' in page  # by id: no server path in the page
    assert str(tmp_path) not in page
    assert registered == [str(pdf.resolve())]  # only that PDF is served, once
    render_answer(answer, files)
    assert len(registered) == 1


def test_a_text_file_is_never_served_raw(tmp_path):
    (tmp_path / "evil.html").write_text("<script>x</script>")
    registered = []
    files = SourceFiles([tmp_path], register=registered.extend)
    page = render_answer(evil_answer(evil_doc(file="evil.html")), files)
    assert "qa-source/" not in page and not registered
    assert 'class="qa-title" href="#qa-view/d1/' in page  # the title opens the viewer instead


def test_paths_outside_the_corpus_are_not_served(tmp_path):
    (tmp_path / "corpus").mkdir()
    make_pdf(tmp_path / "secret.pdf", ["x"])
    files = SourceFiles([tmp_path / "corpus"], register=lambda p: None)
    assert files.pdf_url(evil_doc(file="../secret.pdf"), 1) == ""


def test_messages_name_files_without_their_server_paths():
    from qa.web.public import public
    assert public("/tmp/gradio/0a1b/questions.csv: the CSV needs a 'question' column") \
        == "questions.csv: the CSV needs a 'question' column"
    assert public("could not be saved in /srv/qa/corpus (No space left on device") \
        == "could not be saved in corpus (No space left on device"
    kept = "see https://example.org/a/b/c.pdf, p. 3/4, and/or 2023/09/04"
    assert public(kept) == kept


def test_the_upload_message_agrees_with_its_number():
    from qa.web.library import added_message
    assert added_message(1) == "Added 1 document; it can be searched now."
    assert added_message(3) == "Added 3 documents; they can be searched now."
    assert added_message(0) == "Nothing was added."


def test_view_links_round_trip():
    assert parse_view_request(view_href("abc123", 5, 9)[1:] + "/1712") == ("abc123", 5, 9)
    assert parse_view_request("qa-view/../../etc/1/2") is None
    assert parse_view_request("") is None


def test_viewer_marks_the_passage_and_escapes_the_rest():
    doc = evil_doc(pages=(Page(1, 0, 40), Page(2, 42, len(EVIL))))
    s = EVIL.index("It found")
    page = render_document(doc, s, s + 20, SourceFiles([]))
    assert unescape_marks(page) == [EVIL[s:s + 20]]
    assert "Page 1" in page and "Page 2" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_streaming_and_refusals_render_cleanly():
    assert "&lt;b&gt;" in render_partial("a <b> b")
    doc = evil_doc()
    refused = Answer("q", "I can't answer that.", True, (), evil_answer(doc).passages)
    page = render_answer(refused, SourceFiles([]))
    assert "qa-refused" in page and "Closest passages" in page and "<mark>" not in page
    assert '<details class="qa-sources qa-closest" open>' in page  # shown, as the text says


def test_the_evidence_strength_is_shown_when_a_decline_model_weighed_it():
    doc = evil_doc()
    answered = replace(evil_answer(doc), strength=0.8712)
    assert "evidence strength 0.87" in render_answer(answered, SourceFiles([]))
    refused = Answer("q", "I can't answer that.", True, (), answered.passages, strength=0.05)
    assert "(not enough to answer) <span class=\"qa-strength\"" in render_answer(
        refused, SourceFiles([]))
    assert "evidence strength 0.05" in render_answer(refused, SourceFiles([]))
    assert "evidence strength" not in render_answer(evil_answer(doc), SourceFiles([]))


def test_library_table_escapes_titles():
    page = render_library([evil_doc()], {"d1": 3}, SourceFiles([]))
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt; Lantern review" in page
    assert "<td class='qa-num'>3</td>" in page
    assert "No documents" in render_library([], {}, SourceFiles([]))


# --- exports ----------------------------------------------------------------------------

def excerpt(**kw) -> Excerpt:
    base = dict(doc_id="d1", file="evil.txt", title="Lantern [review](javascript:x)",
                organisation="HMICFRS", force="Cumbria Constabulary", doc_type="report",
                published="2023-09", source="https://example.org/r", page=3, start=0, end=10,
                text="=HYPERLINK(\"http://x\") <script>a</script> [c](javascript:y)")
    base.update(kw)
    return Excerpt(**base)


def test_only_web_links_are_offered_as_links():
    assert safe_url("https://a.org/x") == "https://a.org/x"
    assert safe_url("javascript:alert(1)") == "" and safe_url("file:///etc/passwd") == ""


def test_markdown_export_cannot_smuggle_links_or_tags():
    md = to_markdown([excerpt(), excerpt(start=20, end=30, source="javascript:x")])
    assert not re.search(r"(?<!\\)\]\(", md) and "<script>" not in md
    assert r"\[c\](javascript:y)" in md and r"\<script\>" in md
    assert md.count("URL: <https://example.org/r>") == 1  # the unsafe URL is not a link
    assert "## 1. " in md and "## 2. " in md


def test_csv_export_is_spreadsheet_safe_and_complete():
    rows = list(csv.DictReader(io.StringIO(to_csv([excerpt()]))))
    assert rows[0]["excerpt"].startswith("'=HYPERLINK")  # not run as a formula
    assert rows[0]["url"] == "https://example.org/r" and rows[0]["page"] == "3"
    assert rows[0]["reference"].endswith("Sep 2023, p. 3. https://example.org/r")
    # a report's printed page beside its physical one, as the reference cites it
    row = next(csv.DictReader(io.StringIO(to_csv([excerpt(page=7, page_label="iv",
                                                          section="Summary > Grades")]))))
    assert (row["page"], row["page_label"], row["section"]) == ("7", "iv", "Summary > Grades")
    assert ", p. iv" in row["reference"]


def test_docx_export_opens_in_word(tmp_path):
    from docx import Document as WordDocument
    path = write_docx([excerpt(text="control \x00\x07 chars kept out"), excerpt(start=5)],
                      tmp_path / "x.docx")
    text = "\n".join(p.text for p in WordDocument(str(path)).paragraphs)
    assert "control    chars kept out" in text
    assert text.count("Reference: Lantern") == 2 and "https://example.org/r" in text


def docx_links(path) -> tuple[list[str], str]:
    """The targets of a .docx's hyperlinks, and its document XML."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        rels, body = z.read("word/_rels/document.xml.rels").decode(), \
            z.read("word/document.xml").decode()
    targets = re.findall(r'Type="[^"]*/hyperlink" Target="([^"]+)" TargetMode="External"', rels)
    targets += re.findall(r'Target="([^"]+)" TargetMode="External" Type="[^"]*/hyperlink"', rels)
    return targets, body


def test_the_word_exports_urls_are_links(tmp_path):
    """Issue 13: a URL in a Word export was words, not a link (excerpts and conversations)."""
    from docx import Document as WordDocument

    from qa.outputs.conversation import write_docx as conversation_docx
    targets, body = docx_links(write_docx([excerpt()], tmp_path / "x.docx"))
    assert targets == ["https://example.org/r"]
    assert "<w:hyperlink" in body and ">https://example.org/r</w:t></w:r></w:hyperlink>" in body
    text = "\n".join(p.text for p in WordDocument(str(tmp_path / "x.docx")).paragraphs)
    assert "Sep 2023, p. 3. https://example.org/r" in text  # the words are unchanged
    record = {"answer": "It did [1].", "citations": [
        {"n": 1, "title": "T", "source": "https://example.org/a?b=1&c=2", "quote": "It did",
         "file": "t.txt", "page": 1},
        {"n": 2, "title": "U", "source": "javascript:alert(1)", "quote": "No", "file": "u.txt"}]}
    targets, body = docx_links(conversation_docx("Talk", [("Q?", record)], tmp_path / "c.docx"))
    assert targets == ["https://example.org/a?b=1&amp;c=2"]  # only web addresses are links
    assert "javascript" not in targets[0]


def test_a_conversations_markdown_gives_each_address_once_as_a_link():
    from qa.outputs.conversation import to_markdown as conversation_markdown
    record = {"answer": "It did [1]. No [2].", "citations": [
        {"n": 1, "title": "T", "organisation": "HMICFRS", "source": "https://example.org/a",
         "quote": "It did", "file": "t.txt", "page": 1},
        {"n": 2, "title": "U", "source": "", "quote": "No", "file": "u.txt"}]}
    md = conversation_markdown("Talk", [("Q?", record)])
    assert md.count("example.org/a") == 1 and "<https://example.org/a>" in md
    assert "2. U. corpus file u.txt" in md  # without an address, the file


# --- filters and uploads ----------------------------------------------------------------

def test_filters_from_the_form():
    flt, problem = make_filters(["Wiltshire Police"], [], " 2023 ", "2023-12")
    assert problem == "" and flt == Filters(forces=("Wiltshire Police",), since="2023",
                                            until="2023-12")
    assert "not a date" in make_filters(None, None, "last year", "")[1]
    assert "after" in make_filters(None, None, "2024", "2023")[1]
    assert make_filters(None, None, "", "")[0].is_empty()


@pytest.mark.parametrize("client, safe", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\me\\Inspection Report (final).PDF", "Inspection-Report-final.pdf"),
    ("..pdf", "document.pdf"),
    ("README.md", "upload-README.md"),
    ("catalog.csv", "upload-catalog.csv"),
    ("Évaluation du rapport.txt", "Evaluation-du-rapport.txt"),
    (".bashrc", "document.bashrc"),
])
def test_upload_names_never_come_from_the_client_path(client, safe):
    assert safe_name(client) == safe


def test_uploads_never_overwrite(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"old")
    first, second = unique_path(tmp_path, "a.pdf"), unique_path(tmp_path, "a.pdf")
    assert (first.name, second.name) == ("a-2.pdf", "a-3.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == b"old"


def test_uploads_are_checked_by_type_size_and_content(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("this is text wearing a .pdf name " * 20)
    assert "not a PDF" in check_upload(fake, "fake.pdf", 10**6)
    real = make_pdf(tmp_path / "real.pdf", ["Real text about inspections of forces."])
    assert check_upload(real, "real.pdf", 10**6) == ""
    assert "over the" in check_upload(real, "real.pdf", 100)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00")
    assert "not accepted" in check_upload(exe, "tool.exe", 10**6)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert "empty" in check_upload(empty, "empty.txt", 10**6)


def test_examples_only_for_forces_in_the_library():
    assert example_questions(["Wiltshire Police"]) == [
        "What did Wiltshire change on domestic abuse training?"]
    assert example_questions([]) == []


def test_a_quote_outside_every_passage_is_shown_with_whole_words_around_it():
    from qa.web.html import _source_groups
    text = ("Intro line.\n" + "Preamble words " * 15 + "The quoted sentence is here. " +
            "Trailing words " * 15 + "\nEnd.")
    doc = SimpleNamespace(doc_id="d", text=text)
    quote = "The quoted sentence is here."
    start = text.index(quote)
    answer = SimpleNamespace(citations=(Citation(1, doc, 1, quote, start, start + len(quote)),),
                             passages=())
    [(first, last, cites)] = _source_groups(answer)
    shown = text[first:last]
    assert quote in shown and shown.startswith("Preamble") and shown.endswith("words")
