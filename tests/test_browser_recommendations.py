"""The Recommendations tab end to end in headless chromium: `python app.py` over a slice of the
generated library (one force's report, response and review); a user picks the force and a
status, opens a record's response in the document viewer, adds a row to the excerpt basket and
exports what is shown."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from browser_app import browser, running_app  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def tracker_app(tmp_path_factory, tracker_slice):
    settings, truth = tracker_slice
    base = tmp_path_factory.mktemp("tracker-app")
    shutil.copytree(settings.index, base / "index")
    with running_app(base, QA_CORPUS=str(settings.corpus), QA_INDEX=str(base / "index")) as \
            (url, _env):
        yield url, truth


def pick(page, elem_id: str, value: str) -> None:
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(value)
    page.locator("ul[role=listbox] li", has_text=value).first.click()


def test_officer_tracks_a_force_opens_a_response_and_exports(browser, tracker_app):  # noqa: F811
    url, truth = tracker_app
    force = truth[0]["force"]
    graded = [t for t in truth if t["findings"]]
    status = graded[0]["findings"][-1]["status"]
    with_status = [t for t in graded if t["findings"][-1]["status"] == status]
    context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.click("button[role=tab]:has-text('Recommendations')")
    pick(page, "qa-rec-force", force)
    expect(page.locator(".qa-rec")).to_have_count(len(truth))
    pick(page, "qa-rec-status", status)
    expect(page.locator(".qa-rec")).to_have_count(len(with_status))
    expect(page.locator("#qa-rec-summary")).to_contain_text(f"{len(with_status)} records")
    row = page.locator(".qa-rec").first
    expect(row.locator(".qa-badge")).to_have_text(status)
    finding = row.locator(".qa-rec-part", has_text="Finding:")
    expect(finding.locator("blockquote")).to_contain_text(status)
    finding.locator("a.qa-view").click()  # opens like an answer's citation
    expect(page.locator("#qa-viewer .qa-hit")).to_contain_text(status)
    page.click("#qa-drawer-close")
    page.locator(".qa-rec-row button.qa-add").first.click()
    with page.expect_download() as download:
        page.click("#qa-rec-dl-csv")
    rows = list(csv.DictReader(Path(download.value.path()).open(encoding="utf-8-sig")))
    assert len(rows) == len(with_status) and {r["status"] for r in rows} == {status}
    page.click("button[role=tab]:has-text('Excerpts')")
    expect(page.locator(".qa-basket-item .qa-src").first).to_be_visible()
    expect(page.locator("#qa-basket-summary")).to_contain_text("excerpt")
    context.close()
