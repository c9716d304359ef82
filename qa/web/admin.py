"""Who is signed in, and what only administrators may do: the account bar in the page's
header (the user's name and role, Sign out) and the audit log's download.

Owns the rule for roles in the web app (without a login the one local user administers;
with one, the users named in QA_ADMINS do) and checks it on the server for every
administrator's action, whatever the page shows. The audit entries are qa.web.db.audit's.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import gradio as gr

from qa.web.db import Store
from qa.web.db.accounts import ADMIN
from qa.web.html import esc
from qa.web.login import actor_of

PRIVATE = {"api_visibility": "private"}


def is_admin(store: Store, login: bool, user: str | None) -> bool:
    """Without a login the app is one person's, on their machine: they administer it."""
    return not login or (bool(user) and store.accounts.role(user) == ADMIN)


def account_html(user: str | None, admin: bool) -> str:
    if not user:
        return ""
    role = "administrator" if admin else "reader"
    return (f"<div class='qa-account'>Signed in as <b>{esc(user)}</b> ({role}) · "
            "<a href='logout' id='qa-logout'>Sign out</a></div>")


def audit_download(store: Store, login: bool, request, folder: Path | None = None
                   ) -> Path | None:
    """The audit log as a JSON-lines file for an administrator; None for anyone else (and
    the attempt is in the log)."""
    actor = actor_of(request)
    if not is_admin(store, login, actor.user):
        store.audit.record(actor, "audit download", allowed=False)
        return None
    store.audit.record(actor, "audit download", allowed=True)
    folder = Path(folder or tempfile.mkdtemp(prefix="qa-audit-"))
    return store.audit.export(folder / f"audit-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")


def account_bar(store: Store, settings) -> tuple:
    """The header's account line and, for administrators, the audit download; returns the
    page-load handler and its outputs (app.py registers them)."""
    login = bool(settings.auth_pairs())
    with gr.Column(scale=0, min_width=260, elem_id="qa-account-bar"):
        account = gr.HTML("", apply_default_css=False, elem_id="qa-account")
        fetch = gr.Button("Download the audit log", size="sm", visible=False,
                          elem_id="qa-audit-btn")
        out = gr.File(label="Audit log", visible=False, interactive=False,
                      elem_id="qa-audit-file", height=70)

    def download(request: gr.Request):
        path = audit_download(store, login, request)
        if path is None:
            gr.Warning("Only administrators can download the audit log.")
            return gr.File(visible=False, value=None)
        return gr.File(visible=True, value=str(path))

    fetch.click(download, None, out, concurrency_limit=2, **PRIVATE)

    def on_load(request: gr.Request):
        user = getattr(request, "username", None)
        admin = is_admin(store, login, user)
        return account_html(user, admin), gr.Button(visible=admin)

    return on_load, [account, fetch]
