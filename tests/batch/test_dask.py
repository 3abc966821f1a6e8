"""``--engine dask`` on one LocalCluster for the module (and the same output as local)."""

from __future__ import annotations

import json
import sys

import pytest

from khabar.batch import BatchConfig, iter_analyses, run_batch
from khabar.errors import UsageError

from .conftest import BAD_LINES

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as c:
        yield c


def test_thousand_good_two_bad(cluster, corpus, tmp_path):
    out = tmp_path / "dask"
    stats = run_batch(BatchConfig([str(corpus)], out, engine="dask", scheduler=cluster.scheduler_address,
                                  shard_size=400, tables=True))
    assert stats["ok"] == 1000 and stats["errors"] == 2 and stats["records"] == 1002
    assert stats["engine"] == "dask"
    errs = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["line"] for e in errs] == [n for n, _, _ in BAD_LINES]
    docs = list(iter_analyses(out))
    assert len(docs) == 1000 == len({d["id"] for d in docs})
    assert len(list(out.glob("analyses-*.jsonl"))) == 3
    pq = pytest.importorskip("pyarrow.parquet")
    ents = pq.read_table(out / "entities").to_pylist()
    texts = {d["id"]: d["text"] for d in docs}
    assert len(ents) == sum(len(e["mentions"]) for d in docs for e in d["entities"])
    for row in ents:
        if row["start"] is not None:
            assert texts[row["article_id"]][row["start"]:row["end"]] == row["text"]


def test_same_output_as_local(cluster, small_corpus, tmp_path):
    d_out, l_out = tmp_path / "dask", tmp_path / "local"
    cfg = dict(chunk_size=4, shard_size=12, tables=True)
    run_batch(BatchConfig([str(small_corpus)], d_out, engine="dask", scheduler=cluster.scheduler_address, **cfg))
    run_batch(BatchConfig([str(small_corpus)], l_out, engine="local", workers=0, **cfg))
    shards = sorted(p.name for p in d_out.glob("analyses-*.jsonl"))
    assert shards == sorted(p.name for p in l_out.glob("analyses-*.jsonl")) and len(shards) == 4
    for name in shards + ["errors.jsonl"]:
        assert (d_out / name).read_bytes() == (l_out / name).read_bytes()
    pq = pytest.importorskip("pyarrow.parquet")
    for table in ("entities", "quotes", "events"):
        assert pq.read_table(d_out / table).equals(pq.read_table(l_out / table))


def test_resume_on_dask(cluster, small_corpus, tmp_path):
    out = tmp_path / "out"
    cfg = dict(engine="dask", scheduler=cluster.scheduler_address, chunk_size=4, shard_size=8)
    run_batch(BatchConfig([str(small_corpus)], out, **cfg))
    for p in sorted(out.glob("analyses-*.jsonl"))[3:]:
        p.unlink()
    stats = run_batch(BatchConfig([str(small_corpus)], out, resume=True, **cfg))
    assert stats["skipped"] == 24 and stats["ok"] == 16
    ids = [d["id"] for d in iter_analyses(out)]
    assert len(ids) == 40 == len(set(ids))


def test_unreachable_scheduler_is_a_usage_error(tmp_path, small_corpus):
    from khabar.batch.dask import DaskEngine

    with pytest.raises(UsageError, match="scheduler"):
        DaskEngine(2, "tcp://127.0.0.1:9", timeout=0.5)


def test_missing_dask_says_how_to_install(monkeypatch):
    from khabar.batch import dask as kdask

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"khabar\[dask\]"):
        kdask.DaskEngine(2)


def test_scheduler_needs_dask_engine(small_corpus, tmp_path):
    with pytest.raises(UsageError, match="--engine dask"):
        run_batch(BatchConfig([str(small_corpus)], tmp_path / "o", scheduler="tcp://127.0.0.1:1"))


def test_run_any_function_on_the_cluster(cluster):
    import operator

    from khabar.batch.dask import DaskEngine

    eng = DaskEngine(scheduler=cluster.scheduler_address)
    try:
        fut = eng.run(operator.add, 2, 3)
        assert fut.result() == 5 and fut.done()
        assert eng.workers == 2
    finally:
        eng.terminate()


def _worker_settings():
    import gc

    import dask

    return dask.config.get("distributed.worker.profile.enabled"), gc.get_threshold()


def test_an_engine_cluster_runs_without_the_profiler_and_with_tuned_collection(cluster):
    """The cluster the engine starts: no statistical profiler (it took a fifth of a worker's
    time) and the workers' collector tuned; a cluster it is given keeps its own settings."""
    from khabar.batch.dask import DaskEngine
    from khabar.batch.runner import WORKER_GC_THRESHOLD

    eng = DaskEngine(1)
    try:
        got = list(eng.client.run(_worker_settings).values())
    finally:
        eng.terminate()
    assert got == [(False, WORKER_GC_THRESHOLD)]
    given = DaskEngine(scheduler=cluster.scheduler_address)
    try:
        assert all(prof and gc != WORKER_GC_THRESHOLD
                   for prof, gc in given.client.run(_worker_settings).values())
    finally:
        given.terminate()
