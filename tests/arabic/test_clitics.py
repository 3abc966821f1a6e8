"""Clitic splitting and readings, with the clitic letters read from the lexicon's data."""

from __future__ import annotations

import json

import pytest

from khabar.arabic.clitics import Clitics, clitics, proclitic_variants, split_clitics, vocab_count
from khabar.arabic.lexicon import Lexicon
from khabar.errors import DataError

SHIPPED = Lexicon.default().path("lexicons/clitics.json")


def test_split_clitics():
    assert split_clitics("والولايات") == (("و", "ال"), "ولايات", ())
    assert split_clitics("للامم") == (("ل", "ال"), "امم", ())
    assert split_clitics("وزير") == ((), "وزير", ())  # not و + زير: وزير is a word
    assert split_clitics("مدينتها") == ((), "مدينت", ("ها",))  # the stem regains its ه in the count
    assert split_clitics("في") == ((), "في", ())
    assert split_clitics("2015") == ((), "2015", ())


def test_proclitic_variants():
    assert proclitic_variants("وبالامم") == [(0, "وبالامم"), (1, "بالامم"), (2, "الامم"), (4, "امم")]
    assert proclitic_variants("للامم") == [(0, "للامم"), (1, "لامم"), (1, "الامم"), (3, "امم")]


def test_vocab_count():
    assert vocab_count("في") > 100000
    assert vocab_count("كلمةلاتوجد") == 0


def test_one_compiled_rule_set_per_lexicon():
    lex = Lexicon.default()
    assert clitics() is clitics(lex) is lex.memo("arabic.clitics", lambda: None)
    other = Lexicon()
    assert clitics(other) is not clitics(lex)
    assert clitics(other).split("والولايات") == split_clitics("والولايات")
    c = clitics()
    assert c.article == "ال" and c.proclitic_letters == ("و", "ف", "ب", "ل", "ك", "س")


def test_rules_come_from_the_lexicon_data(tmp_path):
    (tmp_path / "lexicon").mkdir()  # no ل: لل and لكيم are no longer split
    (tmp_path / "lexicon" / "proclitics.txt").write_text(
        "و\tconjunction\nف\tconjunction\nب\tpreposition\nك\tpreposition\nس\tfuture\n"
        "ال\tarticle\nxx\tlam_article\n", encoding="utf-8")
    c = Clitics(Lexicon(root=tmp_path))
    assert c.split("لكيم") == ((), "لكيم", ())
    assert (1, "كيم") not in c.readings("لكيم")
    assert (1, "كيم") in proclitic_variants("لكيم")


def test_corrupt_or_incomplete_rules_raise_data_error(tmp_path):
    (tmp_path / "lexicons").mkdir()
    bad = tmp_path / "lexicons" / "clitics.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError, match="clitics.json"):
        clitics(Lexicon(root=tmp_path))
    bad.write_text('{"min_stem": 2}', encoding="utf-8")
    with pytest.raises(DataError, match="clitics.json"):
        clitics(Lexicon(root=tmp_path))


def test_corrupt_vocabulary_raises_data_error(tmp_path):
    (tmp_path / "vocab.tsv.gz").write_bytes(b"not gzip")
    c = clitics(Lexicon(root=tmp_path))
    with pytest.raises(DataError, match="vocab.tsv.gz"):
        c.count("في")


def test_one_proclitic_inventory_by_role(tmp_path):
    from khabar.arabic.clitics import proclitics
    from khabar.arabic.lexicon import Lexicon
    from khabar.errors import DataError

    pro = proclitics()
    assert pro.conjunctions == ("و", "ف") and pro.article == "ال" and pro.lam_article == "لل"
    assert "ك" in pro.prepositions and pro.future == ("س",)
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "proclitics.txt").write_text("و\tconjunction\n", encoding="utf-8")
    with pytest.raises(DataError, match="proclitics.txt"):
        proclitics(Lexicon(root=tmp_path))
