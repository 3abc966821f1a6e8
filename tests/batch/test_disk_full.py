"""A full disk during a batch (issue #17): the shard being written is discarded, never
renamed as complete, the run stops with one OutputError, and --resume goes on."""

from __future__ import annotations

import errno
import json

import pytest

from khabar.batch.runner import BatchConfig, run_batch
from khabar.batch.writer import BatchWriter, iter_analyses, read_ids, shard_is_damaged, shard_paths
from khabar.errors import OutputError

from .conftest import write_corpus


class _Disk:
    """A disk with ``free`` bytes left: a write that does not fit writes what fits, then
    fails with ENOSPC (as a real full disk does)."""

    def __init__(self, free: int):
        self.free = free


class _FullDiskFile:
    def __init__(self, fh, disk: _Disk):
        self.fh = fh
        self.disk = disk

    def write(self, s: str) -> int:
        data = s.encode("utf-8")
        if len(data) > self.disk.free:
            self.fh.flush()
            self.fh.buffer.write(data[: self.disk.free])  # cut inside a line, maybe inside a letter
            self.fh.buffer.flush()
            self.disk.free = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.disk.free -= len(data)
        return self.fh.write(s)

    def flush(self) -> None:
        self.fh.flush()

    def fileno(self) -> int:
        return self.fh.fileno()

    def close(self) -> None:
        self.fh.close()


@pytest.fixture
def disk(monkeypatch):
    d = _Disk(10**12)
    original = BatchWriter._open_shard

    def open_shard(self):
        original(self)
        self._fh = _FullDiskFile(self._fh, d)

    monkeypatch.setattr(BatchWriter, "_open_shard", open_shard)
    return d


def lines_for(ids):
    return [json.dumps({"id": i, "text": f"نص {i} " * 20}, ensure_ascii=False) for i in ids]


def test_a_failed_write_discards_the_shard(tmp_path, disk):
    w = BatchWriter(tmp_path, shard_size=4)
    w.start()
    w.write(["a", "b"], lines_for(["a", "b"]))
    w.write(["c", "d"], lines_for(["c", "d"]))  # shard 0 committed
    disk.free = 100
    with pytest.raises(OutputError, match="No space left.*--resume"):
        w.write(["e", "f"], lines_for(["e", "f"]))
    w.close({"ok": 4})
    assert [p.name for _, p in shard_paths(tmp_path)] == ["analyses-00000.jsonl"]
    assert not list(tmp_path.glob(".*.tmp"))
    assert read_ids(tmp_path) == {"a", "b", "c", "d"}


def test_a_failed_flush_at_commit_discards_the_shard(tmp_path, monkeypatch):
    w = BatchWriter(tmp_path, shard_size=100)
    w.start()
    w.write(["a"], lines_for(["a"]))

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", no_space)
    with pytest.raises(OutputError):
        w.close()
    monkeypatch.undo()
    assert shard_paths(tmp_path) == [] and not list(tmp_path.glob(".*.tmp"))


def test_disk_full_mid_batch_then_resume(tmp_path, disk):
    src = tmp_path / "in.jsonl"
    write_corpus(src, 12, bad=False)
    out = tmp_path / "out"
    cfg = dict(inputs=[str(src)], out=out, workers=0, chunk_size=2, shard_size=4, progress=False)
    disk.free = 5000  # room for about one shard of analyses
    with pytest.raises(OutputError):
        run_batch(BatchConfig(**cfg))
    shards = shard_paths(out)
    assert all(not shard_is_damaged(p) for _, p in shards)  # nothing partial looks complete
    done = read_ids(out)
    disk.free = 10**12  # space freed
    stats = run_batch(BatchConfig(**cfg, resume=True))
    assert stats["skipped"] == len(done)
    ids = [d["id"] for d in iter_analyses(out)]
    assert len(ids) == len(set(ids)) == 12


def test_resume_drops_a_shard_an_older_version_left_truncated(tmp_path):
    ok = "\n".join(lines_for(["a", "b"])) + "\n"
    (tmp_path / "analyses-00000.jsonl").write_text(ok, encoding="utf-8")
    cut = (ok + lines_for(["c"])[0]).encode("utf-8")[:-3]  # no newline, a letter cut in two
    (tmp_path / "analyses-00001.jsonl").write_bytes(cut[: len(cut) - 1] + b"\xd9")
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "part-00001.parquet").write_bytes(b"x")
    assert read_ids(tmp_path) >= {"a", "b"}  # never a UnicodeDecodeError
    w = BatchWriter(tmp_path, shard_size=2)
    assert w.start(resume=True) == {"a", "b"}
    assert [p.name for _, p in shard_paths(tmp_path)] == ["analyses-00000.jsonl"]
    assert not (tmp_path / "entities" / "part-00001.parquet").exists()
    w.write(["c"], lines_for(["c"]))
    w.close()
    assert [d["id"] for d in iter_analyses(tmp_path)] == ["a", "b", "c"]
