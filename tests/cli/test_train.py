"""`khabar train ner` argument handling, and a tiny CRF trained and used by `khabar tag`."""

from __future__ import annotations


def test_train_ner_tiny(tmp_path, run_cli):
    data = tmp_path / "train.conll"
    sent = "قال O\nالرئيس O\nمحمد B-PERS\nفي O\nالقاهرة B-LOC\n"
    data.write_text("\n".join([sent] * 10), encoding="utf-8")
    model = tmp_path / "m.crfsuite"
    rc, out, err = run_cli(["train", "ner", "--arch", "crf", "--train", str(data), "--out", str(model),
                            "--max-iter", "20"])
    assert rc == 0, err
    assert model.exists() and (tmp_path / "m.crfsuite.json").exists()
    src = tmp_path / "in.conll"
    src.write_text("قال\nالرئيس\nمحمد\n", encoding="utf-8")
    rc, out, err = run_cli(["tag", "--format", "conll", "--model", str(model), str(src)])
    assert rc == 0, err
    assert out.split("\n")[2] == "محمد\tB-PERS"


def test_train_ner_bad_tags(tmp_path, run_cli):
    data = tmp_path / "train.conll"
    data.write_text("a X-Y\n", encoding="utf-8")
    vectors = tmp_path / "w2v.kv"
    vectors.write_bytes(b"")  # never read: the tags are checked first
    for extra in (["--arch", "crf"], ["--vectors", str(vectors)]):
        rc, out, err = run_cli(["train", "ner", *extra, "--train", str(data), "--out", str(tmp_path / "m")])
        assert rc == 2 and "tag" in err, extra


def test_train_ner_bilstm_options(tmp_path, run_cli):
    data = tmp_path / "train.conll"
    data.write_text("قال O\nمحمد B-PERS\n", encoding="utf-8")
    base = ["train", "ner", "--train", str(data), "--out", str(tmp_path / "m.npz")]
    rc, out, err = run_cli(base)
    assert rc == 2 and "--vectors" in err and "build_clusters" in err
    rc, out, err = run_cli(base + ["--vectors", str(tmp_path / "none.kv")])
    assert rc == 2 and "no such file" in err
    rc, out, err = run_cli(base + ["--vectors", str(data), "--c1", "0.1"])
    assert rc == 2 and "--arch crf" in err
    rc, out, err = run_cli(base + ["--arch", "crf", "--epochs", "3"])
    assert rc == 2 and "--arch bilstm" in err


def test_train_needs_a_model_and_checks_dev_options(tmp_path, run_cli):
    rc, out, err = run_cli(["train"])
    assert rc == 2 and "name a model" in err
    data = tmp_path / "train.conll"
    data.write_text("قال O\n", encoding="utf-8")
    rc, out, err = run_cli(["train", "ner", "--arch", "crf", "--train", str(data), "--out", str(tmp_path / "m"),
                            "--dev-only"])
    assert rc == 2 and "--dev-only needs --dev-frac" in err
    rc, out, err = run_cli(["train", "ner", "--arch", "crf", "--train", str(data), "--out", str(tmp_path / "m"),
                            "--members", "2"])
    assert rc == 2 and "--arch bilstm" in err
