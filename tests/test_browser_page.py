"""Issue 13, PDF citations, in headless chromium at desktop (1366x768) and phone (390x844)
sizes: a citation of a PDF opens the drawer on the cited page as an image, loaded, with the
quoted lines highlighted where they are printed, the title, printed page and "Open source"
in view, and nothing wider than a phone's screen."""
import os
import shutil

import pytest
from conftest import CORPUS
from page_files import DRONE, HYPHEN_A, HYPHEN_B, drone_report
from playwright.sync_api import expect

from browser_app import ask, browser, running_app  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "What did inspectors find about the Cumbria drone unit's flight logs?"
TITLE = "Cumbria Constabulary: inspection of missing children searches"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The sample corpus and the drone report PDF, served as users start the app."""
    base = tmp_path_factory.mktemp("pageapp")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    _path, lines, pdf = drone_report(corpus / "cumbria-searches.pdf")
    with running_app(base, QA_CORPUS=str(corpus), QA_INDEX=str(base / "index")) as (url, env):
        yield {"url": url, "lines": lines, "pdf": pdf}


# Where things are, measured in the page: the image and its highlights (as fractions of the
# image), the drawer's bar and the head holding title and links, and any horizontal overflow.
GEOMETRY = """() => {
  const drawer = document.querySelector('#qa-drawer');
  const img = drawer.querySelector('.qa-pdfpage img');
  const i = img.getBoundingClientRect(), d = drawer.getBoundingClientRect();
  const rect = el => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const shown = el => { const r = el.getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return r.width > 0 && y >= 0 && y <= innerHeight && (hit === el || el.contains(hit)); };
  return {
    loaded: img.complete && img.naturalWidth > 0, natural: img.naturalWidth,
    image: rect(img), drawer: rect(drawer), alt: img.alt,
    marks: [...drawer.querySelectorAll('.qa-hl')].map(m => { const r = m.getBoundingClientRect();
      return {x0: (r.left - i.left) / i.width, x1: (r.right - i.left) / i.width,
              y0: (r.top - i.top) / i.height, y1: (r.bottom - i.top) / i.height,
              top: r.top, bottom: r.bottom}; }),
    head: rect(drawer.querySelector('.qa-viewer-head')),
    titleShown: shown(drawer.querySelector('.qa-viewer-head h3')),
    openShown: shown(drawer.querySelector('.qa-viewer-head a.qa-open')),
    openText: drawer.querySelector('.qa-viewer-head a.qa-open').innerText,
    openHref: drawer.querySelector('.qa-viewer-head a.qa-open').getAttribute('href'),
    label: drawer.querySelector('.qa-page-label').innerText,
    pageWide: document.documentElement.scrollWidth - innerWidth,
    drawerWide: drawer.scrollWidth - drawer.clientWidth,
  };
}"""


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_pdf_citation_opens_its_page_with_the_quote_highlighted(browser, app, width,  # noqa: F811
                                                                   height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(app["url"])
        page.wait_for_selector("#qa-question textarea")
        if page.locator("#qa-filters.open").count() and width < 800:  # as a phone user would
            page.click("#qa-filters button[aria-label='Toggle Sidebar']")
            expect(page.locator("#qa-filters.open")).to_have_count(0)
        answer = ask(page, QUESTION)
        assert "drone unit" in answer.locator(".qa-text").inner_text()
        cite = answer.locator("a.qa-cite").first
        cite.click()
        page.wait_for_function("() => { const i = document.querySelector('#qa-drawer "
                               ".qa-pdfpage img'); return i && i.complete && i.naturalWidth }")
        page.wait_for_timeout(600)  # the drawer's scroll to the highlight (200 ms)
        g = page.evaluate(GEOMETRY)
        if os.environ.get("QA_PAGE_SHOTS"):
            page.screenshot(path=f"{os.environ['QA_PAGE_SHOTS']}/drawer-{width}.png")
        assert g["loaded"] and g["natural"] >= 1000
        assert g["titleShown"] and g["openShown"], g
        assert g["openText"].startswith("Open source") and "#page=3" in g["openHref"]
        assert g["label"] == "p. 2 (PDF page 3)"
        page_text = page.locator("#qa-drawer h3").inner_text()
        assert page_text == TITLE
        assert "flight logs on paper" in g["alt"]
        # the boxes sit over the quote's two printed lines, from fpdf2's own layout
        lines = [app["lines"][HYPHEN_A], app["lines"][HYPHEN_B]]
        assert len(g["marks"]) == 2, g["marks"]
        for mark, line in zip(g["marks"], lines):
            top, bottom = line.band()
            assert top <= (mark["y0"] + mark["y1"]) / 2 <= bottom, (mark, line)
            assert mark["x0"] < line.x_of(HYPHEN_A[:10], app["pdf"]) and mark["x1"] > 0.5
        # the first highlight is in view, below the head that keeps title and links shown
        first = g["marks"][0]
        assert first["top"] >= g["head"]["bottom"] - 1 and first["bottom"] <= height, g
        # the image fits the drawer, and nothing is wider than the screen
        assert g["image"]["left"] >= g["drawer"]["left"] - 1
        assert g["image"]["right"] <= g["drawer"]["right"] + 1
        assert g["pageWide"] <= 0 and g["drawerWide"] <= 0, g
        # the quote is there as text too
        expect(page.locator("#qa-drawer .qa-doc .qa-hit").first).to_contain_text(
            "drone unit of Cumbria Constabulary")
        assert DRONE[:40] in page.locator("#qa-drawer .qa-hit").first.inner_text()
    finally:
        context.close()
