"""Real report files for the structure tests: a report-style PDF written by fpdf2 (cover,
contents, running header and footer with printed page numbers, sized headings, numbered
paragraphs, a recommendation box, a cause of concern, a table, a footnote, a boilerplate annex)
and a Word document written by python-docx."""
from __future__ import annotations

from pathlib import Path

FINDING = ("2.14 Inspectors found that call handlers in Wiltshire Police did not always identify "
           "vulnerability at first contact, and that the force did not consistently use its "
           "risk assessment tool when a child was reported missing from home.1")
RECOMMENDATION = ("Recommendation 4: Within three months, Wiltshire Police should make sure "
                  "that call handlers use the THRIVE model for every call about a child.")
CONCERN = ("The force does not have enough detectives to investigate child abuse cases "
           "promptly, and supervisors do not review the plans for these investigations.")
FOOTNOTE = "1 College of Policing, Authorised Professional Practice on missing persons, 2022."
ROWS = [("Case type", "Cases audited", "Grade"), ("Neglect", "10", "Good"),
        ("Domestic abuse", "14", "Requires improvement")]


def report_pdf(path: Path, page_labels: bool = False, created: str = "",
               cover_date: str = "September 2023") -> Path:
    """A six-page inspection report: cover (p. 1, dated `cover_date`), contents (p. 2), then
    pages printed 1-4. With `page_labels` the PDF also carries /PageLabels: i, ii, then 1-4."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            if self.page_no() > 1:
                self.set_font("helvetica", size=8)
                self.cell(0, 6, "National child protection inspection: Wiltshire Police")
                self.ln(10)

        def footer(self):
            if self.page_no() > 2:
                self.set_y(-15)
                self.set_font("helvetica", size=8)
                self.cell(0, 6, f"Page {self.page_no() - 2}", align="C")

    pdf = Report()
    pdf.set_title("Wiltshire Police: National child protection inspection")
    pdf.set_author("HMICFRS")
    if created:
        from datetime import datetime, timezone
        pdf.set_creation_date(datetime.fromisoformat(created).replace(tzinfo=timezone.utc))

    def text(size: float, words: str, style: str = "", height: float = 6) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, height, words, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    if page_labels:
        pdf.set_page_label("r", None, 1)
    text(26, "Wiltshire Police", "B", 14)
    text(18, "National child protection inspection", "B", 10)
    text(12, cover_date)
    pdf.add_page()
    text(16, "Contents", "B", 10)
    for entry, page in [("1. Introduction", 1), ("2. Initial contact", 2),
                        ("3. Re-inspection findings", 3), ("Annex A: About us", 4)]:
        text(11, f"{entry} {'.' * 40} {page}")
    pdf.add_page()
    if page_labels:
        pdf.set_page_label("D", None, 1)
    text(16, "1. Introduction", "B", 10)
    text(11, "1.1 This report sets out what we found when we inspected how well Wiltshire "
             "Police protects children. We carried out the inspection in June 2023.")
    text(11, "The force serves the county of Wiltshire and the borough of Swindon.")
    pdf.add_page()
    text(16, "2. Initial contact", "B", 10)
    text(13, "2.1 Call handling", "B", 8)
    text(11, FINDING)
    text(11, RECOMMENDATION)
    pdf.set_y(255)
    text(8, FOOTNOTE, height=4)
    pdf.add_page()
    text(16, "3. Re-inspection findings", "B", 10)
    text(11, "When we returned, the force had audited cases of each type. Its results were "
             "better than those of Dorset Police in a similar audit.")
    pdf.set_font("helvetica", size=11)
    with pdf.table(col_widths=(60, 60, 60)) as table:
        for row in ROWS:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.ln(4)
    text(11, "Cause of concern", "B")
    text(11, CONCERN)
    text(11, "Recommendations", "B")
    text(11, "To address this cause of concern, we recommend that within six months the "
             "force should:")
    text(11, "- make sure it has enough trained detectives; and")
    text(11, "- review every child abuse investigation plan each month.")
    pdf.add_page()
    text(16, "Annex A: About us", "B", 10)
    text(11, "HMICFRS independently assesses the effectiveness and efficiency of police forces "
             "and fire and rescue services, in the public interest.")
    text(11, "© HMICFRS 2023")
    pdf.output(str(path))
    return path


def report_docx(path: Path) -> Path:
    """A force's response as Word writes it: a title, headings, a list, a table with a cell
    merged across two columns, and the document's own properties."""
    import docx
    document = docx.Document()
    document.core_properties.title = "Wiltshire Police response to the child protection inspection"
    document.core_properties.author = "Wiltshire Police"
    document.add_paragraph("Wiltshire Police response to the child protection inspection",
                           style="Title")
    document.add_heading("Our response", level=1)
    document.add_paragraph("We accept all of the recommendations in the report and have "
                           "begun work on each of them.")
    document.add_heading("Recommendation 4", level=2)
    document.add_paragraph("Call handlers have been retrained to use the THRIVE model, and "
                           "supervisors check ten calls a week.")
    document.add_paragraph("Training finished in October 2023.", style="List Bullet")
    document.add_paragraph("Audits start in January 2024.", style="List Bullet")
    document.add_heading("Progress", level=1)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("Action", "Owner", "Due"), ("Retrain call handlers", "Head of contact", "Oct 2023")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Monthly audit of plans"
    table.cell(2, 2).text = "Jan 2024"
    document.add_paragraph("We will publish our progress every quarter.")
    document.save(str(path))
    return path
