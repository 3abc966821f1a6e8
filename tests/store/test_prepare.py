"""Flattening an analysis into store rows (khabar.store.prepare)."""

from __future__ import annotations

import json

from khabar.io import Record
from khabar.store.prepare import en_key, name_key, prepare


def test_name_key_drops_proclitics_keeps_article():
    assert name_key("وبالأمم المتحدة") == "الامم المتحده"
    assert name_key("للأمم المتحدة") == "الامم المتحده"
    assert name_key("لبوتين") == "بوتين"
    assert name_key("وفلاديمير بوتين") == "فلاديمير بوتين"
    assert name_key("الرياض") == "الرياض"
    assert name_key("") == ""


def test_en_key_folds_case_and_space():
    assert en_key("  Vladimir   PUTIN ") == "vladimir putin"
    assert en_key(None) == ""


def test_prepare_rows(make_article):
    text = "قال فلاديمير بوتين إن لبوتين رأيا. والتقى بوتين الأمم المتحدة."
    art = make_article(
        text,
        entities=[("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "لبوتين", "بوتين"]),
                  ("E2", "ORG", "الأمم المتحدة", "United Nations", ["الأمم المتحدة"])],
        quotes=[("E1", "فلاديمير بوتين", "قال", "لبوتين رأيا")],
        events=[("CONSULT", ["E1"], ["E2"], "والتقى بوتين الأمم المتحدة")],
    )
    rec = Record(text=text, id="r1", source="f.jsonl:3", title="ع", date="2015-07-21", url="u", meta={"author": "x"})
    p = prepare(art.to_dict(), rec)
    assert (p.id, p.title, p.date, p.url, p.source) == ("r1", "ع", "2015-07-21", "u", "f.jsonl:3")
    assert json.loads(p.meta) == {"author": "x"}
    stored = json.loads(p.analysis)
    assert set(stored) == {"entities", "times", "quotes", "events"}
    putin = p.entities[0]
    assert putin.en_key == "vladimir putin" and putin.name_key == "فلاديمير بوتين" and putin.mentions == 3
    assert putin.aliases["بوتين"] == ["بوتين", 2]  # written form, without the clitic
    assert putin.aliases["فلاديمير بوتين"][1] == 1
    q = p.quotes[0]
    assert q.speaker == "E1" and q.content == "لبوتين رأيا" and q.cue == "قال"
    ev = p.events[0]
    assert ev.type == "CONSULT" and ev.source == ["E1"] and ev.target == ["E2"]
    assert ev.evidence == "والتقى بوتين الأمم المتحدة"


def test_prepare_text_only():
    rec = Record(text="نص", id="t", source="s")
    p = prepare(None, rec)
    assert p.analysis is None and p.entities == [] and p.index[1] == "نص"


def test_surface_without_clitics_keeps_original_spelling():
    from khabar.store.prepare import surface_without_clitics as strip

    assert strip("لبوتين") == "بوتين"
    assert strip("وبالأُمَمِ المتّحدة") == "الأُمَمِ المتّحدة"
    assert strip("للأمم المتحدة") == "الأمم المتحدة"
    assert strip("الرياض") == "الرياض"
    assert strip("لبنان") == "لبنان"
    assert strip("وفلاديمير  بوتين") == "فلاديمير بوتين"
