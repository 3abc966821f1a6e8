"""Batch output: analysis shards, tables, errors and statistics in one folder.

    OUT/analyses-00000.jsonl      one analysis (Article.to_dict()) per line, ≈ shard_size a shard
    OUT/entities/part-00000.parquet   with --format parquet: one row per entity mention
    OUT/quotes/part-00000.parquet                            one row per quote
    OUT/events/part-00000.parquet                            one row per event
    OUT/errors.jsonl              {"source", "line", "reason"[, "id"]} per bad record
    OUT/stats.json                counts, tokens, seconds, tokens_per_second, stages …

A shard is written under a hidden temporary name (``.analyses-00000.jsonl.tmp``), flushed
and fsync'ed, and renamed when complete, its tables first, so a killed run leaves only
complete shards and temporary files; a write that fails (a full disk) discards the shard
being written and stops the run with an :class:`~khabar.errors.OutputError`, never
renaming a partial shard. ``--resume`` deletes temporary files, drops a damaged shard (a
partial last line or bytes that are not UTF-8, as an older version could leave) with its
tables, reads the ids of the complete shards and skips them. ``errors.jsonl`` and ``stats.json`` describe the latest run (bad records are
found again when the input is read again).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from typing import Any, Iterator

from khabar.errors import OutputError, UsageError

__all__ = ["BatchWriter", "read_ids", "iter_analyses", "TABLES", "table_schema"]

TABLES = ("entities", "quotes", "events")
_SHARD_RE = re.compile(r"^analyses-(\d{5,})\.jsonl$")
_PART_RE = re.compile(r"^part-(\d{5,})\.parquet$")
_ID_RE = re.compile(r'^\{"id": ("(?:[^"\\]|\\.)*")')

_INT_COLUMNS = {
    "start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end", "trigger_start", "trigger_end",
    "quote", "event",
}
_LIST_COLUMNS = {"context", "source_entities", "target_entities"}
_BOOL_COLUMNS = {"anaphoric"}
_FLOAT_COLUMNS = frozenset({"confidence"})


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise UsageError("--format parquet needs pyarrow: pip install 'khabar[parquet]'") from exc
    return pyarrow


def table_schema(name: str):
    """The pyarrow schema of table ``name`` (entities, quotes, events)."""
    from khabar.batch.runner import TABLE_COLUMNS

    pa = _pyarrow()
    fields = []
    for col in TABLE_COLUMNS[name]:
        if col in _INT_COLUMNS:
            typ = pa.int32()
        elif col in _LIST_COLUMNS:
            typ = pa.list_(pa.string())
        elif col in _BOOL_COLUMNS:
            typ = pa.bool_()
        elif col in _FLOAT_COLUMNS:
            typ = pa.float32()
        else:
            typ = pa.string()
        fields.append(pa.field(col, typ, nullable=col != "article_id"))
    return pa.schema(fields)


def shard_paths(out: Path) -> list[tuple[int, Path]]:
    """Complete analysis shards in ``out``, in order."""
    found = []
    if out.is_dir():
        for p in out.iterdir():
            m = _SHARD_RE.match(p.name)
            if m and p.is_file():
                found.append((int(m.group(1)), p))
    return sorted(found)


def _id_of(line: str) -> str | None:
    m = _ID_RE.match(line)
    if m:
        try:
            return json.loads(m.group(1))
        except ValueError:
            pass
    try:
        rid = json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None
    return str(rid) if rid is not None else None


def read_ids(out: str | os.PathLike) -> set[str]:
    """Ids of the analyses in the complete shards of ``out`` (without parsing whole lines).
    Bytes that are not UTF-8 and a last line without its newline are passed over."""
    ids: set[str] = set()
    for _, path in shard_paths(Path(out)):
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.endswith("\n"):
                    rid = _id_of(line)
                    if rid is not None:
                        ids.add(rid)
    return ids


def shard_is_damaged(path: Path) -> bool:
    """Is a shard cut short (no newline at its end) or not UTF-8? A shard this version writes
    never is (it is renamed only once complete and synced to disk)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return True
        with path.open("rb") as fh:
            fh.seek(size - 1)
            if fh.read(1) != b"\n":
                return True
            fh.seek(0)
            dec = codecs.getincrementaldecoder("utf-8")()
            while True:
                block = fh.read(1 << 20)
                if not block:
                    dec.decode(b"", final=True)
                    return False
                dec.decode(block)
    except (OSError, UnicodeDecodeError):
        return True


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_failed(what: Path, exc: OSError) -> OutputError:
    why = exc.strerror or str(exc)
    return OutputError(f"{what}: cannot be written ({why}); it was discarded: free some space "
                       "and go on with --resume")


def iter_analyses(out: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """Every analysis in ``out``, shard by shard (a convenience for readers and tests)."""
    for _, path in shard_paths(Path(out)):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _replace_text(path: Path, text: str) -> None:
    """Write ``path`` atomically: a temporary file, flushed and synced, then renamed."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_failed(path, exc) from exc


class BatchWriter:
    """Writes what a batch produces into ``out`` (see the module docs)."""

    def __init__(self, out: str | os.PathLike, shard_size: int = 1000, tables: bool = False):
        self.out = Path(out)
        self.shard_size = shard_size
        self.tables = tables
        self.next_shard = 0
        self.shards_written = 0
        self.total = 0  # analyses in the output
        self._fh = None  # open temporary shard
        self._tmp: Path | None = None
        self._count = 0  # analyses in the open shard
        self._cols: dict[str, dict[str, list]] | None = None
        self._errors = None
        self._lockfh = None

    # -- start -------------------------------------------------------------------------

    def start(self, resume: bool = False, overwrite: bool = False) -> set[str]:
        """Prepare ``out``; returns the ids already written (empty unless ``resume``)."""
        if resume and overwrite:
            raise UsageError("--resume and --overwrite exclude each other")
        if self.tables:
            _pyarrow()
        out = self.out
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: is a file; --out needs a folder")
        out.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            return self._start(resume, overwrite)
        except BaseException:
            self._unlock()
            raise

    def _lock(self) -> None:
        """Hold ``OUT/.lock`` for the run, so that two runs never write one folder."""
        self._lockfh = (self.out / ".lock").open("a")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        try:
            fcntl.flock(self._lockfh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lockfh.close()
            self._lockfh = None
            raise UsageError(f"{self.out}: another khabar batch is writing there; wait for it or choose another --out") from None

    def _unlock(self) -> None:
        if self._lockfh is not None:
            self._lockfh.close()  # closing releases the lock
            self._lockfh = None

    def _start(self, resume: bool, overwrite: bool) -> set[str]:
        out = self.out
        self._remove_temporaries()
        shards = shard_paths(out)
        if shards and not (resume or overwrite):
            raise UsageError(
                f"{out} already holds {len(shards)} analysis shard(s); add --resume to go on from them "
                "or --overwrite to start again"
            )
        if overwrite:
            for _, p in shards:
                p.unlink()
            for name in TABLES:
                for p in self._parts(name):
                    p.unlink()
            for name in ("errors.jsonl", "stats.json"):
                (out / name).unlink(missing_ok=True)
            shards = []
        ids: set[str] = set()
        if resume:
            for n, p in list(shards):
                if shard_is_damaged(p):  # cut short by a full disk (an older version renamed it)
                    p.unlink()
                    for name in TABLES:
                        (out / name / f"part-{n:05d}.parquet").unlink(missing_ok=True)
                    shards.remove((n, p))
            numbers = {n for n, _ in shards}
            for name in TABLES:  # tables of a shard whose analyses were not committed
                for p in self._parts(name):
                    m = _PART_RE.match(p.name)
                    if m and int(m.group(1)) not in numbers:
                        p.unlink()
            if self.tables:
                for n, p in shards:
                    missing = [t for t in TABLES if not (out / t / f"part-{n:05d}.parquet").exists()]
                    if missing:
                        raise UsageError(
                            f"{p.name} was written without --format parquet (no {', '.join(missing)} table); "
                            "resume without it, or start again with --overwrite"
                        )
            ids = read_ids(out)
            self.next_shard = max(numbers) + 1 if numbers else 0
        self.total = len(ids)
        return ids

    def _parts(self, name: str) -> list[Path]:
        folder = self.out / name
        if not folder.is_dir():
            return []
        return [p for p in folder.iterdir() if _PART_RE.match(p.name)]

    def _remove_temporaries(self) -> None:
        for folder in [self.out] + [self.out / t for t in TABLES]:
            if folder.is_dir():
                for p in folder.iterdir():
                    if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_file():
                        p.unlink()

    # -- writing -----------------------------------------------------------------------

    def write(self, ids: list[str], lines: list[str], tables: dict[str, dict[str, list]] | None = None) -> None:
        """Append the analyses of one chunk; a shard is committed once it holds
        ``shard_size`` analyses or more (always at a chunk boundary)."""
        if not lines:
            return
        if self._fh is None:
            self._open_shard()
        try:
            self._fh.write("\n".join(lines))
            self._fh.write("\n")
        except OSError as exc:
            raise self._discard(exc) from exc
        self._count += len(lines)
        self.total += len(lines)
        if self.tables and tables is not None:
            for name, cols in tables.items():
                mine = self._cols[name]
                for col, values in cols.items():
                    mine[col].extend(values)
        if self._count >= self.shard_size:
            self.commit()

    def error(self, err: dict[str, Any]) -> None:
        # opened at the first error (or at close): a run that never gets going keeps the old file
        try:
            if self._errors is None:
                self._errors = (self.out / "errors.jsonl").open("w", encoding="utf-8")
            self._errors.write(json.dumps(err, ensure_ascii=False))
            self._errors.write("\n")
            self._errors.flush()
        except OSError as exc:
            raise _write_failed(self.out / "errors.jsonl", exc) from exc

    def _open_shard(self) -> None:
        from khabar.batch.runner import empty_tables

        name = f"analyses-{self.next_shard:05d}.jsonl"
        self._tmp = self.out / f".{name}.tmp"
        try:
            self._fh = self._tmp.open("w", encoding="utf-8")
        except OSError as exc:
            raise self._discard(exc) from exc
        self._count = 0
        self._cols = empty_tables() if self.tables else None

    def _discard(self, exc: OSError) -> OutputError:
        """The open shard cannot be written: delete it (and its tables' temporary files) and
        say so; nothing of it is committed, so ``--resume`` redoes its articles."""
        tmp, self._tmp = self._tmp, None
        fh, self._fh = self._fh, None
        self._cols = None
        self.total -= self._count
        self._count = 0
        if fh is not None:
            try:
                fh.close()
            except OSError:
                pass
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        for name in TABLES:
            (self.out / name / f".part-{self.next_shard:05d}.parquet.tmp").unlink(missing_ok=True)
        return _write_failed(self.out / f"analyses-{self.next_shard:05d}.jsonl", exc)

    def commit(self) -> None:
        """Make the open shard (and its tables) final: flushed and synced to disk first, then
        renamed. A failure discards the shard (see :meth:`_discard`) and raises OutputError."""
        if self._fh is None:
            return
        n = self.next_shard
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            if self.tables:
                pa = _pyarrow()
                import pyarrow.parquet as pq

                for name in TABLES:
                    folder = self.out / name
                    folder.mkdir(exist_ok=True)
                    final = folder / f"part-{n:05d}.parquet"
                    tmp = folder / f".{final.name}.tmp"
                    table = pa.Table.from_pydict(self._cols[name], schema=table_schema(name))
                    pq.write_table(table, tmp)
                    with tmp.open("rb+") as fh:
                        os.fsync(fh.fileno())
                    os.replace(tmp, final)
            os.replace(self._tmp, self.out / f"analyses-{n:05d}.jsonl")
        except OSError as exc:
            raise self._discard(exc) from exc
        _fsync_dir(self.out)
        self._tmp = None
        self._cols = None
        self.next_shard += 1
        self.shards_written += 1

    def close(self, stats: dict[str, Any] | None = None) -> None:
        """Commit the open shard, close errors.jsonl and write stats.json."""
        try:
            self.commit()
        except OutputError:
            self._unlock()
            raise
        if self._errors is None and stats is not None:
            self._errors = (self.out / "errors.jsonl").open("w", encoding="utf-8")  # this run had none
        if self._errors is not None:
            self._errors.close()
            self._errors = None
        if stats is not None:
            stats = dict(stats)
            stats["analyses_in_output"] = self.total
            stats["shards"] = len(shard_paths(self.out))
            _replace_text(self.out / "stats.json", json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
        self._unlock()
