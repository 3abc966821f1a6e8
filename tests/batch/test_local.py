"""``--engine local``: a process pool (and ``--workers 0``, inline) on small corpora."""

from __future__ import annotations

import json

import pytest

from khabar.batch import BatchConfig, iter_analyses, run_batch
from khabar.batch.local import LocalEngine

from .conftest import BAD_LINES, article


def errors_of(out):
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def test_thousand_good_two_bad(corpus, tmp_path):
    out = tmp_path / "out"
    stats = run_batch(BatchConfig([str(corpus)], out, workers=2, shard_size=300))
    docs = list(iter_analyses(out))
    assert len(docs) == 1000
    assert len({d["id"] for d in docs}) == 1000
    # in input order, whatever order the workers finished in
    assert [d["title"] for d in docs] == [article(i)["title"] for i in range(1000)]
    errs = errors_of(out)
    assert [(e["source"], e["line"]) for e in errs] == [(str(corpus), n) for n, _, _ in BAD_LINES]
    for e, (_, _, why) in zip(errs, BAD_LINES):
        assert why in e["reason"]
    on_disk = json.loads((out / "stats.json").read_text())
    assert on_disk["records"] == 1002 and on_disk["ok"] == 1000 and on_disk["errors"] == 2
    assert on_disk["tokens"] == stats["tokens"] > 10_000
    assert on_disk["tokens_per_second"] > 0 and on_disk["seconds"] > 0
    assert len(on_disk["peak_rss_mb_per_worker"]) == 2
    assert set(on_disk["stage_seconds"]) >= {"normalize", "segment", "dates", "entities"}
    assert on_disk["shards"] == len(list(out.glob("analyses-*.jsonl"))) == 4
    # an analysis is the JSON contract, dates and metadata carried over
    d = docs[0]
    assert d["date"] == "2015-07-21" and d["meta"]["url"] == "http://example.org/0"
    assert d["text"] == article(0)["content"]


def test_same_output_as_inline(small_corpus, tmp_path):
    a, b = tmp_path / "pool", tmp_path / "inline"
    run_batch(BatchConfig([str(small_corpus)], a, workers=2, chunk_size=3, shard_size=10))
    run_batch(BatchConfig([str(small_corpus)], b, workers=0, chunk_size=3, shard_size=10))
    shards = sorted(p.name for p in a.glob("analyses-*.jsonl"))
    assert shards == sorted(p.name for p in b.glob("analyses-*.jsonl")) and len(shards) == 4
    for name in shards:
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "errors.jsonl").read_bytes() == (b / "errors.jsonl").read_bytes()


def test_resume_skips_what_is_written(small_corpus, tmp_path):
    out = tmp_path / "out"
    run_batch(BatchConfig([str(small_corpus)], out, workers=0, chunk_size=5, shard_size=10))
    # simulate a run killed in its third shard: drop the last two shards, leave a temporary
    for p in sorted(out.glob("analyses-*.jsonl"))[2:]:
        p.unlink()
    (out / ".analyses-00002.jsonl.tmp").write_text('{"id": "half', encoding="utf-8")
    stats = run_batch(BatchConfig([str(small_corpus)], out, workers=2, chunk_size=5, shard_size=10, resume=True))
    assert stats["skipped"] == 20 and stats["ok"] == 20 and stats["errors"] == 2
    assert stats["analyses_before"] == 20
    docs = list(iter_analyses(out))
    assert len(docs) == 40 and len({d["id"] for d in docs}) == 40
    assert not list(out.glob(".*.tmp"))
    # a second resume has nothing left to do
    again = run_batch(BatchConfig([str(small_corpus)], out, workers=0, resume=True))
    assert again["ok"] == 0 and again["skipped"] == 40 and again["errors"] == 2


def test_duplicates_are_analysed_once(tmp_path):
    path = tmp_path / "dup.jsonl"
    rows = [article(1), article(2), article(1)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    stats = run_batch(BatchConfig([str(path)], tmp_path / "out", workers=0))
    assert stats["ok"] == 2 and stats["duplicates"] == 1 and stats["records"] == 3


def test_id_field_is_used(tmp_path):
    from khabar.io import RecordFields

    path = tmp_path / "ids.jsonl"
    rows = [dict(article(i), key=f"doc-{i}", body=article(i)["content"]) for i in range(3)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    run_batch(BatchConfig([str(path)], tmp_path / "out", workers=0, fields=RecordFields(text="body", id="key")))
    assert [d["id"] for d in iter_analyses(tmp_path / "out")] == ["doc-0", "doc-1", "doc-2"]


def test_a_folder_of_text_files(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(article(i)["content"], encoding="utf-8")
    (folder / "empty.txt").write_text("  ", encoding="utf-8")
    stats = run_batch(BatchConfig([str(folder)], tmp_path / "out", workers=0))
    assert stats["ok"] == 3 and stats["errors"] == 1
    assert errors_of(tmp_path / "out")[0]["source"].endswith("empty.txt")


def test_engine_is_reusable_and_closes(small_corpus, tmp_path):
    eng = LocalEngine(2)
    try:
        s1 = run_batch(BatchConfig([str(small_corpus)], tmp_path / "a"), engine=eng)
        s2 = run_batch(BatchConfig([str(small_corpus)], tmp_path / "b"), engine=eng)
    finally:
        eng.close()
    assert s1["ok"] == s2["ok"] == 40
    with pytest.raises(RuntimeError):
        eng.pool.submit(print)


def _pid_and(x):
    import os

    return os.getpid(), x


def _gc_state(_):
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_a_warm_worker_freezes_what_it_loaded_and_collects_less_often():
    import gc

    from khabar.batch.runner import WORKER_GC_THRESHOLD

    eng = LocalEngine(1)
    try:
        threshold, frozen = eng.run(_gc_state, None).result()
    finally:
        eng.close()
    assert threshold == WORKER_GC_THRESHOLD and frozen > 100_000  # the models and lexicons
    assert gc.get_threshold() != WORKER_GC_THRESHOLD  # the main process keeps its settings


def test_run_any_function_in_a_worker_without_warm_up():
    import os

    eng = LocalEngine(1, warm=False)
    try:
        fut = eng.run(_pid_and, "x")
        pid, x = fut.result()
        assert fut.done() and x == "x" and pid != os.getpid()
    finally:
        eng.close()


def test_a_dead_worker_is_a_khabar_error_that_says_what_to_do():
    import os

    from khabar.errors import KhabarError

    eng = LocalEngine(1, warm=False, what="ingest", rerun="rerun the same command")
    try:
        with pytest.raises(KhabarError, match="^an ingest worker process died .*: rerun the same command$"):
            eng.run(os._exit, 3).result()
        with pytest.raises(KhabarError, match="^an ingest worker process died; rerun the same command$"):
            eng.run(_pid_and, 1)
    finally:
        eng.terminate()


def test_terminate_stops_running_tasks_at_once():
    import time

    eng = LocalEngine(1, warm=False)
    fut = eng.run(time.sleep, 30)
    time.sleep(0.5)
    t0 = time.monotonic()
    eng.terminate()
    assert time.monotonic() - t0 < 10
    assert not eng.pool._processes  # the worker is gone
    assert fut.done()


def test_inline_engine_runs_when_asked():
    from khabar.batch.local import InlineEngine

    calls = []
    eng = InlineEngine()
    fut = eng.run(lambda *a: calls.append(a) or len(calls), 1, 2)
    assert calls == [] and fut.done()  # nothing runs until the result is asked for
    assert fut.result() == 1 and calls == [(1, 2)]
    eng.terminate()
    eng.close()
