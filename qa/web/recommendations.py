"""The Recommendations tab: pick a force (or all), filter by status and area, and see each
recommendation or cause of concern with its report and page, the force's response and the
later finding with its grade, each openable in the document viewer like an answer's citation;
add any row to the excerpt basket; export what is shown.

Owns the tab's components, events and HTML (all document text escaped); the records and their
filters are qa.recommend's, the export formats qa.outputs.tracker's, the basket excerpts'.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from qa.outputs import tracker
from qa.outputs.export import Excerpt
from qa.recommend import select
from qa.recommend.records import Link, Recommendation
from qa.web import excerpts as webui_excerpts
from qa.web.html import esc, view_href

ALL = "All"
PRIVATE = {"api_visibility": "private"}
MAX_ROWS = 50  # rows drawn at once; the exports hold them all
EXPORTS = (("csv", "CSV"), ("md", "Markdown"), ("docx", "Word"), ("jsonl", "JSONL"))


def records(engine) -> tuple[Recommendation, ...]:
    return select.of_generation(engine.current().index.folder)


def shown(engine, force: str, status: str, area: str) -> list[Recommendation]:
    """The records the three pickers ask for."""
    want = select.Wanted(force="" if force in (ALL, None) else force,
                         status="" if status in (ALL, None) else status,
                         area="" if area in (ALL, None) else area)
    return select.select(list(records(engine)), want)


def _page(page_label: str, page: int) -> str:
    return f"p. {page_label}" + (f" (PDF page {page})" if page_label != str(page) else "")


def _view(doc_id: str, start: int, end: int) -> str:
    return f'<a class="qa-view" href="{view_href(doc_id, start, end)}">Show in document</a>'


def _link_html(name: str, link: Link | None, none: str, quote: str = "") -> str:
    if link is None:
        return f'<div class="qa-rec-part qa-none"><b>{name}:</b> {esc(none)}</div>'
    sure = "" if link.confident else \
        f'<span class="qa-possible">possible ({link.score:.2f})</span> '
    start, end = (link.status_start, link.status_end) if quote else (link.start, link.end)
    return (f'<div class="qa-rec-part"><b>{name}:</b> {sure}'
            f'<blockquote class="qa-passage">{esc(quote or " ".join(link.quote.split()))}'
            f'</blockquote><div class="qa-meta">{esc(link.title)} · '
            f'{esc(link.published or "undated")} · {esc(_page(link.page_label, link.page))} · '
            f'{_view(link.doc_id, start, end)}</div></div>')


def render_record(r: Recommendation) -> str:
    """One row: the record, its response and its finding, each with a viewer link."""
    finding = r.finding
    possible = next((f for f in r.findings if not f.confident), None)
    response = r.response
    badge = r.status.replace(" ", "-")
    return (f'<div class="qa-rec qa-src" data-status="{esc(r.status)}">'
            f'<div class="qa-src-head"><span class="qa-badge qa-st-{esc(badge)}">'
            f'{esc(r.status)}</span> <b>{esc(r.force or "All forces")}</b> · {esc(r.label)}'
            f' · {esc(r.area)}</div>'
            f'<blockquote class="qa-passage">{esc(" ".join(r.text.split()))}</blockquote>'
            f'<div class="qa-meta">{esc(r.title)} · {esc(r.published or "undated")} · '
            f'{esc(_page(r.page_label, r.page))}'
            f'{" · deadline: " + esc(r.deadline) if r.deadline else ""} · '
            f'{_view(r.doc_id, r.start, r.end)}</div>'
            + _link_html("Response", response, "No response from the force was found.")
            + (_link_html("Finding", finding, "", " ".join(finding.status_quote.split()))
               if finding else _link_html("Finding", possible,
                                          "No later inspection has graded it yet."))
            + "</div>")


def excerpts_of(engine, r: Recommendation) -> list[Excerpt]:
    """The record and its confident response and finding, as basket excerpts."""
    docs = {d.doc_id: d for d in engine.documents()}
    spans = [(r.doc_id, r.start, r.end)]
    spans += [(x.doc_id, x.start, x.end) for x in (r.response, r.finding)
              if x is not None and x.confident]
    out = []
    for doc_id, start, end in spans:
        doc = docs.get(doc_id)
        if doc is not None:
            m = doc.meta
            out.append(Excerpt(doc.doc_id, doc.file, m.title, m.organisation, m.force,
                               m.doc_type, m.published, m.source, doc.page_at(start), start, end,
                               doc.text[start:end], doc.page_label_at(start),
                               doc.section_at(start)))
    return out


def export(found: list[Recommendation]) -> list[str | None]:
    """Files of the records shown, one per format (None for all when nothing is shown)."""
    if not found:
        return [None] * len(EXPORTS)
    folder = Path(tempfile.mkdtemp(prefix="qa-tracker-"))
    return [str(tracker.write(found, folder / f"recommendations.{fmt}")) for fmt, _ in EXPORTS]


def summary(found: list[Recommendation]) -> str:
    if not found:
        return ("<div class='qa-empty'>No recommendation or cause of concern matches. The "
                "tracker lists those of the inspection reports in the library.</div>")
    counts = {s: sum(r.status == s for r in found) for s in select.STATUSES}
    parts = " · ".join(f"{n} {esc(s)}" for s, n in counts.items() if n)
    more = f" (the first {MAX_ROWS} below; pick a force, or export them all)" \
        if len(found) > MAX_ROWS else ""
    return f"<div class='qa-rec-summary'>{len(found)} records: {parts}{more}</div>"


def recommendations_tab(engine, basket: gr.State) -> None:
    found = shown(engine, ALL, ALL, ALL)
    with gr.Row(elem_id="qa-rec-filters"):
        force = gr.Dropdown([ALL, *select.forces(list(found))], value=ALL, label="Force",
                            elem_id="qa-rec-force")
        status = gr.Dropdown([ALL, *select.STATUSES], value=ALL, label="Status",
                             elem_id="qa-rec-status")
        area = gr.Dropdown([ALL, *select.areas(list(found))], value=ALL, label="Area",
                           elem_id="qa-rec-area")
    with gr.Row():
        buttons = [gr.DownloadButton(f"Export {label}", value=path, size="sm", min_width=80,
                                     interactive=path is not None, elem_id=f"qa-rec-dl-{fmt}")
                   for (fmt, label), path in zip(EXPORTS, export(found))]
    head = gr.HTML(summary(found), apply_default_css=False, elem_id="qa-rec-summary")
    picked = gr.State(found)

    @gr.render(inputs=[picked])
    def rows(items: list[Recommendation]):
        for r in items[:MAX_ROWS]:
            with gr.Group(elem_classes="qa-result qa-rec-row"):
                gr.HTML(render_record(r), apply_default_css=False)
                add = gr.Button("Add to basket", size="sm", elem_classes="qa-add")
                add.click(lambda b, r=r: webui_excerpts.add(b, excerpts_of(engine, r)), basket,
                          basket, **PRIVATE)

    def choose(force_, status_, area_):
        items = shown(engine, force_, status_, area_)
        return (items, summary(items),
                *(gr.DownloadButton(value=p, interactive=p is not None) for p in export(items)))

    pickers = [force, status, area]
    for picker in pickers:
        picker.change(choose, pickers, [picked, head, *buttons], **PRIVATE)
