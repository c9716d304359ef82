"""The Library tab in headless chromium (issue 13's "The library"), over the sample corpus and
320 generated bulletins, with a login: an administrator corrects a document's title, forces
and date and a question filtered by the new force finds it at once; deletes one after a
confirmation and it is gone from the table, the answers and the corpus folder; a reader sees
the table without any control, and a forged Edit is refused by the server; the table is
searched, sorted and paged, at desktop and phone sizes, and is not cut off on a phone."""
import csv
import re
import shutil

import pytest
from conftest import CORPUS
from playwright.sync_api import expect

from browser_app import ask, browser, running_app  # noqa: F401  (fixtures)
from browser_app import sign_in as signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WARWICKSHIRE = "003_ab956304be8f3ab8.txt"
STAFFS_LETTER = "000_8a220ced579020d0.txt"
BULLETINS = 320
BULLETIN_FORCES = ["Cumbria Constabulary", "Norfolk Constabulary", "Durham Constabulary",
                   "Dyfed-Powys Police"]
VIEWPORTS = pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)],
                                    ids=["desktop", "phone"])


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app with a login (boss administers, officer reads) over the sample corpus and
    320 one-paragraph bulletins, each with a catalog row."""
    base = tmp_path_factory.mktemp("libraryapp")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "bulletins").mkdir()
    with (corpus / "catalog.csv").open("a", encoding="utf-8", newline="") as fh:
        rows = csv.writer(fh)
        for n in range(BULLETINS):
            force = BULLETIN_FORCES[n % len(BULLETIN_FORCES)]
            name = f"bulletins/area-bulletin-{n:03d}.txt"
            (corpus / name).write_text(
                f"Area bulletin {n:03d}\n\n{force} held road safety week number {n} in the "
                f"district of Vale {n}. Officers marked {n + 3} bicycles and checked lights "
                f"at {n % 9 + 2} schools.\n", encoding="utf-8")
            rows.writerow([name, f"Area bulletin {n:03d}", force, force, "news bulletin",
                           f"{2010 + n % 10}-{n % 9 + 1:02d}", ""])
    with running_app(base, QA_CORPUS=str(corpus), QA_INDEX=str(base / "index"),
                     QA_AUTH="boss:b0ss,officer:s3cret", QA_ADMINS="boss") as (url, env):
        yield {"url": url, "env": env, "base": base, "corpus": corpus}


def sign_in(browser, app, user: str, password: str, width=1366, height=900):  # noqa: F811
    return signed_in(browser, app["url"], user, password, width, height)


def open_tab(page, name: str) -> None:
    """Click a tab, through the "More tabs" menu when the screen is too narrow for it; on a
    phone the filters panel is closed first (it covers the page)."""
    if page.viewport_size["width"] < 700 and page.locator("#qa-filters.open").count():
        page.click("#qa-filters .toggle-button")
        page.wait_for_timeout(400)
    tab = page.locator(f"button[role=tab]:has-text('{name}')")
    if not tab.count() or not tab.is_visible():
        page.click("button[aria-label='More tabs']")
        page.click(f".overflow-dropdown button:has-text('{name}')")
    else:
        tab.click()


def open_library(page) -> None:
    open_tab(page, "Library")
    page.wait_for_selector("#qa-library table.qa-library")


def summary(page) -> str:
    return page.locator("#qa-lib-count").inner_text()


def titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#qa-library tbody a.qa-title").all_inner_texts()]


def search(page, text: str) -> None:
    box = page.locator("#qa-lib-search textarea, #qa-lib-search input").first
    box.fill(text)
    if text:
        expect(page.locator("#qa-lib-count")).to_contain_text(f"match “{text}”")
    else:
        expect(page.locator("#qa-lib-count")).not_to_contain_text("match")


def row_of(page, file: str):
    return page.locator("#qa-library tbody tr", has=page.locator(f".qa-file:has-text('{file}')"))


def open_row_dialog(page, file: str, button: str, dialog: str):
    """The Library tab opened, the file's row found, its button pressed: the dialog it
    opens, once visible."""
    open_library(page)
    search(page, file)
    row_of(page, file).locator(button).click()
    opened = page.locator(dialog)
    expect(opened).to_be_visible()
    return opened


def audit(app, action: str) -> list[dict]:
    from qa.config import load_settings
    from qa.web.db import open_store
    return [e for e in open_store(load_settings(environ=app["env"])).audit.entries()
            if e["action"] == action]


@VIEWPORTS
def test_the_table_is_searched_sorted_and_paged(browser, app, width, height):  # noqa: F811
    page = sign_in(browser, app, "officer", "s3cret", width, height)
    try:
        open_library(page)
        total = int(re.search(r"([\d,]+) documents", summary(page)).group(1).replace(",", ""))
        pages = -(-total // 25)
        assert total >= BULLETINS and f"showing 1–25 · page 1 of {pages}" in summary(page)
        assert len(titles(page)) == 25
        page.click("#qa-library .qa-pager button:has-text('Next')")
        expect(page.locator("#qa-lib-count")).to_contain_text(f"26–50 · page 2 of {pages}")
        page.click("#qa-library .qa-pager button:has-text('Last')")
        expect(page.locator("#qa-lib-count")).to_contain_text(f"page {pages} of {pages}")
        search(page, "bulletin 017")  # by title
        assert titles(page) == ["Area bulletin 017"] and "1 of" in summary(page)
        search(page, "area-bulletin-2")  # by file name: 200-299
        assert f"100 of {total} documents" in summary(page)
        search(page, "Dyfed-Powys")  # by force
        assert f"{BULLETINS // 4} of {total} documents" in summary(page)
        search(page, "")
        page.click("#qa-library button.qa-sort[data-key=title]")
        expect(page.locator("#qa-library tbody a.qa-title").first).to_have_text(
            "Area bulletin 000")
        page.click("#qa-library button.qa-sort[data-key=title]")  # again: Z to A
        expect(page.locator("#qa-library tbody a.qa-title").first).to_have_text(
            "Wiltshire Police improved child protection inspectors say")
        assert page.locator("#qa-library th[aria-sort=descending]").inner_text().startswith(
            "Title")
        page.click("#qa-library button.qa-sort[data-key=chunks]")  # the most passages first
        expect(page.locator("#qa-library tbody a.qa-title").first).to_have_text(
            "Wiltshire Police improved child protection inspectors say")
        page.click("#qa-library button.qa-sort[data-key=date]")  # newest first
        expect(page.locator("#qa-library tbody td.qa-date").first).to_have_text("21 May 2025")
    finally:
        page.context.close()


CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll(
      '#qa-library tbody td, #qa-library .qa-title, #qa-library .qa-pager button, '
      + '#qa-library .qa-lib-actions button, #qa-lib-search')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < -1 || r.right > width + 1)) out.push(el.className || el.tagName);
  }
  return {page: document.documentElement.scrollWidth - width, cut: out.slice(0, 5),
          rows: document.querySelectorAll('#qa-library tbody tr').length};
}"""


@VIEWPORTS
def test_the_table_is_not_cut_off(browser, app, width, height):  # noqa: F811
    """Every cell, title and button of the table lies within the screen, and the page does
    not scroll sideways (on a phone each row is a card)."""
    page = sign_in(browser, app, "boss", "b0ss", width, height)
    try:
        open_library(page)
        page.wait_for_timeout(500)
        seen = page.evaluate(CUT_OFF)
        assert seen == {"page": 0, "cut": [], "rows": 25}, seen
        first = page.locator("#qa-library tbody tr").first
        first.locator(".qa-lib-edit").click()  # the buttons are usable there too
        expect(page.locator("#qa-lib-editor")).to_be_visible()
        assert page.evaluate(CUT_OFF)["page"] == 0
    finally:
        page.context.close()


def choose_forces(page, names: list[str]) -> None:
    """Empty the editor's force list, then pick each name from its options."""
    box = page.locator("#qa-ed-forces")
    while box.locator(".token-remove, [aria-label^='Remove']").count():
        box.locator(".token-remove, [aria-label^='Remove']").first.click()
    for name in names:
        box.locator("input").fill(name)
        page.locator("ul[role=listbox] li", has_text=name).first.click()
    for name in names:
        expect(box).to_contain_text(name)


def test_an_administrator_corrects_a_document_and_questions_find_it_by_its_new_force(
        browser, app):  # noqa: F811
    page = sign_in(browser, app, "boss", "b0ss")
    try:
        editor = open_row_dialog(page, WARWICKSHIRE, ".qa-lib-edit", "#qa-lib-editor")
        expect(editor.locator("#qa-lib-editing")).to_contain_text(WARWICKSHIRE)
        title = "Warwickshire and Kent, \"joint\" response, child protection"
        page.fill("#qa-ed-title textarea, #qa-ed-title input", title)
        choose_forces(page, ["Warwickshire Police", "Kent Police"])
        page.fill("#qa-ed-date textarea, #qa-ed-date input", "2022-13-01")
        page.click("#qa-ed-save")  # a wrong date is refused before anything is written
        expect(page.locator("#qa-lib-msg .qa-warning")).to_contain_text("is not a date")
        page.fill("#qa-ed-date textarea, #qa-ed-date input", "2022-08-06")
        page.click("#qa-ed-save")
        expect(page.locator("#qa-lib-msg .qa-ok")).to_contain_text("Saved", timeout=180_000)
        expect(editor).to_be_hidden()
        row = row_of(page, WARWICKSHIRE)
        expect(row).to_contain_text(title)
        expect(row).to_contain_text("Warwickshire Police; Kent Police")
        expect(row).to_contain_text("6 Aug 2022")
        rows = {r["file"]: r for r in csv.DictReader(
            (app["corpus"] / "catalog.csv").open(encoding="utf-8"))}
        assert (rows[WARWICKSHIRE]["title"], rows[WARWICKSHIRE]["force"],
                rows[WARWICKSHIRE]["published"]) == (title, "Warwickshire Police; Kent Police",
                                                     "2022-08-06")
        open_tab(page, "Ask")
        if page.locator("#qa-filters:not(.open)").count():
            page.click("#qa-filters .toggle-button")
        page.locator("#qa-forces input").fill("Kent Police")  # a choice since the edit
        page.locator("ul[role=listbox] li", has_text="Kent Police").first.click()
        page.keyboard.press("Escape")
        answer = ask(page, "What did the force say about child protection?")
        cited = answer.locator(".qa-src .qa-title").all_inner_texts()
        assert cited and set(cited) == {title}
        entry = audit(app, "library edit")[-1]
        assert (entry["user"], entry["file"]) == ("boss", WARWICKSHIRE)
        assert entry["old"]["force"] == "Warwickshire Police"
        assert entry["new"]["force"] == "Warwickshire Police; Kent Police"
    finally:
        page.context.close()


def test_an_administrator_deletes_a_document_after_confirming(browser, app):  # noqa: F811
    page = sign_in(browser, app, "boss", "b0ss")
    letter = "Letter to partners on the 2023 HMICFRS child protection re-inspection"
    try:
        confirm = open_row_dialog(page, STAFFS_LETTER, ".qa-lib-delete", "#qa-lib-confirm")
        expect(confirm).to_contain_text(letter)
        expect(confirm).to_contain_text(STAFFS_LETTER)
        page.click("#qa-del-no")  # not yet: nothing happens
        expect(confirm).to_be_hidden()
        assert (app["corpus"] / STAFFS_LETTER).is_file()
        row_of(page, STAFFS_LETTER).locator(".qa-lib-delete").click()
        page.click("#qa-del-yes")
        expect(page.locator("#qa-lib-msg .qa-ok")).to_contain_text("Deleted", timeout=180_000)
        expect(page.locator("#qa-library")).to_contain_text(
            f"No document matches “{STAFFS_LETTER}”")
        assert not (app["corpus"] / STAFFS_LETTER).exists()
        assert STAFFS_LETTER not in (app["corpus"] / "catalog.csv").read_text(encoding="utf-8")
        open_tab(page, "Ask")
        answer = ask(page, "What does the letter to partners say about the Staffordshire "
                           "re-inspection?")
        assert letter not in answer.locator(".qa-src .qa-title").all_inner_texts()
        entry = audit(app, "library delete")[-1]
        assert (entry["user"], entry["file"], entry["old"]["title"]) == (
            "boss", STAFFS_LETTER, letter)
    finally:
        page.context.close()


def test_a_reader_sees_the_table_without_controls_and_the_server_refuses_a_forged_edit(
        browser, app):  # noqa: F811
    page = sign_in(browser, app, "officer", "s3cret")
    try:
        open_library(page)
        assert titles(page)
        assert page.locator("#qa-library .qa-lib-edit, #qa-library .qa-lib-delete").count() == 0
        assert page.locator("#qa-add-docs").is_hidden()
        doc = page.locator("#qa-library tbody tr").first.get_attribute("data-doc")
        page.evaluate("""doc => {  // as a reader editing the page by hand would
          const b = document.createElement('button');
          b.dataset.lib = 'edit'; b.dataset.doc = doc; b.id = 'forged'; b.textContent = 'Edit';
          document.querySelector('#qa-library td').appendChild(b);
        }""", doc)
        page.click("#forged")
        expect(page.locator("#qa-lib-msg .qa-warning")).to_contain_text(
            "Only administrators can change the library")
        assert page.locator("#qa-lib-editor").is_hidden()
        entry = audit(app, "library edit")[-1]
        assert (entry["user"], entry["allowed"], entry["doc_id"]) == ("officer", False, doc)
    finally:
        page.context.close()
