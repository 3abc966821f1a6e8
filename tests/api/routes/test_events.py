"""/api/events: by type, date range, entity."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


def test_events(client):
    d = client.get("/api/events", params={"type": "CONSULT"}).json()
    assert len(d["items"]) == 1
    ev = d["items"][0]
    assert ev["article"] == "xss-1" and ev["source"]["entities"][0]["name"] == "فلاديمير بوتين"
    assert client.get("/api/events", params={"type": "CONSULT", "since": "2023-09-14"}).json()["items"] == []
    assert len(client.get("/api/events", params={"since": "2023-09", "until": "2023-09-13"}).json()["items"]) == 1
    assert client.get("/api/events", params={"type": "FIGHT"}).json()["items"] == []
    assert client.get("/api/events", params={"since": "2023-02-29"}).status_code == 422
    assert client.get("/api/events", params={"until": "2024-02-29"}).status_code == 200
