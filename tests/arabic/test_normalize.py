from khabar.arabic.normalize import normalize, normalize_view


def test_folds_alef_ya_teh_marbuta_harakat_tatweel_digits():
    assert normalize("أإآا") == "اااا"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("العـــربية") == "العربيه"
    assert normalize("١٩٤٨") == "1948"
    assert normalize("  a \n b ") == "a b"


def test_view_maps_back_to_original_offsets():
    text = "قالَ الرئيـــسُ\u200f إنّ"
    view = normalize_view(text)
    assert view.text == "قال الرييس ان".replace("الرييس", "الرئيس")
    i = view.text.index("الرئيس")
    s, e = view.to_orig(i, i + len("الرئيس"))
    # the original span keeps its tatweel and the final damma
    assert text[s:e] == "الرئيـــسُ"


def test_view_never_changes_the_original():
    text = "\ufeffمرحبا\u200d بكم"
    view = normalize_view(text)
    assert view.original is text
    for a in range(len(view.text)):
        s, e = view.to_orig(a, a + 1)
        assert 0 <= s < e <= len(text)


def test_lam_alef_ligature_expands_with_offsets():
    text = "\ufefbعب"
    view = normalize_view(text)
    assert view.text == "لاعب"
    assert view.to_orig(0, 2) == (0, 1)
    assert view.to_orig(2, 4) == (1, 3)


def test_folding_table_comes_from_the_lexicon(tmp_path):
    import json

    import pytest

    from khabar.arabic.lexicon import Lexicon
    from khabar.arabic.normalize import char_tables, charmap, is_deleted
    from khabar.errors import DataError

    assert char_tables() is char_tables(Lexicon.default())
    assert is_deleted("\u0640") and charmap()["\u0623"] == "\u0627"
    data = json.loads(Lexicon.default().path("charmap.json").read_text(encoding="utf-8"))
    del data["map"]["\u0629"]  # keep ة
    (tmp_path / "charmap.json").write_text(json.dumps(data), encoding="utf-8")
    lex = Lexicon(root=tmp_path)
    assert normalize("مدرسة", lex) == "مدرسة" and normalize("مدرسة") == "مدرسه"
    assert normalize_view("مدرسة", lex).text == "مدرسة"
    (tmp_path / "charmap.json").write_text('{"map": {}}', encoding="utf-8")
    with pytest.raises(DataError, match="charmap.json"):
        normalize("x", Lexicon(root=tmp_path))
