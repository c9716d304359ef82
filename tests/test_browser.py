"""End to end: `python app.py` on a free port over a copy of the sample corpus, driven in
headless Debian chromium by Playwright (including uploads: a PDF, and a document full of HTML
and script), and 20 questions sent at once from separate client sessions.

Set QA_SCREENSHOT=docs/screenshot.png to save the README's screenshot of the chat."""
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from browser_app import (QUESTION, app, ask, batch_answers, browser,  # noqa: F401  (fixtures)
                         page, running_app, start_batch, upload, wiltshire_title)
from conftest import ROOT, WILTSHIRE, make_pdf
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVIL_TITLE = "The Lantern <b>Parade</b> <script>window.__pwned=1</script> review"
EVIL = (f"{EVIL_TITLE}\n\nCumbria Constabulary ran the lantern parade safety review in 2024. "
        "The review found that parade marshals <img src=x onerror=\"window.__pwned=2\"> needed "
        "better radios ${window.__pwned=3} {{constructor.constructor('window.__pwned=4')()}}. "
        "See [the plan](javascript:window.__pwned=5) for details & more.\n")



def test_officer_asks_and_checks_the_cited_passage(page, app):
    answer = ask(page, QUESTION)
    assert "Domestic Abuse Matters" in answer.locator(".qa-text").inner_text()
    assert answer.locator("a.qa-cite").count() >= 1
    source = answer.locator(".qa-src").first
    assert source.locator(".qa-title").inner_text() == wiltshire_title(app)
    link = source.locator("a.qa-open")
    assert link.get_attribute("href").startswith("https://the-siu.org.uk/")
    assert link.get_attribute("target") == "_blank"
    quote = source.locator("mark").first.inner_text()
    if os.environ.get("QA_SCREENSHOT"):
        page.locator("#qa-chat .qa-q").first.scroll_into_view_if_needed()
        page.wait_for_timeout(1500)  # the conversations panel is greyed while it updates
        page.screenshot(path=str(ROOT / os.environ["QA_SCREENSHOT"]))
    source.locator("a.qa-view").click()  # open the source: the whole document, quote marked
    page.wait_for_selector("#qa-drawer .qa-hit")
    assert page.locator("#qa-drawer h3").inner_text() == wiltshire_title(app)
    assert quote.split("\n")[0] in page.locator("#qa-drawer .qa-hit").first.inner_text()
    page.click("#qa-drawer-close")
    expect(page.locator("#qa-drawer")).to_be_hidden()


def test_the_answer_streams_in_then_shows_its_sources(page):
    page.evaluate("""() => {
      window.__parts = [];
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('#qa-chat .qa-streaming .qa-text'))
          window.__parts.push(p.innerText.replace('▍', '').trim());
      }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")
    page.fill("#qa-question textarea", QUESTION)
    page.press("#qa-question textarea", "Enter")
    expect(page.locator("#qa-question textarea")).to_have_value("")  # free for the next one
    expect(page.locator("#qa-chat .qa-q")).to_have_text(QUESTION)
    answer = page.locator("#qa-chat .qa-answer:not(.qa-streaming)").first
    expect(answer.locator(".qa-src").first).to_be_visible()
    final = answer.locator(".qa-text").inner_text()
    parts = [p for p in page.evaluate("window.__parts") if p and "Searching" not in p]
    assert parts, "no part of the answer was shown before the finished answer"
    assert all(final.startswith(p) and len(p) < len(final) for p in parts)


def test_follow_up_stays_on_wiltshire(page):
    # the follow-up is sent once the first answer has begun, maybe still coming in: it waits.
    # (Sent within milliseconds of the first Enter, before the browser has even sent the first
    # request, Gradio's own event bookkeeping can lose one of the two: faster than anyone types.)
    page.fill("#qa-question textarea", QUESTION)
    page.press("#qa-question textarea", "Enter")
    page.wait_for_selector("#qa-chat .qa-answer", timeout=120_000)
    answer = ask(page, "and what about missing children?", n=2)
    assert QUESTION in page.locator("#qa-chat .qa-q").first.inner_text()
    assert "missing" in answer.locator(".qa-text").inner_text()
    assert "Still about Wiltshire Police" in answer.inner_text()
    titles = answer.locator(".qa-src .qa-title").all_inner_texts()
    assert titles and all("Wiltshire" in t for t in titles)


def test_a_follow_up_does_not_repeat_the_previous_answer(page):
    """#13: a follow-up on the same topic repeated the previous answer's sentences in a new
    order. The chat gives the engine the quotes already shown: the follow-up cites something
    new and repeats at most one earlier sentence."""
    first = ask(page, QUESTION)
    before = set(first.locator(".qa-src mark").all_inner_texts())
    assert len(before) >= 2
    follow = ask(page, "And what else changed on domestic abuse training there?", n=2)
    quotes = follow.locator(".qa-src mark").all_inner_texts()
    assert any(q not in before for q in quotes)
    assert sum(q in before for q in quotes) <= 1


def test_document_html_is_shown_as_text_and_runs_nothing(page, tmp_path):
    evil = tmp_path / "lantern.txt"
    evil.write_text(EVIL, encoding="utf-8")
    assert "Added lantern.txt" in upload(page, evil)
    answer = ask(page, "What did the Cumbria lantern parade safety review find about marshals?")
    card = answer.locator(".qa-src").first
    assert card.locator(".qa-title").inner_text() == EVIL_TITLE
    passage = card.locator(".qa-passage").inner_text()
    assert '<img src=x onerror="window.__pwned=2">' in passage
    assert "[the plan](javascript:window.__pwned=5)" in passage and "${window.__pwned=3}" in passage
    card.locator("a.qa-view").click()
    page.wait_for_selector("#qa-drawer .qa-doc")
    assert "<script>window.__pwned=1</script>" in page.locator("#qa-drawer .qa-doc").inner_text()
    page.click("#qa-drawer-close")
    page.click("button[role=tab]:has-text('Library')")
    expect(page.locator("#qa-library")).to_contain_text(EVIL_TITLE)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:')"
                         ".length") == 0


def test_trainer_collects_excerpts_and_downloads_markdown(page):
    page.click("button[role=tab]:has-text('Excerpts')")
    page.fill("#qa-topic textarea, #qa-topic input", "missing children")
    page.press("#qa-topic textarea, #qa-topic input", "Enter")
    page.wait_for_selector(".qa-result .qa-src")
    first_title = page.locator(".qa-result .qa-title").first.inner_text()
    page.locator(".qa-result button.qa-add").first.click()
    expect(page.locator(".qa-basket-item .qa-src")).to_have_count(1)
    expect(page.locator("#qa-basket-summary")).to_contain_text("1 excerpt from 1 document")
    expect(page.locator("#qa-dl-md")).to_be_enabled()
    with page.expect_download() as download:
        page.click("#qa-dl-md")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Excerpts") and first_title.split()[0] in text
    assert "Reference: " in text and "p. 1" in text
    page.locator(".qa-basket-item button.qa-remove").first.click()
    expect(page.locator(".qa-basket-item")).to_have_count(0)
    expect(page.locator("#qa-basket-summary")).to_contain_text("basket is empty")
    expect(page.locator("#qa-dl-md")).to_be_disabled()


def test_analyst_answers_a_question_file(page, tmp_path):
    questions = tmp_path / "questions.txt"
    questions.write_text(f"{QUESTION}\nWhat is GRIP in Gloucestershire?\n", encoding="utf-8")
    start_batch(page, questions, "md")
    text = batch_answers(page)
    assert text.startswith("# Answers") and text.count("## ") == 2
    assert "Domestic Abuse Matters" in text


def test_uploaded_pdf_answers_what_only_it_contains(page, app, tmp_path):
    pdf = make_pdf(tmp_path / "Lantern Vale cycle review.pdf", [
        "Lantern Vale community safety partnership: cycle crime review.",
        "The bicycle patrol pilot recorded 412 cycle thefts in Glastonbury during 2024."],
        title="Lantern Vale cycle crime review")
    fake = tmp_path / "notes.pdf"
    fake.write_text("plain text pretending to be a PDF " * 20)
    report = upload(page, pdf, fake)
    assert "Added Lantern Vale cycle review.pdf as Lantern-Vale-cycle-review.pdf" in report
    assert "Not added notes.pdf: not a PDF" in report
    assert (app["corpus"] / "Lantern-Vale-cycle-review.pdf").is_file()
    assert not (app["corpus"] / "notes.pdf").exists()
    page.click("button[role=tab]:has-text('Library')")
    expect(page.locator("#qa-library")).to_contain_text("Lantern Vale cycle crime review")
    page.click("button[role=tab]:has-text('Ask')")
    answer = ask(page, "How many cycle thefts did the bicycle patrol pilot record in "
                       "Glastonbury?")
    assert "412" in answer.locator(".qa-text").inner_text()
    source = answer.locator(".qa-src").first
    assert source.locator(".qa-title").inner_text() == "Lantern Vale cycle crime review"
    href = source.locator("a.qa-open").get_attribute("href")
    assert href.startswith("qa-source/") and href.endswith(".pdf#page=2")  # by id, no path
    served = page.request.get(app["url"] + href.split("#")[0])
    assert served.ok and served.headers["content-type"] == "application/pdf"
    assert served.body() == pdf.read_bytes()
    raw = page.request.get(app["url"] + "gradio_api/file=" + str(app["corpus"] / WILTSHIRE))
    assert raw.status == 403  # corpus files are never served raw
    raw = page.request.get(app["url"] + "gradio_api/file="
                           + str(app["corpus"] / "Lantern-Vale-cycle-review.pdf"))
    assert raw.status == 403  # nor even the PDFs, by path
    wiltshire = page.locator("#qa-library a.qa-title", has_text=wiltshire_title(app)).first
    assert page.request.get(app["url"] + "qa-source/" + wiltshire.get_attribute("href")
                            .split("/")[1] + ".pdf").status == 404  # not a PDF: not served


def test_twenty_questions_at_once_from_separate_sessions(app, embedder):
    """Each concurrent answer equals the one the engine gives on its own for that question."""
    from gradio_client import Client

    from qa.ask.engine import Engine
    from qa.config import load_settings
    from qa.web.html import answer_text, render_question
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "eval" / "questions.jsonl").read_text().splitlines()[:20]]
    engine = Engine.open(load_settings(environ=app["env"]), embedder)
    expected = {}
    for q in questions:
        alone = engine.ask(q)
        expected[q] = answer_text(alone.text, alone.citations)

    def one(question: str) -> str:
        client = Client(app["url"], verbose=False)  # a session of its own
        chat = client.predict(question, [], [], [], "", "", api_name="/ask")  # the chat
        assert chat[0]["content"][0]["text"] == render_question(question)
        return chat[-1]["content"][0]["text"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(one, questions))
    for question, html in zip(questions, answers):
        assert f'<p class="qa-text">{expected[question]}</p>' in html, question


@pytest.fixture(scope="module")
def app_with_login(app):
    """A second server over the same index with QA_AUTH set."""
    settings = {k: v for k, v in app["env"].items() if k in ("QA_CORPUS", "QA_INDEX")}
    with running_app(app["base"], "app-login.log", QA_AUTH="officer:s3cret, trainer:pw2",
                     QA_DATABASE=str(app["base"] / "qa-login.sqlite3"), **settings) as (url, env):
        yield {"url": url, "env": env}


def test_login_is_required_and_the_audit_names_the_user(browser, app_with_login):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_with_login["url"])
    page.wait_for_selector("input[type=password]")
    assert page.locator("#qa-question").count() == 0
    page.locator("input[type=text], input:not([type])").first.fill("officer")
    page.fill("input[type=password]", "s3cret")
    page.keyboard.press("Enter")
    page.wait_for_selector("#qa-question textarea")
    ask(page, QUESTION)
    context.close()
    from qa.config import load_settings
    from qa.web.db import open_store
    records = [e for e in open_store(load_settings(environ=app_with_login["env"])).audit
               .entries() if e["action"] == "question"]
    assert records[-1]["user"] == "officer" and records[-1]["question"] == QUESTION
    assert records[-1]["citations"] and records[-1]["answer"]


def test_an_example_question_is_answered_on_click(page, app):
    page.get_by_text(QUESTION).first.click()
    answer = page.locator("#qa-chat .qa-answer:not(.qa-streaming)").first
    expect(answer.locator(".qa-title").first).to_have_text(wiltshire_title(app))
    expect(page.locator("#qa-chat .qa-q")).to_have_text(QUESTION)


def test_filters_apply_until_changed(page):
    page.fill("#qa-since input, #qa-since textarea", "2030")
    answer = ask(page, QUESTION)
    assert "No documents match these filters (from 2030)" in answer.inner_text()
    page.fill("#qa-since input, #qa-since textarea", "2023-09")
    page.fill("#qa-until input, #qa-until textarea", "2023-09")
    answer = ask(page, "What did the inspectors find about missing children?", n=2)
    dates = answer.locator(".qa-src .qa-meta").all_inner_texts()
    assert dates and all("Sep 2023" in d for d in dates)


def test_without_a_login_each_browser_keeps_its_own_conversations(browser, app):
    def fresh_page():
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.set_default_timeout(60_000)
        page.goto(app["url"])
        page.wait_for_selector("#qa-question textarea")
        return page

    page = fresh_page()
    question = "What has Warwickshire done about the rise in online child sexual abuse?"
    ask(page, question)
    page.reload()
    page.wait_for_selector("#qa-question textarea")
    expect(page.locator("#qa-history-list label")).to_have_count(1)
    expect(page.locator("#qa-history-list")).to_contain_text(question)
    other = fresh_page()  # another browser: its own cookie, none of the first one's history
    ask(other, QUESTION)
    expect(other.locator("#qa-history-list label")).to_have_count(1)
    expect(other.locator("#qa-history-list")).to_contain_text(QUESTION)
    other.context.close()
    page.context.close()
