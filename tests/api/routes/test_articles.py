"""/api/articles: listing, filters, paging, one article."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from ..conftest import XSS_SCRIPT, XSS_TEXT  # noqa: E402


def test_articles_list_and_paging(client):
    r = client.get("/api/articles")
    assert r.status_code == 200
    d = r.json()
    ids = [a["id"] for a in d["items"]]
    assert set(ids) == {"xss-1", "plain-1", "dir/خبر 1"}
    assert ids[0] == "plain-1"  # newest first
    assert d["limit"] == 20 and d["offset"] == 0 and d["next_offset"] is None
    p1 = client.get("/api/articles?limit=1").json()
    assert len(p1["items"]) == 1 and p1["next_offset"] == 1
    p2 = client.get("/api/articles", params={"limit": 1, "offset": p1["next_offset"]}).json()
    assert p2["items"][0]["id"] == ids[1]


def test_articles_filters(client):
    def ids(**params):
        r = client.get("/api/articles", params=params)
        assert r.status_code == 200, r.text
        return {a["id"] for a in r.json()["items"]}

    assert ids(since="2023-09-14") == {"plain-1"}
    assert ids(until="2023") == {"xss-1", "plain-1", "dir/خبر 1"}
    assert ids(until="2015-12") == {"dir/خبر 1"}
    assert ids(event="CONSULT") == {"xss-1"}
    assert ids(event="consult") == {"xss-1"}
    assert ids(speaker="بوتين") >= {"xss-1"}
    assert ids(entity="موسكو") == {"xss-1"}
    assert ids(entity="لا أحد بهذا الاسم") == set()
    assert ids(q="الطقس") == {"dir/خبر 1"}
    assert ids(entity="", event="", since="") == {"xss-1", "plain-1", "dir/خبر 1"}


def test_get_article(client):
    r = client.get("/api/articles/xss-1")
    assert r.status_code == 200
    d = r.json()
    assert d["id"] == "xss-1" and d["text"] == XSS_TEXT and d["title"].startswith(XSS_SCRIPT)
    assert len(d["quotes"]) == 2 and d["events"][0]["type"] == "CONSULT"
    assert all(isinstance(e["corpus_id"], int) for e in d["entities"])
    # ids with a slash, spaces and Arabic
    r = client.get("/api/articles/" + quote("dir/خبر 1", safe="/"))
    assert r.status_code == 200 and r.json()["title"] == "الطقس"
    r = client.get("/api/articles/" + quote("dir/خبر 1", safe=""))
    assert r.status_code == 200


def test_unknown_article_is_404(client):
    r = client.get("/api/articles/no-such-id")
    assert r.status_code == 404
    assert r.json() == {"error": "no article with id 'no-such-id'"}
    assert client.get("/api/articles/" + "x" * 600).status_code == 422
