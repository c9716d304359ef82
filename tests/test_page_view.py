"""Issue 13, PDF citations: the cited page as an image with the quote's lines highlighted.
Where the boxes go is checked against where fpdf2 put each line (tests/page_files.py), not
against pdfium; the route is checked for what it refuses (paths, unknown ids and pages, the
login) and for not naming server paths."""
import re
import shutil
from types import SimpleNamespace

import pytest
from page_files import (
    ACROSS_END,
    ACROSS_START,
    DRONE,
    FILLER,
    HYPHEN_A,
    HYPHEN_B,
    PAGE_H,
    drone_report,
)
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog
from qa.web.html import SourceFiles, render_document
from qa.web.login import SESSION_COOKIE, Gate, GateMiddleware
from qa.web.page_view import PageView
from qa.web.pdf_page import Box, PageText, PdfPages, line_boxes, locate

PNG = b"\x89PNG\r\n\x1a\n"
STYLE = re.compile(r'class="qa-hl"[^>]*style="left:([\d.]+)%;top:([\d.]+)%;'
                   r'width:([\d.]+)%;height:([\d.]+)%"')


@pytest.fixture
def report(tmp_path):
    """The drone report in a corpus folder, loaded as ingest loads it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path, lines, pdf = drone_report(corpus / "cumbria.pdf")
    doc = load_document(path, "cumbria.pdf", Catalog(), 10**8)
    return SimpleNamespace(corpus=corpus, path=path, lines=lines, pdf=pdf, doc=doc,
                           files=SourceFiles([corpus]))


def boxes_of(figure: str) -> list[Box]:
    return [Box(*(float(v) / 100 for v in m)) for m in STYLE.findall(figure)]


def middle(box: Box) -> float:
    return box.top + box.height / 2


def on_line(box: Box, line) -> bool:
    """The box's middle is inside the line's band, and the box reaches neither neighbour's
    middle (lines are one band apart)."""
    top, bottom = line.band()
    gap = bottom - top
    return top <= middle(box) <= bottom and box.top > top - gap / 2 \
        and box.top + box.height < bottom + gap / 2


def test_a_one_line_quote_is_boxed_on_its_line_from_its_first_word(report):
    quote = "a structured risk assessment for every call about a child."
    text = PdfPages().text(report.path, 3)
    [box] = line_boxes(text, locate(text, quote))
    line = report.lines[FILLER[2]]
    assert on_line(box, line)
    start = line.x_of(FILLER[2][:FILLER[2].index(quote)], report.pdf)
    end = line.x_of(FILLER[2], report.pdf)
    assert abs(box.left - start) < 0.01 and abs(box.left + box.width - end) < 0.01
    for other in (FILLER[1], HYPHEN_A):  # the lines above and below are not touched
        assert not on_line(box, report.lines[other])


def test_a_quote_over_a_line_end_hyphen_gets_one_box_per_line(report):
    s = report.doc.text.index(DRONE)  # the index has "supervisors", the page "supervi- sors"
    assert "supervisors" in DRONE
    figure = PageView(lambda: [report.doc], report.files).figure(report.doc, s, s + len(DRONE))
    first, second = boxes_of(figure)
    a, b = report.lines[HYPHEN_A], report.lines[HYPHEN_B]
    assert on_line(first, a) and on_line(second, b)
    assert abs(first.left - a.x_of("2.7 ", report.pdf)) < 0.01  # from "Inspectors", not "2.7"
    assert abs(first.left + first.width - a.x_of(HYPHEN_A[:-1], report.pdf)) < 0.01
    assert abs(second.left - b.x / 210) < 0.01
    assert abs(second.left + second.width - b.x_of(HYPHEN_B, report.pdf)) < 0.01
    for other in (FILLER[2], "2.8 The force has since bought a digital logging system for "
                  "the unit."):
        assert not any(on_line(box, report.lines[other]) for box in (first, second))
    assert 'alt="PDF page 3 of Cumbria Constabulary' in figure and "supervisors could" in figure


def test_a_quote_running_onto_the_next_page_highlights_what_is_on_the_shown_page(report):
    text = report.doc.text
    s, e = text.index(ACROSS_END), text.index(ACROSS_START) + len(ACROSS_START)
    assert report.doc.page_at(s) == 3 and report.doc.page_at(e - 1) == 4
    figure = PageView(lambda: [report.doc], report.files).figure(report.doc, s, e)
    assert "page-image/" in figure and "/3.png" in figure
    [box] = boxes_of(figure)
    assert on_line(box, report.lines[ACROSS_END])
    page = render_document(report.doc, s, e, report.files, figure)
    assert "p. 2 (PDF page 3)" in page  # the printed label and the physical page


def test_ligatures_quotes_and_spacing_are_matched_tolerantly():
    chars = "The ﬁnal “review”  was\u00a0signed off in May."
    boxes = tuple((i, 700, i + 5, 712) if not c.isspace() else None
                  for i, c in enumerate(chars))
    page = PageText(chars, boxes)
    found = locate(page, 'final "review" was signed')
    assert chars[found[0]:found[-1] + 1] == "ﬁnal “review”  was\u00a0signed"
    assert locate(page, "off in May.")[-1] == len(chars) - 1  # its full stop too
    assert locate(page, "not on this page at all") == []


def test_of_two_occurrences_the_one_nearest_the_quotes_place_is_chosen():
    chars = "Records were checked. " * 2
    page = PageText(chars, tuple((i, 700, i + 5, 712) for i in range(len(chars))))
    assert locate(page, "Records were checked.", near=0.9)[0] == chars.index("Records", 1)
    assert locate(page, "Records were checked.", near=0.0)[0] == 0


def test_on_a_rotated_page_the_boxes_turn_with_the_page(report, tmp_path):
    import pypdf
    writer = pypdf.PdfWriter(clone_from=str(report.path))
    writer.pages[2].rotate(90)  # shown landscape: the lines run down, the first on the right
    turned = tmp_path / "turned.pdf"
    writer.write(str(turned))
    pages = PdfPages()
    image = pages.image(turned, 3)
    assert image.width > image.height
    first, second = pages.highlight(turned, 3, DRONE)  # pdfium reads these lines reversed
    for box, line, start in [(first, report.lines[HYPHEN_A], "2.7 "),
                             (second, report.lines[HYPHEN_B], "")]:
        top, bottom = line.band()
        assert 1 - bottom <= box.left + box.width / 2 <= 1 - top
        assert abs(box.top - line.x_of(start, report.pdf)) < 0.01 and box.height > 0.6


def test_a_text_document_has_no_page_image(report):
    doc = SimpleNamespace(file="notes.txt", pages=report.doc.pages)
    assert PageView(lambda: [], report.files).figure(doc, 0, 10) == ""
    assert PageView(lambda: [report.doc], report.files).figure(report.doc, 5, 5) == ""


def test_a_page_that_cannot_be_rendered_is_said_in_the_drawer_and_by_the_route(report):
    s = report.doc.text.index(DRONE)
    report.path.write_bytes(b"%PDF-1.4 this is not really a PDF any more")
    view = PageView(lambda: [report.doc], report.files)
    figure = view.figure(report.doc, s, s + 20)
    assert "PDF page 3 cannot be shown: cumbria.pdf: cannot be opened" in figure
    assert "<img" not in figure and str(report.corpus) not in figure
    reply = client(view).get(f"/page-image/{report.doc.doc_id}/3.png")
    assert reply.status_code == 422 and str(report.corpus) not in reply.text
    assert "cumbria.pdf" in reply.json()["detail"]


def client(view: PageView, gate: Gate | None = None) -> TestClient:
    middleware = [Middleware(GateMiddleware, gate=gate)] if gate else []
    return TestClient(Starlette(routes=view.routes(), middleware=middleware))


def test_the_route_serves_known_pages_of_known_pdfs_and_nothing_else(report, tmp_path):
    secret = tmp_path / "secret.pdf"
    shutil.copy2(report.path, secret)
    (report.corpus / "link.pdf").symlink_to(secret)  # indexed once, now points outside
    (report.corpus / "notes.txt").write_text("Not a PDF.", encoding="utf-8")
    linked = SimpleNamespace(doc_id="aaaa", file="link.pdf", fingerprint="")
    text = SimpleNamespace(doc_id="bbbb", file="notes.txt", fingerprint="")
    view = PageView(lambda: [report.doc, linked, text], report.files)
    http = client(view)
    ok = http.get(f"/page-image/{report.doc.doc_id}/3.png")
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/png"
    assert ok.content.startswith(PNG) and "private" in ok.headers["cache-control"]
    for path in [f"/page-image/{report.doc.doc_id}/0.png",
                 f"/page-image/{report.doc.doc_id}/5.png",  # it has four
                 f"/page-image/{report.doc.doc_id}/99999999.png",
                 "/page-image/unknown/1.png", "/page-image/aaaa/1.png", "/page-image/bbbb/1.png",
                 "/page-image/..%2F..%2Fetc%2Fpasswd/1.png", "/page-image/../cumbria.pdf/1.png",
                 "/page-image/%2Fetc%2Fpasswd/1.png", f"/page-image/{secret}/1.png",
                 f"/page-image/{report.path}/1.png", "/page-image/cumbria.pdf/1.png"]:
        reply = http.get(path)
        assert reply.status_code == 404, path
        assert str(tmp_path) not in reply.text


class Accounts:
    """One session, 'good', for the officer."""

    def session_user(self, token):
        return "officer" if token == "good" else None


def test_the_route_needs_the_login_when_one_is_set(report):
    view = PageView(lambda: [report.doc], report.files)
    http = client(view, Gate(Accounts()))
    url = f"/page-image/{report.doc.doc_id}/3.png"
    assert http.get(url).status_code == 401
    http.cookies.set(SESSION_COOKIE, "bad")
    assert http.get(url).status_code == 401
    http.cookies.set(SESSION_COOKIE, "good")
    reply = http.get(url)
    assert reply.status_code == 200 and reply.content.startswith(PNG)


def test_renders_are_bounded_and_cached(report):
    pages = PdfPages(cache_pages=2)
    first = pages.image(report.path, 3)
    assert first.width <= 1400 and first.height / first.width == pytest.approx(PAGE_H / 210,
                                                                              rel=0.01)
    assert pages.image(report.path, 3) is first  # cached
    pages.image(report.path, 1)
    pages.image(report.path, 2)
    assert pages.image(report.path, 3) is not first  # the oldest went
