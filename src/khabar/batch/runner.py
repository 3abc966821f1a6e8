"""Engine-independent batch machinery: records → chunks → analyses in workers → writer.

The main process streams records from :func:`khabar.io.iter_records`, writes bad ones to
``errors.jsonl`` at once, packs good ones into chunks and hands them to an *engine* (a
local process pool, Dask, or inline). A worker analyses a chunk with the process's
:func:`~khabar.pipeline.default_pipeline` (built once per process) and sends back the
analyses already serialized as JSON lines (cheaper to pickle than nested dicts), the rows
of the tables, token counts, stage timings and its peak RSS.

At most ``in_flight`` chunks are out at once and results are taken back in submission
order, so memory stays constant in the corpus size and the output is the same, shard for
shard, whatever the engine or the number of workers.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from khabar.errors import UsageError
from khabar.io import BadRecord, Record, RecordFields, iter_records

__all__ = [
    "BatchConfig",
    "run_batch",
    "analyze_chunk",
    "chunk_records",
    "ordered_results",
    "TABLE_COLUMNS",
    "Engine",
    "local_engine",
    "make_engine",
]

#: columns of the tables written with ``--format parquet`` (types in :mod:`khabar.batch.writer`)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": (
        "article_id", "entity_id", "type", "name", "name_en", "start", "end", "text", "country", "sector",
        "confidence",
    ),
    "quotes": (
        "article_id", "quote", "kind", "speaker_entity", "speaker_text", "speaker_start", "speaker_end",
        "cue_text", "cue_start", "cue_end", "start", "end", "text", "reported_by", "anaphoric",
    ),
    "events": (
        "article_id", "event", "type", "mode", "context",
        "source_entities", "source_country", "source_sector",
        "target_entities", "target_country", "target_sector",
        "date", "location", "start", "end", "text", "trigger_text", "trigger_start", "trigger_end", "confidence",
    ),
}


# ---------------------------------------------------------------------------------------
# worker side


_local = threading.local()
_PIPE_LOCK = threading.Lock()
_PIPE_OWNER: int | None = None


def _pipeline():
    """The pipeline of this worker: ``default_pipeline()`` for the process's first thread,
    a pipeline of its own for any other thread (stages keep per-call state)."""
    pipe = getattr(_local, "pipeline", None)
    if pipe is None:
        from khabar.pipeline import STAGE_ORDER, Pipeline, default_pipeline

        with _PIPE_LOCK:
            global _PIPE_OWNER
            if _PIPE_OWNER is None:
                _PIPE_OWNER = threading.get_ident()
                pipe = default_pipeline()
            else:
                from khabar.stages import build_stage

                pipe = Pipeline(build_stage(name) for name in STAGE_ORDER)
        _local.pipeline = pipe
    return pipe


def _peak_rss_kb() -> int:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb // 1024 if sys.platform == "darwin" else kb  # macOS reports bytes
    except Exception:  # pragma: no cover - not on POSIX
        return 0


def _line_of(source: str) -> tuple[str, int | None]:
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return source, None


def record_meta(rec: Record) -> dict[str, Any]:
    """What goes into ``Article.meta`` for a record: its scalar fields (the title is a field
    of its own), its url and where it was read (``input``: file:line)."""
    meta = {k: v for k, v in rec.meta.items() if k != "title"}
    if rec.url and "url" not in meta:
        meta["url"] = rec.url
    meta["input"] = rec.source
    return meta


def _table_rows(d: dict[str, Any], cols: dict[str, dict[str, list]]) -> None:
    """Append the rows of one analysis (its ``to_dict()``) to the column lists."""
    aid = d.get("id")
    ent = cols["entities"]
    for e in d.get("entities", ()):
        mentions = e.get("mentions") or [{"start": None, "end": None, "text": None}]
        for m in mentions:
            for k, v in (
                ("article_id", aid), ("entity_id", e.get("id")), ("type", e.get("type")), ("name", e.get("name")),
                ("name_en", e.get("name_en")), ("start", m.get("start")), ("end", m.get("end")),
                ("text", m.get("text")), ("country", e.get("country")), ("sector", e.get("sector")),
                ("confidence", e.get("confidence")),
            ):
                ent[k].append(v)
    qc = cols["quotes"]
    for i, q in enumerate(d.get("quotes", ())):
        sp = q.get("speaker") or {}
        cue = q.get("cue") or {}
        content = q.get("content") or []
        for k, v in (
            ("article_id", aid), ("quote", i), ("kind", q.get("kind")), ("speaker_entity", sp.get("entity")),
            ("speaker_text", sp.get("text")), ("speaker_start", sp.get("start")), ("speaker_end", sp.get("end")),
            ("cue_text", cue.get("text")), ("cue_start", cue.get("start")), ("cue_end", cue.get("end")),
            ("start", content[0]["start"] if content else None), ("end", content[-1]["end"] if content else None),
            ("text", " … ".join(c["text"] for c in content) if content else None),
            ("reported_by", q.get("reported_by")), ("anaphoric", bool(q.get("anaphoric"))),
        ):
            qc[k].append(v)
    ec = cols["events"]
    for i, ev in enumerate(d.get("events", ())):
        src = ev.get("source") or {}
        tgt = ev.get("target") or {}
        evid = ev.get("evidence") or {}
        trig = ev.get("trigger") or {}
        for k, v in (
            ("article_id", aid), ("event", i), ("type", ev.get("type")), ("mode", ev.get("mode")),
            ("context", list(ev.get("context") or [])),
            ("source_entities", list(src.get("entities") or [])), ("source_country", src.get("country")),
            ("source_sector", src.get("sector")),
            ("target_entities", list(tgt.get("entities") or [])), ("target_country", tgt.get("country")),
            ("target_sector", tgt.get("sector")),
            ("date", ev.get("date")), ("location", ev.get("location")),
            ("start", evid.get("start")), ("end", evid.get("end")), ("text", evid.get("text")),
            ("trigger_text", trig.get("text")), ("trigger_start", trig.get("start")), ("trigger_end", trig.get("end")),
            ("confidence", ev.get("confidence")),
        ):
            ec[k].append(v)


def empty_tables() -> dict[str, dict[str, list]]:
    return {name: {c: [] for c in cols} for name, cols in TABLE_COLUMNS.items()}


def analyze_chunk(records: list[Record], tables: bool = False) -> dict[str, Any]:
    """Analyse a chunk of records in this process (the function a worker runs).

    Returns a plain dict: ``ids`` and ``lines`` (one JSON analysis per good record),
    ``errors`` (records whose analysis raised), ``tokens``, ``seconds``, per-stage
    ``timings``, ``tables`` (column lists, when asked), ``pid`` and ``peak_rss_kb``.
    A record that makes a stage raise becomes an error; it never stops the batch.
    """
    from khabar.pipeline import make_article

    pipe = _pipeline()
    before = dict(pipe.timings)
    t0 = time.perf_counter()
    c0 = time.process_time()
    ids: list[str] = []
    lines: list[str] = []
    errors: list[dict[str, Any]] = []
    tokens = 0
    cols = empty_tables() if tables else None
    made: list[Any] = []
    for rec in records:
        try:
            art = make_article(rec.text, rec.date, id=rec.id, title=rec.title)
            art.meta = record_meta(rec)
        except Exception as exc:  # reported below, in its place
            art = exc
        made.append(art)
    # the whole chunk goes through the pipeline together (the model tags all its sentences at once)
    for rec, art in zip(records, pipe.run_many(made)):
        try:
            if isinstance(art, Exception):
                raise art
            d = art.to_dict()
            line = json.dumps(d, ensure_ascii=False)
        except Exception as exc:  # one bad article must not stop the corpus
            source, lineno = _line_of(rec.source)
            errors.append({
                "source": source, "line": lineno, "id": rec.id,
                "reason": f"analysis failed: {type(exc).__name__}: {exc}",
            })
            continue
        if cols is not None:
            _table_rows(d, cols)
        tokens += len(art.tokens)
        ids.append(rec.id)
        lines.append(line)
    return {
        "ids": ids,
        "lines": lines,
        "errors": errors,
        "tokens": tokens,
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        "timings": {k: v - before.get(k, 0.0) for k, v in pipe.timings.items()},
        "tables": cols,
        "pid": os.getpid(),
        "peak_rss_kb": _peak_rss_kb(),
    }


#: the young-generation threshold of the garbage collector in a worker (Python's default: 700)
WORKER_GC_THRESHOLD = (50_000, 20, 100)


def warm_up(tune_gc: bool = False) -> None:
    """Build the pipeline and run it once, so lazily loaded models are in memory.

    ``tune_gc`` (in a worker process khabar started): then move everything loaded so far to
    the collector's permanent generation (:func:`gc.freeze`), so that collections stop walking
    the models' and lexicons' millions of objects, and collect the young generation less often
    (the pipeline makes many short-lived objects and few cycles). About a tenth of a worker's
    time went to the collector before."""
    from khabar.pipeline import make_article

    try:
        _pipeline()(make_article("قال الرئيس إن الاجتماع عقد أمس في الرياض.", "2015-07-21"))
    finally:
        if tune_gc:
            import gc

            gc.collect()
            gc.freeze()
            gc.set_threshold(*WORKER_GC_THRESHOLD)


# ---------------------------------------------------------------------------------------
# main-process side


class Future(Protocol):
    def done(self) -> bool: ...

    def result(self) -> Any: ...


class Engine(Protocol):
    """What the runner (and ``khabar ingest``) needs from an engine."""

    #: how many tasks can usefully run at once (the number of worker processes)
    workers: int

    def run(self, fn: Callable[..., Any], *args: Any) -> Future:
        """``fn(*args)`` in a worker: ``fn`` a module-level function, ``args`` picklable."""
        ...

    def submit(self, chunk: list[Record], tables: bool) -> Future:
        """``run(analyze_chunk, chunk, tables)``."""
        ...

    def close(self) -> None:
        """Wait for the running tasks, drop the queued ones, release the workers."""
        ...

    def terminate(self) -> None:
        """Stop at once (Ctrl-C): running tasks are lost."""
        ...


def chunk_records(
    records: Iterable[Record | BadRecord],
    size: int,
    on_bad: Callable[[BadRecord], None],
    skip: Callable[[Record], bool] = lambda rec: False,
    max_chars: int = 2_000_000,
) -> Iterator[list[Record]]:
    """Group good records into lists of ``size`` (or fewer, if they reach ``max_chars``).

    Bad records go to ``on_bad`` as they are met; records for which ``skip`` is true are
    left out. Streams: holds one chunk at a time.
    """
    chunk: list[Record] = []
    chars = 0
    for rec in records:
        if isinstance(rec, BadRecord):
            on_bad(rec)
            continue
        if skip(rec):
            continue
        chunk.append(rec)
        chars += len(rec.text)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def ordered_results(submit: Callable[[Any], Future], items: Iterable[Any], in_flight: int) -> Iterator[Any]:
    """Submit ``items`` keeping at most ``in_flight`` unfinished, and yield their results
    in submission order. Memory is bounded by ``in_flight`` chunks, whatever the order in
    which workers finish."""
    if in_flight < 1:
        raise UsageError("in_flight must be at least 1")
    pending: deque[Future] = deque()
    it = iter(items)
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            try:
                item = next(it)
            except StopIteration:
                exhausted = True
                break
            pending.append(submit(item))
        if not pending:
            return
        fut = pending.popleft()
        yield fut.result()


@dataclass
class BatchConfig:
    """Everything ``khabar batch`` was asked to do."""

    inputs: list[str]
    out: Path
    fields: RecordFields = field(default_factory=RecordFields)
    workers: int = 2
    engine: str = "local"  # local, dask
    scheduler: str | None = None
    tables: bool = False  # --format parquet
    resume: bool = False
    overwrite: bool = False
    chunk_size: int = 32
    shard_size: int = 1000
    #: chunks out at once per worker (bounds memory; >1 keeps workers busy while results are written)
    in_flight_per_worker: int = 3
    #: show a progress bar (None: only when stderr is a terminal)
    progress: bool | None = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def local_engine(workers: int, warm: bool = True, **kw: Any) -> Engine:
    """The local engine: ``workers`` processes, or this process for ``workers=0``.
    ``warm`` and the rest: see :class:`~khabar.batch.local.LocalEngine`."""
    if workers == 0:
        from khabar.batch.local import InlineEngine

        return InlineEngine()
    from khabar.batch.local import LocalEngine

    return LocalEngine(workers, warm=warm, **kw)


def make_engine(config: BatchConfig) -> Engine:
    if config.engine == "local":
        if config.scheduler:
            raise UsageError("--scheduler needs --engine dask")
        return local_engine(config.workers)
    if config.engine == "dask":
        from khabar.batch.dask import DaskEngine

        return DaskEngine(config.workers, config.scheduler)
    raise UsageError(f"unknown engine {config.engine!r}; choose local or dask")


def _check_config(config: BatchConfig) -> None:
    if not config.inputs:
        raise UsageError("give at least one input file or folder")
    for p in config.inputs:
        if not Path(p).exists():
            raise UsageError(f"{p}: no such file or folder")
    if config.workers < 0:
        raise UsageError("--workers must be 0 (in this process) or more")
    if config.engine == "dask" and config.workers == 0:
        raise UsageError("--engine dask needs --workers 1 or more")
    if config.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    if config.shard_size < 1:
        raise UsageError("--shard-size must be at least 1")


def run_batch(config: BatchConfig, engine: Engine | None = None) -> dict[str, Any]:
    """Run a batch; returns the statistics also written to ``OUT/stats.json``.

    ``engine`` overrides the one ``config`` names (tests pass one bound to a shared
    cluster); it is not closed here.
    """
    from khabar.batch.progress import Progress
    from khabar.batch.writer import BatchWriter

    _check_config(config)
    t_start = time.perf_counter()
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    writer = BatchWriter(config.out, shard_size=config.shard_size, tables=config.tables)
    done_ids = writer.start(resume=config.resume, overwrite=config.overwrite)
    n_done_before = len(done_ids)

    counts = {"records": 0, "ok": 0, "errors": 0, "skipped": 0, "duplicates": 0, "tokens": 0}
    timings: dict[str, float] = {}
    rss: dict[int, int] = {}
    work_seconds = 0.0
    cpu_seconds = 0.0
    first_result: float | None = None
    seen: set[str] = set()  # ids met in this run (the input may hold the same article twice)
    unreadable: list[dict[str, Any]] = []  # inputs that could not be read to their end
    warnings: list[str] = []  # records read with a repair (bad UTF-8 bytes replaced)

    progress = Progress(config.inputs, config.fields, enabled=config.progress)

    def on_bad(bad: BadRecord) -> None:
        counts["records"] += 1
        counts["errors"] += 1
        if bad.stream_error:
            unreadable.append(bad.to_dict())
        writer.error(bad.to_dict())
        progress.update(1, counts)

    def skip(rec: Record) -> bool:
        counts["records"] += 1
        warnings.extend(rec.warnings)
        if rec.id in done_ids:
            counts["skipped"] += 1  # written by an earlier run (--resume)
        elif rec.id in seen:
            counts["duplicates"] += 1  # same id earlier in this input
        else:
            seen.add(rec.id)
            return False
        progress.update(1, counts)
        return True

    own_engine = engine is None
    interrupted = False
    started_engine = False
    try:
        if engine is None:
            engine = make_engine(config)
        started_engine = True
        chunks = chunk_records(iter_records(config.inputs, config.fields), config.chunk_size, on_bad, skip)
        in_flight = max(1, engine.workers * config.in_flight_per_worker)
        submit = lambda chunk: engine.submit(chunk, config.tables)  # noqa: E731
        for res in ordered_results(submit, chunks, in_flight):
            if first_result is None:
                first_result = time.perf_counter() - t_start
            writer.write(res["ids"], res["lines"], res.get("tables"))
            for err in res["errors"]:
                writer.error(err)
            counts["ok"] += len(res["ids"])
            counts["errors"] += len(res["errors"])
            counts["tokens"] += res["tokens"]
            work_seconds += res["seconds"]
            cpu_seconds += res.get("cpu_seconds", 0.0)
            for k, v in res["timings"].items():
                timings[k] = timings.get(k, 0.0) + v
            rss[res["pid"]] = max(rss.get(res["pid"], 0), res["peak_rss_kb"])
            progress.update(len(res["ids"]) + len(res["errors"]), counts)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        progress.close()
        try:
            if own_engine and engine is not None:
                engine.close()
        finally:
            seconds = time.perf_counter() - t_start
            stats = _stats(config, counts, seconds, first_result, timings, work_seconds, cpu_seconds, rss,
                           started, n_done_before, interrupted)
            stats["unreadable"] = unreadable
            stats["warnings"] = warnings
            # commit what is complete even when interrupted or failed: --resume goes on from there
            writer.close(stats if started_engine else None)
    return stats


def _stats(config, counts, seconds, first_result, timings, work_seconds, cpu_seconds, rss, started,
           n_before, interrupted) -> dict[str, Any]:
    tokens = counts["tokens"]
    stage_tps = {k: (tokens / v if v > 0 else None) for k, v in timings.items()}
    try:
        import resource

        main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except Exception:  # pragma: no cover
        main_rss = 0
    return {
        **counts,
        "seconds": round(seconds, 3),
        "tokens_per_second": round(tokens / seconds, 1) if seconds > 0 else None,
        "articles_per_second": round(counts["ok"] / seconds, 2) if seconds > 0 else None,
        "first_result_seconds": round(first_result, 3) if first_result is not None else None,
        "engine": config.engine if config.workers else "inline",
        "workers": config.workers,
        "chunk_size": config.chunk_size,
        "format": "parquet" if config.tables else "jsonl",
        "resumed": bool(config.resume),
        "analyses_before": n_before,
        "interrupted": interrupted,
        #: seconds spent in each stage, summed over workers (CPU-bound: ≈ CPU seconds)
        "stage_seconds": {k: round(v, 4) for k, v in timings.items()},
        #: tokens per second of one worker in each stage alone
        "stage_tokens_per_second": {k: (round(v, 1) if v else None) for k, v in stage_tps.items()},
        "worker_seconds": round(work_seconds, 3),
        #: CPU time the workers spent analysing (robust to other load on the machine)
        "worker_cpu_seconds": round(cpu_seconds, 3),
        "tokens_per_cpu_second": round(tokens / cpu_seconds, 1) if cpu_seconds > 0 else None,
        "peak_rss_mb_per_worker": sorted(round(v / 1024, 1) for v in rss.values()),
        "peak_rss_mb_main": round(main_rss / 1024, 1),
        "inputs": [str(p) for p in config.inputs],
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
