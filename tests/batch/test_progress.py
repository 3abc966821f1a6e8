"""The progress bar of ``khabar batch``: records, rate, tokens/s; the total counted aside."""

from __future__ import annotations

from khabar.batch.progress import Progress, count_records


def test_count_records(small_corpus, tmp_path):
    assert count_records([str(small_corpus)]) == 42
    p = tmp_path / "x.jsonl"
    p.write_text('{"a": 1}\n{"a": 2}')  # no final newline
    assert count_records([str(p)]) == 2


def test_progress_bar_on_a_terminal(monkeypatch, small_corpus, capsys):
    bar = Progress([str(small_corpus)], enabled=True)
    for _ in range(42):
        bar.update(1, {"tokens": 100, "errors": 0})
    bar.close()
    err = capsys.readouterr().err
    assert "tok/s" in err and "42" in err
    off = Progress([str(small_corpus)], enabled=None)  # stderr captured: not a terminal
    assert off.bar is None


def test_count_records_of_folders_gzip_and_other_files(tmp_path):
    import gzip

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "d" / "b.html").write_text("<p>نص</p>", encoding="utf-8")
    with gzip.open(tmp_path / "d" / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    (tmp_path / "d" / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    # 1 + 1 text files, 3 records, and a damaged file counted as one record
    assert count_records([str(tmp_path / "d")]) == 6


def test_the_bar_gets_its_total_and_closes_once(small_corpus, capsys):
    import time

    bar = Progress([str(small_corpus)], enabled=True)
    deadline = time.monotonic() + 10
    while bar._total is None and time.monotonic() < deadline:  # counted in a thread
        time.sleep(0.01)
    bar.update(5, {"tokens": 50, "errors": 2})
    assert bar.bar.total == 42 and bar.bar.n == 5
    bar.close()
    bar.close()
    bar.update(1, {})  # after close: ignored
    err = capsys.readouterr().err
    assert "2 errors" in err and "/42" in err
