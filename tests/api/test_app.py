"""The app as a whole: errors never leak, the schema documents every endpoint, odd requests never 500."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from khabar.api import create_app  # noqa: E402
from khabar.api.app import CSP, MAX_BODY  # noqa: E402

from .conftest import assert_inert, form_token  # noqa: E402


def test_errors_never_leak(corpus_db):
    from khabar.errors import InputError

    def boom(text, date=None, **meta):
        if "input" in text:
            raise InputError("that text cannot be analysed")
        raise RuntimeError("secret /etc/passwd details")

    with TestClient(create_app(str(corpus_db), analyze=boom), raise_server_exceptions=False) as c:
        r = c.post("/api/analyze", json={"text": "boom"})
        assert r.status_code == 500
        assert r.json() == {"error": "internal error"}
        assert "secret" not in r.text and "Traceback" not in r.text
        r = c.post("/analyze", data={"text": "boom", "token": form_token(c)})
        assert r.status_code == 500 and "secret" not in r.text
        assert r.headers["content-security-policy"] == CSP
        r = c.post("/api/analyze", json={"text": "bad input"})
        assert r.status_code == 400
        assert r.json() == {"error": "that text cannot be analysed"}


def test_store_failure_is_503_without_path(corpus_db):
    app = create_app(str(corpus_db))
    with TestClient(app, raise_server_exceptions=False) as c:
        app.state.store.close()
        r = c.get("/api/stats")
        assert r.status_code == 503
        assert str(corpus_db) not in r.text and "error" in r.json()


def test_missing_database_is_refused(tmp_path):
    from khabar.errors import StoreError

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "nope.db"))
    assert not (tmp_path / "nope.db").exists()


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/analyze", "/api/articles", "/api/articles/{article_id}", "/api/search",
              "/api/entities/{name_or_id}", "/api/quotes", "/api/events"):
        assert p in paths, sorted(paths)
        for op in paths[p].values():
            assert op.get("summary")
    assert not any(p.startswith(("/articles", "/entities", "/search")) for p in paths)  # HTML pages hidden
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/analyze" in docs.text and "limit" in docs.text
    assert_inert(docs.text)


def test_wrong_method_and_unknown_route(client):
    r = client.delete("/api/articles/xss-1")
    assert r.status_code == 405 and "error" in r.json()
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]
    r = client.get("/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("url", [
    "/api/articles/%00", "/api/articles/%ff%fe", "/api/search?q=%ff%fe%00", "/api/search?q=a&q=b",
    "/api/entities/%00", "/api/entities/-1", "/api/entities/" + "9" * 40, "/entities/" + "9" * 40,
    "/api/quotes?speaker=%00", "/api/events?type=_", "/search?q=%ff&offset=0", "/articles/%2e%2e%2f%2e%2e%2fetc",
    "/api/articles?since=0000-01-01", "/api/articles?until=9999-12-31", "/entities/%ED%A0%80",
    "/static/../app.py", "/api/articles?limit=100&offset=1000000", "/api/articles?entity=" + "9" * 30,
    "/api/quotes?speaker=" + "9" * 30, "/api/events?entity=" + "9" * 30,
])
def test_odd_requests_never_500(client, url):
    r = client.get(url)
    assert r.status_code < 500, (url, r.status_code, r.text[:300])


def test_json_is_utf8_not_escaped(client):
    r = client.get("/api/articles/plain-1")
    assert "بوتين".encode() in r.content
    assert json.loads(r.content)["id"] == "plain-1"


def test_app_over_an_open_store_and_two_apps_side_by_side(corpus_db, tmp_path):
    from khabar.errors import UsageError
    from khabar.io import Record
    from khabar.store import open_store

    other = open_store(tmp_path / "other.db")
    other.add_text(Record(text="خبر وحيد عن الرياض.", id="only-1", source="t", date="2020-01-01"))
    with TestClient(create_app(store=other)) as a, TestClient(create_app(str(corpus_db))) as b:
        assert [x["id"] for x in a.get("/api/articles").json()["items"]] == ["only-1"]
        assert len(b.get("/api/articles").json()["items"]) == 3
        assert a.get("/api/articles/xss-1").status_code == 404
    from khabar.errors import StoreError

    with pytest.raises(StoreError):  # the app closed the store it was given when it stopped
        other.stats()
    with pytest.raises(UsageError):
        create_app()
    with pytest.raises(UsageError):
        create_app(str(corpus_db), store=open_store(":memory:"))


def test_routes_get_the_store_injected(corpus_db):
    from khabar.api.deps import Services

    app = create_app(str(corpus_db))
    with TestClient(app) as c:
        assert isinstance(app.state.services, Services) and app.state.services.store is app.state.store
        calls = []
        real = app.state.services.store.list_articles

        def spy(**kw):
            calls.append(kw)
            return real(**kw)

        app.state.services.store.list_articles = spy
        assert c.get("/api/articles?limit=2").json()["limit"] == 2
        assert calls and calls[0]["limit"] == 2


def test_store_usage_error_is_400(corpus_db):
    from khabar.errors import UsageError

    app = create_app(str(corpus_db))
    with TestClient(app) as c:
        def refuse(**kw):
            raise UsageError("no such thing")

        app.state.services.store.list_articles = refuse
        r = c.get("/api/articles")
        assert r.status_code == 400 and r.json() == {"error": "no such thing"}
        r = c.get("/search?event=CONSULT")
        assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
