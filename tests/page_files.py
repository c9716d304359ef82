"""A report PDF written by fpdf2 with every line at a known place, for the tests of the cited
page image: where each line is (in fractions of the page, from fpdf2's own layout, not from
pdfium) and where a quote starts on its line (fpdf2's string widths)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
LEFT, LINE_H, FONT = 20.0, 6.0, 11
HYPHEN_A = ("2.7 Inspectors found that the drone unit of Cumbria Constabulary kept its flight "
            "logs on paper, so supervi-")
HYPHEN_B = "sors could not check which searches for missing children had been flown at night."
DRONE = HYPHEN_A[4:-1] + HYPHEN_B  # the sentence as the index has it: hyphen joined
FILLER = ["2.5 The force has a clear policy for recording the searches its officers carry out,",
          "and its officers understood it well when inspectors spoke to them.",
          "2.6 Call handlers now use a structured risk assessment for every call about a child."]
AFTER = ["2.8 The force has since bought a digital logging system for the unit.",
         "2.9 Inspectors will look at how well it is used when they return next year."]
ACROSS_END = "3.1 The custody suites were clean and well run, and the detention officers"
ACROSS_START = "checked on every child held overnight at least once an hour."


@dataclass(frozen=True)
class Line:
    page: int  # physical, 1-based
    text: str
    x: float  # mm, where the text starts (after fpdf2's cell margin)
    y: float  # mm, top of the line's cell

    def band(self) -> tuple[float, float]:
        """The line's vertical extent as fractions of the page height."""
        return self.y / PAGE_H, (self.y + LINE_H) / PAGE_H

    def x_of(self, prefix: str, pdf) -> float:
        """Where `prefix`'s end lies on the line, as a fraction of the page width."""
        return (self.x + pdf.get_string_width(prefix)) / PAGE_W


def drone_report(path: Path, body_top: float = 200.0):
    """A four-page Cumbria report: a cover, then pages printed 1-3 (footer "Page n"). The
    drone sentence runs over two lines of physical page 3 (printed 2), split "supervi- / sors",
    its first line starting `body_top` mm down; a sentence runs from page 3 onto page 4.
    Returns (path, the lines by text, the FPDF object for string widths)."""
    from fpdf import FPDF

    class Report(FPDF):
        def footer(self):
            if self.page_no() > 1:
                self.set_y(-15)
                self.set_font("helvetica", size=8)
                self.cell(0, 6, f"Page {self.page_no() - 1}", align="C")

    pdf = Report(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title("Cumbria Constabulary: inspection of missing children searches")
    pdf.set_author("HMICFRS")
    lines: dict[str, Line] = {}

    def put(text: str, y: float, size: float = FONT, style: str = "") -> None:
        pdf.set_font("helvetica", style, size)
        pdf.set_xy(LEFT, y)
        pdf.cell(0, LINE_H, text)
        lines[text] = Line(pdf.page_no(), text, LEFT + pdf.c_margin, y)

    pdf.add_page()
    put("Cumbria Constabulary", 60, 24, "B")
    put("Inspection of missing children searches", 80, 16)
    pdf.add_page()
    put("1. Introduction", 30, 14, "B")
    put("1.1 This report sets out what we found when we inspected Cumbria Constabulary.", 42)
    put("1.2 We carried out the inspection in March 2024.", 48)
    pdf.add_page()
    put("2. Searches for missing children", 30, 14, "B")
    y = body_top - LINE_H * len(FILLER)
    for text in [*FILLER, HYPHEN_A, HYPHEN_B, *AFTER]:
        put(text, y)
        y += LINE_H
    put(ACROSS_END, 250)
    pdf.add_page()
    put(ACROSS_START, 30)
    put("3.2 Every child was seen by a nurse within two hours of arriving.", 36)
    pdf.output(str(path))
    pdf.set_font("helvetica", "", FONT)
    return path, lines, pdf
