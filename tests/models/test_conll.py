"""CoNLL I/O and conlleval-style scoring (khabar.models.conll)."""

from __future__ import annotations

import io

import pytest

from khabar.errors import InputError
from khabar.models.conll import chunks, format_ner_report, read_conll, read_conll_text, score_ner, write_conll


# ----------------------------------------------------------------------------- CoNLL I/O

def test_read_conll_blank_lines_and_extra_columns():
    text = "قال\tX\tO\nالرئيس O\n\n\n\nمحمد B-PERS\r\nمرسي\tNNP\tI-PERS\n"
    sents, tags = read_conll_text(text)
    assert sents == [["قال", "الرئيس"], ["محمد", "مرسي"]]
    assert tags == [["O", "O"], ["B-PERS", "I-PERS"]]


def test_read_conll_single_column_has_no_tags():
    sents, tags = read_conll_text("a\nb\n\nc")
    assert sents == [["a", "b"], ["c"]]
    assert tags == [[None, None], [None]]
    with pytest.raises(InputError):
        read_conll_text("a\nb\n", need_tags=True)


def test_conll_round_trip(tmp_path):
    sents = [["في", "القاهرة"], ["."], ["أعلن", "وزير", "الخارجية"]]
    tags = [["O", "B-LOC"], ["O"], ["O", "O", "O"]]
    buf = io.StringIO()
    write_conll(sents, tags, buf)
    text = buf.getvalue()
    assert text.split("\n\n")[0] == "في\tO\nالقاهرة\tB-LOC"
    assert text.endswith("\n\n")
    p = tmp_path / "x.conll"
    p.write_text(text, encoding="utf-8")
    s2, t2 = read_conll(p)
    assert s2 == sents and t2 == tags


def test_read_conll_errors(tmp_path):
    with pytest.raises(InputError):
        read_conll(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_conll(empty)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    with pytest.raises(InputError):
        read_conll(binary)


# ----------------------------------------------------------------------------- scoring

def test_chunks_conlleval_rules():
    assert chunks(["B-PERS", "I-PERS", "O", "B-LOC"]) == {(0, 2, "PERS"), (3, 4, "LOC")}
    # I- without B- starts a chunk
    assert chunks(["O", "I-ORG", "I-ORG"]) == {(1, 3, "ORG")}
    # type change inside I- run splits the chunk
    assert chunks(["B-ORG", "I-LOC"]) == {(0, 1, "ORG"), (1, 2, "LOC")}
    # B- after B- of the same type: two chunks
    assert chunks(["B-PERS", "B-PERS", "I-PERS"]) == {(0, 1, "PERS"), (1, 3, "PERS")}
    assert chunks(["O", "O"]) == set()


def test_score_exact_span():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["I-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "O"]]
    r = score_ner(gold, pred, types=("PERS", "ORG", "LOC", "MISC"))
    # gold: PERS(0-2) LOC ORG(I- start) ; pred: PERS(0-1) LOC ORG -> 2 of 3 correct
    assert r["micro"]["correct"] == 2
    assert r["micro"]["gold"] == 3 and r["micro"]["pred"] == 3
    assert r["micro"]["f1"] == pytest.approx(200 / 3)
    assert r["per_type"]["PERS"]["f1"] == 0.0
    assert r["per_type"]["ORG"]["f1"] == 100.0
    assert r["per_type"]["MISC"]["gold"] == 0
    text = format_ner_report(r)
    assert "micro" in text and "PERS" in text


def test_score_length_mismatch():
    with pytest.raises(InputError):
        score_ner([["O"]], [["O", "O"]])


# ----------------------------------------------------------------------------- evaluation

def test_eval_ner_with_the_shipped_model(tmp_path):
    from khabar.models.conll import eval_ner

    gold = tmp_path / "gold.conll"
    gold.write_text("قال O\nالرئيس O\nالفرنسي O\nفي O\nباريس B-LOC\n.\tO\n", encoding="utf-8")
    res = eval_ner(gold)
    assert res["micro"]["gold"] == 1 and res["micro"]["correct"] == 1


def test_eval_ner_missing_model_names_it(tmp_path):
    from khabar.errors import DataError
    from khabar.models.conll import eval_ner

    gold = tmp_path / "gold.conll"
    gold.write_text("قال O\n", encoding="utf-8")
    with pytest.raises(DataError, match="nope.npz"):
        eval_ner(gold, tmp_path / "nope.npz")
