"""The web reader's HTML pages: hostile text stays text, pages are inert and well nested."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from khabar.api.render import annotate  # noqa: E402

from ..conftest import PLAIN_TEXT, XSS_IMG, XSS_SCRIPT, XSS_TEXT, assert_inert, entity_ids, form_token  # noqa: E402


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
    tok = form_token(client)
    r = client.post("/analyze", data={"text": PLAIN_TEXT, "date": "2023-09-13", "token": tok})
    assert r.status_code == 200
    p = assert_inert(r.text)
    assert any("ent ent-per" in a.get("class", "") for _, a in p.tags)
    hostile = "قال بوتين " + XSS_SCRIPT + " " + XSS_IMG
    r = client.post("/analyze", data={"text": hostile, "token": tok})
    assert r.status_code == 200
    assert XSS_SCRIPT not in r.text and XSS_IMG not in r.text
    assert_inert(r.text)
    assert client.post("/analyze", data={"text": "نص", "date": "2023-02-30", "token": tok}).status_code == 422
    assert client.post("/analyze", data={"text": " ", "token": tok}).status_code == 400
    r = client.post("/analyze", files={"text": ("a.txt", b"x")})
    assert r.status_code == 415
    r = client.post("/analyze", content="&".join(f"f{i}=x" for i in range(500)).encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = client.post("/analyze", content=b"text=%D8%A7%ZZ%ff&date=&token=" + tok.encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200
