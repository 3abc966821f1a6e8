"""/api/stats: corpus counts, without the server's file path."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


def test_stats(client):
    d = client.get("/api/stats").json()
    assert d["articles"] == 3 and d["quotes"] >= 2 and d["events"] == 1
    assert "database" not in d
