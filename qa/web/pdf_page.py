"""A PDF page as the reader sees it: the page rendered to PNG, and where a quote of our cleaned
text lies on it, as one box per line, in fractions of the rendered page.

Owns every call into pdfium (pypdfium2), one at a time (pdfium is not thread-safe), with the
bounds on that work (render scale and pixels, a small LRU cache of rendered pages and of page
text), and matching a cleaned quote back to the page's characters. Which document and page may
be shown, and the HTML around it, are qa.web.page_view's.
"""
from __future__ import annotations

import ctypes
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


Points = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points


@dataclass(frozen=True)
class PageText:
    """A page's characters as pdfium reads them, each with its box in the page's own
    coordinates (None for a character drawn nowhere, such as a space pdfium generated), and
    the map from those coordinates to fractions of the page as rendered (crop box and
    rotation applied): fraction x = a*x + c*y + e, fraction y = b*x + d*y + f."""

    chars: str
    boxes: tuple[Points | None, ...]
    to_page: tuple[float, float, float, float, float, float] = (1, 0, 0, -1, 0, 1)

    def fraction(self, left: float, bottom: float, right: float, top: float) -> Box:
        a, b, c, d, e, f = self.to_page
        xs, ys = zip(*[(a * x + c * y + e, b * x + d * y + f)
                       for x in (left, right) for y in (bottom, top)])
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def fold(text: str) -> str:
    """The letters and digits of `text`, case and compatibility forms folded (the ligature
    'ﬁ' is 'fi'): what a cleaned quote and the page's characters have in common, whatever
    became of their spaces, line-end hyphens and quotation marks."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def locate(page: PageText, quote: str, near: float = 0.0) -> list[int]:
    """The indices of the page's characters that spell `quote` (tolerantly, see `fold`), in
    the quote's order; of several occurrences the one nearest `near` (the quote's fraction
    of the way down the page's text). When the quote is not there as one run (pdfium reads a
    rotated page's lines in another order), the longest runs of it that are, if they make up
    most of it. [] when it is not on the page."""
    folded, owner = [], []
    for i, ch in enumerate(page.chars):
        for c in fold(ch):
            folded.append(c)
            owner.append(i)
    hay, needle = "".join(folded), fold(quote)
    if not needle or not hay:
        return []
    at = _nearest(hay, needle, near * len(hay))
    if at is not None:
        first, last = owner[at], owner[at + len(needle) - 1]
        first -= _marks(quote, page.chars[:first][::-1])  # an opening quotation mark
        last += _marks(quote[::-1], page.chars[last + 1:])  # the closing full stop
        return list(range(first, last + 1))
    return _pieces(hay, needle, owner, near * len(hay))


def _nearest(hay: str, needle: str, place: float) -> int | None:
    hits, at = [], hay.find(needle)
    while at >= 0:
        hits.append(at)
        at = hay.find(needle, at + 1)
    return min(hits, key=lambda h: abs(h - place)) if hits else None


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


_PIECE = 8  # a shorter run of the quote is too common to place


def _pieces(hay: str, needle: str, owner: list[int], place: float) -> list[int]:
    """The quote as its longest runs found on the page, each nearest where the last ended;
    [] unless they cover at least 70% of it."""
    out: list[int] = []
    covered, i = 0, 0
    while i < len(needle):
        lo, hi = 0, len(needle) - i  # the longest prefix of needle[i:] that is on the page
        while lo < hi:
            m = (lo + hi + 1) // 2
            lo, hi = (m, hi) if needle[i:i + m] in hay else (lo, m - 1)
        if lo < min(_PIECE, len(needle) - i) or lo == 0:
            i += 1
            continue
        at = _nearest(hay, needle[i:i + lo], place)
        out += range(owner[at], owner[at + lo - 1] + 1)
        covered, i, place = covered + lo, i + lo, at + lo
    return out if covered >= 0.7 * len(needle) else []


def line_boxes(page: PageText, indices: list[int]) -> list[Box]:
    """One box per line for the characters at `indices` (in reading order), in fractions of
    the rendered page. Lines are found in the page's own coordinates, where text runs left to
    right whatever the page's rotation: a character starts a new line when it is not level
    with the line so far, or goes back to its left."""
    lines: list[list[float]] = []  # [left, bottom, right, top]
    for i in indices:
        box = page.boxes[i]
        if box is None or page.chars[i].isspace():
            continue
        l, b, r, t = box
        cur = lines[-1] if lines else None
        if cur is None or not cur[1] <= (b + t) / 2 <= cur[3] or l < cur[0] - (t - b) / 2:
            lines.append([l, b, r, t])
        else:
            cur[:] = [min(cur[0], l), min(cur[1], b), max(cur[2], r), max(cur[3], t)]
    return [page.fraction(*line) for line in lines]


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
        finally:
            bitmap.close()
        # Most report pages are black and grey: kept as one grey channel, the PNG is a third
        # of the time and half the size (measured with python -m bench.page_render).
        red, green, blue = picture.split()[:3]
        if red.tobytes() == green.tobytes() == blue.tobytes():
            picture = red
        out = io.BytesIO()
        picture.save(out, format="PNG", compress_level=3)
        return PageImage(out.getvalue(), picture.width, picture.height)

    @staticmethod
    def _read_text(handle) -> PageText:
        import pypdfium2.raw as raw
        textpage = handle.get_textpage()
        try:
            chars, boxes = [], []
            for i in range(textpage.count_chars()):
                chars.append(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFE))
                # the loose box: the font's full height, so a line's boxes are level
                l, b, r, t = textpage.get_charbox(i, loose=True)
                boxes.append((l, b, r, t) if r > l and t > b else None)
            return PageText("".join(chars), tuple(boxes), _to_page(handle))
        finally:
            textpage.close()


def _hide(exc: Exception, path: Path, name: str) -> str:
    """pdfium's reason, with the server's path (should it name it) as the corpus file."""
    return str(exc).replace(str(path), name)


def _to_page(handle) -> tuple[float, float, float, float, float, float]:
    """The affine map from the page's coordinates to fractions of the page as pdfium renders
    it (crop box and /Rotate applied by pdfium itself), from where three points land."""
    import pypdfium2.raw as raw

    def land(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        raw.FPDF_PageToDevice(handle, 0, 0, _GRID, _GRID, 0, x, y, dx, dy)
        return dx.value / _GRID, dy.value / _GRID

    (x0, y0), (x1, y1), (x2, y2) = land(0, 0), land(1000, 0), land(0, 1000)
    return ((x1 - x0) / 1000, (y1 - y0) / 1000, (x2 - x0) / 1000, (y2 - y0) / 1000, x0, y0)
