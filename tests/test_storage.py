"""The web app's state in a real database, each test run against SQLite and against a real
PostgreSQL server: migrations applied once, conversations kept per owner, the audit log and
feedback, users and roles, sign-in sessions and the throttling of failed sign-ins."""
import json
import threading
import time

import pytest

from qa.web.db import open_database, open_store
from qa.web.db.accounts import ADMIN, READER
from qa.web.db.audit import Actor
from qa.web.db.conversations import Turn
from qa.web.db.schema import MIGRATIONS, migrate


def turn(question: str, answer: str = "An answer [1].") -> Turn:
    record = {"question": question, "answer": answer,
              "citations": [{"n": 1, "title": "A report", "quote": "A quote."}]}
    return Turn(question, record, f"<p>{question}</p>", f"<div>{answer}</div>")


def test_migrations_apply_once_even_from_two_processes_at_once(database_settings):
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        migrate(open_database(database_settings)))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [v for v, _name, _step in MIGRATIONS]
    assert sorted(results) == [[], every]  # one applied them all, the other found them done
    db = open_database(database_settings)
    assert [r[0] for r in db.query("SELECT version FROM schema_migrations ORDER BY version")] \
        == every


def test_a_new_sqlite_database_opened_by_several_processes_at_once_opens_for_all(tmp_path):
    """Replicas starting together on a new SQLite file: each switches it to WAL, and SQLite
    answers "locked" at once to all but one, without waiting (about one start in thirty
    failed with four at once). Each now waits its turn."""
    from qa.config import load_settings
    errors = []

    def start(settings):
        try:
            migrate(open_database(settings))
        except Exception as exc:  # what a replica would die of
            errors.append(exc)

    for n in range(100):
        folder = tmp_path / str(n)
        settings = load_settings(environ={}, database=folder / "qa.sqlite3", database_url="",
                                 feedback=folder / "f.jsonl", audit=folder / "a.jsonl")
        threads = [threading.Thread(target=start, args=(settings,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_old_feedback_and_audit_files_are_read_in_once(database_settings):
    database_settings.audit.write_text(
        json.dumps({"time": "2026-11-30T10:00:00+0000", "user": "officer",
                    "question": "What did Kent do?", "answer": "It trained staff [1]."})
        + "\n{\"cut off by a cra\n", encoding="utf-8")
    database_settings.feedback.write_text(json.dumps(
        {"time": "2026-11-30T10:01:00+0000", "user": "officer", "vote": "like",
         "question": "What did Kent do?"}) + "\n", encoding="utf-8")
    store = open_store(database_settings)
    open_store(database_settings)  # a second start imports nothing again
    entries = store.audit.entries()
    assert [(e["user"], e["question"], e["action"]) for e in entries] == \
        [("officer", "What did Kent do?", "question")]
    assert entries[0]["answer"] == "It trained staff [1]."
    assert [(f["user"], f["vote"]) for f in store.feedback.entries()] == [("officer", "like")]


def test_conversations_are_kept_per_owner_searchable_renamable_deletable(database_settings):
    store = open_store(database_settings)
    conv = store.conversations
    with store.db.transaction() as tx:
        first = conv.add_turn(tx, "user:alice", None, turn("What did Wiltshire change?"))
    with store.db.transaction() as tx:
        assert conv.add_turn(tx, "user:alice", first, turn("And on missing children?")) == first
        second = conv.add_turn(tx, "user:alice", None, turn("What is GRIP in Gloucestershire?"))
        theirs = conv.add_turn(tx, "user:bob", None, turn("What did Wiltshire change?"))
    assert [s.id for s in conv.list("user:alice")] == [second, first]  # latest first
    assert [s.turns for s in conv.list("user:alice")] == [1, 2]
    assert [s.id for s in conv.list("user:alice", "missing")] == [first]  # any question
    assert [s.id for s in conv.list("user:alice", "grip GLOUCESTERSHIRE")] == [second]
    assert conv.list("user:alice", "100%_") == []  # LIKE's wildcards are plain characters
    assert [t.question for t in conv.turns("user:alice", first)] == \
        ["What did Wiltshire change?", "And on missing children?"]
    assert conv.turns("user:alice", first)[0].record["citations"][0]["quote"] == "A quote."
    # nobody reaches another owner's conversation
    assert conv.turns("user:alice", theirs) == []
    assert not conv.rename("user:alice", theirs, "mine now")
    assert not conv.delete("user:alice", theirs)
    with store.db.transaction() as tx:  # nor adds to it: that starts a new one of their own
        assert conv.add_turn(tx, "user:alice", theirs, turn("Sneaky?")) != theirs
    assert [t.question for t in conv.turns("user:bob", theirs)] == ["What did Wiltshire change?"]
    assert conv.rename("user:alice", first, "  Wiltshire   training ")
    assert conv.list("user:alice", "training")[0].title == "Wiltshire training"
    assert conv.delete("user:alice", first)
    assert conv.turns("user:alice", first) == [] and first not in \
        [s.id for s in conv.list("user:alice")]


def test_audit_entries_from_two_processes_are_all_kept_once(database_settings):
    open_store(database_settings)
    stores = [open_store(database_settings), open_store(database_settings)]  # two replicas

    def ask(store, k):
        for i in range(25):
            store.audit.record(Actor(f"user{k}", "10.0.0.1"), "question", f"q{k}-{i}",
                               answer="a")
    threads = [threading.Thread(target=ask, args=(stores[k % 2], k)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    questions = [e["question"] for e in stores[0].audit.entries()]
    assert sorted(questions) == sorted(f"q{k}-{i}" for k in range(6) for i in range(25))


def test_users_and_roles_come_from_the_settings_and_passwords_are_hashed(database_settings):
    from dataclasses import replace
    settings = replace(database_settings, auth="alice:pa:ss, bob:pw", admins="alice")
    store = open_store(settings)
    accounts = store.accounts
    assert accounts.role("alice") == ADMIN and accounts.role("bob") == READER
    assert accounts.check_password("alice", "pa:ss") and not accounts.check_password("bob", "x")
    assert not accounts.check_password("nobody", "pw")
    stored = [p for (p,) in store.db.query("SELECT password FROM users")]
    assert stored and not any("pa:ss" in p or p == "pw" for p in stored)
    token = accounts.open_session("bob")
    assert accounts.session_user(token) == "bob" and accounts.session_user("forged") is None
    open_store(replace(settings, auth="alice:pa:ss"))  # bob removed: his session ends too
    assert accounts.role("bob") is None and accounts.session_user(token) is None
    token = accounts.open_session("alice")
    accounts.close_session(token)
    assert accounts.session_user(token) is None


def test_failed_sign_ins_wait_then_lock_per_user_and_per_address(database_settings):
    accounts = open_store(database_settings).accounts
    alice = [("user", "alice"), ("address", "10.0.0.9")]
    for _ in range(accounts.delay_after - 1):
        assert not accounts.failed(alice) and accounts.refusal(alice) is None
    accounts.failed(alice)
    wait = accounts.refusal(alice)
    assert wait is not None and not wait.locked and 0 < wait.seconds <= 2
    assert "wait" in wait.message()
    # the same address trying another name waits too; another address for bob does not
    assert accounts.refusal([("user", "bob"), ("address", "10.0.0.9")]) is not None
    assert accounts.refusal([("user", "bob"), ("address", "10.0.0.10")]) is None
    locked = [accounts.failed(alice) for _ in range(accounts.lock_after - accounts.delay_after)]
    assert locked[-1] and not any(locked[:-1])
    lock = accounts.refusal(alice)
    assert lock.locked and lock.seconds > 14 * 60 and "locked for 15 minutes" in lock.message()
    # from another address the user name itself stays locked
    assert accounts.refusal([("user", "alice"), ("address", "10.9.9.9")]).locked
    # a lock that has run out lets the user try again, from a count of one
    accounts.db.execute("UPDATE login_failures SET locked_until = ?", (time.time() - 1,))
    assert accounts.refusal(alice) is None
    accounts.failed(alice)
    assert accounts.refusal(alice) is None
    accounts.succeeded([("user", "alice")])
    assert accounts.db.query("SELECT COUNT(*) FROM login_failures WHERE scope = 'user'")[0][0] \
        == 0


def test_a_database_that_cannot_be_opened_is_named(tmp_path):
    from qa.config import load_settings
    from qa.errors import QAError
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(QAError, match="cannot open the database .*file/qa.sqlite3"):
        open_store(load_settings(environ={}, database=blocker / "qa.sqlite3"))
    with pytest.raises(QAError, match="cannot connect to the database 127.0.0.1:1/qa"):
        open_store(load_settings(environ={}, database_url="postgresql://u:secret@127.0.0.1:1/qa"))
