"""``khabar batch`` on the command line."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from khabar.cli.main import main

from ..batch.conftest import saudinewsnet_path, write_corpus


@pytest.fixture
def small_corpus(tmp_path):
    """40 good records and 2 bad ones (lines 4 and 9), gzipped (as in tests/batch)."""
    path = tmp_path / "small.jsonl.gz"
    write_corpus(path, 40, gz=True)
    return path


def test_cli_writes_layout_and_is_quiet_off_a_terminal(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(small_corpus), "--out", str(out), "--workers", "2", "--chunk-size", "8", "--shard-size", "16"]) == 0
    err = capsys.readouterr().err
    # no progress bar when stderr is not a terminal: one summary line only
    assert err.count("\n") == 1 and "40 analysed, 2 errors" in err and "\r" not in err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "analyses-00000.jsonl", "analyses-00001.jsonl", "analyses-00002.jsonl", "errors.jsonl", "stats.json",
    ]
    stats = json.loads((out / "stats.json").read_text())
    for key in ("records", "ok", "errors", "tokens", "seconds", "tokens_per_second"):
        assert key in stats
    assert (stats["records"], stats["ok"], stats["errors"]) == (42, 40, 2)


def test_cli_quiet_prints_nothing(small_corpus, tmp_path, capsys):
    assert main(["batch", str(small_corpus), "-o", str(tmp_path / "o"), "-j", "0", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_cli_refuses_existing_output_then_resumes(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(small_corpus), "-o", str(out), "-j", "0", "-q"]) == 0
    assert main(["batch", str(small_corpus), "-o", str(out), "-j", "0", "-q"]) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(["batch", str(small_corpus), "-o", str(out), "-j", "0", "--resume"]) == 0
    assert "40 skipped" in capsys.readouterr().err
    assert main(["batch", str(small_corpus), "-o", str(out), "-j", "0", "-q", "--overwrite"]) == 0
    assert json.loads((out / "stats.json").read_text())["ok"] == 40


def test_cli_usage_errors(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err
    f = tmp_path / "a.jsonl"
    f.write_text("{}\n")
    assert main(["batch", str(f), "-o", str(tmp_path / "o"), "--workers", "-1"]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["batch", str(f), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_cli_parquet_and_fields(tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "c.jsonl"
    rows = [{"body": "قال وزير الخارجية عادل الجبير في الرياض إن الاجتماع كان مثمراً.", "headline": "خبر", "day": "2015-08-01", "key": "k1"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["batch", str(path), "-o", str(out), "-j", "0", "-q", "--format", "parquet", "--text-field", "body",
                 "--title-field", "headline", "--date-field", "day", "--id-field", "key"]) == 0
    doc = json.loads((out / "analyses-00000.jsonl").read_text(encoding="utf-8"))
    assert (doc["id"], doc["title"], doc["date"]) == ("k1", "خبر", "2015-08-01")
    ents = pq.read_table(out / "entities").to_pylist()
    assert len(ents) == sum(len(e["mentions"]) for e in doc["entities"])
    for row in ents:
        assert row["article_id"] == "k1" and doc["text"][row["start"]:row["end"]] == row["text"]


@pytest.mark.skipif(saudinewsnet_path() is None, reason="SaudiNewsNet not available")
def test_saudinewsnet_records(tmp_path):
    src = saudinewsnet_path()
    path = tmp_path / "snn.jsonl.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fin, gzip.open(path, "wt", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if i == 12:
                break
            fout.write(line)
    out = tmp_path / "o"
    proc = subprocess.run(
        [sys.executable, "-m", "khabar.cli.main", "batch", str(path), "-o", str(out), "-j", "2"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    stats = json.loads((out / "stats.json").read_text())
    docs = [json.loads(x) for x in (out / "analyses-00000.jsonl").read_text(encoding="utf-8").splitlines()]
    assert stats["ok"] + stats["errors"] == 12 and len(docs) == stats["ok"] >= 10
    for d in docs:
        assert d["meta"]["source"] and d["date"].startswith("2015-")
        for e in d["entities"]:
            for m in e["mentions"]:
                assert d["text"][m["start"]:m["end"]] == m["text"]


def test_cli_progress_can_be_forced(small_corpus, tmp_path, capsys):
    assert main(["batch", str(small_corpus), "-o", str(tmp_path / "o"), "-j", "0", "--progress"]) == 0
    err = capsys.readouterr().err
    assert "tok/s" in err and "khabar batch:" in err
    assert main(["batch", str(small_corpus), "-o", str(tmp_path / "p"), "-j", "0", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "tok/s" not in err and "40 analysed" in err
