"""The login page, whose conversations a request sees, and the administrator's audit download,
called directly (the browser tests drive the same through chromium)."""
import json
from dataclasses import replace
from types import SimpleNamespace

from qa.web.admin import audit_download, is_admin
from qa.web.db import open_store
from qa.web.db.audit import Actor
from qa.web.login import login_page, owner_of


def request(user=None, address="10.0.0.1", cookie="", session="s1"):
    return SimpleNamespace(username=user, client=SimpleNamespace(host=address),
                           headers={"cookie": cookie}, session_hash=session)


def test_only_an_administrator_gets_the_audit_log_whatever_the_page_shows(database_settings,
                                                                         tmp_path):
    settings = replace(database_settings, auth="boss:pw,reader:pw", admins="boss")
    store = open_store(settings)
    store.audit.record(Actor("reader", "10.0.0.1"), "question", "What did Kent do?", answer="x")
    assert audit_download(store, True, request("reader"), tmp_path) is None
    assert audit_download(store, True, request(None), tmp_path) is None
    path = audit_download(store, True, request("boss"), tmp_path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["user"], r["action"], r["question"]) for r in rows] == [
        ("reader", "question", "What did Kent do?"), ("reader", "audit download", None),
        (None, "audit download", None), ("boss", "audit download", None)]
    assert [r["allowed"] for r in rows[1:]] == [False, False, True]
    assert is_admin(store, False, None)  # without a login the local user administers


def test_conversations_belong_to_the_user_else_the_browser_else_the_session():
    assert owner_of(request("alice", cookie="qa_browser=b1")) == "user:alice"
    assert owner_of(request(None, cookie="x=1; qa_browser=b1")) == "browser:b1"
    assert owner_of(request(None)) == "session:s1"


def test_the_login_page_keeps_the_name_escaped_and_has_a_title():
    page = login_page('o"><script>x()</script>', "Wrong user name or password.", 401)
    body = page.body.decode()
    assert page.status_code == 401 and "<title>Sign in · Inspection assistant</title>" in body
    assert "<script>" not in body and 'value="o&quot;&gt;&lt;script&gt;' in body
    assert "Wrong user name or password." in body
