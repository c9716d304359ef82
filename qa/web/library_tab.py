"""The Library tab's layout and events: uploads, the searchable, sortable, paged table, and
(for administrators) the metadata editor and the delete confirmation.

Owns components and events only: what an upload does is qa.web.library's, an edit or a
deletion qa.web.library_edit's (which checks the role again on the server), the table's
HTML qa.web.library_table's. Imported by app.py alone (it loads Gradio).
"""
from __future__ import annotations

import re

import gradio as gr

from qa.forces import force_names
from qa.web import library as webui_library
from qa.web.db.audit import AuditLog
from qa.web.html import SourceFiles, esc
from qa.web.library_edit import (NO_FORCE_CHOICE, LibraryEditor, form_values, validate)
from qa.web.library_table import TABLE_JS, TableView, render_table
from qa.web.login import actor_of
from qa.web.public import public
from qa.web.tabs import status_html

PRIVATE = {"api_visibility": "private"}
CHANGING = {"concurrency_id": "library", "concurrency_limit": 1}  # one change at a time
DOC_TYPES = ("inspection report", "re-inspection report", "post-inspection review",
             "inspectorate press release", "force response", "action plan", "news article",
             "PCC statement", "thematic report")
SHOW_EDITOR_JS = """() => setTimeout(() => [...document.querySelectorAll(
  '#qa-lib-editor, #qa-lib-confirm, #qa-lib-msg')].find(el => el.getClientRects().length
  && el.innerText.trim())?.scrollIntoView({block: 'nearest', behavior: 'smooth'}), 150)"""


def html(value: str = "", **kwargs) -> gr.HTML:
    return gr.HTML(value, apply_default_css=False, **kwargs)


def _upload_report(rep: webui_library.UploadReport) -> str:
    rows = [f"<li class='qa-ok'>Added <b>{esc(c)}</b> as {esc(s)}</li>" for c, s in rep.added]
    rows += [f"<li class='qa-warning'>Not added <b>{esc(c)}</b>: {esc(public(why))}</li>"
             for c, why in rep.refused]
    return (f"<div class='qa-upload'><p>{esc(public(rep.message))}</p>"
            f"<ul>{''.join(rows)}</ul></div>")


def _note(ok: bool, text: str) -> str:
    return f"<div class='{'qa-ok' if ok else 'qa-warning'} qa-lib-note'>{esc(text)}</div>"


def library_tab(engine, settings, files: SourceFiles, filters: list, status: gr.HTML,
                audit: AuditLog | None, may_change) -> tuple[list, object]:
    """The tab; returns the outputs that show the library's state (table, the filters'
    choices, the header) and the page-load handler filling them for the user, for app.py
    to register with `demo.load(load, None, outputs + extra)`. `may_change(user)` is the
    role rule."""
    editor = LibraryEditor(settings, engine, audit, may_change)
    view = gr.State(TableView())
    editing, deleting = gr.State(""), gr.State("")

    def admin_of(request) -> bool:
        return may_change(getattr(request, "username", None))

    with gr.Accordion("Add documents", open=True, elem_id="qa-add-docs",
                      visible=False) as form:
        gr.Markdown(f"PDF, Word, text, Markdown or HTML, up to {settings.max_file_mb:g} MB "
                    "each. They are indexed straight away and can be searched as soon as "
                    "this finishes.")
        uploads = gr.File(file_count="multiple", type="filepath", elem_id="qa-upload",
                          file_types=list(webui_library.UPLOAD_TYPES), label="Documents",
                          height=150)
        add = gr.Button("Add to the library", variant="primary", elem_id="qa-upload-go")
        report = html("", elem_id="qa-upload-report")
    search = gr.Textbox(show_label=False, max_lines=1, elem_id="qa-lib-search",
                        placeholder="Search by title, force, type or file name")
    message = html("", elem_id="qa-lib-msg")
    with gr.Column(visible=False, elem_id="qa-lib-editor") as editor_box:
        heading = html("", elem_id="qa-lib-editing")
        with gr.Row():
            title = gr.Textbox(label="Title", max_lines=2, elem_id="qa-ed-title", scale=3)
            organisation = gr.Textbox(label="Organisation", max_lines=1,
                                      info="Who published it", elem_id="qa-ed-org", scale=2)
        with gr.Row():
            forces = gr.Dropdown([NO_FORCE_CHOICE, *force_names()], multiselect=True,
                                 label="Force(s)", elem_id="qa-ed-forces", scale=3,
                                 info="Every force it is about; 'None' for a thematic report "
                                      "or a compendium of many")
            doc_type = gr.Dropdown(list(DOC_TYPES), allow_custom_value=True, scale=2,
                                   label="Document type", elem_id="qa-ed-type")
        with gr.Row():
            published = gr.Textbox(label="Date published", max_lines=1, elem_id="qa-ed-date",
                                   info="2023, 2023-09 or 2023-09-04; empty: from the document")
            source = gr.Textbox(label="Source", max_lines=1, elem_id="qa-ed-source",
                                info="A web link (https://...) or where it came from")
        with gr.Row():
            save = gr.Button("Save and re-index", variant="primary", elem_id="qa-ed-save")
            cancel = gr.Button("Cancel", elem_id="qa-ed-cancel")
    with gr.Column(visible=False, elem_id="qa-lib-confirm") as confirm_box:
        confirm_text = html("", elem_id="qa-lib-confirm-text")
        with gr.Row():
            really = gr.Button("Delete it", variant="stop", elem_id="qa-del-yes")
            keep = gr.Button("Keep it", elem_id="qa-del-no")
    table = gr.HTML("", apply_default_css=False, elem_id="qa-library", js_on_load=TABLE_JS)
    fields = [title, organisation, forces, doc_type, published, source]

    def table_html(view_: TableView, request) -> str:
        return render_table(engine.documents(), webui_library.chunk_counts(engine), files,
                            view_, admin_of(request))

    def updates(view_: TableView, request) -> tuple:
        """What changes when the library does: the table, the filters' choices, the header."""
        return (table_html(view_, request), gr.Dropdown(choices=engine.forces()),
                gr.Dropdown(choices=engine.doc_types()), status_html(engine))

    outs = [table, filters[0], filters[1], status]

    def on_search(text: str, view_: TableView, request: gr.Request):
        view_ = view_.searched(text)
        return view_, table_html(view_, request)

    search.change(on_search, [search, view], [view, table], queue=False,
                 trigger_mode="always_last", **PRIVATE)

    def on_table(view_: TableView, evt: gr.EventData, request: gr.Request):
        """A button in the table: sort, page, or open the editor or the confirmation."""
        data = getattr(evt, "_data", None) or {}
        act, keep_ = data.get("lib"), [gr.skip()] * (len(fields) + 2)
        if act in ("sort", "page"):
            view_ = view_.sorted_by(data.get("key", "")) if act == "sort" \
                else view_.at_page(data.get("page"))
            return view_, table_html(view_, request), *[gr.skip()] * 5, *keep_
        doc = editor.document(str(data.get("doc", "")))
        closed = (gr.Column(visible=False), gr.Column(visible=False), "", "")
        if doc is None or act not in ("edit", "delete"):
            return view_, gr.skip(), *closed, _note(False, "That document is no longer in "
                                                           "the library."), *keep_
        no = editor.refused(actor_of(request), f"library {act}", doc.doc_id)
        if no:  # readers are shown no such button; one forged is refused, and audited
            return view_, gr.skip(), *closed, _note(False, no.message), *keep_
        name = f"<b>{esc(doc.meta.title or doc.file)}</b> ({esc(doc.file)})"
        if act == "delete":
            ask = (f"<p>Delete {name}? The file is removed from the corpus folder, its row "
                   "from catalog.csv and its passages from the index. This cannot be "
                   "undone.</p>")
            return (view_, gr.skip(), gr.Column(visible=False), gr.Column(visible=True), "",
                    doc.doc_id, "", gr.skip(), ask, *[gr.skip()] * len(fields))
        v = form_values(doc)
        return (view_, gr.skip(), gr.Column(visible=True), gr.Column(visible=False),
                doc.doc_id, "", "", f"<h3>Edit {name}</h3>", gr.skip(), v["title"],
                v["organisation"], v["forces"],
                gr.Dropdown(choices=sorted({*DOC_TYPES, *engine.doc_types()}),
                            value=v["doc_type"]), v["published"], v["source"])

    picked = table.click(
        on_table, [view], [view, table, editor_box, confirm_box, editing, deleting, message,
                           heading, confirm_text, *fields], queue=False, **PRIVATE)
    picked.then(None, js=SHOW_EDITOR_JS)

    def save_edit(doc_id, title_, org, forces_, type_, date, source_, view_: TableView,
                  request: gr.Request, progress=gr.Progress()):
        correction, problem = validate(title_, org, forces_, type_, date, source_)
        if problem:
            return (_note(False, problem), gr.skip(), *[gr.skip()] * 4)
        done = editor.edit(actor_of(request), doc_id, correction, _ticker(progress))
        shown = gr.Column(visible=not done.ok)
        return (_note(done.ok, done.message), shown, *updates(view_, request))

    save.click(save_edit, [editing, *fields, view], [message, editor_box, *outs],
               **CHANGING, **PRIVATE)
    cancel.click(lambda: (gr.Column(visible=False), "", ""), None,
                 [editor_box, editing, message], queue=False, **PRIVATE)

    def delete(doc_id, view_: TableView, request: gr.Request, progress=gr.Progress()):
        done = editor.delete(actor_of(request), doc_id, _ticker(progress))
        return (_note(done.ok, done.message), gr.Column(visible=False), "",
                *updates(view_, request))

    really.click(delete, [deleting, view], [message, confirm_box, deleting, *outs],
                 **CHANGING, **PRIVATE)
    keep.click(lambda: (gr.Column(visible=False), ""), None, [confirm_box, deleting],
               queue=False, **PRIVATE)

    def upload(paths, view_: TableView, request: gr.Request, progress=gr.Progress()):
        if not admin_of(request):  # whatever the page shows
            rep = webui_library.UploadReport(message="Only administrators can add documents.")
            rep.refused = [(re.split(r"[\\/]", str(p))[-1], "not added: you are a reader")
                           for p in paths or []]
        else:
            rep = webui_library.add_documents(settings, engine, paths or [],
                                              _ticker(progress))
        if audit is not None:
            for client, saved in rep.added:
                audit.record(actor_of(request), "upload", None, file=client, saved_as=saved)
            for client, why in rep.refused:
                audit.record(actor_of(request), "upload", None, file=client, refused=why)
        return (_upload_report(rep), None, *updates(view_, request))

    add.click(upload, [uploads, view], [report, uploads, *outs], **CHANGING, **PRIVATE)

    def on_load(request: gr.Request):
        return (*updates(TableView(), request), gr.Accordion(visible=admin_of(request)))

    return outs + [form], on_load


def _ticker(progress):
    def tick(stage, done, total):
        progress((done, max(total, 1)), desc=stage.capitalize(), unit="files")
    return tick
