"""What of the server a web page may show: never a path on the server's disk. Source PDFs
are served by document id (GET /qa-source/<doc_id>.pdf, behind the login like every page),
and a message shown to users has each absolute path cut to its file or folder name.

Owns the source PDF route and `public(text)`. Which PDF a link opens, and at which page, is
html.SourceFiles'; the login gate in front of the route is qa.web.login's.
"""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse
from starlette.routing import Route

SOURCE_PATH = "qa-source"  # links are relative to the page, as the page's own are
# An absolute POSIX path: a slash not inside a word, URL or number, then two or more names
_ABSOLUTE = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"<>()\[\],;:]+/)+[^\s/'\"<>()\[\],;:]*")


def public(text: str) -> str:
    """`text` with every absolute server path cut to its last name ('/srv/qa/corpus/a.pdf:
    ...' -> 'a.pdf: ...'): error messages name the file without showing where it lives."""
    return _ABSOLUTE.sub(lambda m: m.group().rstrip("/").rsplit("/", 1)[-1], str(text or ""))


def source_href(doc_id: str, page: int) -> str:
    return f"{SOURCE_PATH}/{quote(doc_id, safe='')}.pdf#page={max(1, int(page))}"


def source_route(documents: Callable[[], list], path_of: Callable) -> Route:
    """GET /qa-source/<doc_id>.pdf: the library's PDF with that id, else 404. Only PDFs are
    served (a corpus .html page would run in the app's origin), and only files inside the
    corpus roots (`path_of` says where, or None)."""
    async def serve(request: Request):
        name = request.path_params["name"]
        doc_id = name[:-4] if name.lower().endswith(".pdf") else ""
        doc = next((d for d in documents() if doc_id and d.doc_id == doc_id), None)
        path = path_of(doc) if doc is not None and doc.file.lower().endswith(".pdf") else None
        if path is None:
            return PlainTextResponse("No such source PDF in the library.", status_code=404)
        return FileResponse(path, media_type="application/pdf",
                            content_disposition_type="inline", filename=path.name)
    return Route(f"/{SOURCE_PATH}/{{name}}", serve, methods=["GET", "HEAD"])
