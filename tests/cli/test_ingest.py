"""`khabar ingest`: summary, exit codes, failures file, and kill -9 in the middle then resume."""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khabar.cli.main import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def _record(i: int) -> str:
    return json.dumps(
        {"content": f"خبر رقم {i}: قال المتحدث باسم الأمم المتحدة إن الاجتماع عقد في جنيف. كلمة{i}",
         "title": f"عنوان {i}", "date": "2015-07-21T08:00:00"},
        ensure_ascii=False,
    )


def _write(path: Path, n: int, extra: list[str] = ()) -> Path:
    path.write_text("\n".join([_record(i) for i in range(n)] + list(extra)) + "\n", encoding="utf-8")
    return path


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _check_db(db: Path, n: int) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT hash) FROM articles").fetchone() == (n, n, n)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    # every article is in the full-text index exactly once
    hits = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'stems : \"جنيف\"'").fetchone()[0]
    assert hits == n
    conn.close()


def test_ingest_summary_and_rerun(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", 5, ["{broken", json.dumps({"content": None})])
    db = tmp_path / "c.db"
    assert main(["ingest", str(src), "--db", str(db), "--workers", "0", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "5 stored, 0 skipped as duplicate, 2 failed" in out
    assert f"{src}:6: not JSON" in out and f"{src}:7:" in out
    assert main(["ingest", str(src), "--db", str(db), "--workers", "0", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["stored"], summary["duplicates"], summary["failed"]) == (0, 5, 2)
    assert [f["line"] for f in summary["failures"]] == [6, 7]


def test_ingest_failures_file_and_exit_codes(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n[1, 2]\n", encoding="utf-8")
    failures = tmp_path / "failures.jsonl"
    rc = main(["ingest", str(bad), "--db", str(tmp_path / "c.db"), "--workers", "0", "--failures", str(failures)])
    assert rc == 1  # nothing could be stored
    rows = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 2]
    capsys.readouterr()


def test_ingest_usage_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KHABAR_DB", raising=False)
    src = _write(tmp_path / "in.jsonl", 1)
    assert main(["ingest", str(src)]) == 2
    assert "--db" in capsys.readouterr().err
    assert main(["ingest", str(src), "--db", str(tmp_path / "c.db"), "--workers", "-1"]) == 2
    assert main(["ingest", str(src), "--db", str(tmp_path / "nodir" / "c.db")]) == 2
    err = capsys.readouterr().err
    assert "khabar: error:" in err and "Traceback" not in err
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(src), "--workers", "0", "--no-analyze"]) == 0
    assert _count(tmp_path / "env.db") == 1


def test_ingest_full_pipeline_stores_annotations(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("قال وزير الخارجية الروسي سيرغي لافروف في موسكو أمس إن روسيا تدعم الأمم المتحدة.", encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["ingest", str(src), "--db", str(db), "--workers", "0"]) == 0
    conn = sqlite3.connect(db)
    analysis = json.loads(conn.execute("SELECT analysis FROM articles").fetchone()[0])
    assert set(analysis) == {"entities", "times", "quotes", "events"}
    n_ent = conn.execute("SELECT count(*) FROM article_entities").fetchone()[0]
    assert n_ent == len(analysis["entities"])
    capsys.readouterr()


def _open_fifo_writer(path: Path, proc: subprocess.Popen, deadline: float) -> int:
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"ingest did not open its input: {proc.communicate()}")
        time.sleep(0.05)


def _spawn_ingest(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "khabar.cli.main", "ingest", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def test_kill_9_mid_ingest_then_resume(tmp_path):
    """The ingest reads from a pipe we feed: it has committed some batches and holds an open
    one when SIGKILL arrives. A rerun stores every record exactly once; the file is intact."""
    n, batch = 60, 5
    full = _write(tmp_path / "all.jsonl", n)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    db = tmp_path / "c.db"
    proc = _spawn_ingest([str(fifo), "--db", str(db), "--batch-size", str(batch), "--workers", "2", "--no-progress"])
    deadline = time.monotonic() + 120
    fd = _open_fifo_writer(fifo, proc, deadline)
    try:
        os.set_blocking(fd, True)
        # four full batches and three records of a fifth, then wait until the four are committed
        fed = 4 * batch + 3
        for line in lines[:fed]:
            os.write(fd, line.encode("utf-8"))
        while _count(db) < 4 * batch:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "ingest committed nothing"
            time.sleep(0.05)
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        os.close(fd)
    assert proc.returncode == -signal.SIGKILL
    stored = _count(db)
    assert 4 * batch <= stored <= fed < n  # killed mid-way: some stored, not all
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # resume with the whole input
    rerun = _spawn_ingest([str(full), "--db", str(db), "--workers", "2", "--format", "json", "--no-progress"])
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["duplicates"] == stored and summary["stored"] == n - stored
    _check_db(db, n)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared SaudiNewsNet not available")
def test_kill_9_saudinewsnet_600_then_resume(tmp_path):
    """kill -9 of a real ingest of 600 SaudiNewsNet records at whatever point it has reached,
    then a rerun: 600 articles, integrity ok (text-only mode keeps the test fast; the
    analysed variant is in bench/bench_store.py)."""
    src = tmp_path / "s600.jsonl"
    with gzip.open(SHARED, "rt", encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i == 600:
                break
            out.write(line)
    db = tmp_path / "c.db"
    proc = _spawn_ingest([str(src), "--db", str(db), "--batch-size", "20", "--no-analyze", "--no-progress"])
    deadline = time.monotonic() + 120
    while _count(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    before = _count(db)
    assert before <= 600
    rerun = _spawn_ingest([str(src), "--db", str(db), "--no-analyze", "--format", "json", "--no-progress"])
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert json.loads(out)["duplicates"] == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (600, 600)


def test_reindex_option(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", 3)
    db = tmp_path / "c.db"
    assert main(["ingest", "--db", str(db)]) == 2  # no paths, no --reindex
    assert "--reindex" in capsys.readouterr().err
    assert main(["ingest", str(src), "--db", str(db), "--workers", "0", "--no-analyze"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--reindex", "--db", str(db)]) == 0
    assert "3 articles" in capsys.readouterr().out
    assert main(["search", "جنيف", "--db", str(db), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
