"""`khabar entity` on a small hand-made corpus."""

from __future__ import annotations

import json

from khabar.cli.main import main


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


def test_render_lists_what_the_corpus_says():
    from khabar.cli.entity import render

    ent = {
        "id": 3, "type": "PER", "name": "بوتين", "name_en": None, "country": "RUS", "mentions": 4,
        "article_count": 2, "quote_count": 1, "event_count": 1,
        "aliases": [{"text": "بوتين", "count": 3}, {"text": "فلاديمير بوتين", "count": 1}],
        "articles": [{"date": None, "id": "a1", "title": None, "mentions": 3}],
        "quotes": [{"date": "2015-07-20", "kind": "direct", "cue": "قال", "content": "نعم"}],
        "events": [{"date": None, "article_date": "2015-07-20", "type": "CONSULT",
                    "source": {"entities": [{"name": "بوتين", "name_en": "Vladimir Putin"}], "country": None},
                    "target": {"entities": [], "country": "PRK"}, "evidence": "التقى"}],
        "cooccurring": [{"name": "كيم", "name_en": None, "articles": 2}],
        "other_matches": [{"id": 9, "type": "LOC", "name": "بوتين", "name_en": None}],
    }
    lines = render(ent).splitlines()
    assert lines[0] == "#3 PER بوتين — (no English name) [RUS]"
    assert "4 mentions in 2 articles; 1 quotes; 1 events" in lines[1]
    assert "بوتين ×3" in lines[2]
    assert "  ----------  a1    (×3)" in lines
    assert any("2015-07-20  CONSULT: بوتين (Vladimir Putin) → PRK  «التقى»" in x for x in lines)
    assert lines[-1] == "other entities with this name: #9 LOC بوتين"


def test_entity_refuses_a_negative_limit(db, capsys):
    assert main(["entity", "بوتين", "--db", db, "--limit", "-1"]) == 2
    assert "--limit" in capsys.readouterr().err
