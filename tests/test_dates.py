"""A document's date (qa.ingest.dates, and metadata's choice among its sources): the date its
cover or head gives itself, over a PDF's creation date and dates it gives in passing; a web
page's from its markup or the date line under its headline; real days only."""
import pytest

from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog, document_metadata
from qa.types import Metadata


def load(path):
    return load_document(path, path.name, Catalog(), 10**8)


@pytest.mark.parametrize("created, published", [
    ("2000-01-01", "2023-09"),  # a placeholder: the date printed on the cover instead
    ("2023-10-20", "2023-09"),  # made after the date the report says it was published
    ("2023-09-04", "2023-09-04"),  # agrees with the printed month, and says more
])
def test_a_pdf_creation_date_that_lies_is_not_the_documents_date(tmp_path, created, published):
    from report_files import report_pdf
    doc = load(report_pdf(tmp_path / "r.pdf", created=created))
    assert doc.meta.published == published


def test_placeholder_and_later_dates_in_merging():
    text = "Inspection of Kent Police\nPublished: 4 August 2023\nKent Police has improved."
    # the date the head of the text gives ("Published: 4 August 2023") is the document's, not
    # the day its file was made, earlier or later
    for pdf_date, expected in [("2000-01-01", "2023-08-04"), ("1980-01-01", "2023-08-04"),
                               ("2024-02-01", "2023-08-04"), ("2023-08", "2023-08-04"),
                               ("2022-12-01", "2023-08-04"), ("2023-08-04", "2023-08-04")]:
        meta = document_metadata("k.pdf", text, Metadata(), {}, Metadata(published=pdf_date))
        assert meta.published == expected, pdf_date
    # a catalog's date is trusted whatever the text says
    meta = document_metadata("k.pdf", text, Metadata(published="2024-02-01"), {}, Metadata())
    assert meta.published == "2024-02-01"


def test_a_date_the_text_gives_in_passing_is_another_documents():
    review = ("A post-inspection review of child protection in Kent Police\n23 September 2021\n"
              "1.2 Our original report was published on 2 November 2019.\n")
    response = ("Our response to the inspection\nKent Police welcomes the report.\n"
                "HMICFRS published its report on 17 December 2022.\n")
    for text, pdf_date, expected in [(review, "2022-10-10", "2021-09-23"),  # the cover's line
                                     (review, "", "2021-09-23"),
                                     (response, "2023-03-13", "2023-03-13")]:  # the file's
        meta = document_metadata("k.pdf", text, Metadata(), {}, Metadata(published=pdf_date))
        assert meta.published == expected, (text[:20], pdf_date)


@pytest.mark.parametrize("head, published", [
    ("", "2023-01-21"),  # the date line under the headline (furniture the cleaning drops)
    ('<meta property="article:published_time" content="2023-01-24T09:30:00Z">', "2023-01-24"),
    ('<meta name="dcterms.date" content="2023-01-25">', "2023-01-25"),
])
def test_a_web_pages_date_is_read_before_its_date_line_is_dropped(tmp_path, head, published):
    (tmp_path / "p.html").write_text(
        f"<html><head><title>PCC responds | Office of the PCC</title>{head}</head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Commissioner responds to the "
        "inspection</h1><p class='date'>21 January 2023</p><p>The report on how Kent Police "
        "protects children was published this week.</p><p>I will hold the chief constable to "
        "account.</p></article></body></html>", encoding="utf-8")
    doc = load(tmp_path / "p.html")
    assert doc.meta.published == published
    assert "21 January 2023" not in doc.text  # still no passage of its own
    # a page's time element dates it too
    (tmp_path / "t.html").write_text(
        "<html><body><main><h1>News</h1><p>Posted <time datetime='2022-03-06'>6 March</time>"
        "</p><p>Inspectors found Kent Police had improved.</p></main></body></html>",
        encoding="utf-8")
    assert load(tmp_path / "t.html").meta.published == "2022-03-06"


@pytest.mark.parametrize("text, pdf_date, expected", [
    ("Inspection of Kent Police\nPublished 4 August 2023 by HMICFRS\n", "2023-09-01", "2023-08-04"),
    ("Inspection of Kent Police\nPublished – 5 April 2023\n", "2024-01-10", "2023-04-05"),
    ("Inspection of Kent Police\nPublished: 06/03/2022\n", "2023-01-10", "2022-03-06"),
    ("Inspection of Kent Police\nThis report was published on 4 August 2023.\n", "2025-02-01",
     "2023-08-04"),
    # the line saying it was published beats a date alone above it (fieldwork, a table cell)
    ("Inspection of Kent Police\nFieldwork\n14 March 2022\nPublished: 1 June 2022\n",
     "2022-05-30", "2022-06-01"),
    # no cover date: a date before 1990, a deadline to come, a day no calendar has
    ("Hillsborough: a review\n15 April 1989\n", "2023-11-01", "2023-11-01"),
    ("Kent Police\nDeadline for action\n30 June 2090\n", "2023-08-05", "2023-08-05"),
    ("Inspection of Kent Police\nPublished: 31 February 2023\n", "2023-02-28", "2023-02-28"),
])
def test_the_date_a_document_gives_itself_and_dates_it_does_not(text, pdf_date, expected):
    meta = document_metadata("k.pdf", text, Metadata(), {}, Metadata(published=pdf_date))
    assert meta.published == expected


@pytest.mark.parametrize("page, published", [
    # a date in the markup that is less than a day, or not a date, does not beat the date line
    ('<head><meta name="date" content="Mon, 06 Mar 2022 10:00:00 GMT"></head>', "2022-03-06"),
    ('<head><meta name="date" content="build 2019.4"></head>', "2023-01-21"),
    # a related story's card in the body dates the story, not the page
    ('<head></head><main><div itemscope><meta itemprop="datePublished" content="2018-01-01">'
     '</div></main>', "2023-01-21"),
])
def test_a_web_pages_markup_date_must_be_its_own_and_a_day(tmp_path, page, published):
    head, _, main = page.partition("</head>")
    main = main.replace("<main>", "").replace("</main>", "")
    (tmp_path / "p.html").write_text(
        f"<html>{head}</head><body><main>{main}<h1>Commissioner responds</h1>"
        "<p>21 January 2023</p><p>The report on how Kent Police protects children was "
        "published this week.</p></main></body></html>", encoding="utf-8")
    assert load(tmp_path / "p.html").meta.published == published
