"""The conversation history beside the chat: the owner's past conversations listed latest
first and searchable, reopened as they were shown, renamed, deleted, and exported as
Markdown or Word with their citations.

Owns the panel's components and what each of its events does; whose conversations a request
sees is login's `owner_of`, storing them qa.web.db.conversations', the export layouts
qa.outputs.conversation's. The chat itself is chat.py's.
"""
from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import gradio as gr

from qa.outputs.conversation import to_markdown, write_docx
from qa.web.db import Store
from qa.web.login import owner_of

PRIVATE = {"api_visibility": "private"}


def choices(store: Store, owner: str, search: str = "") -> list[tuple[str, str]]:
    """(label, conversation id) of the owner's conversations, latest first."""
    return [(f"{s.title} · {time.strftime('%d %b %H:%M', time.localtime(s.updated))}", s.id)
            for s in store.conversations.list(owner, search or "")]


def reopen(store: Store, owner: str, conversation: str) -> tuple[list, list, dict]:
    """(chat messages, questions answered, answer records by message index) of a conversation,
    as the chat showed them; empty when it is not the owner's."""
    chat, asked, records = [], [], {}
    for turn in store.conversations.turns(owner, conversation or ""):
        chat.append({"role": "user", "content": turn.question_html})
        chat.append({"role": "assistant", "content": turn.answer_html})
        records[len(chat) - 1] = turn.record
        if not turn.record.get("refused"):  # as the chat keeps it: declined ones set no force
            asked.append(turn.question)
    return chat, asked, records


def export(store: Store, owner: str, conversation: str, folder: Path | None = None
           ) -> dict[str, Path]:
    """{'md': path, 'docx': path} of the conversation; {} when there is nothing to export."""
    turns = store.conversations.turns(owner, conversation or "")
    if not turns:
        return {}
    title = store.conversations.title(owner, conversation) or "Conversation"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", title).strip("-")[:60] or "conversation"
    folder = Path(folder or tempfile.mkdtemp(prefix="qa-conversation-"))
    pairs = [(t.question, t.record) for t in turns]
    md = folder / f"{stem}.md"
    md.write_text(to_markdown(title, pairs), encoding="utf-8")
    return {"md": md, "docx": write_docx(title, pairs, folder / f"{stem}.docx")}


def panel(store: Store, conversation: gr.State):
    """The side panel's components; returns (refresh, its outputs, downloads, events):
    chat.py's turn and the New conversation button call `refresh` when they finish."""
    gr.Markdown("### Conversations")
    search = gr.Textbox(show_label=False, placeholder="Search your conversations",
                        elem_id="qa-history-search", max_lines=1)
    listing = gr.Radio([], show_label=False, elem_id="qa-history-list", container=False)
    with gr.Group(visible=False, elem_id="qa-history-tools") as tools:
        title = gr.Textbox(label="Title", elem_id="qa-history-title", max_lines=1)
        with gr.Row():
            rename = gr.Button("Rename", size="sm", elem_id="qa-history-rename")
            delete = gr.Button("Delete", size="sm", variant="stop", elem_id="qa-history-delete")
        with gr.Row():
            md = gr.DownloadButton("Markdown", size="sm", elem_id="qa-history-md")
            docx = gr.DownloadButton("Word", size="sm", elem_id="qa-history-docx")

    shown = gr.State("")  # the conversation whose title the box holds

    def refresh(current: str, query: str, before: str, request: gr.Request):
        """The list, and the tools for the open conversation; the title box is filled only
        when another conversation opens, never over what someone is typing."""
        owner = owner_of(request)
        items = choices(store, owner, query)
        ids = {i for _label, i in items}
        files = export(store, owner, current) if current else {}
        name = store.conversations.title(owner, current) if current else ""
        return (gr.Radio(choices=items, value=current if current in ids else None),
                gr.Group(visible=bool(current and files)),
                name if current != before else gr.skip(),
                gr.DownloadButton(value=files.get("md")),
                gr.DownloadButton(value=files.get("docx")), current)

    outputs = [listing, tools, title, md, docx, shown]

    def refilter(current: str, query: str, request: gr.Request):
        items = choices(store, owner_of(request), query)
        return gr.Radio(choices=items, value=current if current in {i for _l, i in items}
                        else None)

    search.change(refilter, [conversation, search], listing, queue=False, **PRIVATE)

    def do_rename(current: str, new_title: str, request: gr.Request):
        if current and not store.conversations.rename(owner_of(request), current, new_title):
            gr.Warning("Give the conversation a title.")

    def do_delete(current: str, request: gr.Request):
        if current and store.conversations.delete(owner_of(request), current):
            return ""
        return gr.skip()  # not confirmed, or nothing open

    inputs = [conversation, search, shown]
    rename.click(do_rename, [conversation, title], None, queue=False, **PRIVATE) \
        .then(refresh, inputs, outputs, queue=False, **PRIVATE)
    deleted = delete.click(do_delete, conversation, conversation, queue=False,
                           js="(c) => confirm('Delete this conversation? This cannot be "
                              "undone.') ? c : ''", **PRIVATE)
    return refresh, inputs, outputs, listing, deleted
