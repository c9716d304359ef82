"""In headless chromium, on the sample app of test_browser: the Batch tab answers within the
sidebar's filters, the view keeps each answer's first line in sight at 1366x768, and the
source drawer works from the keyboard (issue 13)."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_app import QUESTION, app, ask, browser, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GLOUCESTERSHIRE = "001_16d0d2925ee780e6.txt"  # the one sample document published in 2025


def test_the_batch_tab_answers_within_the_sidebar_filters(page, tmp_path):  # noqa: F811
    questions = tmp_path / "questions.txt"
    questions.write_text("What did the inspectors find about missing children?\n"
                         "What training did officers get?\n", encoding="utf-8")
    page.click("button[role=tab]:has-text('Batch')")
    page.locator("#qa-batch-file input[type=file]").set_input_files(str(questions))
    page.get_by_label("jsonl").check()
    page.fill("#qa-since input, #qa-since textarea", "2025")
    page.click("#qa-batch-run")
    page.wait_for_selector("#qa-batch-status .qa-ok", timeout=120_000)
    with page.expect_download() as download:
        page.locator("#qa-batch-out a[download]").first.click()
    records = [json.loads(x) for x in
               Path(download.value.path()).read_text(encoding="utf-8").splitlines()]
    cited = {c["file"] for r in records for c in r["citations"]}
    assert len(records) == 2 and cited == {GLOUCESTERSHIRE}
    page.fill("#qa-since input, #qa-since textarea", "soon")  # said, as in the chat
    page.click("#qa-batch-run")
    expect(page.locator("#qa-batch-status .qa-warning")).to_contain_text("is not a date")


FIRST_LINE_SHOWN = """n => {
  const q = [...document.querySelectorAll('#qa-chat .qa-q')][n - 1];
  const line = document.querySelectorAll('#qa-chat .qa-answer:not(.qa-streaming) .qa-text')[n - 1];
  let box = line.parentElement;
  while (box !== document.body && !(box.scrollHeight > box.clientHeight
         && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  const view = box.getBoundingClientRect();
  const top = Math.max(view.top, 0), bottom = Math.min(view.bottom, window.innerHeight);
  const seen = el => { const r = el.getBoundingClientRect();
                       return r.top >= top - 1 && r.top + 16 <= bottom; };
  return {question: seen(q), answer: seen(line),
          settled: box.scrollHeight - box.scrollTop - box.clientHeight < 2
                   || Math.abs(q.getBoundingClientRect().top - view.top - 12) < 2};
}"""


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_each_answers_first_line_stays_in_view(browser, app, width, height):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app["url"])
    page.wait_for_selector("#qa-question textarea")
    try:
        for n, question in enumerate([QUESTION, "What is the Gloucestershire Rapid "
                                      "Improvement Plan?"], start=1):
            ask(page, question, n)
            # settled: at the end of the chat (as Gradio's autoscroll leaves it) or with the
            # question at the top (as the page's script puts it), whichever happens
            page.wait_for_function(f"n => ({FIRST_LINE_SHOWN})(n).settled", arg=n)
            assert page.evaluate(FIRST_LINE_SHOWN, n) == {
                "question": True, "answer": True, "settled": True}, question
    finally:
        context.close()


def test_the_source_drawer_works_from_the_keyboard(page):  # noqa: F811
    answer = ask(page, QUESTION)
    opener = answer.locator("a.qa-view").first
    opener.click()
    page.wait_for_selector("#qa-drawer .qa-hit")
    close = page.locator("#qa-drawer-close")
    expect(close).to_be_focused()  # focus moves into the drawer, to Close
    first = page.evaluate("""() => document.querySelector('#qa-drawer').querySelector(
        'a[href], button, input, textarea, select, [tabindex]:not([tabindex="-1"])').id""")
    assert first == "qa-drawer-close"  # Close comes first in the drawer's tab order
    page.keyboard.press("Escape")
    expect(page.locator("#qa-drawer")).to_be_hidden()
    expect(opener).to_be_focused()  # and back where it came from
    opener.click()
    expect(close).to_be_focused()
    page.keyboard.press("Enter")  # Close from the keyboard
    expect(page.locator("#qa-drawer")).to_be_hidden()
    expect(opener).to_be_focused()


def test_a_question_naming_another_force_than_the_filter_says_so(page):  # noqa: F811
    """Issue 13: with Forces = Wiltshire a question about another force silently answered
    from others; now the answer says the filter and the question disagree, and a force with
    no documents is named as such."""
    box = page.locator("#qa-forces input")
    box.click()
    box.fill("Wiltshire")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.locator("#qa-forces")).to_contain_text("Wiltshire Police")
    answer = ask(page, "What did inspectors say about Staffordshire?")
    assert "but the Forces filter is set to Wiltshire Police" in answer.inner_text()
    titles = answer.locator(".qa-src .qa-title").all_inner_texts()
    assert titles and all("Wiltshire" in t for t in titles)
    answer = ask(page, "What did inspectors say about Kent?", n=2)
    assert "No indexed document is about Kent Police" in answer.inner_text()


def test_a_declined_question_sets_no_force_for_the_next(page):  # noqa: F811
    declined = ask(page, "What did inspectors say about the Met's leadership?")
    assert "No indexed document is about Metropolitan Police Service" in declined.inner_text()
    answer = ask(page, "What did the inspectors find about missing children?", n=2)
    assert "Metropolitan" not in answer.locator(".qa-text").inner_text()
    assert "Still about" not in answer.inner_text()
    assert answer.locator(".qa-src").count() >= 1  # answered from the library, not declined


def test_a_second_source_opened_shows_its_own_passage(page):  # noqa: F811
    """With the drawer open on one document, a citation of another opens that one, scrolled to
    its own passage (not to where the first one's was)."""
    answer = ask(page, "How do Staffs and Wilts compare on missing children?")
    links = answer.locator("a.qa-view")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    docs = {}
    for i, href in enumerate(hrefs):
        docs.setdefault(href.split("/")[1], i)
    assert len(docs) >= 2, hrefs
    first, second = list(docs.values())[:2]
    links.nth(first).click()
    page.wait_for_selector("#qa-drawer .qa-hit")
    links.nth(second).click()
    doc_id = hrefs[second].split("/")[1]
    page.wait_for_function("id => (document.querySelector('#qa-viewer .qa-view-doc') || {})"
                           ".dataset?.req?.includes(id)", arg=doc_id)
    page.wait_for_timeout(800)  # its scroll, 200 ms on
    inside = page.evaluate("""() => {
        const d = document.querySelector('#qa-drawer').getBoundingClientRect();
        const h = document.querySelector('#qa-viewer .qa-hit').getBoundingClientRect();
        return d.top <= h.top && h.bottom <= d.bottom; }""")
    assert inside, "the second document's passage is out of the drawer's view"
