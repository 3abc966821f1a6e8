"""Training the BiLSTM-CRF end to end on a toy file (needs the [train] extra: torch, gensim)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
gensim_models = pytest.importorskip("gensim.models")

from khabar.cli.main import main  # noqa: E402


def test_train_tiny_bilstm_and_tag(tmp_path, capsys):
    import numpy as np

    kv = gensim_models.KeyedVectors(vector_size=8)
    words = ["قال", "الرئيس", "محمد", "في", "القاهرة", "علي", "دمشق"]
    kv.add_vectors(words, np.random.default_rng(0).normal(size=(len(words), 8)).astype(np.float32))
    vectors = tmp_path / "w2v.kv"
    kv.save(str(vectors))
    data = tmp_path / "train.conll"
    sents = ["قال O\nالرئيس O\nمحمد B-PERS\nفي O\nالقاهرة B-LOC\n",
             "قال O\nعلي B-PERS\nفي O\nدمشق B-LOC\n"]
    data.write_text("\n".join(sents * 20), encoding="utf-8")
    model = tmp_path / "m.npz"
    rc = main(["train", "ner", "--train", str(data), "--out", str(model), "--vectors", str(vectors),
               "--epochs", "40", "--hidden", "8", "--dev-frac", "0.2"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "numpy forward pass matches torch" in cap.err and "dev: final model micro P/R/F1" in cap.err
    assert model.exists() and not (tmp_path / "m.npz.dev.npz").exists()
    src = tmp_path / "in.conll"
    src.write_text("قال\nمحمد\nفي\nالقاهرة\n", encoding="utf-8")
    rc = main(["tag", "--format", "conll", "--model", str(model), str(src)])
    out = capsys.readouterr().out
    assert rc == 0
    assert [ln.split("\t")[1] for ln in out.strip().split("\n")] == ["O", "B-PERS", "O", "B-LOC"]
