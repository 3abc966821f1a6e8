"""Shards, tables, errors, stats and what --resume finds after a killed run."""

from __future__ import annotations

import json

import pytest

from khabar.batch.runner import empty_tables
from khabar.batch.writer import BatchWriter, iter_analyses, read_ids, table_schema
from khabar.errors import UsageError


def lines_for(ids):
    return [json.dumps({"id": i, "text": f"نص {i}"}, ensure_ascii=False) for i in ids]


def test_shards_rotate_at_chunk_boundaries(tmp_path):
    w = BatchWriter(tmp_path, shard_size=3)
    assert w.start() == set()
    for chunk in (["a", "b"], ["c", "d"], ["e"]):
        w.write(chunk, lines_for(chunk))
    w.close({"ok": 5})
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == ["analyses-00000.jsonl", "analyses-00001.jsonl", "errors.jsonl", "stats.json"]
    assert [d["id"] for d in iter_analyses(tmp_path)] == ["a", "b", "c", "d", "e"]
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["analyses_in_output"] == 5 and stats["shards"] == 2


def test_open_shard_is_a_temporary_until_committed(tmp_path):
    w = BatchWriter(tmp_path, shard_size=100)
    w.start()
    w.write(["a"], lines_for(["a"]))
    assert not list(tmp_path.glob("analyses-*.jsonl"))
    assert list(tmp_path.glob(".analyses-00000.jsonl.tmp"))
    assert read_ids(tmp_path) == set()
    w.close()
    assert read_ids(tmp_path) == {"a"}


def test_existing_output_needs_resume_or_overwrite(tmp_path):
    w = BatchWriter(tmp_path)
    w.start()
    w.write(["a"], lines_for(["a"]))
    w.close()
    with pytest.raises(UsageError, match="--resume"):
        BatchWriter(tmp_path).start()
    with pytest.raises(UsageError):
        BatchWriter(tmp_path).start(resume=True, overwrite=True)
    w2 = BatchWriter(tmp_path)
    assert w2.start(overwrite=True) == set()
    w2.close()
    assert not list(tmp_path.glob("analyses-*"))


def test_resume_after_a_kill(tmp_path):
    w = BatchWriter(tmp_path, shard_size=2)
    w.start()
    w.write(["a", "b"], lines_for(["a", "b"]))  # committed
    w.write(["c"], lines_for(["c"]))  # open: the run is "killed" here
    w._fh.flush()
    w._unlock()  # the process is gone: so is its lock
    assert (tmp_path / ".analyses-00001.jsonl.tmp").exists()
    w2 = BatchWriter(tmp_path, shard_size=2)
    assert w2.start(resume=True) == {"a", "b"}
    assert not (tmp_path / ".analyses-00001.jsonl.tmp").exists()
    w2.write(["c"], lines_for(["c"]))
    w2.close()
    assert [d["id"] for d in iter_analyses(tmp_path)] == ["a", "b", "c"]
    assert (tmp_path / "analyses-00001.jsonl").exists()


def test_read_ids_handles_escapes_and_other_key_orders(tmp_path):
    (tmp_path / "analyses-00000.jsonl").write_text(
        json.dumps({"id": 'x"y\\z'}) + "\n" + json.dumps({"title": "t", "id": "k"}) + "\n" + '{"id": "partial',
        encoding="utf-8",
    )
    assert read_ids(tmp_path) == {'x"y\\z', "k"}


def test_a_file_is_not_an_output_folder(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    with pytest.raises(UsageError, match="folder"):
        BatchWriter(f).start()


def test_errors_are_rewritten_by_each_run(tmp_path):
    w = BatchWriter(tmp_path)
    w.start()
    w.error({"source": "c.jsonl", "line": 3, "reason": "not JSON"})
    w.close()
    assert len((tmp_path / "errors.jsonl").read_text().splitlines()) == 1
    w = BatchWriter(tmp_path)
    w.start(resume=True)
    w.close()  # no stats: the run never got going (its engine failed)
    assert len((tmp_path / "errors.jsonl").read_text().splitlines()) == 1
    w = BatchWriter(tmp_path)
    w.start(resume=True)
    w.close({"ok": 0})
    assert (tmp_path / "errors.jsonl").read_text() == ""


def test_parquet_tables_and_schema(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    w = BatchWriter(tmp_path, shard_size=10, tables=True)
    w.start()
    cols = empty_tables()
    ent = cols["entities"]
    for k, v in {"article_id": "a", "entity_id": "e1", "type": "LOC", "name": "الرياض", "name_en": "Riyadh",
                 "start": 3, "end": 9, "text": "الرياض", "country": "SAU", "sector": None,
                 "confidence": 0.98}.items():
        ent[k].append(v)
    w.write(["a"], lines_for(["a"]), cols)
    w.close()
    t = pq.read_table(tmp_path / "entities" / "part-00000.parquet")
    assert t.num_rows == 1 and t.column("name_en").to_pylist() == ["Riyadh"]
    assert t.column("confidence").to_pylist() == [pytest.approx(0.98)]  # the entity confidence, as float32
    assert t.schema.equals(table_schema("entities"))
    empty = pq.read_table(tmp_path / "events" / "part-00000.parquet")
    assert empty.num_rows == 0 and empty.schema.equals(table_schema("events"))


def test_resume_with_tables_needs_tables_in_every_shard(tmp_path):
    pytest.importorskip("pyarrow")
    w = BatchWriter(tmp_path)
    w.start()
    w.write(["a"], lines_for(["a"]))
    w.close()
    with pytest.raises(UsageError, match="without --format parquet"):
        BatchWriter(tmp_path, tables=True).start(resume=True)


def test_resume_drops_tables_of_an_uncommitted_shard(tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "entities").mkdir()
    orphan = tmp_path / "entities" / "part-00000.parquet"
    orphan.write_bytes(b"PAR1")
    w = BatchWriter(tmp_path, tables=True)
    assert w.start(resume=True) == set()
    assert not orphan.exists()
    w.close()


def test_two_runs_never_write_one_folder(tmp_path):
    w = BatchWriter(tmp_path)
    w.start()
    with pytest.raises(UsageError, match="another khabar batch"):
        BatchWriter(tmp_path).start(resume=True)
    w.close()
    w2 = BatchWriter(tmp_path)  # released at close
    w2.start(resume=True)
    w2.close()
