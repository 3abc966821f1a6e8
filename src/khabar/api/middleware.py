"""ASGI middleware of the web app: the request-body cap, the security headers, the Host
allow-list and the refusal of cross-site writes.

They sit outside FastAPI (they see every response, the body limit's own 413 included) and
import nothing from it.
"""

from __future__ import annotations

import ipaddress
import json

from khabar.api import render

__all__ = ["BodyLimit", "SecurityHeaders", "HostCheck", "CrossSiteWrites", "MAX_BODY", "CSP", "HTML_HEADERS",
           "LOCAL_HOSTS", "error_body", "host_name"]

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


#: the cookie that keeps a browser's interface language (set by ``GET /ui/{lang}``)
UI_COOKIE = "khabar_ui"


class UILanguage:
    """ASGI middleware: the web reader's interface language of a request, from its
    ``khabar_ui`` cookie (``ar``, the default, or ``en``), and its path, for the pages to read
    (:data:`khabar.api.render.UI_LANG`, :data:`~khabar.api.render.UI_PATH`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from http.cookies import CookieError, SimpleCookie

        from khabar.api import render

        lang = "ar"
        for k, v in scope.get("headers") or ():
            if k == b"cookie":
                try:
                    jar = SimpleCookie(v.decode("latin-1"))
                except CookieError:
                    continue
                if UI_COOKIE in jar and jar[UI_COOKIE].value in render.UI_LANGS:
                    lang = jar[UI_COOKIE].value
        qs = scope.get("query_string") or b""
        path = scope.get("path") or "/"
        here = path + ("?" + qs.decode("latin-1") if qs else "")
        t1, t2 = render.UI_LANG.set(lang), render.UI_PATH.set(here)
        try:
            return await self.app(scope, receive, send)
        finally:
            render.UI_LANG.reset(t1)
            render.UI_PATH.reset(t2)


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


#: Host header names a local server answers to whatever it was told
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


async def _refuse(send, path: str, status: int, message: str) -> None:
    body, ctype = error_body(path, status, message)
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
               (b"x-content-type-options", b"nosniff")]
    if not ctype.startswith(b"application/json"):
        headers += [(k.lower().encode(), v.encode()) for k, v in HTML_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def host_name(value: str) -> str:
    """The host of a ``Host`` header or an origin's authority, without port and brackets,
    lower case: ``[::1]:8000`` → ``::1``, ``LocalHost:80`` → ``localhost``."""
    v = value.strip().lower()
    if "://" in v:  # an Origin: scheme://host[:port]
        v = v.split("://", 1)[1].split("/", 1)[0]
    if v.startswith("["):
        return v[1:v.index("]")] if "]" in v else v
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """ASGI middleware: answer only requests whose ``Host`` names this server.

    A web page the user visits can point a name it controls at 127.0.0.1 (DNS rebinding) and
    then read the server as if it were its own site; such requests carry the page's name in
    ``Host``. Allowed: the names in ``allowed`` (localhost, 127.0.0.1, ::1, the address the
    server listens on, and those given with ``--allow-host``) and any IP address (a page
    whose address is an IP is not another site's name). Anything else gets 400.
    """

    def __init__(self, app, allowed=LOCAL_HOSTS):
        self.app = app
        self.allowed = frozenset(host_name(h) for h in allowed if h)

    def allows(self, host: str) -> bool:
        name = host_name(host)
        return bool(name) and (name in self.allowed or "*" in self.allowed or _is_ip(name))

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        host = next((v for k, v in scope.get("headers") or () if k == b"host"), b"").decode("latin-1")
        if not self.allows(host):
            return await _refuse(send, scope.get("path", ""), 400,
                                 f"this server does not answer to the host name {host_name(host)[:100]!r}; "
                                 "open it as http://localhost:PORT/, or start it with "
                                 "khabar serve --allow-host NAME")
        return await self.app(scope, receive, send)


class CrossSiteWrites:
    """ASGI middleware: refuse a write (POST, PUT, PATCH, DELETE) that a browser says comes
    from another site (``Sec-Fetch-Site`` other than ``same-origin``/``none``; without it, an
    ``Origin`` other than the request's ``Host``: another port is another site) with 403. Clients that are not browsers send
    neither header and are not affected; the analyze form also carries a token
    (see :mod:`khabar.api.routes.pages`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method", "GET") in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = {k: v.decode("latin-1") for k, v in scope.get("headers") or ()}
        site = headers.get(b"sec-fetch-site", "").strip().lower()
        origin = headers.get(b"origin", "").strip().lower()
        if site:  # the browser says where the request comes from
            cross = site not in ("same-origin", "none")
        elif origin and origin != "null":  # ("null": a page with Referrer-Policy: no-referrer, ours too)
            authority = origin.split("://", 1)[1].split("/", 1)[0] if "://" in origin else origin
            cross = authority != headers.get(b"host", "").strip().lower()
        else:
            cross = False
        if cross:
            return await _refuse(send, scope.get("path", ""), 403,
                                 "cross-site request refused: send it from this server's own pages")
        return await self.app(scope, receive, send)
