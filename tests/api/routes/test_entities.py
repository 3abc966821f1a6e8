"""/api/entities: one entity by id or any spelling of its name, and the list."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from ..conftest import entity_ids  # noqa: E402


def test_entities(client):
    ids = entity_ids(client)
    r = client.get(f"/api/entities/{ids['e1']}")
    assert r.status_code == 200
    e = r.json()
    assert e["type"] == "PER" and e["name"] == "فلاديمير بوتين"
    assert {"aliases", "articles", "quotes", "events", "cooccurring"} <= set(e)
    assert len(e["quotes"]) >= 2 and e["events"][0]["type"] == "CONSULT"
    # by name (any spelling, with a clitic)
    r = client.get("/api/entities/" + quote("وبوتين"))
    assert r.status_code == 200
    assert client.get("/api/entities/999999").status_code == 404
    assert client.get("/api/entities/" + quote("لا أحد")).json()["error"].startswith("no entity")
    lst = client.get("/api/entities", params={"type": "LOC"}).json()
    assert all(x["type"] == "LOC" for x in lst["items"]) and lst["items"]
    assert client.get("/api/entities", params={"type": "<x>"}).status_code == 422
