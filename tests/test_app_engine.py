"""The web app's handlers against the real engine (called directly, no browser): the chat
turn with history, streaming, feedback and audit, excerpts, batch, library uploads and
the app's wiring."""
import asyncio
import csv
import html
import io
import json
import re
import shutil
import time

import pytest
from conftest import CORPUS, WILTSHIRE, make_pdf, unescape_marks

from qa.errors import InputFileError
from qa.types import Filters
from qa.config import load_settings
from qa.web.chat import Asker, ChatService
from qa.web.db import open_store
from qa.web.db.audit import Actor
from qa.web.filters import make_filters
from qa.web.html import SourceFiles

QUESTION = "What did Wiltshire change on domestic abuse training?"


@pytest.fixture
def chat(engine, tmp_path):
    files = SourceFiles([engine.settings.corpus])
    return ChatService(engine, files, open_store(load_settings()), pace=0)


def asker(user=None) -> Asker:
    return Asker(Actor(user, "127.0.0.1"), f"user:{user}")


def run_turn(chat, question, history=(), asked=(), records=None, filters=Filters(),
             problem="", user=None, conversation=""):
    """Every message of a chat turn, as the web app streams them (without pauses when the
    chat's pace is 0), each (history, asked, records); the conversation's id is left out."""
    async def turn():
        return [out[:3] async for out in chat.respond_async(
            question, list(history), list(asked), dict(records or {}), filters, problem,
            asker(user), conversation)]
    return asyncio.run(turn())


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
    audit = chat.store.audit.entries()
    assert audit[-1]["user"] == "officer1" and audit[-1]["answer"] == expected.text
    assert (audit[-1]["action"], audit[-1]["question"]) == ("question", QUESTION)
    (kept,) = chat.store.conversations.list("user:officer1")
    (turn,) = chat.store.conversations.turns("user:officer1", kept.id)
    assert turn.answer_html == final and turn.record == record  # the history, as shown


@pytest.mark.slow
def test_the_web_chat_sends_a_turn_in_a_few_paced_messages(chat, engine):
    """What the app streams: searching, two growing parts of the text, the finished answer
    (the same again at pace 0); the engine runs in a worker thread, the pauses awaited."""
    chat.pace = 0.02

    async def turn():
        began, steps = time.perf_counter(), []
        async for out in chat.respond_async(QUESTION, [], [], {}, Filters(), "",
                                            asker("officer1")):
            steps.append(out[:3])
        return steps, time.perf_counter() - began

    steps, took = asyncio.run(turn())
    assert len(steps) == 4 and took >= 2 * chat.pace
    texts = [history[-1]["content"] for history, _a, _r in steps]
    assert "Searching the documents" in texts[0] and "qa-streaming" in texts[1]
    parts = [re.search(r'qa-text">(.*)<span class="qa-caret', t).group(1) for t in texts[1:3]]
    assert 0 < len(parts[0]) < len(parts[1]) and parts[1].startswith(parts[0])
    again = run_turn(chat, QUESTION, user="officer1")[-1]
    assert steps[-1][0] == again[0] and steps[-1][1:] == again[1:]
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
def test_a_declined_question_does_not_set_the_conversations_force(chat):
    """Issue 13: after a declined question about a force, the next unrelated questions are
    not limited to it (in the chat, and in the conversation reopened from the history)."""
    from qa.web.history import reopen

    async def turn(question, history=(), asked=(), records=None, conversation=""):
        return [out async for out in chat.respond_async(
            question, list(history), list(asked), dict(records or {}), Filters(), "",
            asker("officer1"), conversation)][-1]
    steps = [asyncio.run(turn("What did inspectors say about Cumbria?"))]
    assert steps[0][2][1]["refused"] and "Cumbria" in steps[0][2][1]["answer"]
    for question in ("What did the inspectors find about missing children?",
                     "What did the force change on domestic abuse training?"):
        steps.append(asyncio.run(turn(question, *steps[-1])))
        record = steps[-1][2][len(steps[-1][0]) - 1]
        assert not record["refused"] and "Cumbria" not in steps[-1][0][-1]["content"]
        assert "Cumbria Constabulary" not in record["forces"]
    assert steps[-1][1] == ["What did the inspectors find about missing children?",
                            "What did the force change on domestic abuse training?"]
    assert reopen(chat.store, "user:officer1", steps[-1][3])[1] == steps[-1][1]


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
    like, dislike = chat.store.feedback.entries()
    assert (like["vote"], like["user"], dislike["vote"]) == ("like", "officer1", "dislike")
    assert like["question"] == QUESTION and like["citations"] and like["answer"]
    assert like["filters"] == {"forces": [], "doc_types": [], "since": "", "until": ""}


@pytest.mark.slow
def test_excerpt_search_basket_and_exports(engine, tmp_path):
    from qa.web import excerpts as ex
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
    from qa.web.batch import run_upload
    questions = tmp_path / "my questions.txt"
    questions.write_text(f"{QUESTION}\nWhat is GRIP in Gloucestershire?\n")
    ticks = []
    out, note = run_upload(engine, str(questions), "csv", 10**6,
                           lambda d, t: ticks.append((d, t)))
    assert out.name == "my-questions-answers.csv" and ticks[-1] == (2, 2)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    declined = sum(r["refused"] == "true" for r in rows)  # what the tab says it did
    assert note == f"2 questions: {2 - declined} answered, {declined} declined."
    assert [r["question"] for r in rows] == [QUESTION, "What is GRIP in Gloucestershire?"]
    out, _ = run_upload(engine, str(questions), "jsonl", 10**6)
    assert [json.loads(x)["question"] for x in out.read_text().splitlines()][0] == QUESTION
    with pytest.raises(InputFileError, match="question files"):
        run_upload(engine, str(tmp_path / "x.exe"), "csv", 10**6)
    with pytest.raises(InputFileError, match="choose"):
        run_upload(engine, None, "csv", 10**6)


@pytest.mark.slow
def test_upload_adds_readable_documents_and_names_the_rest(tmp_path, embedder):
    from qa.ask.engine import Engine
    from qa.config import load_settings
    from qa.ingest.build import ingest
    from qa.web.library import add_documents, chunk_counts
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
    from qa.web.filters import no_match_message
    assert "Library tab" in no_match_message(Filters())
    assert "Kent Police" in no_match_message(Filters(forces=("Kent Police",)))


@pytest.mark.slow
def test_a_failure_inside_the_engine_is_one_plain_line(engine, tmp_path, capsys):
    class Broken:
        def __getattr__(self, name):
            return getattr(engine, name)

        def ask(self, *args, **kwargs):
            raise RuntimeError("boom")

    chat = ChatService(Broken(), SourceFiles([]), None, pace=0)
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


def test_quotes_lying_close_together_share_one_source_card():
    """Two quotes a few words apart in one document are shown in one card, both marked; a
    quote far away in the same document gets a card of its own."""
    from qa.types import Answer, Citation, Document, Metadata, Page
    from qa.web.html import render_answer
    text = ("The force needs to improve in several areas:\n- how it records children reported "
            "missing from home;\n- how it shares information with partners.\n" + "Filler. " * 200
            + "Much later, inspectors praised the control room.")
    doc = Document("d1", "d.txt", text, (Page(1, 0, len(text)),), Metadata(title="T"))
    quotes = ["how it records children reported missing from home;",
              "how it shares information with partners.",
              "Much later, inspectors praised the control room."]
    cites = tuple(Citation(n, doc, 1, q, text.index(q), text.index(q) + len(q))
                  for n, q in enumerate(quotes, start=1))
    answer = Answer("q", "a [1] b [2] c [3].", False, cites, ())
    page = render_answer(answer, SourceFiles([]))
    cards = re.findall(r'<div class="qa-src">.*?</blockquote>', page, flags=re.S)
    assert len(cards) == 2
    assert [m.strip() for m in unescape_marks(cards[0])] == [q.strip() for q in quotes[:2]]
    assert unescape_marks(cards[1]) == [quotes[2]]


def test_a_comparison_says_which_citations_are_about_which_force(engine):
    from qa.web.html import render_answer
    answer = engine.ask("How do Staffs and Wilts compare on missing children?")
    page = render_answer(answer, SourceFiles([]))
    line = re.search(r'<p class="qa-by-force">(.*?)</p>', page).group(1)
    assert "Staffordshire Police: [" in line and "Wiltshire Police: [" in line
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
    assert sorted(numbers) == [c.n for c in answer.citations]
    single_answer = engine.ask("What did Wiltshire change on domestic abuse training?")
    assert "qa-by-force" not in render_answer(single_answer, SourceFiles([]))
    # the terminal says so too
    from qa.outputs.render import answer_text
    said = re.search(r"^By force: (.*)$", answer_text(answer, width=1000), re.M).group(1)
    assert said == html.unescape(line)
    assert "By force" not in answer_text(single_answer)
