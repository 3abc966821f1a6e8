"""/api/quotes: by speaker, bounded paging."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from ..conftest import XSS_SCRIPT  # noqa: E402


def test_quotes(client):
    d = client.get("/api/quotes").json()
    assert len(d["items"]) >= 2
    d = client.get("/api/quotes", params={"speaker": "فلاديمير بوتين"}).json()
    assert len(d["items"]) >= 2
    assert any(XSS_SCRIPT in q["content"] for q in d["items"])
    d = client.get("/api/quotes", params={"speaker": "لا أحد", "limit": 5}).json()
    assert d["items"] == []
    assert client.get("/api/quotes?limit=1000").status_code == 422
