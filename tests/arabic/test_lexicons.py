"""The entity lexicons (demonyms, first names, cues, institutions), read through a Lexicon."""

from __future__ import annotations

import json
import shutil

import pytest

from khabar.arabic import lexicons as L
from khabar.arabic.lexicon import Lexicon
from khabar.errors import DataError


def test_shipped_lexicons():
    assert L.demonyms()["روسي"][0] == "RUS"
    assert "محمد" in L.first_names()
    rules = L.entity_rules()
    assert "الرئيس" in rules["person_titles"] and rules["ya_alef"] == "ى"
    assert ("رئيس", "الوزراء") in L.phrase_set("person_titles")
    assert "علي" in L.ya_forms("stop_names")  # على, written with ى
    assert L.institutions()["الكرملين"][0] == "RUS"


def test_kept_with_the_lexicon():
    lex = Lexicon.default()
    assert L.demonyms() is L.demonyms(lex)
    assert L.entity_rules() is L.entity_rules(lex)
    other = Lexicon()
    assert L.first_names(other) is not L.first_names() and L.first_names(other) == L.first_names()


def test_a_lexicon_root_replaces_a_file(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "demonyms.tsv").write_text("# mine\nزمبري\tZMB\tZembla\n", encoding="utf-8")
    assert L.demonyms(Lexicon(root=tmp_path)) == {"زمبري": ("ZMB", "Zembla")}


@pytest.mark.parametrize("name, call", [
    ("lexicons/entity_rules.json", lambda lex: L.entity_rules(lex)),
    ("lexicons/actors.json", lambda lex: L.institutions(lex)),
])
def test_corrupt_files_raise_data_error(tmp_path, name, call):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(Lexicon.default().path(name), target)
    text = target.read_text(encoding="utf-8")
    target.write_text(text[: len(text) // 2], encoding="utf-8")  # cut in the middle: bad JSON
    with pytest.raises(DataError, match=name.split("/")[-1]):
        call(Lexicon(root=tmp_path))


def test_incomplete_files_raise_data_error(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "actors.json").write_text('{"institutions": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(DataError, match="actors.json"):
        L.institutions(Lexicon(root=tmp_path))
    (tmp_path / "lexicons" / "entity_rules.json").write_text(json.dumps({"stop_names": ["على"]}),
                                                              encoding="utf-8")
    lex = Lexicon(root=tmp_path)
    with pytest.raises(DataError, match="ya_alef"):
        L.ya_forms("stop_names", lex)
    with pytest.raises(DataError, match="person_titles"):
        L.phrase_set("person_titles", lex)


def test_a_table_can_point_at_a_tagged_word_class():
    from khabar.arabic.lexicon import Lexicon
    from khabar.arabic.lexicons import class_ref, entity_rules

    lex = Lexicon()
    titles = entity_rules(lex)["person_titles"]
    assert titles == list(lex.tagged("titles", "entity")) and "ولي العهد" in titles
    assert "نائب" in lex.tagged("titles", "quote") and "نائب" not in titles
    assert class_ref(lex, ["x"], "t.json") == ["x"]
    user = Lexicon(extra={"titles": ["المستشار الألماني"]})
    assert "المستشار الالماني" in entity_rules(user)["person_titles"]
