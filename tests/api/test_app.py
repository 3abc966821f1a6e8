"""The REST API and the web reader (FastAPI TestClient; no network, no browser)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from khabar.api import create_app  # noqa: E402
from khabar.api.app import CSP, MAX_BODY  # noqa: E402
from khabar.api.render import annotate, esc, marked, nest, timeline_svg  # noqa: E402

from .conftest import PLAIN_TEXT, XSS_IMG, XSS_SCRIPT, XSS_TEXT, xss_analysis  # noqa: E402

# --- helpers ----------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_VOID_OK = {"line", "rect"}


class _Inspector(HTMLParser):
    """Collects tags, attributes and text; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def inspect(html_text: str) -> _Inspector:
    p = _Inspector()
    p.feed(html_text)
    p.close()
    return p


def assert_inert(html_text: str) -> _Inspector:
    """No script, no image, no event handler, no javascript: URL, no inline style element;
    tags properly nested."""
    p = inspect(html_text)
    for tag, attrs in p.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "style", "base", "meta-refresh"), tag
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, k, v)
            if k in ("href", "src", "action"):
                assert v is not None and (v.startswith(("/", "#", "http://", "https://"))), (tag, k, v)
    assert not p.errors, p.errors[:5]
    assert not p.stack or p.stack == [], p.stack
    return p


def entity_ids(client) -> dict:
    art = client.get("/api/articles/xss-1").json()
    return {e["id"]: e["corpus_id"] for e in art["entities"]}


# --- analyze ----------------------------------------------------------------------------------


def test_analyze_gold_article_returns_entities_and_quotes(client, gold_kim):
    import khabar

    text, gold = gold_kim
    date = gold["document"]["date"]
    r = client.post("/api/analyze", json={"text": text, "date": date})
    assert r.status_code == 200, r.text
    got = r.json()
    want = khabar.analyze(text, date=date).to_dict()
    assert got["text"] == text
    assert got["entities"] == want["entities"] and got["quotes"] == want["quotes"]
    assert got["times"] == want["times"] and got["events"] == want["events"]
    names = {e["name_en"] for e in got["entities"]}
    assert {"Kim Jong Un", "Vladimir Putin"} <= names
    for e in got["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for q in got["quotes"]:
        for c in q["content"]:
            assert text[c["start"]:c["end"]] == c["text"]
    # its quotes: found, and most of them on a gold quote
    assert got["quotes"], "the quotes stage found no quote in the gold article"
    spans = [tuple(s) for g in gold["quotes"] for s in g.get("spans", []) if len(s) == 2]
    on_gold = [q for q in got["quotes"] if any(c["start"] < e and s < c["end"] for c in q["content"] for s, e in spans)]
    assert len(on_gold) >= len(got["quotes"]) / 2


def test_analyze_small_text_and_date(client):
    r = client.post("/api/analyze", json={"text": PLAIN_TEXT, "date": "2023-09-13", "title": "<b>x</b>"})
    assert r.status_code == 200
    d = r.json()
    assert d["date"] == "2023-09-13" and d["title"] == "<b>x</b>"
    assert {"text", "entities", "times", "quotes", "events"} <= set(d)
    assert any(e["type"] == "PER" for e in d["entities"])
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("body", [
    {},
    {"text": 123},
    {"text": None},
    {"text": ["a"]},
    {"text": "نص", "date": "2023-13-40"},
    {"text": "نص", "date": "yesterday"},
    {"text": "نص", "date": "2023"},
    {"text": "نص", "date": 20230913},
    {"text": "نص", "colour": "red"},
    [1, 2],
    "just a string",
])
def test_analyze_bad_json_is_422(client, body):
    r = client.post("/api/analyze", json=body)
    assert r.status_code == 422, r.text
    d = r.json()
    assert d["error"].startswith("invalid request") and isinstance(d["detail"], list)


@pytest.mark.parametrize("raw,ctype", [
    (b"{not json", "application/json"),
    (b"[" * 200_000 + b"]" * 200_000, "application/json"),
    (b'{"text": "a", "text": 5}', "application/json"),
    (b"", "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b'{"text": "\\ud800"}', "application/json"),
    ("text=نص".encode(), "text/plain"),
])
def test_analyze_malformed_body_is_4xx(client, raw, ctype):
    r = client.post("/api/analyze", content=raw, headers={"content-type": ctype})
    assert 400 <= r.status_code < 500, r.text
    assert "error" in r.json()


def test_analyze_empty_text_is_400(client):
    r = client.post("/api/analyze", json={"text": "   \n "})
    assert r.status_code == 400
    assert "empty" in r.json()["error"]


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


def test_text_over_char_limit_is_413(corpus_db):
    with TestClient(create_app(str(corpus_db), max_text_chars=50)) as c:
        r = c.post("/api/analyze", json={"text": "ا " * 40})
        assert r.status_code == 413
        assert "limit is 50" in r.json()["error"]
        r = c.post("/analyze", data={"text": "ا " * 40})
        assert r.status_code == 413 and "النص طويل" in r.text


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
        r = c.post("/analyze", data={"text": "boom"})
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


# --- corpus API -------------------------------------------------------------------------------


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


@pytest.mark.parametrize("query", [
    "limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5", "offset=-1", "offset=x",
    "offset=99999999999999999999999", "since=2015-02-30", "since=15-01-01", "until=2015-1-1",
    "since=2015/01/01", "until=tomorrow", "event=CON SULT", "event=%3Cscript%3E", "entity=" + "x" * 201,
])
def test_bad_query_params_are_422(client, query):
    for url in ("/api/articles?" + query, "/api/search?q=x&" + query):
        r = client.get(url)
        assert r.status_code == 422, (url, r.text)
        assert r.json()["error"].startswith("invalid request")


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


def test_search(client):
    r = client.get("/api/search", params={"q": "بوتين"})
    assert r.status_code == 200
    d = r.json()
    assert d["query"] == "بوتين"
    assert {h["id"] for h in d["items"]} == {"xss-1", "plain-1"}
    for h in d["items"]:
        assert {"id", "title", "date", "snippet", "score"} <= set(h)
    assert "[" in d["items"][0]["snippet"]
    # filters
    d = client.get("/api/search", params={"q": "بوتين", "event": "CONSULT"}).json()
    assert [h["id"] for h in d["items"]] == ["xss-1"]
    d = client.get("/api/search", params={"q": "بوتين", "since": "2023-09-14", "until": "2023-09-14"}).json()
    assert [h["id"] for h in d["items"]] == ["plain-1"]


@pytest.mark.parametrize("q", ['"', "(", "*", "AND OR NOT", "NEAR(a b)", "a:b", "^x", "-", "'; DROP TABLE articles;--",
                               "\x00", "ﷺ", "😀", "<script>", "بوتين\"", "%", "\\"])
def test_search_query_is_never_syntax(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["items"], list)


def test_search_needs_a_query(client):
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=").status_code == 422
    assert client.get("/api/search", params={"q": "ب" * 501}).status_code == 422


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


def test_quotes(client):
    d = client.get("/api/quotes").json()
    assert len(d["items"]) >= 2
    d = client.get("/api/quotes", params={"speaker": "فلاديمير بوتين"}).json()
    assert len(d["items"]) >= 2
    assert any(XSS_SCRIPT in q["content"] for q in d["items"])
    d = client.get("/api/quotes", params={"speaker": "لا أحد", "limit": 5}).json()
    assert d["items"] == []
    assert client.get("/api/quotes?limit=1000").status_code == 422


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


def test_stats(client):
    d = client.get("/api/stats").json()
    assert d["articles"] == 3 and d["quotes"] >= 2 and d["events"] == 1
    assert "database" not in d


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


# --- HTML pages -------------------------------------------------------------------------------


def test_security_headers_on_pages(client):
    for url in ("/", "/articles/xss-1", "/search?q=x", "/analyze", "/docs", "/nope"):
        r = client.get(url)
        assert r.headers["content-type"].startswith("text/html"), url
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert client.get("/api/stats").headers["x-content-type-options"] == "nosniff"


def test_home_page(client):
    r = client.get("/")
    assert r.status_code == 200
    p = assert_inert(r.text)
    assert '<html lang="ar" dir="rtl">' in r.text
    assert any(t == "form" and a.get("action") == "/search" for t, a in p.tags)
    assert "/articles/xss-1" in r.text and "/articles/dir%2F%D8%AE" in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text  # the hostile title, as text
    text = "".join(p.text)
    assert "3" in text and "مقالات" in text


def test_article_page_shows_script_as_text(client):
    r = client.get("/articles/xss-1")
    assert r.status_code == 200
    html = r.text
    p = assert_inert(html)
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = "".join(p.text)
    assert XSS_SCRIPT in text and XSS_IMG in text  # shown, as text
    assert "<b>عريض</b>" in text  # markup in the title stays text
    # the url is javascript:, so it is not linked
    assert not any(a.get("href", "").startswith("javascript") for _, a in p.tags)
    classes = [a.get("class", "") for _, a in p.tags]
    assert any("ent ent-per" in c for c in classes) and any("ent ent-loc" in c for c in classes)
    assert sum("quote" in c.split() for c in classes) >= 2
    assert any("speaker" in c.split() for c in classes) and any(c == "tx" for c in classes)
    # hover: type and English name, with the hostile English name escaped inside the attribute
    per = [a for t, a in p.tags if "ent-per" in a.get("class", "") and t == "a"]
    assert per and per[0]["title"] == 'PER · Vladimir Putin"><script>alert(2)</script>'
    assert per[0]["href"].startswith("/entities/")
    quotes = [a for _, a in p.tags if "q-first" in a.get("class", "")]
    assert quotes and quotes[0]["data-speaker"] == "فلاديمير بوتين"
    assert any(t == "div" and a.get("dir") == "rtl" and a.get("class") == "text" for t, a in p.tags)
    assert "CONSULT" in text and "2023-09-13" in text and "الاقتباسات" in text


def test_article_page_text_is_complete(client):
    """The annotated text, tags removed, is the article text exactly."""
    html = annotate(client.get("/api/articles/xss-1").json())
    assert "".join(assert_inert(html).text) == XSS_TEXT


def test_unanalysed_article_and_slash_id(client):
    r = client.get("/articles/" + quote("dir/خبر 1", safe=""))
    assert r.status_code == 200 and "الطقس" in r.text
    assert_inert(r.text)


def test_article_404_reflects_nothing(client):
    r = client.get("/articles/" + quote("<script>alert(1)</script>", safe=""))
    assert r.status_code == 404
    assert XSS_SCRIPT not in r.text and "&lt;script&gt;" in r.text
    assert_inert(r.text)


def test_entity_page(client):
    ids = entity_ids(client)
    r = client.get(f"/entities/{ids['e1']}")
    assert r.status_code == 200
    html = r.text
    p = assert_inert(html)
    assert "<svg" in html and "<rect" in html  # the chart
    text = "".join(p.text)
    assert 'Vladimir Putin"><script>alert(2)</script>' in text  # English name, as text
    assert "CONSULT" in text and "التعاون مستمر" in text  # events and quotes by it
    assert "موسكو <img src=y onerror=alert(3)>" in text  # co-occurring entity with a hostile name
    r = client.get(f"/entities/{ids['e2']}")
    assert r.status_code == 200
    assert_inert(r.text)
    assert "موسكو &lt;img src=y onerror=alert(3)&gt;" in r.text
    assert client.get("/entities/" + quote("<script>")).status_code == 404


def test_search_page(client):
    r = client.get("/search", params={"q": "بوتين"})
    assert r.status_code == 200
    p = assert_inert(r.text)
    assert "/articles/xss-1" in r.text and "<mark>" in r.text
    r = client.get("/search", params={"q": XSS_SCRIPT, "entity": XSS_IMG})
    assert r.status_code == 200
    assert_inert(r.text)
    assert XSS_SCRIPT not in r.text
    r = client.get("/search", params={"event": "CONSULT"})
    assert "/articles/xss-1" in r.text
    assert client.get("/search", params={"since": "bad"}).status_code == 422
    assert p


def test_analyze_page(client):
    r = client.get("/analyze")
    assert r.status_code == 200
    assert_inert(r.text)
    r = client.post("/analyze", data={"text": PLAIN_TEXT, "date": "2023-09-13"})
    assert r.status_code == 200
    p = assert_inert(r.text)
    assert any("ent ent-per" in a.get("class", "") for _, a in p.tags)
    hostile = "قال بوتين " + XSS_SCRIPT + " " + XSS_IMG
    r = client.post("/analyze", data={"text": hostile})
    assert r.status_code == 200
    assert XSS_SCRIPT not in r.text and XSS_IMG not in r.text
    assert_inert(r.text)
    assert client.post("/analyze", data={"text": "نص", "date": "2023-02-30"}).status_code == 422
    assert client.post("/analyze", data={"text": " "}).status_code == 400
    r = client.post("/analyze", files={"text": ("a.txt", b"x")})
    assert r.status_code == 415
    r = client.post("/analyze", content="&".join(f"f{i}=x" for i in range(500)).encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = client.post("/analyze", content=b"text=%D8%A7%ZZ%ff&date=",
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200


# --- rendering units --------------------------------------------------------------------------


def test_nest_splits_crossing_spans():
    text = "abcdefghij"
    ivals = [(0, 6, 0, "<q>", "</q>"), (4, 9, 2, "<e>", "</e>"), (2, 5, 1, "<s>", "</s>"), (8, 20, 0, "<x>", "</x>")]
    out = nest(text, ivals)
    assert out == "<q>ab<s>cd<e>e</e></s><e>f</e></q><e>ghi</e>j"


def test_nest_escapes_every_piece():
    out = nest("<a>&<b>", [(1, 2, 0, "<m>", "</m>")])
    assert out == "&lt;<m>a</m>&gt;&amp;&lt;b&gt;"
    assert nest("<x>", []) == "&lt;x&gt;"


def test_annotate_ignores_spans_that_do_not_match_the_text():
    art = xss_analysis()
    art["entities"][0]["mentions"].append({"start": 0, "end": 3, "text": "not this"})
    art["entities"][0]["mentions"].append({"start": -5, "end": 10**6, "text": "x"})
    art["entities"][0]["mentions"].append({"start": "1", "end": None})
    html = annotate(art)
    assert "".join(inspect(html).text) == XSS_TEXT


def test_marked_snippet():
    from khabar.api.render import MARK

    s = f"a {MARK[0]}<b>{MARK[1]} c {MARK[0]}open"
    assert marked(s) == "a <mark>&lt;b&gt;</mark> c <mark>open</mark>"
    assert marked("[x]") == "[x]"


def test_timeline_svg():
    svg = timeline_svg(["2015-07-01", "2015-07-01", "2015-07-03", None, "bad"], "<label>")
    assert svg.count("<rect") == 2 and "&lt;label&gt;" in svg
    assert "<label>" not in svg
    svg = timeline_svg(["2001", "2015-07"], "x")
    assert svg.count("<rect") == 2
    assert "<svg" not in timeline_svg([], "x")
    assert_inert(svg)


def test_esc():
    assert esc('<a href="x">\'') == "&lt;a href=&quot;x&quot;&gt;&#x27;"
    assert esc(None) == ""


# --- the command ------------------------------------------------------------------------------


def test_serve_command(monkeypatch, corpus_db, capsys):
    import uvicorn

    from khabar.cli.main import main

    seen = {}

    def fake_run(app, **kw):
        seen.update(kw, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert main(["serve", "--db", str(corpus_db), "--port", "0"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 0
    assert main(["serve", "--db", str(corpus_db), "--host", "0.0.0.0"]) == 0
    assert "anyone who can reach" in capsys.readouterr().err
    assert main(["serve", "--db", str(corpus_db) + ".missing"]) == 2
    assert main(["serve", "--db", str(corpus_db), "--port", "70000"]) == 2
    monkeypatch.delenv("KHABAR_DB", raising=False)
    assert main(["serve"]) == 2


def test_serve_without_api_extra(monkeypatch, corpus_db, capsys):
    import sys

    from khabar.cli.main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    assert main(["serve", "--db", str(corpus_db)]) == 2
    assert "pip install 'khabar[api]'" in capsys.readouterr().err


def test_json_is_utf8_not_escaped(client):
    r = client.get("/api/articles/plain-1")
    assert "بوتين".encode() in r.content
    assert json.loads(r.content)["id"] == "plain-1"
