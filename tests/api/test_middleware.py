"""The ASGI middleware: request bodies capped before they are read, security headers everywhere."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from khabar.api.app import CSP, MAX_BODY  # noqa: E402
from khabar.api.middleware import HTML_HEADERS, BodyLimit, SecurityHeaders, error_body  # noqa: E402


def test_oversized_body_is_413_before_reading(client):
    big = "ا" * (MAX_BODY + 10)  # > 1 MB of text
    r = client.post("/api/analyze", json={"text": big})
    assert r.status_code == 413
    assert "too large" in r.json()["error"]
    # the limit is on bytes, whatever the route or method
    r = client.post("/api/search?q=x", content=b"x" * (MAX_BODY + 1))
    assert r.status_code == 413


def test_oversized_chunked_body_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"a" * 65536  # 2.5 MB, no Content-Length

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_bad_content_length_is_400(client):
    r = client.post("/api/analyze", content=b"{}", headers={"content-length": "-5", "content-type": "application/json"})
    assert r.status_code == 400


def test_security_headers_on_pages(client):
    for url in ("/", "/articles/xss-1", "/search?q=x", "/analyze", "/docs", "/nope"):
        r = client.get(url)
        assert r.headers["content-type"].startswith("text/html"), url
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert client.get("/api/stats").headers["x-content-type-options"] == "nosniff"


# --- the middleware alone, around a tiny ASGI app -------------------------------------------------


def _call(app, path="/api/x", headers=(), body_parts=(b"",)):
    """Run one HTTP request through ``app``; returns (status, headers dict, body, app saw body)."""
    sent: list[dict] = []
    parts = list(body_parts)

    async def receive():
        if parts:
            chunk = parts.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(parts)}
        return {"type": "http.disconnect"}

    async def send(msg):
        sent.append(msg)

    scope = {"type": "http", "path": path, "method": "POST", "headers": [(k.encode(), v.encode()) for k, v in headers]}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def _echo(ctype=b"text/plain"):
    async def app(scope, receive, send):
        msg = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", ctype)]})
        await send({"type": "http.response.body", "body": msg.get("body", b"")})

    return app


def test_body_limit_replays_an_accepted_chunked_body():
    app = BodyLimit(_echo(), max_body=10)
    status, _, body = _call(app, headers=[("transfer-encoding", "chunked")], body_parts=[b"abc", b"def"])
    assert (status, body) == (200, b"abcdef")


def test_body_limit_refuses_by_length_and_by_reading():
    app = BodyLimit(_echo(), max_body=10)
    status, headers, body = _call(app, headers=[("content-length", "11")])
    assert status == 413 and b"the limit is 10 bytes" in body and headers["content-type"] == "application/json"
    status, headers, body = _call(app, path="/page", headers=[("transfer-encoding", "chunked")],
                                  body_parts=[b"x" * 6, b"x" * 6])
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert headers["content-security-policy"] == HTML_HEADERS["Content-Security-Policy"]
    status, _, _ = _call(app, headers=[("content-length", "ten")])
    assert status == 400


def test_security_headers_only_html_gets_the_csp():
    status, headers, _ = _call(SecurityHeaders(_echo(b"text/html; charset=utf-8")), body_parts=[b"<p>"])
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    _, headers, _ = _call(SecurityHeaders(_echo(b"application/json")), body_parts=[b"{}"])
    assert headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in headers


def test_error_body_json_under_api_html_elsewhere():
    body, ctype = error_body("/api/articles", 413, "too big", {"n": 1})
    assert ctype == b"application/json" and body == '{"error": "too big", "n": 1}'.encode()
    body, ctype = error_body("/articles/x", 404, "<gone>")
    assert ctype.startswith(b"text/html") and b"&lt;gone&gt;" in body and b"<gone>" not in body
