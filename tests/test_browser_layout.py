"""In headless chromium, on the sample app of test_browser, at desktop (1366x768, 1440x900)
and phone (390x844) sizes: issue 13's layout points (the Filters panel on a phone, every tab
in sight, the source drawer's header, keys and the chat's scroll arrow (over no text), the
page opening at its top, the library table's headers and blank space) and its small ones
(like and dislike only under answers, no server path in a page or message, the upload
message's grammar, links in the Word export, closest passages for a declined batch row)."""
import csv
import re
import zipfile
from pathlib import Path

import pytest
from conftest import make_pdf
from playwright.sync_api import expect

from browser_app import (QUESTION, app, ask, batch_answers, browser,  # noqa: F401  (fixtures)
                          start_batch, upload)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP, PHONE = (1366, 768), (390, 844)
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
TABS = ["Ask", "Excerpts", "Recommendations", "Batch", "Library"]
# Visible leaf content (text, inputs, buttons) whose box meets the box `r`, outside `skip`
COVERED = """([r, skip]) => {
  const hits = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest(skip)) continue;
    const leaf = !el.children.length || ['BUTTON', 'TEXTAREA', 'INPUT'].includes(el.tagName);
    if (!leaf || !el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
      continue;
    const b = el.getBoundingClientRect();
    if (b.width && b.height && b.left < r.right && r.left < b.right && b.top < r.bottom
        && r.top < b.bottom) hits.push(el.tagName + ' ' + (el.innerText || '').slice(0, 40));
  }
  return hits;
}"""
BOX = "el => { const r = el.getBoundingClientRect(); " \
      "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
# true when the point at the middle of `el` shows `el` itself (nothing drawn over it)
ON_TOP = """el => { const r = el.getBoundingClientRect();
  const at = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  return !!at && (el.contains(at) || at.contains(el)); }"""


def open_page(browser, app, size):  # noqa: F811
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app["url"])
    page.wait_for_selector("#qa-question textarea")
    page.wait_for_timeout(800)  # the page's script and the panel's slide have run
    return page


def intersect(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]


@SIZES
def test_the_filters_panel_leaves_a_phone_usable(browser, app, size):  # noqa: F811
    page = open_page(browser, app, size)
    panel, toggle = page.locator("#qa-filters"), page.locator("#qa-filters .toggle-button")
    try:
        header = [page.locator(s).evaluate(BOX) for s in (".qa-brand", ".qa-status")]
        assert not intersect(*header), header  # the header's parts do not overlap
        if size == DESKTOP:  # unchanged: open beside the page, which starts right of it
            expect(panel).to_have_class(re.compile(r"\bopen\b"))
            expect(page.locator("#qa-forces")).to_be_in_viewport()
            assert panel.evaluate(BOX)["right"] <= page.locator(".qa-brand").evaluate(BOX)[
                "left"]
            return
        expect(panel).not_to_have_class(re.compile(r"\bopen\b"))  # closed at first
        for scroll in (0, 400, 10_000):  # its toggle is over nothing, wherever the page is
            page.evaluate(f"window.scrollTo(0, {scroll})")
            page.wait_for_timeout(200)
            assert page.evaluate(COVERED, [toggle.evaluate(BOX), "#qa-filters"]) == []
        page.evaluate("window.scrollTo(0, 0)")
        toggle.click()
        expect(panel).to_have_class(re.compile(r"\bopen\b"))
        page.wait_for_timeout(600)
        expect(page.locator("#qa-forces")).to_be_in_viewport()
        close = toggle.evaluate(BOX)  # the close button wholly on the screen, a margin round
        assert close["left"] >= 4 and close["top"] >= 4 and close["right"] <= size[0] - 4 \
            and close["bottom"] <= size[1] - 4, close
        assert toggle.evaluate(ON_TOP)
        toggle.click()
        expect(panel).not_to_have_class(re.compile(r"\bopen\b"))
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [DESKTOP, (1440, 900), PHONE],
                         ids=["1366", "1440", "phone"])
def test_every_tab_is_in_sight_whichever_was_visited(browser, app, size):  # noqa: F811
    page = open_page(browser, app, size)
    try:
        for name in TABS + ["Ask"]:
            page.locator("[role=tablist] button[role=tab]", has_text=name).first.click()
            page.wait_for_timeout(300)
            tabs = page.locator("[role=tablist] button[role=tab]")
            assert tabs.all_inner_texts() == TABS, name  # no label lost, none in a menu
            for k in range(len(TABS)):
                expect(tabs.nth(k)).to_be_in_viewport()
            assert not page.get_by_label("More tabs").is_visible()
    finally:
        page.context.close()


@SIZES
def test_the_source_drawer_keeps_its_title_and_keys(browser, app, size):  # noqa: F811
    page = open_page(browser, app, size)
    try:
        answer = ask(page, QUESTION)
        marker = answer.locator("a.qa-cite").first
        marker.click()
        page.wait_for_selector("#qa-drawer .qa-hit")
        close = page.locator("#qa-drawer-close")
        expect(close).to_be_focused()  # focus moves into the drawer, to Close, its first stop
        assert page.evaluate("""() => document.querySelector('#qa-drawer').querySelector(
            'a[href], button, input, textarea, [tabindex]:not([tabindex="-1"])').id""") \
            == "qa-drawer-close"
        page.wait_for_function("() => document.querySelector('#qa-drawer').scrollTop > 0")
        page.wait_for_timeout(300)
        drawer = page.locator("#qa-drawer").evaluate(BOX)
        for part in ("#qa-drawer h3", "#qa-drawer a.qa-open", "#qa-drawer .qa-hit"):
            box = page.locator(part).first.evaluate(BOX)  # scrolled to the passage, yet the
            assert drawer["top"] <= box["top"] and box["bottom"] <= drawer["bottom"], part
            assert page.locator(part).first.evaluate(ON_TOP), part  # title is in sight
        arrows = page.locator("#qa-chat button[aria-label='Scroll down']")
        for k in range(arrows.count()):  # the chat's arrow stays under the drawer
            arrow = arrows.nth(k)
            if arrow.is_visible() and intersect(arrow.evaluate(BOX), drawer):
                assert not arrow.evaluate(ON_TOP), "the chat's arrow is over the drawer"
        page.keyboard.press("Escape")
        expect(page.locator("#qa-drawer")).to_be_hidden()
        expect(marker).to_be_focused()  # back on the citation that opened it
    finally:
        page.context.close()


def test_like_and_dislike_are_offered_under_answers_only(browser, app):  # noqa: F811
    page = open_page(browser, app, DESKTOP)
    try:
        likes = page.locator("#qa-chat button[aria-label='Like']:visible")
        page.fill("#qa-since input, #qa-since textarea", "2030")
        notice = ask(page, QUESTION)
        assert "No documents match these filters" in notice.inner_text()
        page.wait_for_timeout(500)
        expect(likes).to_have_count(0)
        expect(page.locator("#qa-chat button[aria-label='Dislike']:visible")).to_have_count(0)
        page.fill("#qa-since input, #qa-since textarea", "")
        ask(page, QUESTION, n=2)
        expect(likes).to_have_count(1)  # the answer can be rated
    finally:
        page.context.close()


def test_no_server_path_in_pages_links_or_messages(browser, app, tmp_path):  # noqa: F811
    page = open_page(browser, app, DESKTOP)
    secret = [str(app["base"]), str(app["corpus"]), str(Path(app["corpus"]).resolve())]
    try:
        pdf = make_pdf(tmp_path / "Lantern ferry review.pdf", [
            "Lantern Vale ferry safety review.",
            "The harbour patrol pilot recorded 217 ferry thefts in Lantern Vale during 2024."],
            title="Lantern Vale ferry review")
        report = upload(page, pdf)
        assert "Added 1 document; it can be searched now." in report
        answer = ask(page, "How many ferry thefts did the harbour patrol pilot record?")
        href = answer.locator("a.qa-open").first.get_attribute("href")
        assert re.fullmatch(r"qa-source/[0-9A-Za-z_.-]+\.pdf#page=2", href)
        answer.locator("a.qa-view").first.click()
        page.wait_for_selector("#qa-drawer .qa-hit")
        assert page.locator("#qa-drawer a.qa-open").get_attribute("href") == href
        page.keyboard.press("Escape")
        bad = tmp_path / "questions.csv"
        bad.write_text("query\nWhat is GRIP?\n", encoding="utf-8")
        start_batch(page, bad)
        warning = page.locator("#qa-batch-status .qa-warning")
        expect(warning).to_contain_text("questions.csv: the CSV needs a 'question' column")
        assert "/" not in warning.inner_text()  # the file's name, not where it was put
        html = page.content()
        links = page.evaluate("[...document.querySelectorAll('[href], [src]')]"
                              ".map(e => e.getAttribute('href') || e.getAttribute('src'))")
        for path in secret:
            assert path not in html and not any(path in link for link in links), path
    finally:
        page.context.close()


def test_the_word_export_links_and_declined_batch_rows_cite_passages(browser, app,  # noqa: F811
                                                                      tmp_path):
    page = open_page(browser, app, (1440, 900))
    try:
        page.click("button[role=tab]:has-text('Excerpts')")
        page.fill("#qa-topic textarea, #qa-topic input", "domestic abuse training Wiltshire")
        page.press("#qa-topic textarea, #qa-topic input", "Enter")
        page.wait_for_selector(".qa-result .qa-src")
        page.click(".qa-add-all")
        expect(page.locator("#qa-dl-docx")).to_be_enabled()
        urls = {a.get_attribute("href") for a in page.locator(".qa-basket-item a.qa-open")
                .all() if a.get_attribute("href").startswith("https://")}
        assert urls
        with page.expect_download() as download:
            page.click("#qa-dl-docx")
        with zipfile.ZipFile(download.value.path()) as word:
            rels = word.read("word/_rels/document.xml.rels").decode()
        linked = set(re.findall(r'Target="(https://[^"]+)"', rels))
        assert urls <= {u.replace("&amp;", "&") for u in linked}
        questions = tmp_path / "questions.txt"
        questions.write_text(f"{QUESTION}\nHow did Cumbria do on child protection?\n",
                             encoding="utf-8")
        start_batch(page, questions, "csv")
        rows = list(csv.DictReader(batch_answers(page).splitlines()))
        assert rows[0]["refused"] == "false" and rows[0]["sources"].startswith("[1] ")
        assert rows[1]["refused"] == "true"
        assert rows[1]["sources"].startswith("Closest passages (not enough to answer): [1] ")
    finally:
        page.context.close()


@SIZES
def test_the_page_opens_at_its_top_with_the_question_box_ready(browser, app, size):  # noqa: F811
    page = open_page(browser, app, size)  # on a phone the box's focus scrolled the header,
    try:  # the first row of tabs and the filters' toggle off the screen
        assert page.evaluate("window.scrollY") == 0
        expect(page.locator(".qa-brand h1, .qa-brand").first).to_be_in_viewport()
        expect(page.locator("[role=tablist] button[role=tab]").first).to_be_in_viewport()
        expect(page.locator("#qa-question textarea")).to_be_focused()  # type at once
    finally:
        page.context.close()


def test_the_library_table_takes_no_room_it_does_not_use(browser, app):  # noqa: F811
    page = open_page(browser, app, DESKTOP)
    try:
        page.click("button[role=tab]:has-text('Library')")
        page.click("#qa-library button.qa-sort[data-key='chunks']")
        expect(page.locator("#qa-library th[aria-sort=descending]")).to_contain_text("Chunks")
        for button in page.locator("#qa-library button.qa-sort").all():  # its arrow wrapped
            height, line = button.evaluate(  # onto a second line under "Chunks"
                "b => [b.getBoundingClientRect().height, parseFloat(getComputedStyle(b)"
                ".lineHeight) || 20]")
            assert height < 1.5 * line, button.inner_text()
        assert page.locator("#qa-lib-msg").evaluate(BOX)["bottom"] - page.locator(
            "#qa-lib-msg").evaluate(BOX)["top"] == 0  # no message: no blank band above
    finally:
        page.context.close()


@SIZES
def test_the_chats_scroll_arrow_covers_no_text(browser, app, size):  # noqa: F811
    page = open_page(browser, app, size)  # it sat in the middle of the chat, over a line
    try:  # of the answer or of a source
        ask(page, QUESTION)
        page.wait_for_timeout(500)
        arrow = page.locator("#qa-chat button[aria-label='Scroll down']")
        expect(arrow).to_be_visible()  # the question is at the top, the sources run below
        box = arrow.evaluate(BOX)
        assert page.evaluate(COVERED, [box, "#qa-chat .scroll-down-button-container"]) == []
    finally:
        page.context.close()
