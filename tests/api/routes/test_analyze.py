"""POST /api/analyze: the pipeline's JSON contract, and every way a request can be wrong."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from khabar.api import create_app  # noqa: E402

from ..conftest import PLAIN_TEXT, form_token  # noqa: E402


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


def test_text_over_char_limit_is_413(corpus_db):
    with TestClient(create_app(str(corpus_db), max_text_chars=50)) as c:
        r = c.post("/api/analyze", json={"text": "ا " * 40})
        assert r.status_code == 413
        assert "limit is 50" in r.json()["error"]
        r = c.post("/analyze", data={"text": "ا " * 40, "token": form_token(c)})
        assert r.status_code == 413 and "النص طويل" in r.text
