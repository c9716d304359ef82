"""The Gradio layout of each part of the web app: the filters panel and the Ask, Excerpts
and Batch tabs, each wired to its handlers (the Library tab is library_tab's).

Owns components and events only; what an event does is in webui_chat, webui_excerpts,
webui_batch, the HTML in webui. Imported by app.py and library_tab (it loads Gradio).
"""
from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.outputs.export import Excerpt
from qa.outputs.limits import cut_question
from qa.web import batch as webui_batch
from qa.web import excerpts as webui_excerpts
from qa.web import history as webui_history
from qa.web.chat import Asker, ChatService, example_questions
from qa.web.filters import any_document_matches, make_filters, no_match_message, to_dict
from qa.web.db.audit import AuditLog
from qa.web.html import SourceFiles, esc, render_excerpt
from qa.web.login import actor_of, owner_of
from qa.web.public import public

PRIVATE = {"api_visibility": "private"}  # UI plumbing, not an API for clients
ASK_CONCURRENCY = 32  # answers in progress at once (of Gradio's 40 jobs); the rest queue
CHAT_PLACEHOLDER = ("<div class='qa-welcome'><h3>Ask about an inspection</h3><p>Answers quote "
                    "the documents word for word. Every sentence carries a numbered citation "
                    "you can open and check.</p></div>")


def html(value: str = "", **kwargs) -> gr.HTML:
    """An HTML block styled by webui.css only."""
    return gr.HTML(value, apply_default_css=False, **kwargs)


def user_of(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def status_html(engine) -> str:
    return (f"<div class='qa-status'>{len(engine.documents())} documents · "
            f"{len(engine.forces())} forces · answers quote the documents word for word</div>")


def filters_panel(engine) -> list:
    """Forces, document types and a date range; [forces, types, since, until]."""
    gr.Markdown("### Filters\nThey apply to every question, excerpt search and question file "
                "until changed.")
    forces = gr.Dropdown(engine.forces(), multiselect=True, label="Forces",
                         elem_id="qa-forces", info="Empty: all forces")
    types = gr.Dropdown(engine.doc_types(), multiselect=True, label="Document types",
                        elem_id="qa-types", info="Empty: all types")
    since = gr.Textbox(label="From", placeholder="e.g. 2022", elem_id="qa-since", max_lines=1)
    until = gr.Textbox(label="To", placeholder="e.g. 2023-12", elem_id="qa-until", max_lines=1)
    clear = gr.Button("Clear filters", size="sm")
    clear.click(lambda: ([], [], "", ""), None, [forces, types, since, until], queue=False,
                **PRIVATE)
    return [forces, types, since, until]


def ask_tab(engine, chat: ChatService, filters: list) -> tuple | None:
    """The conversation history (when there is a database) beside the chat; returns the
    history's page-load (fn, inputs, outputs), for app.py to register."""
    conversation = gr.State("")
    with gr.Row(equal_height=False):
        if chat.store is not None:
            with gr.Column(scale=1, min_width=230, elem_id="qa-history"):
                history = webui_history.panel(chat.store, conversation)
        with gr.Column(scale=4):
            chatbot, states = _chat(engine, chat, filters, conversation)
    if chat.store is None:
        return None
    _wire_history(chat, chatbot, states, conversation, *history)
    return history[:3]


def _chat(engine, chat: ChatService, filters: list, conversation: gr.State):
    examples = [{"text": q} for q in example_questions(engine.forces())]
    chatbot = gr.Chatbot(elem_id="qa-chat", height="calc(100vh - 250px)", min_height=420,
                         placeholder=CHAT_PLACEHOLDER, examples=examples or None,
                         latex_delimiters=[], buttons=[], show_label=False,
                         autoscroll=False)  # the page's script keeps the answer in view
    with gr.Row(elem_id="qa-ask-row"):
        question = gr.Textbox(show_label=False, scale=8, max_lines=4,  # focused by app.JS
                              elem_id="qa-question", submit_btn="Ask",
                              placeholder="Ask a question, e.g. What did Wiltshire change on "
                                          "domestic abuse training?")
        new = gr.Button("New conversation", scale=0, min_width=170, size="md", elem_id="qa-new")
    asked, records = gr.State([]), gr.State({})
    # The question being answered. The browser moves it here from the box as it is sent, so
    # the box is free at once and the answer's messages carry only the chat and its state.
    sent = gr.Textbox(visible="hidden", label="Question", elem_id="qa-sent")

    async def respond(q, history, asked_, records_, conversation_, forces, types, since, until,
                      request: gr.Request):
        flt, problem = make_filters(forces, types, since, until)
        asker = Asker(actor_of(request), owner_of(request))
        async for chat_, a, r, c in chat.respond_async(q, history, asked_, records_, flt,
                                                       problem, asker, conversation_):
            # states the turn has not changed are skipped: Gradio stores each one it is sent
            yield (chat_, gr.skip() if a is asked_ else a, gr.skip() if r is records_ else r,
                   gr.skip() if c == conversation_ else c)

    def like(records_, data: gr.LikeData, request: gr.Request):
        gr.Info(chat.feedback(records_, data.index, data.liked, user_of(request)))

    def pick(data: gr.SelectData):
        return data.value["text"] if isinstance(data.value, dict) else str(data.value)

    ins = [sent, chatbot, asked, records, conversation, *filters]
    outs = [chatbot, asked, records, conversation]
    # one queue for every answer; a question sent while one is answered waits for it
    answering = {"concurrency_id": "ask", "concurrency_limit": ASK_CONCURRENCY,
                 "trigger_mode": "always_last"}
    asking = question.submit(None, question, [question, sent], js="(q) => ['', q]",
                             **PRIVATE).then(respond, ins, outs, api_name="ask", **answering)
    picked = chatbot.example_select(pick, None, sent, queue=False, **PRIVATE) \
        .then(respond, ins, outs, **answering, **PRIVATE)
    chatbot.like(like, [records], None, queue=False, **PRIVATE)
    cleared = chatbot.clear(lambda: ([], {}, ""), None, [asked, records, conversation],
                            queue=False, **PRIVATE)
    started = new.click(lambda: ([], [], {}, ""), None, [chatbot, asked, records, conversation],
                        queue=False, **PRIVATE)
    return chatbot, {"asked": asked, "records": records,
                     "events": (asking, picked, started, cleared)}


def _wire_history(chat: ChatService, chatbot, states: dict, conversation: gr.State, refresh,
                  refresh_in, refresh_out, listing, deleted) -> None:
    """The panel follows the chat (a new answer, a new conversation) and the chat follows
    the panel (a conversation picked, or the one open deleted)."""
    for event in states["events"]:
        event.then(refresh, refresh_in, refresh_out, queue=False, **PRIVATE)

    def open_one(picked: str, request: gr.Request):
        shown, asked, records = webui_history.reopen(chat.store, owner_of(request), picked)
        return shown, asked, records, picked if shown else ""

    reopened = [chatbot, states["asked"], states["records"], conversation]
    listing.input(open_one, listing, reopened, queue=False, **PRIVATE) \
        .then(refresh, refresh_in, refresh_out, queue=False, **PRIVATE)
    deleted.then(lambda c, h, a, r: (h, a, r) if c else ([], [], {}),
                 [conversation, chatbot, states["asked"], states["records"]],
                 [chatbot, states["asked"], states["records"]], queue=False, **PRIVATE) \
        .then(refresh, refresh_in, refresh_out, queue=False, **PRIVATE)
def _results(engine, files: SourceFiles, results: gr.State, basket: gr.State) -> None:
    @gr.render(inputs=[results, basket])
    def show(items: list[Excerpt], chosen: list[Excerpt]):
        if not items:
            return
        docs = {d.doc_id: d for d in engine.documents()}
        keys = {ex.key for ex in chosen}
        add_all = gr.Button("Add all to basket", size="sm", elem_classes="qa-add-all")
        add_all.click(lambda b: webui_excerpts.add(b, items), basket, basket, **PRIVATE)
        for n, ex in enumerate(items, start=1):
            with gr.Group(elem_classes="qa-result"):
                html(render_excerpt(ex, docs.get(ex.doc_id), files, n))
                if ex.key in keys:
                    gr.Button("In the basket ✓", size="sm", interactive=False,
                              elem_classes="qa-in-basket")
                    continue
                add = gr.Button("Add to basket", size="sm", elem_classes="qa-add")
                add.click(lambda b, ex=ex: webui_excerpts.add(b, [ex]), basket, basket,
                          **PRIVATE)


def _basket(engine, files: SourceFiles, basket: gr.State) -> None:
    summary = gr.Markdown(webui_excerpts.summary([]), elem_id="qa-basket-summary")
    with gr.Row():
        buttons = [gr.DownloadButton(label, size="sm", interactive=False, min_width=80,
                                     elem_id=f"qa-dl-{fmt}")
                   for fmt, label in (("md", "Markdown"), ("csv", "CSV"), ("docx", "Word"))]
    clear = gr.Button("Empty the basket", size="sm", elem_id="qa-basket-clear")

    @gr.render(inputs=[basket])
    def show(items: list[Excerpt]):
        docs = {d.doc_id: d for d in engine.documents()}
        for n, ex in enumerate(items, start=1):
            with gr.Group(elem_classes="qa-basket-item"):
                html(render_excerpt(ex, docs.get(ex.doc_id), files, n))
                remove = gr.Button("Remove", size="sm", elem_classes="qa-remove")
                remove.click(lambda b, k=ex.key: webui_excerpts.remove(b, k), basket, basket,
                             **PRIVATE)

    def exports(items):
        paths = webui_excerpts.export_basket(items)
        return (webui_excerpts.summary(items),
                *(gr.DownloadButton(value=paths.get(f), interactive=bool(paths))
                  for f in ("md", "csv", "docx")))

    basket.change(exports, basket, [summary, *buttons], **PRIVATE)
    clear.click(lambda: [], None, basket, **PRIVATE)


def excerpts_tab(engine, files: SourceFiles, filters: list, basket: gr.State,
                 audit: AuditLog | None = None) -> None:
    """`basket` is shared with the Recommendations tab, which adds its rows to it."""
    results = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Row(elem_id="qa-search-row"):
                topic = gr.Textbox(show_label=False, scale=6, max_lines=1, elem_id="qa-topic",
                                   placeholder="Search a topic, e.g. missing children",
                                   submit_btn="Search")
            message = html("", elem_id="qa-search-msg")
            _results(engine, files, results, basket)
        with gr.Column(scale=2, elem_id="qa-basket"):
            gr.Markdown("### Basket")
            _basket(engine, files, basket)

    def search(query, forces, types, since, until, request: gr.Request):
        flt, problem = make_filters(forces, types, since, until)
        items, note = webui_excerpts.search(engine, query, flt, problem)
        if audit is not None and (query or "").strip():
            asked = cut_question(query, engine.settings.max_question_chars)[0]  # as searched
            audit.record(actor_of(request), "excerpt search", " ".join(asked.split()),
                         filters=to_dict(flt), problem=problem or note,
                         results=[[ex.file, ex.page, ex.start, ex.end] for ex in items])
        return items, (f"<div class='qa-empty'>{esc(public(note))}</div>" if note else "")

    topic.submit(search, [topic, *filters], [results, message], concurrency_limit=8,
                 **PRIVATE)


def batch_tab(engine, max_bytes: int, audit: AuditLog | None = None, filters: list = ()
              ) -> None:
    """The question-file upload; questions are answered within the sidebar's `filters`."""
    gr.Markdown("Upload a question file and download the cited answers. **.txt**: one question "
                "a line · **.csv**: a `question` column (and optional `id`) · **.jsonl**: "
                "`{\"question\": ...}` per line. The same code as `python -m qa batch`; the "
                "filters on the left apply.")
    with gr.Row():
        upload = gr.File(label="Question file", file_types=list(webui_batch.QUESTION_TYPES),
                         type="filepath", elem_id="qa-batch-file", height=180)
        with gr.Column():
            fmt = gr.Radio(list(webui_batch.OUTPUT_TYPES), value="csv", label="Answers as",
                           elem_id="qa-batch-fmt")
            run = gr.Button("Answer the questions", variant="primary", elem_id="qa-batch-run")
            status = html("", elem_id="qa-batch-status")
            result = gr.File(label="Answers", interactive=False, elem_id="qa-batch-out",
                             height=90)

    def answer(path, fmt_, forces=None, types=None, since="", until="",
               request: gr.Request = None, progress=gr.Progress()):
        def tick(done, total):
            progress((done, total), desc="Answering", unit="questions")
        flt, problem = make_filters(forces, types, since, until)
        if problem or not any_document_matches(engine, flt):  # as the chat says it
            note = problem or no_match_message(flt)
            return f"<div class='qa-empty qa-warning'>{esc(note)}</div>", None
        try:
            out, note = webui_batch.run_upload(engine, path, fmt_, max_bytes, tick, flt)
        except QAError as exc:
            return f"<div class='qa-empty qa-warning'>{esc(public(exc))}</div>", None
        if audit is not None:
            webui_batch.audit_questions(audit, actor_of(request), path, out,
                                        engine.settings.max_question_chars, to_dict(flt))
        return (f"<div class='qa-ok'>Done: {esc(out.name)} is ready below. {esc(note)}</div>",
                str(out))

    run.click(answer, [upload, fmt, *filters], [status, result], concurrency_limit=2,
              **PRIVATE)
