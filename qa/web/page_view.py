"""The cited PDF page in the source drawer: the page image with the quote's lines highlighted
over it, and the route that serves the image.

Owns which page of which document may be shown (a document id known to the index and a page
number: never a path from the client, so nothing outside the corpus can be read), the route
GET /page-image/<doc_id>/<page>.png (behind the login gate like every route), and the HTML of
the page figure. Rendering and placing the quote are qa.web.pdf_page's; the rest of the drawer
(title, page label, links, the document's text) is qa.web.html's.

The image is the bare page, the same for every quote on it (so one cached render serves them
all and the browser may cache it); the highlights are boxes laid over it in percentages, so
they scale with the image, are elements a test or a script can find, and the drawer can be
scrolled to the first.
"""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import quote as url_quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from qa.errors import DocumentError
from qa.types import Document
from qa.web.html import SourceFiles, esc
from qa.web.pdf_page import Box, NoSuchPage, PdfPages

ROUTE = "/page-image/{doc_id}/{page:int}.png"
_DOC_ID = re.compile(r"[0-9A-Za-z_.-]{1,200}")
_ALT_QUOTE = 300  # characters of the quote repeated in the image's alt text


def is_pdf(doc: Document) -> bool:
    return doc.file.lower().endswith(".pdf")


def image_url(doc: Document, page: int) -> str:
    """Relative to the app's page (so it works under a proxy's sub-path); the fingerprint
    makes a changed file a new URL, so the browser may keep an image for a day."""
    return (f"page-image/{url_quote(doc.doc_id, safe='')}/{int(page)}.png"
            f"?v={doc.fingerprint[:16]}")


class PageView:
    """The page figures of one app: `documents` lists the indexed documents (the engine's,
    current after every upload), `files` finds their files under the corpus roots."""

    def __init__(self, documents: Callable[[], list[Document]], files: SourceFiles,
                 pages: PdfPages | None = None, max_pages: int = 3000):
        self.documents, self.files = documents, files
        self.pages = pages or PdfPages()
        self.max_pages = max_pages

    def routes(self) -> list[Route]:
        return [Route(ROUTE, self.serve, methods=["GET"])]

    def document(self, doc_id: str) -> Document | None:
        """The indexed PDF of that id, else None."""
        if not _DOC_ID.fullmatch(doc_id or ""):
            return None
        return next((d for d in self.documents() if d.doc_id == doc_id and is_pdf(d)), None)

    def serve(self, request: Request) -> Response:
        """The page's PNG; 404 for an unknown document or page, 422 when it cannot be
        rendered (the reason names the corpus file, never a server path)."""
        doc = self.document(str(request.path_params.get("doc_id", "")))
        page = int(request.path_params.get("page", 0))
        if doc is None or not 1 <= page <= self.max_pages:
            return JSONResponse({"detail": "No such PDF page in the library."}, 404)
        path = self.files.path_of(doc)
        if path is None:
            return JSONResponse({"detail": "The document's file is no longer in the corpus."},
                                404)
        try:
            image = self.pages.image(path, page, doc.file)
        except NoSuchPage as exc:
            return JSONResponse({"detail": str(exc)}, 404)
        except DocumentError as exc:
            return JSONResponse({"detail": str(exc)}, 422)
        return Response(image.png, media_type="image/png", headers={
            "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"})

    def figure(self, doc: Document, start: int, end: int) -> str:
        """The page holding `start` as an image with the quote [start, end) highlighted (the
        part of it on that page), or a message saying why it cannot be shown; '' for a
        document that is not a PDF or a request with no passage."""
        if not is_pdf(doc) or end <= start or not doc.pages:
            return ""
        page = next((p for p in doc.pages if p.start <= start < p.end), None) or \
            min(doc.pages, key=lambda p: abs(p.start - start))
        path = self.files.path_of(doc)
        if path is None:
            return _message(page.number, "its file is no longer in the corpus")
        s, e = max(start, page.start), min(end, page.end)
        quote = doc.text[s:e]
        near = (s - page.start) / max(1, page.end - page.start)
        try:
            image = self.pages.image(path, page.number, doc.file)
            boxes = self.pages.highlight(path, page.number, quote, near, doc.file)
        except DocumentError as exc:
            return _message(page.number, str(exc))
        return figure_html(doc, page.number, image_url(doc, page.number), image.width,
                           image.height, boxes, quote)


def figure_html(doc: Document, page: int, src: str, width: int, height: int,
                boxes: list[Box], quote: str) -> str:
    """The page image at the drawer's width with a highlight box over each quoted line."""
    title = doc.meta.title or doc.file
    short = " ".join(quote.split())
    short = short if len(short) <= _ALT_QUOTE else short[:_ALT_QUOTE].rsplit(" ", 1)[0] + " …"
    if boxes:
        alt = f"PDF page {page} of {title}, with the quoted lines highlighted: “{short}”"
        note = ""
    else:
        alt = f"PDF page {page} of {title}"
        note = ('<p class="qa-page-note">The quote could not be placed on this page image; '
                'it is marked in the text below.</p>')
    marks = "".join(
        f'<span class="qa-hl" aria-hidden="true" style="left:{b.left * 100:.3f}%;'
        f'top:{b.top * 100:.3f}%;width:{b.width * 100:.3f}%;height:{b.height * 100:.3f}%">'
        f'</span>' for b in boxes)
    return (f'<figure class="qa-pdfpage">{note}<div class="qa-pdfpage-frame">'
            f'<img src="{esc(src)}" width="{int(width)}" height="{int(height)}" '
            f'alt="{esc(alt)}" decoding="async">{marks}</div></figure>')


def _message(page: int, reason: str) -> str:
    return (f'<p class="qa-page-error" role="status">PDF page {page} cannot be shown: '
            f'{esc(reason)}. Its text is below.</p>')
