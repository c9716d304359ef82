"""A PDF page as the reader sees it: the page rendered to PNG, and where a quote of our cleaned
text lies on it, as one box per line, in fractions of the rendered page.

Owns every call into pdfium (pypdfium2), one at a time (pdfium is not thread-safe), with the
bounds on that work (render scale and pixels, a small LRU cache of rendered pages and of page
text), and matching a cleaned quote back to the page's characters. Which document and page may
be shown, and the HTML around it, are qa.web.page_view's.
"""
from __future__ import annotations

import ctypes
import difflib
import io
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from qa.errors import DocumentError

MAX_WIDTH_PX = 1400  # twice the drawer's width: sharp on a high-density screen
MAX_SCALE = 3.0  # a small page is not blown up past this
MAX_PIXELS = 4_000_000  # nor a huge one rendered past this many pixels
_GRID = 100_000  # the device size pdfium maps page points onto, for fractions


class NoSuchPage(DocumentError):
    """The PDF has no page of that number."""


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, top-left origin, each value a fraction of the page's size."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PageImage:
    png: bytes
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class PageText:
    """A page's characters as pdfium reads them, each with its box (None for a character
    drawn nowhere, such as a space pdfium generated), in page fractions."""

    chars: str
    boxes: tuple[Box | None, ...]


def fold(text: str) -> str:
    """The letters and digits of `text`, case and compatibility forms folded (the ligature
    'ﬁ' is 'fi'): what a cleaned quote and the page's characters have in common, whatever
    became of their spaces, line-end hyphens and quotation marks."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def locate(page: PageText, quote: str, near: float = 0.0) -> list[int]:
    """The indices of the page's characters that spell `quote` (tolerantly, see `fold`); of
    several occurrences the one nearest `near` (the quote's fraction of the way down the
    page's text); when the quote is not there as one run, the runs of six or more characters
    that are, if they make up most of it. [] when it is not on the page."""
    folded, owner = [], []
    for i, ch in enumerate(page.chars):
        for c in fold(ch):
            folded.append(c)
            owner.append(i)
    hay, needle = "".join(folded), fold(quote)
    if not needle or not hay:
        return []
    hits, at = [], hay.find(needle)
    while at >= 0:
        hits.append(at)
        at = hay.find(needle, at + 1)
    if hits:
        at = min(hits, key=lambda h: abs(h / len(hay) - near))
        first, last = owner[at], owner[at + len(needle) - 1]
        first -= _marks(quote, page.chars[:first][::-1])  # an opening quotation mark
        last += _marks(quote[::-1], page.chars[last + 1:])  # the closing full stop
        return list(range(first, last + 1))
    return _approximate(hay, needle, owner)


def _marks(quote: str, chars: str) -> int:
    """How many of `chars` (read away from the match) are the punctuation `quote` has at
    that end: the quote's own '.”' are highlighted, a neighbour's are not."""
    edge = len(quote) - len(quote.lstrip())
    count = 0
    for q, c in zip(quote[edge:], chars):
        if q.isalnum() or q.isspace() or c.isalnum() or c.isspace():
            break
        count += 1
    return count


def _approximate(hay: str, needle: str, owner: list[int]) -> list[int]:
    """Characters of the long runs the quote shares with the page, when they cover most of it
    and lie together (text read in another order, a character mapped differently)."""
    blocks = [b for b in difflib.SequenceMatcher(None, hay, needle, autojunk=False)
              .get_matching_blocks() if b.size >= 6]
    if not blocks or sum(b.size for b in blocks) < 0.7 * len(needle):
        return []
    if blocks[-1].a + blocks[-1].size - blocks[0].a > 2 * len(needle):
        return []
    return sorted({owner[b.a + k] for b in blocks for k in range(b.size)})


def line_boxes(page: PageText, indices: list[int]) -> list[Box]:
    """One box per line for the characters at `indices` (in reading order): a character
    starts a new line when it is not level with the line so far, or goes back to its left."""
    lines: list[list[float]] = []  # [left, top, right, bottom]
    for i in indices:
        box = page.boxes[i]
        if box is None or page.chars[i].isspace():
            continue
        l, t, r, b = box.left, box.top, box.left + box.width, box.top + box.height
        cur = lines[-1] if lines else None
        middle = (t + b) / 2
        if cur is None or not cur[1] <= middle <= cur[3] or l < cur[0] - 0.01:
            lines.append([l, t, r, b])
        else:
            cur[:] = [min(cur[0], l), min(cur[1], t), max(cur[2], r), max(cur[3], b)]
    return [Box(l, t, r - l, b - t) for l, t, r, b in lines]


class PdfPages:
    """Renders pages and reads their text through pdfium, one call at a time, keeping the
    last `cache_pages` renders and texts (keyed by file, size, modification time and page)."""

    def __init__(self, cache_pages: int = 24, max_width_px: int = MAX_WIDTH_PX):
        self.cache_pages, self.max_width_px = cache_pages, max_width_px
        self._lock = threading.Lock()
        self._images: OrderedDict[tuple, PageImage] = OrderedDict()
        self._texts: OrderedDict[tuple, PageText] = OrderedDict()

    def image(self, path: Path, page: int, name: str = "") -> PageImage:
        """Physical page `page` (1-based) of the PDF at `path` as a PNG; DocumentError naming
        `name` (never the server's path) when it cannot be rendered."""
        return self._cached(self._images, path, page, name, self._render)

    def text(self, path: Path, page: int, name: str = "") -> PageText:
        return self._cached(self._texts, path, page, name, self._read_text)

    def highlight(self, path: Path, page: int, quote: str, near: float = 0.0,
                  name: str = "") -> list[Box]:
        """The boxes, one per line, covering `quote` on the page; [] when it is not found."""
        text = self.text(path, page, name)
        return line_boxes(text, locate(text, quote, near))

    def _cached(self, cache: OrderedDict, path: Path, page: int, name: str, make):
        try:
            stat = path.stat()
        except OSError as exc:
            raise DocumentError(name or path.name, f"cannot be read ({exc.strerror})") from None
        key = (str(path), stat.st_size, stat.st_mtime_ns, int(page))
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            value = self._open(path, page, name, make)
            cache[key] = value
            while len(cache) > self.cache_pages:
                cache.popitem(last=False)
            return value

    @staticmethod
    def _open(path: Path, page: int, name: str, make):
        import pypdfium2 as pdfium  # heavy: only when a page is first shown
        label = name or path.name
        try:
            pdf = pdfium.PdfDocument(str(path))
        except Exception as exc:  # pdfium's errors: damaged, encrypted, not a PDF
            raise DocumentError(label, f"cannot be opened to show page {page} "
                                       f"({_hide(exc, path, label)})") from None
        try:
            if not 1 <= page <= len(pdf):
                raise NoSuchPage(label, f"has no page {page} (it has {len(pdf)})")
            handle = pdf[page - 1]
            try:
                return make(handle)
            except DocumentError:
                raise
            except Exception as exc:
                raise DocumentError(label, f"page {page} could not be shown "
                                           f"({_hide(exc, path, label)})") from None
            finally:
                handle.close()
        finally:
            pdf.close()

    def _render(self, handle) -> PageImage:
        width, height = handle.get_size()
        scale = min(MAX_SCALE, (self.max_width_px - 1) / max(width, 1.0))  # pdfium rounds up
        scale = min(scale, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        bitmap = handle.render(scale=scale)
        try:
            picture = bitmap.to_pil()
            out = io.BytesIO()
            picture.save(out, format="PNG", compress_level=3)
            return PageImage(out.getvalue(), picture.width, picture.height)
        finally:
            bitmap.close()

    @staticmethod
    def _read_text(handle) -> PageText:
        import pypdfium2.raw as raw
        textpage = handle.get_textpage()
        try:
            chars, boxes = [], []
            for i in range(textpage.count_chars()):
                chars.append(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFE))
                boxes.append(_fraction_box(handle, textpage, i))
            return PageText("".join(chars), tuple(boxes))
        finally:
            textpage.close()


def _hide(exc: Exception, path: Path, name: str) -> str:
    """pdfium's reason, with the server's path (should it name it) as the corpus file."""
    return str(exc).replace(str(path), name)


def _fraction_box(handle, textpage, i: int) -> Box | None:
    """Character `i`'s loose box (the font's full height, so a line's boxes are level) in
    fractions of the page as rendered: crop box and rotation applied by pdfium itself."""
    import pypdfium2.raw as raw
    left, bottom, right, top = textpage.get_charbox(i, loose=True)
    if right <= left or top <= bottom:
        return None
    corners = [_to_device(raw, handle, x, y) for x, y in ((left, top), (right, bottom))]
    (x0, y0), (x1, y1) = corners
    return Box(min(x0, x1) / _GRID, min(y0, y1) / _GRID, abs(x1 - x0) / _GRID,
               abs(y1 - y0) / _GRID)


def _to_device(raw, handle, x: float, y: float) -> tuple[int, int]:
    dx, dy = ctypes.c_int(), ctypes.c_int()
    raw.FPDF_PageToDevice(handle, 0, 0, _GRID, _GRID, 0, x, y, dx, dy)
    return dx.value, dy.value
