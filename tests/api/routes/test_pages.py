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


def test_the_reader_switches_to_english_and_remembers_it_per_browser(client):
    """Issue #15: labels in English, English names first, the article text as it is; the choice
    is a cookie set by /ui/en (a path of this site to go back to, nothing else)."""
    r = client.get("/ui/en", params={"next": "/search?q=x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/search?q=x"
    assert "khabar_ui=en" in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
    home = client.get("/", cookies={"khabar_ui": "en"})  # the browser sends the cookie back
    assert '<html lang="en" dir="ltr">' in home.text and "Latest articles" in home.text
    assert "أحدث المقالات" not in home.text and 'href="/ui/ar?next=%2F"' in home.text
    assert_inert(home.text)
    art = client.get("/articles/plain-1", cookies={"khabar_ui": "en"})
    p = assert_inert(art.text)
    assert "Entities" in art.text and '<article class="doc" dir="rtl" lang="ar">' in art.text
    assert PLAIN_TEXT[:20] in "".join(p.text)  # the article text is not translated
    ids = entity_ids(client)
    ent = client.get(f"/entities/{ids['e1']}", cookies={"khabar_ui": "en"}).text
    assert "Other names" in ent and '<h1 lang="en" dir="ltr">' in ent  # the English name is the heading
    assert ent.index("Vladimir Putin") < ent.index("</h1>")
    # Arabic stays the default, and a bad cookie or language changes nothing
    assert '<html lang="ar" dir="rtl">' in client.get("/", cookies={"khabar_ui": "xx"}).text
    assert client.get("/ui/fr", follow_redirects=False).status_code == 404
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = client.get("/ui/ar", params={"next": evil}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", evil


def test_every_label_of_the_reader_has_its_english():
    import re
    from pathlib import Path

    from khabar.api import render

    src = Path(render.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'L\("([^"]+)"\)', src)) | set(re.findall(r"L\('([^']+)'\)", src))
    used |= set(render.TYPE_AR.values()) | set(render.KIND_AR.values())
    used |= {render.TIMELINE_EVENTS, render.TIMELINE_ARTICLES, render.TEXT_EMPTY}
    table = render._labels_en()
    assert sorted(used - set(table)) == []
    assert all(v.strip() or k.strip() == "،" for k, v in table.items())
    assert not [v for v in table.values() if re.search("[\u0600-\u06ff]", v)]
