"""The Library tab's table of indexed documents: searched, sorted by a column and cut into
pages, for libraries of hundreds of documents, readable on a phone (each row a card there).

Owns which documents a view shows (`TableView`: the search words, the column sorted by and
its direction, the page) and their HTML, every piece of document text escaped. Buttons in
the table (a column to sort by, a page, a document's Edit and Delete for administrators) carry
`data-lib` attributes that the tab's script hands to Python (library_tab); where a title
links to is qa.web.html's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from qa.outputs.reference import human_date
from qa.types import Document
from qa.web.html import SourceFiles, esc, open_link, view_href

PAGE_SIZE = 25
# column key -> (header, how a document sorts by it); dates and chunks start newest/most first
COLUMNS = {"title": "Title", "organisation": "Organisation", "force": "Force", "type": "Type",
           "date": "Date", "chunks": "Chunks"}
SORTABLE = ("title", "force", "type", "date", "chunks")
_DESCENDING_FIRST = {"date", "chunks"}


@dataclass(frozen=True)
class TableView:
    """What the table shows: documents matching every word of `query`, sorted, one page."""

    query: str = ""
    sort: str = "date"
    descending: bool = True
    page: int = 1

    def sorted_by(self, key: str) -> "TableView":
        """Sorted by `key`: the other direction if it already was, else its natural one."""
        if key not in SORTABLE:
            return self
        descending = not self.descending if key == self.sort else key in _DESCENDING_FIRST
        return replace(self, sort=key, descending=descending, page=1)

    def searched(self, query: str) -> "TableView":
        return replace(self, query=" ".join(str(query or "").split())[:200], page=1)

    def at_page(self, page) -> "TableView":
        try:
            return replace(self, page=max(1, int(page)))
        except (TypeError, ValueError):
            return self


def _value(doc: Document, key: str, counts: dict[str, int]):
    m = doc.meta
    return {"title": (m.title or doc.file).casefold(), "force": m.force.casefold(),
            "type": m.doc_type.casefold(), "date": m.published,
            "chunks": counts.get(doc.doc_id, 0)}[key]


def _haystack(doc: Document) -> str:
    m = doc.meta
    return " ".join((m.title, m.force, m.doc_type, m.organisation, doc.file)).casefold()


def select(docs: list[Document], counts: dict[str, int], view: TableView
           ) -> tuple[list[Document], int, int, int]:
    """(the page's documents, how many match, pages, the page shown: within 1..pages)."""
    words = view.query.casefold().split()
    found = [d for d in docs if all(w in _haystack(d) for w in words)]
    key = view.sort if view.sort in SORTABLE else "date"
    found.sort(key=lambda d: _value(d, "title", counts))  # ties in title order
    found.sort(key=lambda d: _value(d, key, counts), reverse=view.descending)
    if key != "chunks":  # documents without the value go last, either way round
        found.sort(key=lambda d: _value(d, key, counts) == "")
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(1, view.page), pages)
    return found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], len(found), pages, page


def render_table(docs: list[Document], counts: dict[str, int], files: SourceFiles,
                 view: TableView, admin: bool = False) -> str:
    """The summary line, the table (with Edit and Delete for an administrator) and the
    page buttons."""
    if not docs:
        return ('<div class="qa-empty">No documents are indexed yet. Upload PDF, text, '
                'Markdown or HTML files above.</div>')
    shown, matched, pages, page = select(docs, counts, view)
    summary = _summary(len(docs), matched, pages, page, view, sum(counts.values()))
    if not shown:
        return (f'{summary}<div class="qa-empty">No document matches '
                f'“{esc(view.query)}”.</div>')
    head = "".join(_header(key, view) for key in COLUMNS)
    if admin:
        head += '<th class="qa-lib-actions-head">Change</th>'
    rows = "".join(_row(d, counts, files, admin) for d in shown)
    return (f'{summary}<div class="qa-lib-scroll"><table class="qa-library">'
            f'<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
            f'{_pager(pages, page)}')


def _summary(total: int, matched: int, pages: int, page: int, view: TableView,
             passages: int) -> str:
    first = (page - 1) * PAGE_SIZE + 1 if matched else 0
    last = min(page * PAGE_SIZE, matched)
    which = (f"{matched:,} of {total:,} documents match “{esc(view.query)}”" if view.query
             else f"{total:,} documents · {passages:,} passages")
    return (f'<div class="qa-lib-summary" id="qa-lib-count" aria-live="polite">{which} · '
            f'showing {first:,}–{last:,} · page {page} of {pages}</div>')


def _header(key: str, view: TableView) -> str:
    label = COLUMNS[key]
    num = ' class="qa-num"' if key == "chunks" else ""
    if key not in SORTABLE:
        return f"<th{num}>{label}</th>"
    if key == view.sort:
        order = "descending" if view.descending else "ascending"
        arrow = " ▼" if view.descending else " ▲"
    else:
        order, arrow = "none", ""
    return (f'<th{num} aria-sort="{order}"><button type="button" class="qa-sort" '
            f'data-lib="sort" data-key="{key}" title="Sort by {label.lower()}">{label}{arrow}'
            f'</button></th>')


def _row(d: Document, counts: dict[str, int], files: SourceFiles, admin: bool) -> str:
    m = d.meta
    href, label = open_link(d, 1, files)
    source = (f" · <a href='{esc(href)}' target='_blank' rel='noopener'>{esc(label)} ↗</a>"
              if href else "")
    actions = ""
    if admin:
        doc = esc(d.doc_id)
        actions = (f'<td class="qa-lib-actions"><button type="button" class="qa-lib-edit" '
                   f'data-lib="edit" data-doc="{doc}">Edit</button> <button type="button" '
                   f'class="qa-lib-delete" data-lib="delete" data-doc="{doc}">Delete</button>'
                   f'</td>')
    return (f"<tr data-doc='{esc(d.doc_id)}'><td data-label='Title'><a class='qa-title' "
            f"href='{view_href(d.doc_id)}'>{esc(m.title or d.file)}</a>"
            f"<div class='qa-file'>{esc(d.file)}{source}</div></td>"
            f"<td data-label='Organisation'>{esc(m.organisation)}</td>"
            f"<td data-label='Force'>{esc(m.force) or '<span class=qa-none>none</span>'}</td>"
            f"<td data-label='Type'>{esc(m.doc_type)}</td>"
            f"<td class='qa-date' data-label='Date'>{esc(human_date(m.published))}</td>"
            f"<td class='qa-num' data-label='Chunks'>{counts.get(d.doc_id, 0)}</td>{actions}</tr>")


def _pager(pages: int, page: int) -> str:
    if pages <= 1:
        return ""
    def button(to: int, text: str, label: str) -> str:
        off = " disabled" if to < 1 or to > pages or to == page else ""
        return (f'<button type="button" class="qa-page-btn" data-lib="page" data-page="{to}" '
                f'aria-label="{label}"{off}>{text}</button>')
    return (f'<nav class="qa-pager" aria-label="Pages">{button(1, "« First", "First page")}'
            f'{button(page - 1, "‹ Previous", "Previous page")}'
            f'<span class="qa-page-of">Page {page} of {pages}</span>'
            f'{button(page + 1, "Next ›", "Next page")}{button(pages, "Last »", "Last page")}'
            f'</nav>')


# The table's clicks, handed to Python as the HTML component's `click` event with the
# button's data (gr.EventData): sort, page, edit or delete. Title links keep opening the
# source drawer (the page's own script).
TABLE_JS = """element.addEventListener('click', (event) => {
  const b = event.target.closest('button[data-lib]');
  if (!b || b.disabled) return;
  event.preventDefault();
  trigger('click', {lib: b.dataset.lib, key: b.dataset.key || '', page: b.dataset.page || '',
                    doc: b.dataset.doc || ''});
});"""
