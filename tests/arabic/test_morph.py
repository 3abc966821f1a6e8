"""khabar.arabic.morph: verb and noun morphology read from lexicons/morph.json."""

import json

import pytest

from khabar.arabic.lexicon import Lexicon
from khabar.arabic.morph import first_forms, morph, noun_keys, past_forms, present_forms, readings
from khabar.errors import DataError


def test_past_forms_sound_and_defective_stems():
    assert {"حذر", "حذرت", "حذروا", "حذرا", "حذرتا"} <= past_forms("حذر")
    # a defective stem drops its last letter before most suffixes: التقي → التقت، التقوا
    assert {"التقي", "التقت", "التقيا", "التقوا", "التقتا"} <= past_forms("التقي")
    assert "التقيت" not in past_forms("التقي")


def test_present_forms_with_prefixes_and_defective_stems():
    assert {"يلتقي", "تلتقي", "يلتقيان", "يلتقون", "نلتقي"} <= present_forms("لتقي")
    assert {"يدعو", "تدعو", "يدعون", "يدعوا"} <= present_forms("دعو")


def test_readings_strip_conjunction_future_and_enclitic():
    assert ("وس", "يلتقيان", "") in readings("وسيلتقيان")
    assert ("و", "التقي", "ه") in readings("والتقاه")  # التقاه → التقي
    assert ("", "زاروا", "ه") in readings("زاروه")  # زاروه → زاروا
    assert readings("في") == [("", "في", "")]


def test_noun_keys_and_first_forms():
    assert noun_keys("وبالاتفاق") == ["وبالاتفاق", "بالاتفاق", "الاتفاق", "اتفاق"]
    assert noun_keys("للحكومه") == ["للحكومه", "الحكومه", "حكومه"]
    assert "اتفاق" in noun_keys("اتفاقا")  # tanween
    assert ("ول", "الحكومه") in first_forms("وللحكومه")
    assert ("ب", "روسيا") in first_forms("بروسيا")


def test_nisba_forms_and_singular():
    m = morph()
    assert set(m.nisba_forms("الروسي")) == {"الروسيون", "الروسيين", "الروسيا", "الروسيه"}
    assert m.nisba_forms("روسيا") == []
    assert m.nisba_singular("الكوريون") == "الكوري"
    assert m.nisba_singular("سويديا") == "سويديا"  # روسيا is not a plural …
    assert m.nisba_singular("سويديا", tanween=True) == "سويدي"  # … but صحفيا سويديا is


def test_compiled_once_per_lexicon_and_memoized():
    lex = Lexicon.default()
    assert morph(lex) is morph(lex) is morph()
    m = morph(lex)
    assert m.readings("وقال") is m.readings("وقال")
    other = Lexicon()
    assert morph(other) is not m
    assert morph(other).readings("وقال") == m.readings("وقال")


def test_affixes_come_from_the_data(tmp_path):
    root = tmp_path / "data"
    (root / "lexicons").mkdir(parents=True)
    table = json.loads((Lexicon().path("lexicons/morph.json")).read_text(encoding="utf-8"))
    table["past"]["suffixes"] = ["ت"]
    (root / "lexicons" / "morph.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    assert past_forms("حذر", Lexicon(root=root)) == {"حذر", "حذرت"}


def test_a_broken_table_is_a_data_error(tmp_path):
    root = tmp_path / "data"
    (root / "lexicons").mkdir(parents=True)
    (root / "lexicons" / "morph.json").write_text('{"conjunctions": ["و"]}', encoding="utf-8")
    with pytest.raises(DataError, match="morph.json"):
        morph(Lexicon(root=root))
    (root / "lexicons" / "morph.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="morph.json"):
        morph(Lexicon(root=root))
