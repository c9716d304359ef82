"""The app's state in its database, driven in headless chromium: a signed-in user's
conversation history (listed, searched, reopened after a reload, renamed, exported,
deleted, nobody else's), Copy and Ask again, the login page (nothing of the library before
sign-in, the user name kept, waits then a lock per user and per address, Sign out), and the
audit log that only an administrator downloads, with every question, search, batch and
upload in it."""
import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import CORPUS
from playwright.sync_api import expect
from browser_app import QUESTION, ask, browser, running_app, start_batch  # noqa: F401
from browser_app import sign_in as signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FOLLOW_UP = "and what about missing children?"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app with a login: officer and trainer read, boss administers; failed sign-ins
    wait after 2 and lock after 3, so that a test reaches the lock in a few tries."""
    base = tmp_path_factory.mktemp("stateapp")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    with running_app(base, QA_CORPUS=str(corpus), QA_INDEX=str(base / "index"),
                     QA_DATABASE=str(base / "qa.db"),
                     QA_AUTH="officer:s3cret,trainer:pw2,boss:b0ss", QA_ADMINS="boss",
                     QA_LOGIN_DELAY_AFTER="2", QA_LOGIN_LOCK_AFTER="3") as (url, env):
        yield {"url": url, "env": env, "base": base}


def audit_entries(app) -> list[dict]:
    from qa.config import load_settings
    from qa.web.db import open_store
    return open_store(load_settings(environ=app["env"])).audit.entries()


def sign_in(browser, app, user: str, password: str, address: str):  # noqa: F811
    return signed_in(browser, app["url"], user, password, address=address)


def save(page, button: str, name: str):
    """The download behind `button` once it is the file `name` (the exports are made again
    when a conversation is renamed; the list may show the new title a moment before)."""
    for _ in range(40):
        with page.expect_download() as download:
            page.click(button)
        if download.value.suggested_filename == name:
            return download.value
        page.wait_for_timeout(250)
    raise AssertionError(f"{button} never offered {name}: {download.value.suggested_filename}")


def history_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#qa-history-list label").all_inner_texts()]


def test_a_users_conversations_are_kept_listed_searched_exported_and_deleted(browser, app):  # noqa: F811
    page = sign_in(browser, app, "officer", "s3cret", "10.1.0.1")
    ask(page, QUESTION)
    ask(page, FOLLOW_UP, n=2)
    expect(page.locator("#qa-history-list label")).to_have_count(1)
    page.reload()  # the conversation outlives the page
    page.wait_for_selector("#qa-question textarea")
    expect(page.locator("#qa-history-list label")).to_have_count(1)
    assert history_titles(page)[0].startswith(QUESTION)
    assert page.locator("#qa-chat .qa-answer").count() == 0
    page.locator("#qa-history-list label").first.click()  # reopened as it was shown
    expect(page.locator("#qa-chat .qa-q")).to_have_count(2)
    assert page.locator("#qa-chat .qa-q").all_inner_texts() == [QUESTION, FOLLOW_UP]
    assert page.locator("#qa-chat .qa-answer .qa-src").count() >= 2
    follow = ask(page, "and what about training on stalking?", n=3)  # the force carries on
    assert "Still about Wiltshire Police" in follow.inner_text()
    page.fill("#qa-history-search input, #qa-history-search textarea", "missing")
    expect(page.locator("#qa-history-list label")).to_have_count(1)
    page.fill("#qa-history-search input, #qa-history-search textarea", "Gloucestershire")
    expect(page.locator("#qa-history-list label")).to_have_count(0)
    page.fill("#qa-history-search input, #qa-history-search textarea", "")
    page.fill("#qa-history-title input, #qa-history-title textarea", "Wiltshire training")
    page.click("#qa-history-rename")
    expect(page.locator("#qa-history-list")).to_contain_text("Wiltshire training")
    download = save(page, "#qa-history-md", "Wiltshire-training.md")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# Wiltshire training") and "## 2. and what about missing" in text
    assert "\\[1\\]" in text and "Sources:" in text and "   > " in text  # [1], escaped
    download = save(page, "#qa-history-docx", "Wiltshire-training.docx")
    from docx import Document
    words = "\n".join(p.text for p in Document(download.path()).paragraphs)
    assert QUESTION in words and "Wiltshire" in words
    # another user sees none of it
    other = sign_in(browser, app, "trainer", "pw2", "10.1.0.2")
    expect(other.locator("#qa-history-search")).to_be_visible()
    assert history_titles(other) == []
    other.context.close()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#qa-history-delete")
    expect(page.locator("#qa-history-list label")).to_have_count(0)
    expect(page.locator("#qa-chat .qa-answer")).to_have_count(0)
    page.reload()
    page.wait_for_selector("#qa-question textarea")
    expect(page.locator("#qa-history-search")).to_be_visible()
    assert history_titles(page) == []
    page.context.close()


def test_copy_and_ask_again_under_an_answer(browser, app):  # noqa: F811
    page = sign_in(browser, app, "trainer", "pw2", "10.1.0.3")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    answer = ask(page, QUESTION)
    page.locator("#qa-chat a.qa-copy").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert answer.locator(".qa-text").inner_text() in copied
    assert answer.locator(".qa-title").first.inner_text() in copied
    page.locator("#qa-chat a.qa-again").first.click()
    page.wait_for_function(
        "() => document.querySelectorAll('#qa-chat .qa-answer:not(.qa-streaming)').length >= 2",
        timeout=120_000)
    assert page.locator("#qa-chat .qa-q").all_inner_texts() == [QUESTION, QUESTION]
    page.context.close()


def test_the_login_page_shows_nothing_keeps_the_name_then_waits_and_locks(browser, app):  # noqa: F811
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": "10.2.0.1"})
    page = context.new_page()
    page.goto(app["url"])
    assert page.title() == "Sign in · Inspection assistant"
    source = page.content()
    assert "Wiltshire" not in source and "gradio_api" not in source and "inspection report" \
        not in source
    assert page.request.get(app["url"] + "gradio_api/info").status == 401
    assert page.request.get(app["url"] + "config").status == 401

    def attempt(user: str, password: str) -> str:
        page.fill("#username", user)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_selector("#qa-login")
        return page.locator(".qa-login-error").inner_text()

    assert attempt("officer", "wrong") == "Wrong user name or password."
    assert page.input_value("#username") == "officer"  # kept; the password is not
    assert page.input_value("#password") == ""
    assert "wait 2 s" in attempt("officer", "wrong again")  # the second failure: a wait
    assert "wait" in attempt("officer", "s3cret")  # during the wait not even checked
    time.sleep(2.1)  # let the wait pass (what is measured is the refusal, not the time)
    assert "locked for 15 minutes" in attempt("officer", "wrong a third time")
    assert "locked" in attempt("officer", "s3cret")  # the right password is refused now
    assert "locked" in attempt("trainer", "pw2")  # so is anyone from this address
    context.close()
    # from another address the locked user name is still refused; other users are not
    other = browser.new_context(extra_http_headers={"X-Forwarded-For": "10.2.0.2"})
    page = other.new_page()
    page.goto(app["url"])
    page.fill("#username", "officer")
    page.fill("#password", "s3cret")
    page.click("button[type=submit]")
    expect(page.locator(".qa-login-error")).to_contain_text("locked")
    other.close()
    entries = [e for e in audit_entries(app) if e["address"] in ("10.2.0.1", "10.2.0.2")]
    actions = [e["action"] for e in entries]
    assert actions.count("sign-in locked") == 1 and "sign-in" not in actions
    assert actions.count("sign-in refused") == len(actions) - 1


def test_only_an_administrator_downloads_the_audit_log_with_everything_in_it(
        browser, app, tmp_path):  # noqa: F811
    reader = sign_in(browser, app, "trainer", "pw2", "10.3.0.1")
    expect(reader.locator("#qa-account")).to_contain_text("trainer (reader)")
    ask(reader, QUESTION)
    assert reader.locator("#qa-audit-btn").is_hidden()
    reader.click("button[role=tab]:has-text('Library')")  # readers do not change the library
    expect(reader.locator("#qa-library")).to_contain_text("Wiltshire")
    assert reader.locator("#qa-upload").count() == 0 or reader.locator("#qa-upload").is_hidden()
    reader.click("button[role=tab]:has-text('Excerpts')")
    reader.fill("#qa-topic textarea, #qa-topic input", "missing children")
    reader.press("#qa-topic textarea, #qa-topic input", "Enter")
    reader.wait_for_selector(".qa-result .qa-src")
    questions = tmp_path / "questions.txt"
    questions.write_text("What is GRIP in Gloucestershire?\n", encoding="utf-8")
    start_batch(reader, questions)
    reader.wait_for_selector("#qa-batch-status .qa-ok", timeout=120_000)
    reader.click("#qa-logout")  # Sign out: back to the login page, and the app is closed
    reader.wait_for_selector("#qa-login")
    reader.goto(app["url"])
    reader.wait_for_selector("#qa-login")
    reader.context.close()

    admin = sign_in(browser, app, "boss", "b0ss", "10.3.0.2")
    expect(admin.locator("#qa-account")).to_contain_text("boss (administrator)")
    admin.set_viewport_size({"width": 1366, "height": 768})  # "Sign out" is not cut in two
    assert admin.locator("#qa-logout").evaluate("a => a.getClientRects().length") == 1
    note = tmp_path / "lantern-note.txt"
    note.write_text("Lantern Vale police held a bicycle marking day in 2024.\n")
    admin.click("button[role=tab]:has-text('Library')")
    admin.locator("#qa-upload input[type=file]").set_input_files(str(note))
    expect(admin.locator("#qa-upload")).to_contain_text("lantern-note")
    admin.wait_for_timeout(500)
    admin.click("#qa-upload-go")
    admin.wait_for_selector("#qa-upload-report .qa-upload", timeout=180_000)
    admin.click("#qa-audit-btn")
    with admin.expect_download() as download:
        admin.locator("#qa-audit-file a[download]").first.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(x) for x in lines]
    mine = [(e["user"], e["action"], e["question"]) for e in entries
            if e["address"] in ("10.3.0.1", "10.3.0.2")]
    assert ("trainer", "question", QUESTION) in mine
    assert ("trainer", "excerpt search", "missing children") in mine
    assert ("trainer", "batch question", "What is GRIP in Gloucestershire?") in mine
    assert ("trainer", "sign-out", None) in mine
    upload = next(e for e in entries if e["action"] == "upload")
    assert (upload["user"], upload["file"]) == ("boss", "lantern-note.txt")
    admin.context.close()
