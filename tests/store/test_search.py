"""Query parsing, FTS5 expression building, index fields and snippets (khabar.store.search)."""

from __future__ import annotations

import sqlite3

import pytest

from khabar.store.search import index_fields, parse_query, snippet, stem

NASTY = [
    '"', '""', '"الأمم', 'الأمم"', "(", ")", "(الأمم", "الأمم)", "*", "الأمم*", "^الأمم", "-الأمم",
    "title:الأمم", "stems : الامم", "AND", "OR", "NOT", "NEAR(الأمم روسيا)", "الأمم AND OR NOT",
    "الأمم NEAR/2 روسيا", "{title body}: x", "'; DROP TABLE articles; --", "\\", "%", "_", "\x00",
    "«الأمم", "“الأمم”", "الأمم + روسيا", "a\"b", "",
]


def test_query_folds_spelling_variants():
    base = parse_query("الامم المتحده").groups
    for variant in ("الأمم المتحدة", "الأُمَمُ المُتَّحِدَة", "الامـــم المتحـــدة", "الإمم المتحدة", "الآمم المتحده"):
        assert parse_query(variant).groups == base, variant


def test_query_words_and_phrases():
    q = parse_query('روسيا "الأمم المتحدة" و«مجلس الأمن»')
    assert q.groups == [["روسيا"], ["الامم", "المتحده"], ["و"], ["مجلس", "الامن"]]
    # an unbalanced quote opens a phrase to the end
    assert parse_query('"الأمم المتحدة').groups == [["الامم", "المتحده"]]
    # repeated words count once
    assert parse_query("بوتين بوتين").groups == [["بوتين"]]


def test_stems_drop_clitics():
    assert stem("وبالامم") == "امم"
    assert stem("للامم") == "امم"
    assert stem("الامم") == "امم"
    assert stem("2015") == "2015"


def test_index_fields_normalize_and_stem():
    title, body, stems = index_fields("قالت وبالأُمَمِ المتّحدة.", title="عنوانٌ")
    assert title == "عنوان"
    assert "وبالامم" in body and "ُ" not in body
    assert "امم" in stems.split()
    assert stems.split()[0] == "عنوان"  # title stems come first


@pytest.mark.parametrize("text", NASTY)
def test_fts_expression_is_always_valid(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, stems)")
    conn.execute("INSERT INTO t VALUES ('x', 'الامم روسيا and or not near', 'امم روسيا and or not near')")
    q = parse_query(text)
    if q:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (q.fts(),)).fetchall()


def test_operators_are_words():
    q = parse_query("الأمم AND OR NOT NEAR")
    assert [g[0] for g in q.groups] == ["الامم", "AND", "OR", "NOT", "NEAR"]
    assert '"AND"' in q.fts() and '"NEAR"' in q.fts()


def test_punctuation_only_query_is_empty():
    assert not parse_query('"()*^:-')
    assert parse_query("") .groups == []


def test_snippet_marks_matches_in_original_text():
    text = "قال السفير لدى الأُمَمِ المتّحدة، إن «وبالأمم المتحدة» شيء آخر.\nسطر الأمــم التالي"
    s = snippet(text, parse_query("الامم المتحده"))
    assert "\n" not in s and "سطر [الأمــم] التالي" in s
    # the original spelling (harakat, shadda) is kept; adjacent matches share one mark
    assert "[الأُمَمِ المتّحدة]،" in s
    assert "«[وبالأمم المتحدة]»" in s
    assert "[شيء]" not in s


def test_snippet_custom_marks_and_window():
    words = ["كلمة"] * 100 + ["الرياض"] + ["كلمة"] * 100
    s = snippet(" ".join(words), parse_query("الرياض"), width=60, mark=("<b>", "</b>"))
    assert "<b>الرياض</b>" in s
    assert s.startswith("… ") and s.endswith(" …")
    assert 8 <= len(s.split()) <= 16


def test_snippet_without_match_is_the_beginning():
    s = snippet("أول كلمات المقال هنا", parse_query("غائب"), width=12)
    assert s == "أول كلمات المقال …"
    assert snippet("", parse_query("x")) == ""


def test_snippet_ignores_near_misses_and_case():
    # الامن contains the letters of امم? no; وزير is not و + زير; Latin is case-insensitive
    text = "قال وزير الأمن إن Iran و IRAN والأمم."
    assert snippet(text, parse_query("زير")) == text  # no mark: وزير is one word
    assert snippet(text, parse_query("iran")).count("[") == 2
    assert "[والأمم]" in snippet(text, parse_query("أمم"))


def test_very_long_query_is_capped():
    from khabar.store.search import MAX_TERMS

    q = parse_query(" ".join(f"كلمة{i}" for i in range(500)))
    assert len(q.groups) == MAX_TERMS


def test_index_fingerprint_is_stable():
    """The fingerprint of today's normalization and clitic rules. It changes only on purpose:
    every existing store then rebuilds its search index on the next ingest."""
    from khabar.store.search import index_fingerprint

    assert index_fingerprint() == "d8f95eebb165"


def test_search_data_comes_from_the_lexicon(tmp_path):
    import json

    from khabar.arabic.lexicon import Lexicon
    from khabar.errors import DataError
    from khabar.store.search import DATA, index_fingerprint

    shipped = Lexicon.default().table(DATA)
    (tmp_path / "lexicons").mkdir()
    mine = dict(shipped, fingerprint_probe=shipped["fingerprint_probe"][:-1], snippet_punctuation="#")
    (tmp_path / "lexicons" / "search.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    lex = Lexicon(root=tmp_path)
    assert index_fingerprint(lex) != index_fingerprint()
    q = parse_query("الأمم")
    assert snippet("«الأمم»", q) == "«[الأمم]»"
    assert snippet("«الأمم»", q, lexicon=lex) == "[«الأمم»]"  # only '#' is stripped now
    (tmp_path / "lexicons" / "search.json").write_text('{"fingerprint_probe": []}', encoding="utf-8")
    with pytest.raises(DataError, match="search.json"):
        index_fingerprint(Lexicon(root=tmp_path))
