"""Training the CRF NER model (khabar.models.train_ner)."""

from __future__ import annotations

import json

import pytest

from khabar.errors import DataError, UsageError

pytest.importorskip("pycrfsuite")

SENT = "قال O\nالرئيس O\nمحمد B-PERS\nفي O\nالقاهرة B-LOC\n"


def _data(tmp_path, text=None):
    path = tmp_path / "train.conll"
    path.write_text(text if text is not None else "\n".join([SENT] * 10), encoding="utf-8")
    return path


def test_train_tiny_model_writes_model_and_sidecar(tmp_path):
    from khabar.models.ner import load_tagger
    from khabar.models.train_ner import train_ner

    out = tmp_path / "m.crfsuite"
    logs = []
    summary = train_ner(_data(tmp_path), out, max_iter=20, log=logs.append)
    assert out.is_file() and summary["model"] == str(out) and summary["size_bytes"] > 0
    meta = json.loads((tmp_path / "m.crfsuite.json").read_text(encoding="utf-8"))
    assert meta["train"] == {"file": "train.conll", "sentences": 10}
    assert set(meta["resources"]) == {"clusters", "gazetteer", "first_names", "triggers", "lexicon"}
    tagger = load_tagger(out)
    assert tagger.tag([["قال", "الرئيس", "محمد"]]) == [["O", "O", "B-PERS"]]
    assert logs


def test_dev_split_scores_and_cleans_up(tmp_path):
    from khabar.models.train_ner import train_ner

    out = tmp_path / "m.crfsuite"
    summary = train_ner(_data(tmp_path), out, max_iter=10, dev_frac=0.2, dev_only=True, log=lambda *_: None)
    assert "micro" in summary["dev"] and not out.exists()
    assert list(tmp_path.glob("*.dev*")) == []


def test_bad_arguments_and_tags(tmp_path):
    from khabar.models.train_ner import train_ner

    data = _data(tmp_path)
    with pytest.raises(UsageError):
        train_ner(data, tmp_path / "m", dev_frac=1.5)
    with pytest.raises(UsageError):
        train_ner(data, tmp_path / "m", c1=-1)
    with pytest.raises(UsageError, match="clusters"):
        train_ner(data, tmp_path / "m", clusters=tmp_path / "none.tsv.gz")
    with pytest.raises(DataError, match="unexpected tag"):
        train_ner(_data(tmp_path, "a X-Y\n"), tmp_path / "m")
