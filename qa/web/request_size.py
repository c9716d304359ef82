"""The bound on a web request's size: a body over Settings.max_request_mb is refused with 413
and the reason before it is read, so one oversized question (or chat, or filter value) cannot
fill the server's memory; Gradio would read and parse it whole, several times over.

An ASGI middleware that app.py puts behind the login gate (qa.web.login). Uploads are left to
Gradio's own limit (QA_MAX_FILE_MB); cutting a question that passes to the question limit is
qa.outputs.limits'.
"""
from __future__ import annotations

import json

# Uploads are multipart and bounded by Gradio's own max_file_size (QA_MAX_FILE_MB).
UNBOUNDED_BODIES = ("/gradio_api/upload",)
DRAIN_LIMIT = 1 << 30  # read (and drop) this much of a refused body so the client hears why


class BodyLimit:
    """ASGI middleware: a request body over `max_body_bytes` is refused before it is read."""

    def __init__(self, app, max_body_bytes: int, max_question_chars: int):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_question_chars = max_question_chars

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(UNBOUNDED_BODIES):
            return await self.app(scope, receive, send)
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            return await self._too_large(declared, receive, send)
        body, read, ended = await _read_body(receive, self.max_body_bytes)
        if read > self.max_body_bytes:
            return await self._too_large(None, receive, send, read, ended)
        return await self.app(scope, _replay(body, receive), send)

    async def _too_large(self, declared, receive, send, read: int = 0,
                         ended: bool = False) -> None:
        """413 with a sentence saying why, after reading (not keeping) what the client sends,
        up to DRAIN_LIMIT, so that it is not cut off mid-upload before hearing the answer."""
        if not ended:
            read += await _drain(receive, DRAIN_LIMIT)
        size = declared if declared is not None else read
        message = (f"This request is {size / 1e6:,.1f} MB; the app accepts at most "
                   f"{self.max_body_bytes / 1e6:g} MB (QA_MAX_REQUEST_MB). A question is cut "
                   f"to its first {self.max_question_chars:,} characters anyway: send a "
                   f"shorter one.")
        await _send_json(send, 413, {"error": message, "detail": message})


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_body(receive, limit: int) -> tuple[bytes, int, bool]:
    """(body, bytes read, ended): the whole body when it is at most `limit` bytes; else
    nothing kept, reading stopped just past the limit, and whether the body had ended."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client left
            return b"".join(chunks), size, True
        chunk = message.get("body", b"")
        size += len(chunk)
        ended = not message.get("more_body", False)
        if size > limit:
            return b"", size, ended
        chunks.append(chunk)
        if ended:
            return b"".join(chunks), size, True


async def _drain(receive, limit: int) -> int:
    read = 0
    while read < limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return read


def _replay(body: bytes, receive):
    """A receive() that gives the body already read, then hands over to the real one (which
    then reports the client leaving)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay


async def _send_json(send, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
