import json
import threading

import pytest

from khabar.arabic.lexicon import Lexicon
from khabar.errors import DataError


def test_classes_are_normalized_sets_and_ordered_sequences():
    lex = Lexicon()
    assert "علي" in lex.words("prepositions")  # على folded like Token.norm
    enc = lex.seq("enclitics")
    assert enc.index("هما") < enc.index("ه")  # longest first, as the file says
    assert "copulas" in lex.classes() and "enclitics" in lex.classes()


def test_default_is_one_shared_instance():
    seen = []
    ts = [threading.Thread(target=lambda: seen.append(Lexicon.default())) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len({id(x) for x in seen}) == 1


def test_extra_words_and_user_root(tmp_path):
    lex = Lexicon(extra={"copulas": ["أضحى"]})
    assert "اضحي" in lex.words("copulas")
    assert "اضحي" not in Lexicon.default().words("copulas")
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "copulas.txt").write_text("# mine\nصار\n", encoding="utf-8")
    assert Lexicon(root=tmp_path).words("copulas") == frozenset({"صار"})


def test_missing_and_corrupt_files_raise_data_error_naming_the_file(tmp_path):
    with pytest.raises(DataError, match="lexicon/no_such_class.txt"):
        Lexicon().words("no_such_class")
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "plover.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="lexicons/plover.json"):
        Lexicon(root=tmp_path).table("lexicons/plover.json")
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "copulas.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DataError, match="copulas.txt"):
        Lexicon(root=tmp_path).words("copulas")


def test_memo_runs_once_per_lexicon():
    calls = []
    lex = Lexicon()
    assert lex.memo("k", lambda: calls.append(1) or 42) == 42
    assert lex.memo("k", lambda: calls.append(1) or 43) == 42
    assert Lexicon().memo("k", lambda: 44) == 44
    assert calls == [1]


def test_shipped_tables_parse():
    lex = Lexicon()
    assert isinstance(lex.table("lexicons/plover.json"), dict)
    json.dumps(lex.table("lexicons/quotes.json"))


def test_two_column_classes(tmp_path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "pairs_demo.txt").write_text("أمس\t-1\nاليوم\t0\n", encoding="utf-8")
    assert Lexicon(root=tmp_path).pairs("pairs_demo") == {"امس": "-1", "اليوم": "0"}


def test_one_class_several_uses_by_tag(tmp_path):
    lex = Lexicon()
    assert lex.tagged("enclitics", "verb")[-1] == "ني" and "ني" not in lex.tagged("enclitics", "word")
    assert lex.tagged("enclitics", "word")[:2] == ("هما", "كما")  # longest first, file order
    assert "ليس" in lex.tagged("copulas", "speaker") and "ليس" not in lex.tagged("copulas", "word")
    assert "بان" in lex.tagged("complementizers", "word") and "بان" not in lex.tagged("complementizers", "bare")
    user = Lexicon(extra={"copulas": ["صار"]})
    assert "صار" in user.tagged("copulas", "word") and "صار" in user.tagged("copulas", "speaker")


def test_word_memo_makes_once_and_stays_bounded():
    from khabar.arabic.lexicon import WordMemo

    made = []
    memo = WordMemo(lambda w: made.append(w) or w.upper(), limit=3)
    assert memo["a"] == "A" and memo["a"] == "A" and made == ["a"]
    assert memo.get("b") is None and made == ["a"]  # get makes nothing
    for w in "bcdef":
        memo[w]
        assert len(memo) <= 3
    assert made == list("abcdef")
