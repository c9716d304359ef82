import pytest
from conftest import CORPUS, make_pdf

from qa.errors import DocumentError
from qa.ingest.chunking import chunk_document
from qa.ingest.cleaning import clean_text
from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog, document_metadata, infer_metadata
from qa.ingest.structure import find_blocks
from qa.types import Document, Metadata, Page

BIG = 10**8


def load(path, catalog=Catalog()):
    return load_document(path, path.name, catalog, BIG)


def test_txt_md_html_and_pdf_load(tmp_path):
    (tmp_path / "a.txt").write_text("Kent Police has improved its response to missing children.")
    (tmp_path / "b.md").write_text("---\ntitle: Front title\nforce: Glos\npublished: 2024-03-02\n"
                                   "---\n# Heading here\n\nThe **force** has [a plan](http://x).\n")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page title</title><style>p{color:red}</style></head><body>"
        "<nav>Home | News | Contact</nav><script>alert('x')</script>"
        "<main><h1>Durham Constabulary report</h1><p>Inspectors found good work.</p></main>"
        "<footer>Copyright</footer></body></html>")
    make_pdf(tmp_path / "d.pdf", ["Wiltshire Police made changes."], title="PDF title",
             author="HMICFRS")
    a, b, c, d = (load(tmp_path / n) for n in ("a.txt", "b.md", "c.html", "d.pdf"))
    assert a.meta.force == "Kent Police"
    assert b.meta.title == "Front title" and b.meta.force == "Gloucestershire Constabulary"
    assert b.meta.published == "2024-03-02"
    assert "The force has a plan." in b.text and "**" not in b.text and "http" not in b.text
    assert "alert" not in c.text and "color" not in c.text and "Home | News" not in c.text
    assert "Inspectors found good work." in c.text and c.meta.title == "Page title"
    assert c.meta.force == "Durham Constabulary"
    assert d.meta.title == "PDF title" and d.meta.organisation == "HMICFRS"
    assert "Wiltshire Police made changes." in d.text


def test_a_web_page_reads_as_a_browser_shows_it(tmp_path):
    """A numbered list keeps its numbers (`start`, `value`; a lettered one is left alone), an
    article's own <header> (headline, byline, date) stays while the site's goes, and blocks of
    <div>s are lines of their own: "Daniel Mercer" and "Reporter" are not run together."""
    (tmp_path / "p.html").write_text(
        "<html><head><title>t</title></head><body><header><a>Home</a> <a>News</a></header>"
        "<article><header><h1>Essex Police told to act on child protection</h1>"
        "<div class='by'><div>Daniel Mercer</div><div>Reporter</div></div>"
        "<time datetime='2018-03-14'>14 March 2018</time></header>"
        "<p>Inspectors made these recommendations to Essex Police.</p>"
        "<ol start='3'><li>Within three months, the force should review its referrals.</li>"
        "<li value='7'>Within six months, the force should train its officers.</li></ol>"
        "<ol type='a'><li>Lettered item stays as it was.</li></ol>"
        "<footer>Copyright</footer></article></body></html>")
    doc = load(tmp_path / "p.html")
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    assert "Essex Police told to act on child protection" in lines
    assert "Daniel Mercer" in lines and "Reporter" in lines
    assert "3. Within three months, the force should review its referrals." in lines
    assert "7. Within six months, the force should train its officers." in lines
    assert "Lettered item stays as it was." in lines
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.meta.published == "2018-03-14"
    items = [b for b in doc.blocks if b.kind == "item"]
    assert any(doc.text[b.start:b.end].strip().startswith("3. Within") for b in items)


def test_a_web_pages_recommendations_section_is_no_part_of_the_cause_of_concern_above(tmp_path):
    """On a web page, "Cause of concern 2: ..." under an <h2> "Causes of concern" ends where the
    <h2> "Recommendations" starts (in a report, a concern box's own "Recommendations" line
    and list stay in the box: test_structure)."""
    (tmp_path / "p.html").write_text(
        "<html><head><title>t</title></head><body><main><h1>Humberside Police inspection</h1>"
        "<h2>Causes of concern</h2><p>Cause of concern 1: The force does not respond "
        "consistently to children who go missing.</p><p>Cause of concern 2: Children charged "
        "and refused bail are too often kept in custody overnight.</p><h2>Recommendations</h2>"
        "<ol><li>Within three months, the force should review how it assesses risk.</li>"
        "<li>Within six months, the force should secure enough accommodation.</li></ol>"
        "</main></body></html>")
    doc = load(tmp_path / "p.html")
    [box] = [b for b in doc.blocks if b.kind == "recommendation"
             and "Cause of concern 2" in doc.text[b.start:b.end]]
    assert doc.text[box.start:box.end].strip().endswith("kept in custody overnight.")


def test_metadata_precedence_catalog_then_front_matter_then_pdf_then_text():
    text = "Staffordshire Police responds to the inspection. We accept the findings."
    inferred = infer_metadata(text, "x.txt")
    assert inferred.force == "Staffordshire Police"
    front = {"title": "Front", "force": "Wilts", "published": "2022"}
    pdf = Metadata(title="Pdf", organisation="Pdf org", published="2021-01-01")
    catalog = Metadata(title="Catalog")
    m = document_metadata("x.txt", text, catalog, front, pdf)
    assert m.title == "Catalog"  # catalog beats front matter
    assert m.force == "Wiltshire Police"  # front matter beats the text, short form resolved
    assert m.published == "2022"  # front matter beats PDF metadata
    assert m.organisation == "Pdf org"  # PDF metadata fills what others lack
    bare = document_metadata("x.txt", text, Metadata(), {}, Metadata())
    assert bare.force == "Staffordshire Police"


def test_no_force_claimed_when_none_named():
    m = infer_metadata("The inspectorate published a national report on vetting.", "n.txt")
    assert m.force == ""


def test_catalog_rows_apply_to_sample_documents():
    doc = load(CORPUS / "004_e8a6900a3d56e4d0.txt", Catalog.read(CORPUS / "catalog.csv"))
    assert doc.meta.force == "Wiltshire Police" and doc.meta.organisation == "Wiltshire Times"
    assert doc.meta.source.startswith("https://")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_sample_boilerplate_removed(name):
    text = load(CORPUS / name).text.lower()
    for junk in ("cookie", "quickly exit", "leave this site", "technical problem",
                 "beta", "latest news", "printable version", "stay connected"):
        assert junk not in text, junk
    if name.startswith("002"):
        assert "firearms" not in text and "vetting" not in text and "terrorist" not in text
        assert "within six weeks, staffordshire police should provide" in text
        # a press release's contact line is content, not page furniture
        assert "press office on 0300 071 6781" in text


def test_boilerplate_rules_generalise_to_another_saved_page():
    page = "\n".join([
        "Skip to main content",
        "Accept all cookies",
        "This website uses cookies to improve your experience. Manage cookie settings.",
        "Quickly exit this site",
        "This is a new service – your feedback will help us to improve it.",
        "Home > News > 2024",
        "Lancashire Constabulary welcomes the inspection report on its custody suites.",
        "The chief constable said the force will act on all four recommendations.",
        "Share this page",
        "Related news",
        "Officers seize drugs in Preston 12/03/2024 10:00:00",
        "Appeal after burglary in Blackpool 11/03/2024 09:00:00",
    ])
    text = clean_text(page)
    assert text.splitlines() == [
        "Lancashire Constabulary welcomes the inspection report on its custody suites.",
        "The chief constable said the force will act on all four recommendations."]


def test_a_menus_latest_news_above_the_article_cuts_nothing():
    """A site menu's "Latest news" item before the article is no trailing list of other
    stories: the article after it is kept, and the list after the article still goes."""
    page = "\n".join([
        "Home", "News", "Latest news", "Appeals", "Statements",
        "Inspectors praise Norfolk's child protection work",
        "Norfolk Constabulary has welcomed a report by the police inspectorate which found no "
        "cause of concern in how it protects children.",
        "The force has also begun a refresher course for frontline officers.",
        "More stories",
        "Appeal for witnesses after A47 collision near Dereham",
    ])
    lines = clean_text(page).splitlines()
    assert "The force has also begun a refresher course for frontline officers." in lines
    assert lines[-1] == "The force has also begun a refresher course for frontline officers."


@pytest.mark.parametrize("above", [
    ["This website uses cookies to improve your experience and to help us understand how you "
     "use it."],  # furniture, however long: no sentence of the page's
    ["Home | News | Appeals | Statements | Court results | News archive | Jobs | Contact us | "
     "About us | Our history | Search"],  # a menu of many words, no sentence
])
def test_furniture_above_a_menus_latest_news_is_not_the_article(above):
    page = "\n".join([*above, "Latest news", "Appeals",
                      "Norfolk Constabulary has welcomed a report by the police inspectorate "
                      "which found no cause of concern in how it protects children.",
                      "More stories", "Appeal after A47 collision near Dereham"])
    lines = clean_text(page).splitlines()
    assert lines[-1].startswith("Norfolk Constabulary has welcomed a report"), lines


def test_a_short_page_of_no_long_sentence_still_loses_its_related_news():
    page = "\n".join(["The new custody suite in Dover opened on Monday.", "It has 24 cells.",
                      "Related news", "Appeal after crash in Deal", "Festival returns"])
    assert clean_text(page).splitlines() == ["The new custody suite in Dover opened on Monday.",
                                             "It has 24 cells."]


def test_contents_entries_stay_in_the_text_but_are_never_chunked():
    long_entry = "2.3 Responding to children at risk " + "." * 180 + " 14"
    raw = "Contents\nForeword to the report on child protection ............ iii\n" \
          "Introduction .......... 3\nFindings . . . . . . 12\nSummary … 40\n" \
          f"{long_entry}\nThe force made 15 recommendations in 2021.\nIt reviewed 3 cases in 2022."
    text = clean_text(raw, wrapped=True, web=False)
    # an entry is never glued to what follows it, even a long one that ends no sentence
    assert text.split("\n") == ["Contents",
                                "Foreword to the report on child protection ............ iii",
                                "Introduction .......... 3", "Findings . . . . . . 12",
                                "Summary … 40", long_entry,
                                "The force made 15 recommendations in 2021.",
                                "It reviewed 3 cases in 2022."]
    pages = (Page(1, 0, len(text), "1"),)
    doc = Document("d", "d.pdf", text, pages, Metadata(), "", find_blocks(text, pages))
    assert [c.text for c in chunk_document(doc)] == [
        "The force made 15 recommendations in 2021.\nIt reviewed 3 cases in 2022."]


def test_normalisation_fixes_ligatures_hyphenation_and_spaces():
    raw = "The of\ufb01cers\u00a0were  trained in inspec-\ntion work and\nsafe-\nguarding."
    assert clean_text(raw, wrapped=True, web=False) == \
        "The officers were trained in inspection work and safeguarding."


def test_a_labelled_line_in_a_pdf_is_not_joined_to_the_sentence_after_it():
    """Wrapped PDF lines are joined into paragraphs, but a short "Label: value" line is a line
    of its own: the sentence after it must not be glued on (it would be quoted as one)."""
    text = clean_text("Status: partially achieved\nThe force has trained most of its "
                      "call handlers in the new approach.\n", wrapped=True)
    assert text.split("\n")[:2] == ["Status: partially achieved", "The force has trained most "
                                     "of its call handlers in the new approach."]
    # a wrapped sentence that merely holds a colon is still joined
    wrapped = clean_text("We found problems in three areas of the work: missing reports and\n"
                         "Late referrals to partners.\n", wrapped=True)
    assert "missing reports and Late referrals" in wrapped


def test_bad_files_are_reported_by_name(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "fake.pdf").write_bytes(b"this is not a pdf at all")
    for name, problem in [("empty.txt", "empty"), ("junk.txt", "binary"), ("fake.pdf", "PDF")]:
        with pytest.raises(DocumentError) as err:
            load(tmp_path / name)
        assert name in str(err.value) and problem in str(err.value)


def test_legacy_encodings_are_read(tmp_path):
    (tmp_path / "cp.txt").write_bytes("The force\u2019s r\u00e9sum\u00e9 of \u00a3200 spending "
                                      "on training for officers.".encode("cp1252"))
    assert "\u2019s r\u00e9sum\u00e9 of \u00a3200" in load(tmp_path / "cp.txt").text


def test_discover_recurses_and_survives_symlink_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("Deep file about Kent Police training.")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    files, skipped = discover([tmp_path])
    assert [f.name for f in files] == ["deep.md"]
    assert any("unsupported" in why for _f, why in skipped)


def test_running_headers_and_footers_of_a_pdf_are_left_out(tmp_path):
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("helvetica", size=9)
            self.cell(0, 8, "National child protection inspection: Staffordshire Police")
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=9)
            self.cell(0, 8, f"Page {self.page_no()} of 4")

    facts = ["The force had improved its work with partners.",
             "Officers now record the voice of the child in every case.",
             "Supervisors review missing child cases daily.",
             "The force still needs to improve the quality of its investigations."]
    pdf = Report()
    for fact in facts:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        # a body line reading like the running header, mid-page, is text and stays
        pdf.multi_cell(0, 6, f"{fact}\nThis was found in March 2023 by the inspectors.\n"
                             "National child protection inspection: Staffordshire Police\n"
                             f"The inspectors will return to look at: {fact.lower()}")
    pdf.output(str(tmp_path / "report.pdf"))
    doc = load_document(tmp_path / "report.pdf", "report.pdf", Catalog(), 10**8)
    assert doc.text.count("National child protection inspection") == 4  # the mid-page ones
    assert doc.text.count("The inspectors will return to look at") == 4
    assert "of 4" not in doc.text
    # each page starts with its own first sentence, not glued to a header
    assert [doc.text[p.start:p.end].split("\n")[0] for p in doc.pages] == facts
    assert doc.text.count("This was found in March 2023 by the inspectors.") == 4


def test_a_two_page_pdfs_running_header_is_left_out_but_a_repeated_heading_stays(tmp_path):
    """A force's two-page response carries its title at the head of both pages: it is no part
    of page 2's first sentence. A heading both pages hold further down is text."""
    from fpdf import FPDF

    class Letter(FPDF):
        def header(self):
            self.set_font("helvetica", size=9)
            self.cell(0, 8, "Our response to the inspection of child protection services")
            self.ln(10)

    pdf = Letter()
    for first in ("Summary", "Detective Superintendent Jo Bell leads this work."):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, f"{first}\nOur progress\nWe audit every missing child case each "
                             "month.\nThe audits are reported to the chief officer team.")
    pdf.output(str(tmp_path / "letter.pdf"))
    doc = load_document(tmp_path / "letter.pdf", "letter.pdf", Catalog(), 10**8)
    assert "Our response to the inspection" not in doc.text
    assert [doc.text[p.start:p.end].split("\n")[0] for p in doc.pages] == [
        "Summary", "Detective Superintendent Jo Bell leads this work."]
    assert doc.text.count("Our progress") == 2


def test_a_document_about_many_forces_has_no_single_force():
    thematic = "\n".join(f"{force} had {n} cases of knife crime." for n, force in enumerate(
        ["Kent Police", "Essex Police", "Dorset Police", "Wiltshire Police", "Durham "
         "Constabulary"]))
    assert infer_metadata("A thematic inspection of knife crime.\n" + thematic, "t.txt").force \
        == ""
    # a force named most of the time, compared once with another: still its document
    report = "Inspection of Wiltshire Police\n" + "Wiltshire Police improved.\n" * 4 + \
        "Dorset Police did better in one audit.\n"
    assert infer_metadata(report, "w.txt").force == "Wiltshire Police"
    # the one force named at the top, though others are named as often further on
    statement = "Kent Police statement on the inspection\nPublished 4 August 2023\n" \
        "Kent Police welcomes the report.\n" \
        "Essex Police and Kent Police share a serious crime unit.\nEssex Police agreed.\n"
    assert infer_metadata(statement, "s.txt").force == "Kent Police"


def test_titles_and_authors_an_authoring_tool_made_up_are_not_used():
    text = "Online child sexual abuse: an inspection of the police response\nWe inspected six " \
           "forces."
    for title, author in [("Microsoft Word - online thematic final.docx", "Admin"),
                          ("thematic_v3.pdf", "Administrator"), ("Untitled", "user"),
                          ("Untitled", "k.hartigan"), ("Untitled", "jsmith01"),
                          ("Untitled", "CORP\\jsmith")]:  # the login of whoever saved it
        meta = document_metadata("t.pdf", text, Metadata(), {},
                                 Metadata(title=title, organisation=author))
        assert meta.title == "Online child sexual abuse: an inspection of the police response"
        assert meta.organisation == ""
    for author in ("HMICFRS", "HMICFRS Publications", "West Mercia Police"):
        kept = document_metadata("t.pdf", text, Metadata(), {},
                                 Metadata(title="Online child sexual abuse", organisation=author))
        assert (kept.title, kept.organisation) == ("Online child sexual abuse", author)


def test_a_footnote_mark_after_a_full_stop_still_ends_the_paragraph():
    raw = "Our grade for investigation in this force is adequate.\u00b9\nThe force agreed."
    assert clean_text(raw, wrapped=True, web=False).split("\n") == [
        "Our grade for investigation in this force is adequate.\u00b9", "The force agreed."]


def test_a_report_cover_gives_its_title_not_its_publisher(tmp_path):
    """A real PDF whose /Title an authoring tool made up: the title is read from the cover,
    past the publisher's name above it, with the line the cover wraps it onto."""
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_title("Microsoft Word - NCPI Kent v3 FINAL.docx")
    pdf.add_page()
    for size, line in [(10, "HMICFRS"),
                       (10, "His Majesty's Inspectorate of Constabulary and Fire & Rescue "
                            "Services"),
                       (24, "A re-inspection of child protection in"), (24, "Kent Police"),
                       (10, "Published 4 May 2023")]:
        pdf.set_font("helvetica", size=size)
        pdf.multi_cell(0, size * 0.6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    for _ in range(2):
        pdf.add_page()
        pdf.multi_cell(0, 6, "1. Introduction\n1.1 We returned to Kent Police in March 2023 "
                             "to see what had changed since our inspection.\n" * 6)
    pdf.output(str(tmp_path / "reinspection.pdf"))
    doc = load(tmp_path / "reinspection.pdf")
    assert doc.meta.title == "A re-inspection of child protection in Kent Police"
    assert doc.meta.force == "Kent Police"
    # a title wrapped mid-phrase (the next line opens in lower case) is joined; the text
    # beneath a title is not
    wrapped = "Essex Police response to the inspection of child\nprotection services\n" \
        "Foreword from the Chief Constable\nWe accept the findings."
    assert infer_metadata(wrapped, "r.txt").title == \
        "Essex Police response to the inspection of child protection services"
    plain = "Essex Police response to the inspection\nWe accept every finding and have " \
        "acted on them.\n"
    assert infer_metadata(plain, "r.txt").title == "Essex Police response to the inspection"
    # a byline, a link or a date stamp under a headline is no part of it
    for under in ("by Jane Smith, crime reporter", "www.justiceinspectorates.gov.uk/kent",
                  "updated 3 July 2023"):
        assert infer_metadata(f"Kent Police improves child protection, inspectors say\n{under}\n"
                              "Kent Police has improved.", "n.txt").title == \
            "Kent Police improves child protection, inspectors say"
    headed = "National child protection inspection:\nEssex Police\nPublished 3 April 2020\n"
    assert infer_metadata(headed, "r.txt").title == \
        "National child protection inspection: Essex Police"
