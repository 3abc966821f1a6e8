"""ASGI middleware of the web app: the request-body cap and the security headers.

Both sit outside FastAPI (they see every response, the body limit's own 413 included) and
import nothing from it.
"""

from __future__ import annotations

import json

from khabar.api import render

__all__ = ["BodyLimit", "SecurityHeaders", "MAX_BODY", "CSP", "HTML_HEADERS", "error_body"]

#: largest request body accepted (bytes); larger ones get 413 before they are read
MAX_BODY = 1_048_576

CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'"
HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def error_body(path: str, status: int, message: str, extra: dict | None = None) -> tuple[bytes, bytes]:
    """An error answer as (body, content type): JSON under ``/api``, an HTML page elsewhere."""
    if path.startswith("/api/") or path == "/api":
        return json.dumps({"error": message, **(extra or {})}, ensure_ascii=False).encode(), b"application/json"
    return render.error_page(status, message).encode(), b"text/html; charset=utf-8"


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413.

    A ``Content-Length`` over the limit is refused before anything is read; a body without
    one (chunked) is read up to the limit and refused as soon as it goes over. Accepted bodies
    are buffered (at most ``max_body`` bytes) and replayed to the app.
    """

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        path = scope.get("path", "")
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                n = int(cl)
                if n < 0:
                    raise ValueError
            except ValueError:
                return await self._refuse(send, path, 400, "bad Content-Length header")
            if n > self.max_body:
                return await self._refuse(send, path, 413, self._too_big())
            if n == 0:
                return await self.app(scope, receive, send)
        elif b"transfer-encoding" not in headers:
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await self._refuse(send, path, 413, self._too_big())
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    def _too_big(self) -> str:
        return f"request body too large: the limit is {self.max_body:,} bytes"

    async def _refuse(self, send, path: str, status: int, message: str) -> None:
        body, ctype = error_body(path, status, message)
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        headers += [(b"x-content-type-options", b"nosniff")]
        if not ctype.startswith(b"application/json"):
            headers += [(k.lower().encode(), v.encode()) for k, v in HTML_HEADERS.items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: ``X-Content-Type-Options: nosniff`` on every response, and the
    Content-Security-Policy (plus no framing, no referrer) on HTML ones."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                hs = list(msg.get("headers") or [])
                names = {k.lower() for k, _ in hs}
                ctype = next((v for k, v in hs if k.lower() == b"content-type"), b"")
                if b"x-content-type-options" not in names:
                    hs.append((b"x-content-type-options", b"nosniff"))
                if ctype.startswith(b"text/html") and b"content-security-policy" not in names:
                    hs += [(k.lower().encode(), v.encode()) for k, v in HTML_HEADERS.items()]
                msg = {**msg, "headers": hs}
            await send(msg)

        return await self.app(scope, receive, send_with_headers)
