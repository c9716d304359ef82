"""Issue 15, the web app as a server (a real `python app.py` over HTTP): with a login set no
route but the sign-in page answers without one (Gradio's own reset, cancel, heartbeat and
stream routes included); a request over QA_MAX_REQUEST_MB is refused with the reason before it
is read; and a question over QA_MAX_QUESTION_CHARS is cut with a notice and never streamed back
whole."""
import http.cookiejar
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT

from bench.appproc import free_port, stop, wait_until_served

pytestmark = pytest.mark.slow

QUESTION = "What did Wiltshire change on domestic abuse training?"


@pytest.fixture(scope="module")
def server(sample_settings, tmp_path_factory):
    """app.py over the sample index with a login and a 1 MB request limit."""
    base = tmp_path_factory.mktemp("guarded")
    port = free_port()
    env = {**os.environ, "QA_CORPUS": str(sample_settings.corpus), "QA_PORT": str(port),
           "QA_INDEX": str(sample_settings.index), "QA_HOST": "127.0.0.1",
           "QA_AUTH": "officer:s3cret", "QA_MAX_REQUEST_MB": "1",
           "QA_DATABASE": str(base / "qa.sqlite3"),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with (base / "app.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_served(url + "/", proc, 300)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{(base / 'app.log').read_text()}")
        yield {"url": url}
    finally:
        stop(proc)


def request(opener, url: str, method: str = "GET", body: bytes | None = None,
            chunked: bool = False) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if chunked:  # urllib sends an iterable body chunked: the size is only known by reading
        body = iter([body[i:i + 65536] for i in range(0, len(body), 65536)])
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(req, timeout=300) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def status_of(url: str, method: str, body: bytes | None) -> int:
    """The status alone: some routes stream for as long as they are read (heartbeat)."""
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def signed_in(server):
    """An HTTP client signed in through the login page, as an API user would be."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": "officer", "password": "s3cret"}).encode()
    with opener.open(f"{server['url']}/login", data=form, timeout=60) as resp:
        assert resp.status == 200  # the app's page, after the redirect
    assert "qa_session" in {cookie.name for cookie in jar}
    return opener


def ask(opener, server, question: str, since: str = "") -> tuple[bytes, list]:
    """One chat turn over the HTTP API: (every byte streamed back, the final chat)."""
    body = json.dumps({"data": [question, [], [], [], since, ""]}).encode()
    status, reply = request(opener, f"{server['url']}/gradio_api/call/ask", "POST", body)
    assert status == 200, reply
    stream = f"{server['url']}/gradio_api/call/ask/{json.loads(reply)['event_id']}"
    with opener.open(stream, timeout=300) as resp:
        raw = resp.read()
    final = [line for line in raw.split(b"\n") if line.startswith(b"data: ")][-1]
    return raw, json.loads(final[6:])[0]


ROUTES = [("POST", "/gradio_api/reset", {"event_id": "x"}),
          ("POST", "/gradio_api/cancel", {"event_id": "x", "session_hash": "s", "fn_index": 0}),
          ("GET", "/gradio_api/heartbeat/s", None),
          ("POST", "/gradio_api/stream/x", {"data": [], "fn_index": 0, "session_hash": "s"}),
          ("POST", "/gradio_api/stream/x/close", None),
          ("GET", "/gradio_api/app_id", None),
          ("GET", "/monitoring/x", None),
          ("GET", "/gradio_api/info", None),
          ("GET", "/page-image/x/1.png", None),  # the source drawer's PDF page
          ("POST", "/gradio_api/call/ask", {"data": [QUESTION, [], [], [], "", ""]}),
          ("GET", "/qa-source/x.pdf", None)]  # the source PDFs, by document id


def test_every_route_but_the_sign_in_page_needs_the_login(server):
    refused = {}
    for method, path, payload in ROUTES:
        body = json.dumps(payload).encode() if payload is not None else None
        refused[path] = status_of(server["url"] + path, method, body)
    assert refused == {path: 401 for _, path, _ in ROUTES}
    assert status_of(server["url"] + "/login", "GET", None) == 200  # the sign-in page
    officer = signed_in(server)
    for path in ("/gradio_api/reset", "/gradio_api/cancel"):
        payload = next(p for _, r, p in ROUTES if r == path)
        assert request(officer, server["url"] + path, "POST", json.dumps(payload).encode())[0] \
            == 200


@pytest.mark.parametrize("chunked", [False, True])
def test_a_request_over_the_size_limit_is_refused_with_the_reason(server, chunked):
    officer = signed_in(server)
    body = json.dumps({"data": [QUESTION * 40_000, [], [], [], "", ""]}).encode()  # 2.1 MB
    status, reply = request(officer, f"{server['url']}/gradio_api/call/ask", "POST", body,
                            chunked)
    assert status == 413
    error = json.loads(reply)["error"]
    assert error.startswith(f"This request is {len(body) / 1e6:.1f} MB; the app accepts at "
                            "most 1 MB (QA_MAX_REQUEST_MB)") and "1,000 characters" in error
    _, chat = ask(officer, server, QUESTION)  # the app answers on as before
    assert 'class="qa-cite"' in chat[-1]["content"][0]["text"]


def test_an_overlong_question_is_cut_with_a_notice_and_never_echoed_whole(server):
    officer = signed_in(server)
    question = QUESTION + " Please be thorough." * 20_000 + " TAIL-OF-THE-QUESTION"  # 400 KB
    streamed, chat = ask(officer, server, question)
    assert b"TAIL-OF-THE-QUESTION" not in streamed
    assert len(streamed) < len(question) / 4  # each streamed message carries the chat so far
    user, notice, answer = (m["content"][0]["text"] for m in chat)
    assert QUESTION in user and user.count("Please be thorough") < 60
    assert f"Only the first 1,000 characters of this {len(question):,}-character question" \
        in notice
    assert 'class="qa-cite"' in answer


def test_a_flood_in_a_date_filter_is_named_not_echoed(server):
    since = "2023" + "9" * 300_000
    streamed, chat = ask(signed_in(server), server, QUESTION, since)
    assert len(streamed) < 20_000
    assert "“From” date “2023999999" in chat[-1]["content"][0]["text"]
    assert "9" * 100 not in chat[-1]["content"][0]["text"]
