"""Signing in and out, in front of the Gradio app: the login page, the session cookie, the
gate that lets nothing through before sign-in, and the per-browser id used without a login.

Owns the pages at /login and /logout, the ASGI middleware (every request but the login
page needs a session when QA_AUTH is set: no page, API description or file is served
before), the throttle's use (a wait, then a lock, per user name and per address, each
attempt in the audit log), and who a request is for (`owner_of`). The accounts themselves
are qa.web.db.accounts'.
"""
from __future__ import annotations

import html
import secrets
import time
from http.cookies import SimpleCookie

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from qa.web.db.audit import Actor

SESSION_COOKIE = "qa_session"
BROWSER_COOKIE = "qa_browser"  # without a login: whose conversations these are
_CACHE_SECONDS = 5.0  # a session checked this recently is not looked up again
# Open without a session: the login pages, and the call Gradio makes to itself at start
# (it runs the app's start-up events once; it shows nothing).
_OPEN = ("/login", "/logout", "/gradio_api/startup-events")
_TITLE = "Sign in · Inspection assistant"
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;background:#f1f5f9;margin:0;display:flex;
min-height:100vh;align-items:center;justify-content:center}}form{{background:#fff;
padding:2rem;border-radius:10px;box-shadow:0 2px 12px #0002;width:min(22rem,90vw)}}
h1{{font-size:1.3rem;margin:0 0 .3rem}}p{{color:#475569;margin:.2rem 0 1rem}}
label{{display:block;margin:.8rem 0 .2rem;font-weight:600}}input{{width:100%;
padding:.55rem;box-sizing:border-box;border:1px solid #94a3b8;border-radius:6px;
font-size:1rem}}button{{margin-top:1.2rem;width:100%;padding:.6rem;background:#1d4ed8;
color:#fff;border:0;border-radius:6px;font-size:1rem}}.qa-login-error{{color:#b91c1c;
background:#fef2f2;padding:.5rem;border-radius:6px}}</style></head><body>
<form method="post" action="login" id="qa-login"><h1>Inspection assistant</h1>
<p>Sign in with the account your administrator gave you.</p>{error}
<label for="username">User name</label>
<input id="username" name="username" type="text" autocomplete="username" required
 value="{username}"{focus_user}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password"
 required{focus_password}>
<button type="submit">Sign in</button></form></body></html>"""


def login_page(username: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    """The sign-in form; after a failure the user name stays and the password has focus."""
    message = f"<p class='qa-login-error' role='alert'>{html.escape(error)}</p>" if error else ""
    return HTMLResponse(_PAGE.format(
        title=_TITLE, error=message, username=html.escape(username, quote=True),
        focus_user="" if username else " autofocus",
        focus_password=" autofocus" if username else ""), status_code=status)


def cookies_of(headers) -> dict[str, str]:
    """The cookies of raw ASGI headers or a mapping with a 'cookie' entry."""
    if isinstance(headers, list):
        raw = "; ".join(v.decode("latin-1") for k, v in headers if k == b"cookie")
    else:
        raw = headers.get("cookie", "") if headers is not None else ""
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


def owner_of(request) -> str:
    """Whose conversations a request sees: the signed-in user, else the browser (its
    cookie), else the Gradio session (an API client without cookies)."""
    user = getattr(request, "username", None) if request is not None else None
    if user:
        return f"user:{user}"
    headers = getattr(request, "headers", None) if request is not None else None
    browser = cookies_of(headers).get(BROWSER_COOKIE, "")
    if browser:
        return f"browser:{browser}"
    return f"session:{getattr(request, 'session_hash', None) or 'none'}"


def actor_of(request) -> Actor:
    """The user and address of a Gradio event's request, for the audit log."""
    if request is None:
        return Actor()
    client = getattr(request, "client", None)
    return Actor(getattr(request, "username", None), getattr(client, "host", None))


class Gate:
    """Who is signed in, by session cookie, with a short per-process cache; the login and
    logout pages. `accounts` None: no login (only the browser cookie is set)."""

    def __init__(self, accounts=None, audit=None):
        self.accounts, self.audit = accounts, audit
        self._cache: dict[str, tuple[str | None, float]] = {}

    def user(self, token: str | None) -> str | None:
        if not token or self.accounts is None:
            return None
        hit = self._cache.get(token)
        if hit and time.monotonic() - hit[1] < _CACHE_SECONDS:
            return hit[0]
        user = self.accounts.session_user(token)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[token] = (user, time.monotonic())
        return user

    def dependency(self, request: Request) -> str | None:
        """Gradio's auth_dependency: the user the gate found for this request."""
        return request.scope.get("qa_user") or \
            self.user(request.cookies.get(SESSION_COOKIE))

    def routes(self) -> list[Route]:
        return [Route("/login", self.show, methods=["GET"]),
                Route("/login", self.sign_in, methods=["POST"]),
                Route("/logout", self.sign_out, methods=["GET", "POST"])]

    def show(self, request: Request):
        if self.user(request.cookies.get(SESSION_COOKIE)):
            return RedirectResponse("./", status_code=303)
        return login_page()

    async def sign_in(self, request: Request):
        form = await request.form()
        username = str(form.get("username", "")).strip()[:100]
        password = str(form.get("password", ""))[:1000]
        from anyio import to_thread  # scrypt and the database: not in the event loop
        return await to_thread.run_sync(self._sign_in, username, password,
                                        request.client.host if request.client else "")

    def _sign_in(self, username: str, password: str, address: str):
        actor, keys = Actor(username, address), [("user", username), ("address", address)]
        refusal = self.accounts.refusal(keys)
        if refusal is not None:
            self.audit.record(actor, "sign-in refused", reason=refusal.message())
            return login_page(username, refusal.message(), 429)
        if not self.accounts.check_password(username, password):
            locked = self.accounts.failed(keys)
            self.audit.record(actor, "sign-in locked" if locked else "sign-in refused",
                              reason="wrong user name or password")
            error = "Wrong user name or password."
            refusal = self.accounts.refusal(keys)
            return login_page(username, f"{error} {refusal.message()}" if refusal else error,
                              401)
        self.accounts.succeeded([("user", username)])
        token = self.accounts.open_session(username)
        self.audit.record(actor, "sign-in")
        reply = RedirectResponse("./", status_code=303)
        reply.set_cookie(SESSION_COOKIE, token, max_age=int(self.accounts.session_seconds),
                         httponly=True, samesite="lax")
        return reply

    def sign_out(self, request: Request):
        token = request.cookies.get(SESSION_COOKIE)
        user = self.user(token)
        if token and self.accounts is not None:
            self.accounts.close_session(token)
            self._cache.pop(token, None)
            if user:
                self.audit.record(Actor(user, request.client.host if request.client else None),
                                  "sign-out")
        reply = RedirectResponse("login", status_code=303)
        reply.delete_cookie(SESSION_COOKIE)
        return reply


class GateMiddleware:
    """ASGI: with a login, nothing but /login passes without a session (pages are sent to
    the login page, everything else answers 401); without one, each browser gets an id."""

    def __init__(self, app, gate: Gate):
        self.app, self.gate = app, gate

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        cookies = cookies_of(scope.get("headers", []))
        if self.gate.accounts is None:
            if BROWSER_COOKIE in cookies or scope["type"] != "http":
                return await self.app(scope, receive, send)
            return await self.app(scope, receive, _with_cookie(send, BROWSER_COOKIE,
                                                               secrets.token_urlsafe(24)))
        path = scope.get("path", "")
        if path.rstrip("/") in _OPEN:
            return await self.app(scope, receive, send)
        token = cookies.get(SESSION_COOKIE)
        user = None
        if token:
            from anyio import to_thread
            user = await to_thread.run_sync(self.gate.user, token) \
                if token not in self.gate._cache else self.gate.user(token)
        if user:
            scope["qa_user"] = user
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        if scope.get("method") in ("GET", "HEAD") and (path == "/" or "text/html" in accept):
            reply = RedirectResponse("login", status_code=303)
        else:
            reply = JSONResponse({"detail": "Sign in first."}, status_code=401)
        return await reply(scope, receive, send)


def _with_cookie(send, name: str, value: str):
    async def sending(message):
        if message["type"] == "http.response.start":
            cookie = f"{name}={value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
            message = {**message, "headers": [*message.get("headers", []),
                                              (b"set-cookie", cookie.encode("latin-1"))]}
        await send(message)
    return sending
