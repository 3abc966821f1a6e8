"""Hostile ids and query values never make a 500 (issue #17, item 6): digits that
``str.isdigit()`` accepts and ``int()`` refuses (², ①), numbers over SQLite's range, control
and path characters. The cases are made here, in code."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from khabar.api import create_app  # noqa: E402


def odd_values():
    yield from ("²", "①", "¹²", "𝟙", "٣", "¾")  # isdigit() or isnumeric(), not int()
    yield from (str(2**63), str(2**70), "9" * 5000, "-1", "1e9", "0x10")
    yield from ("\x00", "../../etc/passwd", "ا" * 300, " ", "%", "'\"<>")


def urls():
    for v in odd_values():
        q = quote(v, safe="")
        yield from (f"/api/entities/{q}", f"/entities/{q}", f"/api/articles/{q}", f"/articles/{q}",
                    f"/api/entities/1?limit={q}")
        for route in ("/api/articles", "/api/search?q=x", "/api/entities", "/api/quotes", "/api/events", "/search?q=x"):
            for param in ("entity", "speaker", "limit", "offset", "since", "until", "event", "type", "q"):
                yield f"{route}{'&' if '?' in route else '?'}{param}={q}"


def test_hostile_ids_and_params_are_never_a_500(corpus_db):
    n = 0
    with TestClient(create_app(str(corpus_db)), raise_server_exceptions=False) as c:
        for url in urls():
            n += 1
            r = c.get(url)
            assert r.status_code < 500, (url, r.status_code, r.text[:200])
            if url.startswith("/api/"):
                assert r.headers["content-type"].startswith("application/json"), url
    assert n > 700
