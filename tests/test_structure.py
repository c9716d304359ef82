"""Reading reports as reports: headings and section paths, items and boxes kept whole, table
rows with their cells, footnotes apart, contents pages, covers and boilerplate left out, printed
page labels, and the forces each chunk is about, on real PDF, Word, Markdown and HTML files."""
import pytest
from report_files import CONCERN, FINDING, FOOTNOTE, RECOMMENDATION, report_pdf

from qa.ingest.chunking import chunk_document
from qa.ingest.files import load_document
from qa.ingest.labels import printed_labels, roman_value, to_roman
from qa.ingest.metadata import Catalog
from qa.ingest.structure import find_blocks
from qa.types import Block, Document, Metadata, Page

BIG = 10**8


def load(path):
    return load_document(path, path.name, Catalog(), BIG)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = report_pdf(tmp_path_factory.mktemp("report") / "wiltshire.pdf")
    doc = load(path)
    return doc, chunk_document(doc, 600)


def chunk_with(chunks, words):
    found = [c for c in chunks if words in c.text]
    assert len(found) == 1, (words, [c.text for c in chunks])
    return found[0]


def test_report_pdf_chunks_know_their_section_page_and_printed_label(report):
    doc, chunks = report
    finding = chunk_with(chunks, "Inspectors found that call handlers")
    assert finding.section == "2. Initial contact > 2.1 Call handling"
    assert (finding.page, finding.page_label) == (4, "2")  # after a cover and a contents page
    assert finding.text.startswith("2. Initial contact\n2.1 Call handling\n")  # headings lead
    table = chunk_with(chunks, "Domestic abuse")
    assert table.section == "3. Re-inspection findings" and (table.page, table.page_label) == (5, "3")
    for chunk in chunks:
        assert doc.text[chunk.start:chunk.end] == chunk.text
        assert doc.page_label_at(chunk.start) == chunk.page_label
        assert doc.page_at(chunk.start) == chunk.page
        assert doc.section_at(chunk.end - 1) == chunk.section  # leading headings included
    # the running header and the printed page numbers are furniture, not text
    assert "National child protection inspection: Wiltshire Police" not in doc.text
    assert "Page 2" not in doc.text


def test_items_boxes_rows_and_footnotes_are_whole_and_apart(report):
    _doc, chunks = report
    assert FINDING in chunk_with(chunks, "2.14 Inspectors").text  # a numbered paragraph, whole
    box = chunk_with(chunks, "Recommendation 4:")
    assert box.text == RECOMMENDATION and box.kind == "recommendation"
    concern = chunk_with(chunks, "Cause of concern")
    assert concern.kind == "recommendation" and CONCERN in concern.text
    assert concern.text.endswith("review every child abuse investigation plan each month.")
    table = chunk_with(chunks, "Cases audited")
    assert table.kind == "table"
    assert table.text.split("\n") == ["Case type | Cases audited | Grade", "Neglect | 10 | Good",
                                      "Domestic abuse | 14 | Requires improvement"]
    footnote = chunk_with(chunks, "College of Policing")
    assert footnote.kind == "footnote" and footnote.text == FOOTNOTE
    assert all("College of Policing" not in c.text for c in chunks if c.kind != "footnote")


def test_cover_contents_and_boilerplate_are_not_answers(report):
    doc, chunks = report
    kinds = {b.kind for b in doc.blocks}
    assert {"cover", "contents", "boilerplate"} <= kinds
    assert "Contents" in doc.text and "© HMICFRS 2023" in doc.text  # kept in the text
    joined = "\n".join(c.text for c in chunks)
    for furniture in ("September 2023", "......", "About us", "© HMICFRS", "independently "
                      "assesses"):
        assert furniture not in joined
    assert all(c.page > 2 for c in chunks)
    assert {c.kind for c in chunks} == {"body", "table", "recommendation", "footnote"}


def test_chunk_forces_are_named_ones_plus_the_documents(report):
    doc, chunks = report
    assert doc.meta.force == "Wiltshire Police"
    dorset = chunk_with(chunks, "Dorset Police")
    assert dorset.forces == ("Dorset Police", "Wiltshire Police")
    assert all("Wiltshire Police" in c.forces for c in chunks)


def test_pdf_page_labels_come_first_from_the_pdf_itself(tmp_path):
    doc = load(report_pdf(tmp_path / "labelled.pdf", page_labels=True))
    assert [(p.number, p.label) for p in doc.pages] == [
        (1, "i"), (2, "ii"), (3, "1"), (4, "2"), (5, "3"), (6, "4")]
    finding = chunk_with(chunk_document(doc), "Inspectors found")
    assert (finding.page, finding.page_label) == (4, "2")


@pytest.mark.parametrize("footer", ["{n}", "Page {n}", "{n} | HMICFRS", "Kent report - {n}"])
def test_page_labels_from_running_footers_roman_and_gaps(tmp_path, footer):
    from fpdf import FPDF

    class Numbered(FPDF):
        def footer(self):
            n = self.page_no()
            if n == 4:  # one page printed without its number
                return
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, footer.format(n=to_roman(n) if n <= 2 else f"{n - 2}"), align="C")

    pdf = Numbered()
    for n in range(1, 7):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, f"Inspectors visited the force on day {n}.\nThey read {n * 7} case "
                             f"files.\nThis is physical page {n} of the report about Kent Police.")
    pdf.output(str(tmp_path / "numbered.pdf"))
    doc = load(tmp_path / "numbered.pdf")
    assert [p.label for p in doc.pages] == ["i", "ii", "1", "2", "3", "4"]
    assert "\nii" not in doc.text and "HMICFRS" not in doc.text and "Kent report" not in doc.text
    assert doc.text.rstrip().endswith("about Kent Police.")


def test_pages_without_printed_numbers_are_labelled_with_their_number(tmp_path):
    from conftest import make_pdf
    doc = load(make_pdf(tmp_path / "plain.pdf", [f"Page text {n} about Kent Police."
                                                 for n in range(1, 4)]))
    assert [p.label for p in doc.pages] == ["1", "2", "3"]
    assert printed_labels([["2023"], ["2023"], ["2023"]]) == ["", "", ""]  # a year, not pages
    assert roman_value("xiv") == 14 and roman_value("iiii") == 0 and to_roman(9, "I") == "IX"


def test_markdown_and_html_headings_tables_and_lists(tmp_path):
    (tmp_path / "r.md").write_text(
        "# Wiltshire Police report\n\n## Findings\n\n### Call handling\n\n"
        "Inspectors found the force answered calls quickly.\n\n"
        "- it answered 95% of emergency calls in ten seconds;\n- it kept callers informed.\n\n"
        "| Year | Calls |\n|---|---|\n| 2022 | 100 |\n| 2023 | 120 |\n")
    doc = load(tmp_path / "r.md")
    chunks = chunk_document(doc)
    first = chunk_with(chunks, "answered calls quickly")
    assert first.section == "Findings > Call handling"
    assert "it kept callers informed." in first.text
    table = chunk_with(chunks, "2023 | 120")
    assert table.kind == "table" and "Year | Calls" in table.text and "---" not in doc.text
    (tmp_path / "p.html").write_text(
        "<html><body><main><h1>Kent Police news</h1><h2>Response times</h2>"
        "<p>Kent Police answered more calls within the target time this year.</p>"
        "<table><tr><th>Month</th><th>Calls</th></tr><tr><td>May</td><td>1,200</td></tr>"
        "</table><h2>Custody</h2><p>The custody suite in Maidstone was refurbished in "
        "2023.</p></main></body></html>")
    page = load(tmp_path / "p.html")
    chunks = chunk_document(page)
    assert chunk_with(chunks, "within the target time").section == "Response times"
    assert chunk_with(chunks, "May | 1,200").kind == "table"
    assert chunk_with(chunks, "Maidstone").section == "Custody"


def test_plain_text_numbered_and_title_case_headings(tmp_path):
    (tmp_path / "r.txt").write_text(
        "Inspection of Kent Police\n"
        "2. Initial contact\n"
        "2.1 Call handling\n"
        "2.14 Inspectors found that call handlers did not always identify vulnerability.\n"
        "The force accepted this finding.\n"
        "Areas For Improvement\n"
        "The force should improve how it records the voice of the child in every case.\n"
        "1. Review the policy\n"
        "2. Train the staff\n")
    doc = load(tmp_path / "r.txt")
    chunks = chunk_document(doc)
    assert chunk_with(chunks, "2.14 Inspectors").section == "2. Initial contact > 2.1 Call handling"
    assert chunk_with(chunks, "voice of the child").section == "Areas For Improvement"
    listed = chunk_with(chunks, "Review the policy")  # numbered lines in a row: a list
    assert "Train the staff" in listed.text and listed.section == "Areas For Improvement"


def test_a_long_item_is_split_only_when_over_the_limit():
    item = "2.3 " + " ".join(f"Sentence {i} about missing children." for i in range(30))
    short = "2.4 The force accepted the finding."
    text = f"{item}\n{short}"
    pages = (Page(1, 0, len(text), "1"),)
    doc = Document("d", "d.txt", text, pages, Metadata(), "", find_blocks(text, pages))
    chunks = chunk_document(doc, target=200)
    assert len(chunks) > 3 and all(len(c.text) <= 200 for c in chunks)
    assert chunks[-1].text == short  # kept whole, on its own after the long one
    small = chunk_document(doc, target=2000)
    assert [c.text for c in small] == [text]


def test_a_sentence_running_on_to_the_next_page_stays_in_one_chunk():
    text = "Inspectors found that the force had improved its work with\n\n" \
           "partners across the county. Another sentence follows here."
    cut = text.index("\n\n")
    pages = (Page(1, 0, cut, "1"), Page(2, cut + 2, len(text), "2"))
    doc = Document("d", "d.pdf", text, pages, Metadata(), "", (Block(0, 0, "item"),))
    chunks = chunk_document(doc)
    assert len(chunks) == 1 and chunks[0].page == 1 and "partners" in chunks[0].text


def test_a_sentence_broken_by_a_page_break_is_read_and_quoted_whole(tmp_path):
    from conftest import make_pdf

    from qa.ask.scoring import candidates
    from qa.ask.understand import understand
    from qa.config import Settings
    from qa.ingest.readers import Job, read_file
    from qa.types import Passage
    first = "Inspectors looked at 40 cases. We examined a case in which a 14-year-old"
    second = "girl had been reported missing three times in one week. Nobody had visited her."
    path = make_pdf(tmp_path / "report.pdf", [first, second])
    read = read_file(Job(path, path.name), Settings())
    doc = read.doc
    [(chunk, spans)] = [(c, s) for c, s in zip(read.chunks, read.spans) if "girl" in c.text]
    sentences = [doc.text[s:e] for s, e in spans]
    whole = next(s for s in sentences if "girl had" in s)
    assert whole.startswith("We examined a case") and whole.endswith("one week.")
    assert doc.page_at(doc.text.index("girl had")) == 2  # it does run over the break
    # an answer quotes it whole, from the document's own text (page break and all)
    passage = Passage(1, 1.0, chunk, doc, 0.5)
    quoted = [c.text for c in candidates(understand("Which girl was reported missing?"),
                                         [passage], {}, 1)]
    assert any(q.startswith("We examined a case") and q.endswith("one week.") for q in quoted)
    assert not any(q.startswith("girl") for q in quoted)


def test_thematic_report_has_no_single_force_but_its_chunks_do(tmp_path):
    from conftest import make_pdf
    forces = ["Wiltshire Police", "Kent Police", "Dorset Police", "Durham Constabulary",
              "Cheshire Constabulary", "Essex Police"]
    pages = ["An inspection of how well the police tackle serious youth violence.\n"
             "We inspected six forces in 2023."]
    pages += [f"{force} had {10 + i} cases of serious youth violence in its area. "
              f"Inspectors found that {force} worked well with schools."
              for i, force in enumerate(forces)]
    doc = load(make_pdf(tmp_path / "thematic.pdf", pages, title="Serious youth violence"))
    assert doc.meta.force == ""
    chunks = chunk_document(doc)
    kent = chunk_with(chunks, "Kent Police had")
    assert kent.forces == ("Kent Police",)


def test_citations_and_passages_carry_the_printed_page_and_section(report):
    from qa.outputs.reference import reference_of
    from qa.types import Citation, Passage
    doc, chunks = report
    chunk = chunk_with(chunks, "Inspectors found that call handlers")
    passage = Passage(1, 0.9, chunk, doc)
    record = passage.to_dict()
    assert (record["page"], record["page_label"], record["section"]) == (
        4, "2", "2. Initial contact > 2.1 Call handling")
    quote = "Inspectors found that call handlers"
    start = doc.text.index(quote)
    cite = Citation(1, doc, doc.page_at(start), quote, start, start + len(quote),
                    doc.page_label_at(start), doc.section_at(start))
    assert {k: cite.to_dict()[k] for k in ("page", "page_label", "section")} == {
        "page": 4, "page_label": "2", "section": "2. Initial contact > 2.1 Call handling"}
    for item in (passage, cite):
        assert reference_of(item).details().endswith("p. 2 · 2. Initial contact > 2.1 Call handling")


def test_a_pdf_table_with_narrow_columns_keeps_each_cell_apart(tmp_path):
    """Cells drawn one by one, a long one close to the next column: the columns the rows
    share tell the cells apart where the gap alone would not."""
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    rows = [("Category", "Cases", "Requires improvement", "Inadequate"),
            ("Missing children", "15", "0", "2"), ("Domestic abuse", "22", "0", "19")]
    y = 30
    for i, row in enumerate(rows):
        pdf.set_font("helvetica", "B" if i == 0 else "", 8.5)
        for cell, x in zip(row, (20, 70, 100, 139)):
            pdf.text(x, y, cell)
        y += 6
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(20, y + 5)
    pdf.multi_cell(0, 5, "Inspectors audited 37 cases in total in Kent Police.")
    pdf.output(str(tmp_path / "table.pdf"))
    doc = load(tmp_path / "table.pdf")
    assert doc.text.split("\n")[:3] == ["Category | Cases | Requires improvement | Inadequate",
                                        "Missing children | 15 | 0 | 2",
                                        "Domestic abuse | 22 | 0 | 19"]
    assert "Inspectors audited 37 cases in total in Kent Police." in doc.text.split("\n")


def test_a_table_page_whose_last_column_rises_is_not_a_contents_page(tmp_path):
    """A case-audit table alone on a page: its rows end in numbers that happen to rise, as a
    contents page's page numbers do, but each row has several cells, so it is read and found."""
    from fpdf import FPDF
    pdf = FPDF()
    for body in (["Introduction", "Inspectors found that the force had improved its work."],
                 ["Annex B: Case audit results", "Inspectors audited 94 cases in total.",
                  "Table 1: Case audit results by category",
                  "Category | Cases examined | Good | Requires improvement | Inadequate",
                  "Missing children | 15 | 2 | 13 | 0", "Child sexual exploitation | 23 | 5 | 18 | 0",
                  "Children in custody | 10 | 1 | 8 | 1", "Police protection | 14 | 5 | 7 | 2",
                  "Referrals to partners | 14 | 3 | 7 | 4", "Domestic abuse | 18 | 2 | 11 | 5",
                  "Total | 94 | 18 | 64 | 12"]):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        for y, line in enumerate(body):
            cells = line.split(" | ")  # drawn cell by cell, in columns, as report tables are
            for cell, x in zip(cells, (20, 75, 115, 135, 175) if len(cells) > 1 else (20,)):
                pdf.text(x, 20 + 6 * y, cell)
    pdf.output(str(tmp_path / "audit.pdf"))
    doc = load(tmp_path / "audit.pdf")
    assert "contents" not in {b.kind for b in doc.blocks}
    total = chunk_with(chunk_document(doc, 600), "Total | 94 | 18 | 64 | 12")
    assert total.kind == "table" and "Category | Cases examined" in total.text
