"""What every browser test module shares: `python app.py` on a free port (`running_app`, and the
module's `app` over a copy of the sample corpus), headless Debian chromium driven by
Playwright (`browser`, `page`, `sign_in`), and the steps users take in it (`ask`,
`start_batch`, `batch_answers`). Test modules import the fixtures they use from here."""
import csv
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, WILTSHIRE
from playwright.sync_api import expect

from bench.appproc import free_port, stop, wait_until_served

CHROMIUM = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
QUESTION = "What did Wiltshire change on domestic abuse training?"


@contextmanager
def running_app(base: Path, log_name: str = "app.log", **settings: str):
    """`python app.py` on a free port, its state (feedback, audit, database, log) under `base`
    and `settings` (QA_... variables) over the defaults; yields its URL and environment and
    stops it on exit."""
    port = free_port()
    env = {**os.environ, "QA_PORT": str(port), "QA_HOST": "127.0.0.1", "QA_AUTH": "",
           "QA_FEEDBACK": str(base / "feedback.jsonl"), "QA_AUDIT": str(base / "audit.jsonl"),
           "QA_DATABASE": str(base / "qa.sqlite3"), "QA_DATABASE_URL": "",
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", **settings}
    log = (base / log_name).open("w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, base / log_name)
        yield url, env
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app as users start it, on its own corpus and index; stopped after the module."""
    base = tmp_path_factory.mktemp("webapp")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    with running_app(base, QA_CORPUS=str(corpus), QA_INDEX=str(base / "index")) as (url, env):
        yield {"url": url, "base": base, "corpus": corpus, "env": env}


def wait_until_up(url: str, proc, log: Path, timeout: float = 300) -> None:
    try:
        wait_until_served(url, proc, timeout, poll=0.5)
    except RuntimeError as exc:
        pytest.fail(f"{exc}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run `make browser` (Debian's chromium package)")
    expect.set_options(timeout=30_000)  # a 2-core CI machine is slower than a laptop
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app["url"])
    page.wait_for_selector("#qa-question textarea")
    yield page
    context.close()


def ask(page, question: str, n: int = 1):
    """Type a question, press Enter, wait for the n-th finished answer; its element."""
    page.fill("#qa-question textarea", question)
    page.press("#qa-question textarea", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#qa-chat .qa-answer:not(.qa-streaming)').length >= n",
        arg=n, timeout=120_000)
    return page.locator("#qa-chat .qa-answer:not(.qa-streaming)").nth(n - 1)


def sign_in(browser, url: str, user: str, password: str, width: int = 1440,
            height: int = 900, address: str = ""):
    """A new browser (its own cookies) signed in as `user`, seen by the app as coming from
    `address` when one is given (as a reverse proxy on this machine would say); its page."""
    headers = {"X-Forwarded-For": address} if address else None
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True, extra_http_headers=headers)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("#qa-question textarea")
    return page


def start_batch(page, questions: Path, fmt: str = "") -> None:
    """Upload a question file on the Batch tab (answers in `fmt`, if given) and run it."""
    page.click("button[role=tab]:has-text('Batch')")
    page.locator("#qa-batch-file input[type=file]").set_input_files(str(questions))
    if fmt:
        page.get_by_label(fmt).check()
    page.wait_for_timeout(500)
    page.click("#qa-batch-run")


def batch_answers(page) -> str:
    """The answers file of the batch just run, once it is ready, as text."""
    page.wait_for_selector("#qa-batch-status .qa-ok", timeout=120_000)
    with page.expect_download() as download:
        page.locator("#qa-batch-out a[download]").first.click()
    return Path(download.value.path()).read_text(encoding="utf-8")


def wiltshire_title(app) -> str:
    rows = csv.DictReader((app["corpus"] / "catalog.csv").open(encoding="utf-8"))
    return next(r["title"] for r in rows if r["file"] == WILTSHIRE)


def upload(page, *paths: Path) -> str:
    """Add files in the Library tab; the upload report's text."""
    page.click("button[role=tab]:has-text('Library')")
    page.locator("#qa-upload input[type=file]").set_input_files([str(p) for p in paths])
    for p in paths:  # Gradio shows the stem and the extension in separate elements
        expect(page.locator("#qa-upload")).to_contain_text(p.stem)
    page.wait_for_timeout(500)
    page.click("#qa-upload-go")
    page.wait_for_selector("#qa-upload-report .qa-upload", timeout=180_000)
    report = page.locator("#qa-upload-report").inner_text()
    page.click("button[role=tab]:has-text('Ask')")
    return report
