"""Writing a report-like PDF for the development library: pages, running header and footer,
printed page numbers (none, roman or arabic), /PageLabels, headings, paragraphs kept on one
page, boxes, tables, contents with dot leaders and footnotes.

Owns layout. fpdf2 only draws text and rectangles here: its own line breaking re-measures a
paragraph once per character and would take minutes for 2,000 pages, so lines, pages and
footnotes are laid out by this module. What is written where is reported to the caller
(`para(..., track=...)` returns the physical page), never decided here.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bench.library_ledger import Pages

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 22.0, 22.0, 24.0, 24.0
WIDTH = PAGE_W - LEFT - RIGHT
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FAMILIES = {"sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
             "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf")}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Parsing a whole DejaVu font costs 50 ms per style per PDF; the characters used are enough.
_RANGE = "U+0020-007E, U+00A0-00FF, U+2010-2027, U+2070-209F"


def roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


class PdfDoc:
    """One PDF being written, page by page, top to bottom."""

    def __init__(self, header: str = "", footer: str = "{n}", labels: bool = False,
                 family: str = "sans"):
        from fpdf import FPDF
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(LEFT, TOP, RIGHT)
        regular, bold, italic = (str(_FONT_DIR / name) for name in _FAMILIES[family])
        for style, fname in (("", regular), ("B", bold), ("I", italic)):
            self.pdf.add_font("f", style, fname, unicode_range=_RANGE)
        self.header, self.footer, self.labels = header, footer, labels
        self.numbering, self.arabic, self.in_body = "none", 0, False
        self.printed: list[str] = []
        self.pdf_labels: list[str] = []
        self.footnotes: list[str] = []
        self.footnote_count = 0
        self.y = TOP
        self._widths: dict[tuple, float] = {}

    # pages -----------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.pdf.page

    def new_page(self, numbering: str | None = None) -> None:
        """Close the current page and open the next; numbering is 'none', 'roman' or
        'arabic' (arabic restarts at 1 the first time it is asked for)."""
        if self.pdf.page:
            self._close_page()
        numbering = numbering or self.numbering
        if numbering == "arabic" and not self.in_body:
            self.in_body, self.arabic = True, 0
        self.numbering = numbering
        self._add_page()
        physical = self.pdf.page
        if numbering == "arabic":
            self.arabic += 1
        printed = {"none": "", "roman": roman(physical), "arabic": str(self.arabic)}[numbering]
        self.printed.append(printed)
        self.pdf_labels.append(str(self.arabic) if self.in_body else roman(physical))
        self.y = TOP
        if numbering != "none" and self.header:
            self._text_line(self.header, 8, "I", x=LEFT, y=13, grey=True)
            self.pdf.set_draw_color(170, 170, 170)
            self.pdf.line(LEFT, 15.5, PAGE_W - RIGHT, 15.5)

    def _add_page(self) -> None:
        if not self.labels:
            self.pdf.add_page()
        elif self.in_body and self.arabic == 0:
            self.pdf.add_page(label_style="D", label_start=1)
        elif self.pdf.page == 0:
            self.pdf.add_page(label_style="r", label_start=1)
        else:
            self.pdf.add_page()

    def _close_page(self) -> None:
        y = PAGE_H - BOTTOM + 2 - 3.6 * len(self.footnotes)
        if self.footnotes:
            self.pdf.set_draw_color(120, 120, 120)
            self.pdf.line(LEFT, y - 1.5, LEFT + 40, y - 1.5)
        for note in self.footnotes:
            self._text_line(note, 7.5, "", x=LEFT, y=y + 2.5)
            y += 3.6
        self.footnotes = []
        printed = self.printed[-1]
        if printed:
            text = self.footer.format(n=printed)
            x = (PAGE_W - self.width(text, 8.5, "")) / 2
            self._text_line(text, 8.5, "", x=x, y=PAGE_H - 11)

    def room(self) -> float:
        return PAGE_H - BOTTOM - 3.6 * len(self.footnotes) - self.y

    def ensure(self, height: float) -> None:
        if height > self.room() and self.y > TOP + 1:
            self.new_page()

    # text ------------------------------------------------------------------------------
    def width(self, text: str, size: float, style: str) -> float:
        key = (text, size, style)
        w = self._widths.get(key)
        if w is None:
            self.pdf.set_font("f", style, size)
            w = self._widths[key] = self.pdf.get_string_width(text)
        return w

    def wrap(self, text: str, size: float, style: str = "", width: float = WIDTH) -> list[str]:
        space = self.width(" ", size, style)
        lines, line, used = [], [], 0.0
        for word in text.split():
            w = self.width(word, size, style)
            if line and used + space + w > width:
                lines.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0) + w
                line.append(word)
        if line:
            lines.append(" ".join(line))
        return lines

    def _text_line(self, text: str, size: float, style: str, x: float, y: float,
                   grey: bool = False) -> None:
        self.pdf.set_font("f", style, size)
        self.pdf.set_text_color(*((110, 110, 110) if grey else (20, 20, 20)))
        self.pdf.text(x, y, text)

    def lines(self, lines: list[str], size: float, style: str = "", indent: float = 0,
              gap: float = 2.6) -> None:
        step = size * 0.47
        for line in lines:
            if self.room() < step:
                self.new_page()
            self.y += step
            self._text_line(line, size, style, LEFT + indent, self.y - 1)
        self.y += gap

    def para(self, text: str, size: float = 10, style: str = "", indent: float = 0,
             keep: bool = True, footnote: str = "") -> int:
        """Write a paragraph; with `keep` it starts a new page rather than break. Returns the
        physical page it starts on."""
        if footnote:
            self.footnote_count += 1
            mark = str(self.footnote_count).translate(_SUPERSCRIPT)
            text = text + mark
        wrapped = self.wrap(text, size, style, WIDTH - indent)
        need = len(wrapped) * size * 0.47 + (3.6 if footnote else 0)
        if keep:
            self.ensure(need)
        page = self.page
        if footnote:
            self.footnotes.append(f"{self.footnote_count} {footnote}")
        self.lines(wrapped, size, style, indent)
        return page

    def heading(self, text: str, level: int = 1) -> int:
        size = {0: 20, 1: 15, 2: 12, 3: 10.5}[level]
        self.ensure(size * 0.5 * 2 + 25)  # never last on a page
        self.y += 2 if level > 1 else 4
        return self.para(text, size, "B")

    def center(self, text: str, size: float, style: str = "", gap: float = 4) -> None:
        for line in self.wrap(text, size, style):
            self.y += size * 0.5
            x = (PAGE_W - self.width(line, size, style)) / 2
            self._text_line(line, size, style, x, self.y)
        self.y += gap

    def box(self, title: str, text: str, fill=(226, 236, 246)) -> int:
        """A shaded box: a bold title line, then the text. Kept on one page."""
        body = self.wrap(text, 10, "", WIDTH - 8)
        height = 4 + 10 * 0.47 * (len(body) + bool(title)) + 4
        self.ensure(height + 3)
        self.pdf.set_fill_color(*fill)
        self.pdf.rect(LEFT, self.y, WIDTH, height, style="F")
        page, self.y = self.page, self.y + 3
        if title:
            self.lines([title], 10, "B", indent=4, gap=0.6)
        self.lines(body, 10, "", indent=4, gap=0)
        self.y += 6
        return page

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> int:
        """A ruled table, one line per cell, kept on one page; returns its page."""
        step = 6.2
        self.ensure(step * (len(rows) + 1) + 4)
        page = self.page
        for i, row in enumerate([header] + rows):
            if i == 0:
                self.pdf.set_fill_color(210, 220, 232)
                self.pdf.rect(LEFT, self.y, sum(widths), step, style="F")
            x = LEFT
            for cell, w in zip(row, widths):
                self._text_line(cell, 8.5, "B" if i == 0 else "", x + 1.5, self.y + 4.3)
                x += w
            self.y += step
            self.pdf.set_draw_color(150, 150, 150)
            self.pdf.line(LEFT, self.y, LEFT + sum(widths), self.y)
        self.y += 5
        return page

    def contents(self, entries: list[tuple[str, str]]) -> None:
        """Contents lines: heading, dot leaders, printed page."""
        for title, label in entries:
            dots_room = WIDTH - self.width(title, 10, "") - self.width(label, 10, "") - 4
            dots = "." * max(4, int(dots_room / self.width(".", 10, "")))
            self.lines([f"{title} {dots} {label}"], 10, gap=1.2)

    def contents_later(self, page: int, entries: list[tuple[str, str]]) -> None:
        """Write the contents on an earlier page kept free for it (its labels are known only
        once the body is laid out)."""
        here, y = self.pdf.page, self.y
        self.pdf.page, self.y = page, TOP + 16
        self.pdf.font_family = ""  # fpdf2 sets a font only on a change: say it again here
        self.contents(entries)
        self.pdf.page, self.y = here, y
        self.pdf.font_family = ""

    # output ----------------------------------------------------------------------------
    def finish(self, path: Path, title: str, author: str, created: datetime) -> Pages:
        self._close_page()
        self.pdf.set_title(title)
        self.pdf.set_author(author)
        self.pdf.set_creator("Microsoft® Word for Microsoft 365")
        self.pdf.set_creation_date(created.replace(tzinfo=timezone.utc))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(path))
        return Pages(tuple(self.printed), tuple(self.pdf_labels) if self.labels else ())
