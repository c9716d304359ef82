"""The web app's handlers and HTML, called directly: rendering and escaping, exports, filters,
upload safety, the chat turn with history, feedback and audit, excerpts, batch and library."""
import asyncio
import csv
import html
import io
import json
import re
import shutil
import threading
import time

import pytest

from qa.errors import InputFileError
from qa.export import Excerpt, human_date, safe_url, to_csv, to_markdown, write_docx
from qa.types import Answer, Chunk, Citation, Document, Filters, Metadata, Page, Passage
from qa.webui import (SourceFiles, parse_view_request, render_answer, render_document,
                      render_library, render_partial, view_href)
from qa.webui_chat import ChatService, JsonlLog, example_questions
from qa.webui_filters import make_filters
from qa.webui_library import check_upload, safe_name, unique_path

from conftest import CORPUS, WILTSHIRE, make_pdf

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


def unescape_marks(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<br>", "\n", m))
            for m in re.findall(r"<mark[^>]*>(.*?)</mark>", page)]


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
    assert "Cumbria Constabulary" in page and "5 Mar 2024" in page and "page 1" in page


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
    assert f"gradio_api/file={pdf.resolve()}#page=1" in page
    assert registered == [str(pdf.resolve())]  # only that PDF is served, once
    render_answer(answer, files)
    assert len(registered) == 1


def test_a_text_file_is_never_served_raw(tmp_path):
    (tmp_path / "evil.html").write_text("<script>x</script>")
    registered = []
    files = SourceFiles([tmp_path], register=registered.extend)
    page = render_answer(evil_answer(evil_doc(file="evil.html")), files)
    assert "gradio_api/file" not in page and not registered
    assert 'class="qa-title" href="#qa-view/d1/' in page  # the title opens the viewer instead


def test_paths_outside_the_corpus_are_not_served(tmp_path):
    (tmp_path / "corpus").mkdir()
    make_pdf(tmp_path / "secret.pdf", ["x"])
    files = SourceFiles([tmp_path / "corpus"], register=lambda p: None)
    assert files.pdf_url(evil_doc(file="../secret.pdf"), 1) == ""


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


def test_dates_and_urls_for_people():
    assert human_date("2023-08-04") == "4 Aug 2023"
    assert human_date("2023-09") == "Sep 2023" and human_date("2023") == "2023"
    assert human_date("") == "" and human_date("soon") == "soon"
    assert safe_url("https://a.org/x") == "https://a.org/x"
    assert safe_url("javascript:alert(1)") == "" and safe_url("file:///etc/passwd") == ""


def test_reference_has_everything_needed_to_find_it_again():
    ref = excerpt().reference()
    assert ref == "Lantern [review](javascript:x). HMICFRS, Sep 2023, page 3. https://example.org/r"
    assert "corpus file evil.txt" in excerpt(source="").reference()


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
    assert rows[0]["reference"].endswith("page 3. https://example.org/r")


def test_docx_export_opens_in_word(tmp_path):
    from docx import Document as WordDocument
    path = write_docx([excerpt(text="control \x00\x07 chars kept out"), excerpt(start=5)],
                      tmp_path / "x.docx")
    text = "\n".join(p.text for p in WordDocument(str(path)).paragraphs)
    assert "control    chars kept out" in text
    assert text.count("Reference: Lantern") == 2 and "https://example.org/r" in text


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


def test_jsonl_log_keeps_every_line_under_concurrent_writes(tmp_path):
    log = JsonlLog(tmp_path / "sub" / "log.jsonl")
    threads = [threading.Thread(target=lambda i=i: [log.write({"i": i, "k": k, "t": "x" * 500})
                                                    for k in range(25)]) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = log.read()
    assert len(rows) == 200 and {(r["i"], r["k"]) for r in rows} == {(i, k) for i in range(8)
                                                                     for k in range(25)}


def test_examples_only_for_forces_in_the_library():
    assert example_questions(["Wiltshire Police"]) == [
        "What did Wiltshire change on domestic abuse training?"]
    assert example_questions([]) == []


# --- with the real engine ---------------------------------------------------------------

QUESTION = "What did Wiltshire change on domestic abuse training?"


@pytest.fixture
def chat(engine, tmp_path):
    files = SourceFiles([engine.settings.corpus])
    return ChatService(engine, files, JsonlLog(tmp_path / "feedback.jsonl"),
                       JsonlLog(tmp_path / "audit.jsonl"), pace=0)


def run_turn(chat, question, history=(), asked=(), records=None, filters=Filters(),
             problem="", user=None):
    return list(chat.respond(question, list(history), list(asked), dict(records or {}),
                             filters, problem, user))


@pytest.mark.slow
def test_chat_streams_then_shows_cited_sources(chat, engine):
    steps = run_turn(chat, QUESTION, user="officer1")
    assert len(steps) >= 3  # searching, partial text, final
    history, asked, records = steps[-1]
    assert asked == [QUESTION]
    assert [m["role"] for m in history] == ["user", "assistant"]
    final = history[-1]["content"]
    wiltshire = next(d for d in engine.documents() if d.file == WILTSHIRE)
    assert html.escape(wiltshire.meta.title) in final and "Sources (" in final
    assert 'href="https://the-siu.org.uk/' in final
    expected = engine.ask(QUESTION)
    assert sorted(unescape_marks(final)) == sorted(c.quote for c in expected.citations)
    partials = [h[-1]["content"] for h, _a, _r in steps[1:-1]]
    assert all("qa-streaming" in p for p in partials)
    record = records[1]
    assert record["question"] == QUESTION and record["citations"][0]["file"] == WILTSHIRE
    audit = chat.audit_log.read()
    assert audit[-1]["user"] == "officer1" and audit[-1]["answer"] == expected.text


@pytest.mark.slow
def test_the_web_chat_sends_a_turn_in_a_few_paced_messages(chat, engine):
    """What the app streams: searching, two growing parts of the text, the finished answer
    (the same as `respond` gives); the engine runs in a worker thread, the pauses awaited."""
    chat.pace = 0.02

    async def turn():
        began, steps = time.perf_counter(), []
        async for out in chat.respond_async(QUESTION, [], [], {}, Filters(), "", "officer1"):
            steps.append(out)
        return steps, time.perf_counter() - began

    steps, took = asyncio.run(turn())
    assert len(steps) == 4 and took >= 2 * chat.pace
    texts = [history[-1]["content"] for history, _a, _r in steps]
    assert "Searching the documents" in texts[0] and "qa-streaming" in texts[1]
    parts = [re.search(r'qa-text">(.*)<span class="qa-caret', t).group(1) for t in texts[1:3]]
    assert 0 < len(parts[0]) < len(parts[1]) and parts[1].startswith(parts[0])
    assert steps[-1] == run_turn(chat, QUESTION, user="officer1")[-1]
    assert "Sources (" in texts[-1] and "qa-streaming" not in texts[-1]
    assert steps[0][1] == [] and steps[-1][1] == [QUESTION]


@pytest.mark.slow
def test_an_empty_chat_is_a_new_conversation(chat):
    """An API client that keeps its session and sends an empty chat starts afresh."""
    history, asked, records = run_turn(chat, QUESTION)[-1]
    fresh, asked2, records2 = run_turn(chat, "and what about missing children?", [], asked,
                                       records)[-1]
    assert asked2 == ["and what about missing children?"] and list(records2) == [1]
    assert "Still about" not in fresh[-1]["content"]


@pytest.mark.slow
def test_follow_up_stays_on_the_force_of_the_conversation(chat):
    history, asked, records = run_turn(chat, QUESTION)[-1]
    history, asked, records = run_turn(chat, "and what about missing children?", history,
                                       asked, records)[-1]
    assert asked == [QUESTION, "and what about missing children?"]
    assert records[3]["forces"] == ["Wiltshire Police"]
    assert {c["file"] for c in records[3]["citations"]} == {WILTSHIRE}
    assert "Still about Wiltshire Police" in history[-1]["content"]
    other = run_turn(chat, "and in Gloucestershire?", history, asked, records)[-1]
    assert other[2][5]["forces"] == ["Gloucestershire Constabulary"]


@pytest.mark.slow
def test_filters_that_match_nothing_say_so(chat):
    flt, _ = make_filters(["Wiltshire Police"], [], "2030", "")
    (history, asked, _records), = run_turn(chat, QUESTION, filters=flt)
    assert "No documents match these filters" in history[-1]["content"]
    assert asked == []
    (history, _a, _r), = run_turn(chat, QUESTION, problem="“From” date is not a date.")
    assert "not a date" in history[-1]["content"]
    assert run_turn(chat, "   ") == [([], [], {})]


@pytest.mark.slow
def test_likes_and_dislikes_are_stored_with_the_answer(chat):
    _history, _asked, records = run_turn(chat, QUESTION)[-1]
    assert "saved" in chat.feedback(records, 1, True, "officer1")
    assert "saved" in chat.feedback(records, 1, False)
    assert "no answer" in chat.feedback(records, 0, True)
    like, dislike = chat.feedback_log.read()
    assert (like["vote"], like["user"], dislike["vote"]) == ("like", "officer1", "dislike")
    assert like["question"] == QUESTION and like["citations"] and like["answer"]
    assert like["filters"] == {"forces": [], "doc_types": [], "since": "", "until": ""}


@pytest.mark.slow
def test_excerpt_search_basket_and_exports(engine, tmp_path):
    from qa import webui_excerpts as ex
    found, note = ex.search(engine, "missing children", Filters())
    assert found and note == ""
    assert ex.search(engine, "", Filters())[1].startswith("Type a topic")
    assert "No documents match" in ex.search(engine, "x", Filters(forces=("Kent Police",)))[1]
    basket = ex.add(ex.add([], found[:2]), found[:3])
    assert [e.key for e in basket] == [e.key for e in found[:3]]
    basket = ex.remove(basket, found[1].key)
    assert [e.key for e in basket] == [found[0].key, found[2].key]
    assert ex.export_basket([]) == {}
    paths = ex.export_basket(basket, tmp_path)
    md = paths["md"].read_text(encoding="utf-8")
    assert found[0].title.split()[0] in md and md.count("Reference: ") == 2
    for e in basket:  # every excerpt is the document's own text at its offsets
        doc = next(d for d in engine.documents() if d.doc_id == e.doc_id)
        assert doc.text[e.start:e.end] == e.text
    assert paths["docx"].stat().st_size > 0 and "excerpt" in paths["csv"].read_text("utf-8-sig")


@pytest.mark.slow
def test_batch_upload_answers_into_the_chosen_format(engine, tmp_path):
    from qa.webui_batch import run_upload
    questions = tmp_path / "my questions.txt"
    questions.write_text(f"{QUESTION}\nWhat is GRIP in Gloucestershire?\n")
    ticks = []
    out = run_upload(engine, str(questions), "csv", 10**6, lambda d, t: ticks.append((d, t)))
    assert out.name == "my-questions-answers.csv" and ticks[-1] == (2, 2)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["question"] for r in rows] == [QUESTION, "What is GRIP in Gloucestershire?"]
    out = run_upload(engine, str(questions), "jsonl", 10**6)
    assert [json.loads(x)["question"] for x in out.read_text().splitlines()][0] == QUESTION
    with pytest.raises(InputFileError, match="question files"):
        run_upload(engine, str(tmp_path / "x.exe"), "csv", 10**6)
    with pytest.raises(InputFileError, match="choose"):
        run_upload(engine, None, "csv", 10**6)


@pytest.mark.slow
def test_upload_adds_readable_documents_and_names_the_rest(tmp_path, embedder):
    from qa.config import load_settings
    from qa.engine import Engine
    from qa.ingest import ingest
    from qa.webui_library import add_documents, chunk_counts
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / WILTSHIRE, corpus / WILTSHIRE)
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    ingest(settings, embedder=embedder)
    engine = Engine.open(settings, embedder)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    pdf = make_pdf(incoming / "Bicycle pilot.pdf", [
        "Lantern Vale bicycle patrol pilot.",
        "The bicycle patrol pilot recorded 412 cycle thefts in Glastonbury during 2024."])
    fake = incoming / "fake.pdf"
    fake.write_text("not really a pdf " * 30)
    (incoming / WILTSHIRE).write_bytes((corpus / WILTSHIRE).read_bytes())
    stages = []
    report = add_documents(settings, engine, [str(pdf), str(fake), str(incoming / WILTSHIRE)],
                           lambda s, d, t: stages.append(s), embedder=embedder)
    assert report.added == [("Bicycle pilot.pdf", "Bicycle-pilot.pdf")]
    assert report.refused == [("fake.pdf", "not a PDF (no %PDF header)"),
                              (WILTSHIRE, f"the same file is already in the library as "
                                          f"{WILTSHIRE}")]
    assert not (corpus / "fake.pdf").exists() and "embedding" in stages
    passages = engine.search("How many cycle thefts did the bicycle patrol record?")
    assert passages[0].doc.file == "Bicycle-pilot.pdf" and passages[0].chunk.page == 2
    assert chunk_counts(engine)[passages[0].doc.doc_id] >= 1


def test_warns_when_listening_beyond_this_machine_without_login():
    import app
    from qa.config import load_settings
    assert app.is_local("127.0.0.1") and app.is_local("localhost") and app.is_local("::1")
    assert not app.is_local("0.0.0.0") and not app.is_local("10.1.2.3")
    assert app.exposure_warning(load_settings(environ={})) == ""
    open_to_all = load_settings(environ={"QA_HOST": "0.0.0.0"})
    assert "QA_AUTH is not set" in app.exposure_warning(open_to_all)
    with_login = load_settings(environ={"QA_HOST": "0.0.0.0", "QA_AUTH": "a:b"})
    assert app.exposure_warning(with_login) == ""


def test_an_empty_library_says_how_to_fill_it():
    from qa.webui_filters import no_match_message
    assert "Library tab" in no_match_message(Filters())
    assert "Kent Police" in no_match_message(Filters(forces=("Kent Police",)))


@pytest.mark.slow
def test_a_failure_inside_the_engine_is_one_plain_line(engine, tmp_path, capsys):
    class Broken:
        def __getattr__(self, name):
            return getattr(engine, name)

        def ask(self, *args, **kwargs):
            raise RuntimeError("boom")

    chat = ChatService(Broken(), SourceFiles([]), JsonlLog(tmp_path / "f.jsonl"), pace=0)
    history, asked, _records = run_turn(chat, QUESTION)[-1]
    assert "Something went wrong" in history[-1]["content"] and asked == []
    assert "RuntimeError: boom" in capsys.readouterr().err


@pytest.mark.slow
def test_build_app_wires_every_tab_without_launching(engine):
    import gradio as gr
    import app
    demo = app.build_app(engine)
    assert isinstance(demo, gr.Blocks)
    names = {d.api_name for d in demo.fns.values() if d.api_visibility != "private"}
    assert "ask" in names  # the API for clients; the page's plumbing is private
    assert not names & {"search", "view", "upload", "answer", "like", "pick", "exports"}
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert {"qa-chat", "qa-forces", "qa-topic", "qa-batch-file", "qa-upload", "qa-library",
            "qa-drawer"} <= ids
