"""`khabar search`, `khabar entity` and `khabar stats` on a small hand-made corpus."""

from __future__ import annotations

import json

import pytest

from khabar.cli.main import main
from khabar.doc import Actor, Article, Entity, Event, Mention, Quote, Span
from khabar.io import Record
from khabar.store import open_store

T1 = "قال الرئيس الروسي فلاديمير بوتين إن الأُمَمَ المتّحدة مهمة."
T2 = "وبالأمم المتحدة التقى بوتين نظيره في نيويورك."
T3 = "أسعار النفط ارتفعت (قليلا) أمس."


def _span(text, sub):
    i = text.index(sub)
    return i, i + len(sub)


def _article(text, ents, quote=None, event=None):
    art = Article(text=text)
    for local, typ, name, en, surface in ents:
        a, b = _span(text, surface)
        art.entities.append(Entity(local, typ, name, en, mentions=[Mention(a, b, surface, type=typ)]))
    if quote:
        a, b = _span(text, quote)
        art.quotes.append(Quote("indirect", [Span(a, b, quote)], speaker_entity="E1"))
    if event:
        a, b = _span(text, event)
        art.events.append(Event("CONSULT", Span(a, b, event), source=Actor(["E1"]), target=Actor(["E2"])))
    return art


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.db"
    with open_store(path) as st:
        st.add(
            _article(T1, [("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", "فلاديمير بوتين"),
                          ("E2", "ORG", "الأمم المتحدة", "United Nations", "الأُمَمَ المتّحدة")],
                     quote="الأُمَمَ المتّحدة مهمة"),
            Record(T1, "a1", "x:1", title="بوتين", date="2015-07-20"),
        )
        st.add(
            _article(T2, [("E1", "PER", "بوتين", "Vladimir Putin", "بوتين"),
                          ("E2", "ORG", "الأمم المتحدة", "United Nations", "وبالأمم المتحدة")],
                     event="التقى بوتين نظيره"),
            Record(T2, "a2", "x:2", title="لقاء", date="2015-08-01"),
        )
        st.add_text(Record(T3, "a3", "x:3", title="نفط", date="2015-08-02"))
    return str(path)


def test_search_json(db, capsys):
    assert main(["search", "الامم", "المتحده", "--db", db, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["id"] for h in hits} == {"a1", "a2"}
    for h in hits:
        assert set(h) >= {"id", "title", "date", "snippet", "score"}
        assert "[" in h["snippet"]
    assert main(["search", "الأمم المتحدة", "--db", db, "--format", "json"]) == 0
    assert {h["id"] for h in json.loads(capsys.readouterr().out)} == {"a1", "a2"}


def test_search_filters_and_limit(db, capsys):
    def ids(*args):
        assert main(["search", *args, "--db", db, "--format", "json"]) == 0
        return [h["id"] for h in json.loads(capsys.readouterr().out)]

    assert ids("بوتين", "--since", "2015-08") == ["a2"]
    assert ids("بوتين", "--until", "2015-07-31") == ["a1"]
    assert ids("بوتين", "--event", "CONSULT") == ["a2"]
    assert ids("بوتين", "--speaker", "Vladimir Putin") == ["a1"]
    assert ids("نيويورك", "--entity", "بوتين") == ["a2"]
    assert len(ids("بوتين", "--limit", "1")) == 1


def test_search_special_characters_are_not_errors(db, capsys):
    for q in ['"(قليلا', "قليلا)", "NEAR(", "AND", "*", "'"]:
        assert main(["search", q, "--db", db, "--format", "json"]) == 0, q
        json.loads(capsys.readouterr().out)
    assert main(["search", "(قليلا)", "--db", db, "--format", "json"]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)] == ["a3"]


def test_search_text_format_and_errors(db, capsys, tmp_path):
    assert main(["search", "النفط", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "a3" in out and "[النفط]" in out
    assert main(["search", "غائب", "--db", db]) == 0
    assert "no hits" in capsys.readouterr().err
    assert main(["search", "x", "--db", str(tmp_path / "missing.db")]) == 2
    assert "khabar ingest" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
    assert main(["search", "x", "--db", db, "--since", "last week"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_entity_command(db, capsys):
    assert main(["entity", "بوتين", "--db", db, "--format", "json"]) == 0
    ent = json.loads(capsys.readouterr().out)
    assert ent["name_en"] == "Vladimir Putin" and ent["article_count"] == 2 and ent["mentions"] == 2
    assert {a["text"] for a in ent["aliases"]} >= {"فلاديمير بوتين", "بوتين"}
    assert [q["content"] for q in ent["quotes"]] == ["الأُمَمَ المتّحدة مهمة"]
    assert [e["type"] for e in ent["events"]] == ["CONSULT"]
    assert ent["cooccurring"][0]["name_en"] == "United Nations"
    assert main(["entity", "للأمم", "المتحدة", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "United Nations" in out and "2 articles" in out
    assert main(["entity", "لا", "أحد", "--db", db]) == 1
    assert "no entity" in capsys.readouterr().err


def test_stats_command(db, capsys):
    assert main(["stats", "--db", db, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert {k: stats[k] for k in ("articles", "entities", "quotes", "events")} == {
        "articles": 3, "entities": 2, "quotes": 1, "events": 1
    }
    assert main(["stats", "--db", db]) == 0
    assert "articles" in capsys.readouterr().out
