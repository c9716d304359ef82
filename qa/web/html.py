"""HTML for the web app: answers with their sources, excerpt cards, the library table and the
document viewer. Every piece of document or user text goes through `esc` (html.escape), so a
document containing <script> or [x](javascript:...) is shown literally and runs nothing.

Owns the markup and where a source links to (its URL, the PDF at the cited page, or the in-app
viewer). The words of a source's reference are qa.outputs.reference's; answering, searching
and the page layout are left to the engine and app.py; serving PDF files is left to
qa.web.public (by document id, so no link carries a server path), and SourceFiles tells the
`register` callable about each PDF it links to; the cited PDF page as an image (the viewer's
`figure`) is qa.web.page_view's.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from qa.outputs import render
from qa.outputs.export import Excerpt
from qa.outputs.safe_text import safe_url
from qa.outputs.reference import Reference, human_date, reference_of
from qa.types import Answer, Citation, Document
from qa.web.public import source_href

VIEW_PREFIX = "qa-view"  # links "#qa-view/<doc_id>/<start>/<end>" open the document viewer
VIEWER_WINDOW = 60_000  # characters of a long document shown around the cited passage
_NEWLINES = re.compile(r"\s*\n\s*")


def esc(text) -> str:
    """Text as inert HTML: tags, entities and quotes are escaped."""
    return html.escape(str(text or ""), quote=True)


def inline(text: str) -> str:
    """Escaped text on one HTML line: chat messages must have no blank line, or Markdown would
    start parsing the rest."""
    return _NEWLINES.sub("<br>", esc(text))


class SourceFiles:
    """Finds a document's file under the corpus roots and makes PDFs openable at a page."""

    def __init__(self, roots: list[Path], register: Callable[[list[str]], None] | None = None):
        self.roots = [Path(r).resolve() for r in roots]
        self.register = register
        self._served: set[str] = set()

    def path_of(self, doc: Document) -> Path | None:
        for root in self.roots:
            path = (root / doc.file).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        return None

    def pdf_url(self, doc: Document, page: int) -> str:
        """A URL that opens the PDF at `page`, or '' for other files or without a server."""
        if not doc.file.lower().endswith(".pdf") or self.register is None:
            return ""
        path = self.path_of(doc)
        if path is None:
            return ""
        if str(path) not in self._served:
            self.register([str(path)])  # only PDFs are served: never a corpus .html page
            self._served.add(str(path))
        return source_href(doc.doc_id, page)  # by id: no server path in the page


def view_href(doc_id: str, start: int = 0, end: int = 0) -> str:
    return f"#{VIEW_PREFIX}/{quote(doc_id, safe='')}/{int(start)}/{int(end)}"


def parse_view_request(value: str) -> tuple[str, int, int] | None:
    """'qa-view/<doc_id>/<start>/<end>[/<nonce>]' -> (doc_id, start, end), else None."""
    m = re.match(rf"#?{VIEW_PREFIX}/([0-9A-Za-z_.-]+)/(\d+)/(\d+)", (value or "").strip())
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def open_link(doc: Document, page: int, files: SourceFiles) -> tuple[str, str]:
    """(href, label) of the original: its URL, else the PDF at the page, else ('', '')."""
    url = safe_url(doc.meta.source)
    if url:
        return url, "Open source"
    pdf = files.pdf_url(doc, page)
    return (pdf, f"Open PDF at page {page}") if pdf else ("", "")


def _title_html(doc: Document, ref: Reference, files: SourceFiles, start: int, end: int) -> str:
    title = esc(ref.title)
    href, _label = open_link(doc, ref.page, files)
    if href:
        return f'<a class="qa-title" href="{esc(href)}" target="_blank" rel="noopener">{title}</a>'
    return f'<a class="qa-title" href="{view_href(doc.doc_id, start, end)}">{title}</a>'


def _actions(doc: Document, page: int, files: SourceFiles, start: int, end: int) -> str:
    links = [f'<a class="qa-view" href="{view_href(doc.doc_id, start, end)}">'
             f'Show in document</a>']
    href, label = open_link(doc, page, files)
    if href:
        links.append(f'<a class="qa-open" href="{esc(href)}" target="_blank" rel="noopener">'
                     f'{esc(label)} ↗</a>')
    return f'<div class="qa-actions">{"".join(links)}</div>'


def highlighted(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """Escaped `text` (which starts at `offset` in its document) with `spans` in <mark>."""
    out, pos = [], 0
    for s, e in sorted(spans):
        s, e = max(s - offset, pos), min(e - offset, len(text))
        if s >= e:
            continue
        out += [inline(text[pos:s]), f"<mark>{inline(text[s:e])}</mark>"]
        pos = e
    out.append(inline(text[pos:]))
    return "".join(out)


_NEAR = 400  # quotes this close in one document are shown in one card (a lead-in, its items)


def _source_groups(answer: Answer) -> list[tuple[int, int, list[Citation]]]:
    """Citations gathered into cards: those of one document lying close together (a list's
    lead-in and its items) share one. Each card spans its quotes, stretched to the retrieved
    passages holding its first and last quote (else to their lines). In citation order."""
    def around(c: Citation) -> tuple[int, int]:
        p = next((p for p in answer.passages if p.doc.doc_id == c.doc.doc_id
                  and p.chunk.start <= c.start and c.end <= p.chunk.end), None)
        if p is not None:
            return p.chunk.start, p.chunk.end
        text = c.doc.text
        line_start, line_end = text.rfind("\n", 0, c.start) + 1, text.find("\n", c.end)
        line_end = len(text) if line_end < 0 else line_end
        start, end = max(line_start, c.start - 200), min(line_end, c.end + 200)
        if start > line_start:  # cut inside a long line: at a space, not mid-word
            start = text.find(" ", start, c.start) + 1 or c.start
        if end < line_end:
            end = max(text.rfind(" ", c.end, end), c.end)
        return start, end

    clusters: list[list[Citation]] = []
    for c in sorted(answer.citations, key=lambda c: (c.doc.doc_id, c.start)):
        last = clusters[-1][-1] if clusters else None
        if last is not None and last.doc.doc_id == c.doc.doc_id and c.start - last.end <= _NEAR:
            clusters[-1].append(c)
        else:
            clusters.append([c])
    cards = [(around(cl[0])[0], around(cl[-1])[1], sorted(cl, key=lambda c: c.n))
             for cl in clusters]
    return sorted(cards, key=lambda card: card[2][0].n)


def source_card(doc: Document, ref: Reference, text: str, offset: int, files: SourceFiles,
                marks: list[tuple[int, int]] = (), numbers: list[int] = ()) -> str:
    """One source: numbers, title (linked), details, the passage with its quotes marked;
    `ref` is the reference of what is shown (a citation, passage or excerpt of `doc`)."""
    nums = "".join(f'<span class="qa-n">{n}</span>' for n in numbers)
    start, end = (marks[0] if marks else (offset, offset + len(text)))
    return (f'<div class="qa-src"><div class="qa-src-head">{nums}'
            f'{_title_html(doc, ref, files, start, end)}</div>'
            f'<div class="qa-meta">{esc(ref.details())}</div>'
            f'<blockquote class="qa-passage">{highlighted(text, offset, list(marks))}</blockquote>'
            f'{_actions(doc, ref.page, files, start, end)}</div>')


def citation_card(start: int, end: int, cites: list[Citation], files: SourceFiles) -> str:
    first = cites[0]
    return source_card(first.doc, reference_of(first), first.doc.text[start:end], start, files,
                       [(c.start, c.end) for c in sorted(cites, key=lambda c: c.start)],
                       [c.n for c in cites])


def answer_text(text: str, citations: tuple[Citation, ...] = ()) -> str:
    """Escaped answer text whose [n] markers link to the cited place in the document."""
    body = inline(text)
    for c in citations:
        link = (f'<a class="qa-cite" href="{view_href(c.doc.doc_id, c.start, c.end)}" '
                f'title="{esc(c.doc.meta.title)}">[{c.n}]</a>')
        body = body.replace(f"[{c.n}]", link)
    return body


def render_question(question: str) -> str:
    return f'<div class="qa-q">{inline(question.strip())}</div>'


def render_partial(text: str) -> str:
    """The answer while it streams in."""
    return (f'<div class="qa-answer qa-streaming"><p class="qa-text">{inline(text)}'
            f'<span class="qa-caret">▍</span></p></div>')


def by_force(answer: Answer) -> str:
    """Which citations are about which force, for a comparison (render.by_force)."""
    return "; ".join(f"{esc(force)}: " + " ".join(f"[{n}]" for n in ns)
                     for force, ns in render.by_force(answer).items())


def render_notice(text: str, kind: str = "info") -> str:
    return f'<div class="qa-answer qa-notice qa-{esc(kind)}"><p>{inline(text)}</p></div>'


def strength_note(answer: Answer) -> str:
    """" · evidence strength 0.87": the calibrated strength the answer or decline rests on
    (nothing when no decline model is calibrated)."""
    if answer.strength is None:
        return ""
    return (f' <span class="qa-strength" title="How strongly the passages found support an '
            f'answer, 0 to 1, as calibrated on a development set; weak evidence is declined">'
            f'· evidence strength {answer.strength:.2f}</span>')


def render_answer(answer: Answer, files: SourceFiles) -> str:
    """The finished answer: text with linked markers, notices, then its sources."""
    parts = [f'<div class="qa-answer{" qa-refused" if answer.refused else ""}">',
             f'<p class="qa-text">{answer_text(answer.text, answer.citations)}</p>']
    if len(answer.forces) > 1 and answer.citations:
        parts.append(f'<p class="qa-by-force">{by_force(answer)}</p>')
    if answer.notice and not answer.refused:
        parts.append(f'<p class="qa-info">{inline(answer.notice)}</p>')
    strength = strength_note(answer)
    if answer.citations:
        groups = _source_groups(answer)
        cards = "".join(citation_card(start, end, cites, files) for start, end, cites in groups)
        parts.append(f'<details class="qa-sources" open><summary>Sources '
                     f'({len(groups)}){strength}</summary>{cards}</details>')
    elif answer.passages:
        cards = "".join(source_card(p.doc, reference_of(p), p.chunk.text, p.chunk.start, files)
                        for p in answer.passages[:3])
        # open, as the refusal says: "the closest passages are listed below"
        parts.append('<details class="qa-sources qa-closest" open><summary>Closest passages '
                     f'(not enough to answer){strength}</summary>{cards}</details>')
    parts.append("</div>")
    return "".join(parts)


def render_excerpt(ex: Excerpt, doc: Document | None, files: SourceFiles, n: int = 0) -> str:
    """An excerpt card for search results and the basket."""
    if doc is None:  # the document has left the library since it was picked
        return (f'<div class="qa-src"><div class="qa-src-head">{esc(ex.title)}</div>'
                f'<blockquote class="qa-passage">{inline(ex.text)}</blockquote></div>')
    return source_card(doc, reference_of(ex), ex.text, ex.start, files, (), [n] if n else ())


def render_library(docs: list[Document], counts: dict[str, int], files: SourceFiles) -> str:
    """The table of indexed documents, newest first."""
    if not docs:
        return ('<div class="qa-empty">No documents are indexed yet. Upload PDF, text, '
                'Markdown or HTML files below.</div>')
    rows = []
    for d in sorted(docs, key=lambda d: (d.meta.published, d.meta.title), reverse=True):
        m = d.meta
        href, label = open_link(d, 1, files)
        source = (f" · <a href='{esc(href)}' target='_blank' rel='noopener'>{esc(label)} ↗</a>"
                  if href else "")
        rows.append(f"<tr><td><a class='qa-title' href='{view_href(d.doc_id)}'>"
                    f"{esc(m.title or d.file)}</a><div class='qa-file'>{esc(d.file)}{source}"
                    f"</div></td><td>{esc(m.organisation)}</td>"
                    f"<td>{esc(m.force)}</td><td>{esc(m.doc_type)}</td>"
                    f"<td class='qa-date'>{esc(human_date(m.published))}</td>"
                    f"<td class='qa-num'>{counts.get(d.doc_id, 0)}</td></tr>")
    total = sum(counts.values())
    return (f'<div class="qa-lib-summary">{len(docs)} documents · {total} passages</div>'
            '<table class="qa-library"><thead><tr><th>Title</th><th>Organisation</th>'
            '<th>Force</th><th>Type</th><th>Date</th><th>Chunks</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def page_text(doc: Document, page: int) -> str:
    """'p. 23 (PDF page 27)' when the printed label differs from the physical number, else
    'p. 27'; '' for an unpaged document."""
    if len(doc.pages) < 2 and not doc.file.lower().endswith(".pdf"):
        return ""
    label = next((p.label for p in doc.pages if p.number == page), "") or str(page)
    return f"p. {label}" if label == str(page) else f"p. {label} (PDF page {page})"


def _drawer_links(doc: Document, page: int, files: SourceFiles) -> str:
    """A PDF's "Open source" is its file at the page (and its web page, if catalogued, beside
    it); other documents link as their cards do."""
    pdf, url = files.pdf_url(doc, page), safe_url(doc.meta.source)
    if not pdf:
        href, label = open_link(doc, page, files)
        links = [(href, label)] if href else []
    else:
        links = [(pdf, "Open source"), *([(url, "Web page")] if url else [])]
    return "".join(f'<a class="qa-open" href="{esc(href)}" target="_blank" rel="noopener">'
                   f'{esc(label)} ↗</a>' for href, label in links)


def render_document(doc: Document, start: int, end: int, files: SourceFiles,
                    figure: str = "") -> str:
    """The document viewer: its title, details, page and links (kept in view), `figure` (the
    cited PDF page, from qa.web.page_view), then the full text (around the passage when long),
    passage marked."""
    text = doc.text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo = max(0, min(start - VIEWER_WINDOW // 2, len(text) - VIEWER_WINDOW))
    hi = min(len(text), lo + VIEWER_WINDOW)
    body = []
    for page in doc.pages:
        s, e = max(page.start, lo), min(page.end, hi)
        if s >= e:
            continue
        if len(doc.pages) > 1:
            body.append(f'<div class="qa-page">Page {page.number}</div>')
        body.append(_marked_block(text[s:e], s, start, end))
    page = doc.page_at(start)
    ref = reference_of(doc)
    where = page_text(doc, page) if end > start else ""
    where_html = f'<div class="qa-page-label">{esc(where)}</div>' if where else ""
    text_head = '<h4 class="qa-doc-head">Text of the document</h4>' if figure else ""
    return (f'<div class="qa-viewer"><div class="qa-viewer-head"><h3>{esc(ref.title)}</h3>'
            f'<div class="qa-meta">{esc(ref.details())}</div>{where_html}'
            f'<div class="qa-viewer-links">{_drawer_links(doc, page, files)}</div></div>'
            f'{figure}{text_head}'
            f'{"<p class=qa-cut>…</p>" if lo else ""}<div class="qa-doc">{"".join(body)}</div>'
            f'{"<p class=qa-cut>…</p>" if hi < len(text) else ""}</div>')


def _marked_block(text: str, offset: int, start: int, end: int) -> str:
    s, e = max(start - offset, 0), min(end - offset, len(text))
    if end <= start or s >= e:
        return esc(text)
    return (f'{esc(text[:s])}<mark class="qa-hit">{esc(text[s:e])}</mark>{esc(text[e:])}')
