"""The README's screenshots of the conversations panel and the library editor, taken again
whenever the app's look changes:

    python -m bench.screenshots            # writes docs/screenshot-history.png and
                                           # docs/screenshot-library.png

Starts `python app.py` on a free port over a copy of the sample corpus (its own index and
database in a temporary folder), asks a few questions in two conversations, opens the
library editor on one document, and photographs both in headless Debian chromium.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.appproc import free_port, stop, wait_until_served

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CONVERSATIONS = [["What did Wiltshire change on domestic abuse training?",
                  "and what about missing children?"],
                 ["What is the Gloucestershire Rapid Improvement Plan?"]]


def ask(page, question: str, n: int) -> None:
    page.fill("#qa-question textarea", question)
    page.press("#qa-question textarea", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#qa-chat .qa-answer:not(.qa-streaming)').length >= n",
        arg=n, timeout=180_000)


def photograph(url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(120_000)
        page.goto(url)
        page.wait_for_selector("#qa-question textarea")
        for i, questions in enumerate(CONVERSATIONS):
            if i:
                page.click("#qa-new")
            for n, question in enumerate(questions, start=1):
                ask(page, question, n)
        page.wait_for_function("document.querySelectorAll('#qa-history-list label').length"
                               f" >= {len(CONVERSATIONS)}")
        page.locator("#qa-history-list label").nth(1).click()  # the first, reopened
        page.wait_for_function("document.querySelectorAll('#qa-chat .qa-q').length >= 2")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "screenshot-history.png"))
        page.click("button[role=tab]:has-text('Library')")
        page.wait_for_selector("#qa-library table.qa-library")
        page.locator("#qa-add-docs button, #qa-add-docs .label-wrap").first.click()  # fold
        page.locator("#qa-library tbody tr", has=page.locator(
            ".qa-file:has-text('003_')")).locator(".qa-lib-edit").click()
        page.wait_for_selector("#qa-lib-editor", state="visible")
        page.set_viewport_size({"width": 1366, "height": 1200})  # the editor and the table
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "screenshot-library.png"))
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs",
                        help="folder for the two PNG files (default docs/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qa-shots-") as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "corpus", base / "corpus")
        port = free_port()
        env = {**os.environ, "QA_PORT": str(port), "QA_HOST": "127.0.0.1", "QA_AUTH": "",
               "QA_CORPUS": str(base / "corpus"), "QA_INDEX": str(base / "index"),
               "QA_DATABASE": str(base / "qa.sqlite3"), "QA_DATABASE_URL": "",
               "QA_FEEDBACK": str(base / "feedback.jsonl"), "QA_AUDIT": str(base / "audit.jsonl"),
               "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
        with (base / "app.log").open("w") as log:
            proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
            try:
                wait_until_served(f"http://127.0.0.1:{port}/", proc, 300)
                photograph(f"http://127.0.0.1:{port}/", args.out)
            finally:
                stop(proc)
    print(f"wrote {args.out / 'screenshot-history.png'} and {args.out / 'screenshot-library.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
