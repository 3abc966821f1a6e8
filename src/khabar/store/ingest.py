"""Fill a store from files: worker processes analyse, this process alone writes.

Records stream from :func:`khabar.io.iter_records` (text files, folders, HTML, JSON,
JSONL(.gz)). Records whose id is not stored yet go, a few at a time, to the workers of
khabar's one worker pool (:func:`khabar.batch.runner.local_engine`, the pool ``khabar batch``
runs on), which run the pipeline and :func:`~khabar.store.prepare.prepare` (normalization,
stems, rows) in :func:`prepare_chunk`; the parent takes the results back in input order and
writes them in batches, one transaction per batch. So a ``kill -9`` loses at most the batch
not yet committed, and a rerun skips every article already stored (ids are the record's id or
the hash of its normalized text).

Bad records (not JSON, missing or non-string text, undecodable, too large) and articles the
pipeline fails on are counted and listed with their line number, never fatal.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections import deque
from datetime import datetime, timezone
from typing import Any, Iterable

from khabar.errors import KhabarError, UsageError
from khabar.io import BadRecord, Record, RecordFields, iter_records
from khabar.pipeline import MAX_ARTICLE_CHARS
from khabar.store.base import Store
from khabar.store.prepare import prepare

__all__ = ["ingest", "ingest_records", "prepare_chunk", "MAX_CHARS", "CHUNK_SIZE"]

#: articles longer than this (characters) are reported as failed, not analysed: the
#: pipeline's limit (:data:`khabar.pipeline.MAX_ARTICLE_CHARS`)
MAX_CHARS = MAX_ARTICLE_CHARS
#: failures listed in the summary (the rest are only counted)
MAX_LISTED = 1000
#: records sent to a worker at once (fewer when the input pauses): the worker's model tags
#: the sentences of a chunk together, which is faster the more there are
CHUNK_SIZE = 16
#: chunks out at once per worker: keeps every worker busy while results are written
IN_FLIGHT_PER_WORKER = 3


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _reason(exc: BaseException) -> str:
    """Why a record failed, for the summary."""
    if isinstance(exc, KhabarError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "analysis failed: text too deeply nested (RecursionError)"
    if isinstance(exc, MemoryError):
        return "analysis failed: out of memory; split the article"
    return f"analysis failed: {type(exc).__name__}: {exc}"


def _prepared(rec: Record, art: Any) -> tuple[str, Any]:
    """``("ok", PreparedArticle)`` for an analysed article (or None: not analysed), or
    ``("fail", reason)`` for the exception in its place."""
    try:
        if isinstance(art, BaseException):
            raise art
        return "ok", prepare(None if art is None else art.to_dict(), rec)
    except (Exception, RecursionError, MemoryError) as exc:  # one bad article never stops an ingest
        return "fail", _reason(exc)


def prepare_chunk(records: list[Record], analyze: bool = True) -> list[tuple[str, Any]]:
    """What a worker does with a chunk of records: for each, ``("ok", PreparedArticle)``
    (analysed unless ``analyze`` is false, and cut into the store's rows) or ``("fail",
    reason)``. The chunk goes through the pipeline together
    (:meth:`~khabar.pipeline.Pipeline.run_many`). Never raises for one bad article."""
    if not analyze:
        return [_prepared(rec, None) for rec in records]
    from khabar.pipeline import default_pipeline, make_article

    made: list[Any] = []
    for rec in records:
        try:
            made.append(make_article(rec.text, rec.date, id=rec.id, title=rec.title))
        except (Exception, RecursionError, MemoryError) as exc:
            made.append(exc)
    return [_prepared(rec, art) for rec, art in zip(records, default_pipeline().run_many(made))]


_END = object()


class _ReadError:
    def __init__(self, exc: BaseException):
        self.exc = exc


def _read_into(records: Iterable, feed: "queue.Queue") -> None:
    try:
        for item in records:
            feed.put(item)
    except BaseException as exc:  # handed to the main thread, which raises it
        feed.put(_ReadError(exc))
        return
    feed.put(_END)


def _where(source: str) -> tuple[str, int | None]:
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return source, None


def ingest(
    paths: Iterable[str | os.PathLike],
    store: Store,
    fields: RecordFields | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    batch_size: int = 200,
    analyze: bool = True,
    max_chars: int = MAX_CHARS,
) -> dict[str, Any]:
    """Read, analyse and store every record under ``paths``; returns a summary dict:
    ``stored``, ``duplicates``, ``failed``, ``failures`` (``{source, line, reason}``, the first
    1,000), ``records``, ``seconds``, ``rate`` (stored articles/s), ``interrupted``.

    ``workers``: analysing processes (default: CPU count; 0 analyses in this process).
    ``analyze=False`` stores text and metadata only (searchable, no annotations).
    ``progress``: a progress bar on stderr (default: when stderr is a terminal).
    """
    paths = [str(p) for p in paths]
    if not paths:
        raise UsageError("nothing to ingest; give files or folders")
    summary = ingest_records(
        iter_records(paths, fields or RecordFields()), store, workers=workers, progress=progress,
        batch_size=batch_size, analyze=analyze, max_chars=max_chars,
    )
    summary["inputs"] = paths
    try:
        store.log_run(summary)
    except KhabarError:  # the log is a convenience; the articles are committed
        pass
    return summary


def ingest_records(
    records: Iterable[Record | BadRecord],
    store: Store,
    workers: int | None = None,
    progress: bool | None = None,
    batch_size: int = 200,
    analyze: bool = True,
    max_chars: int = MAX_CHARS,
    flush_seconds: float = 10.0,
) -> dict[str, Any]:
    """:func:`ingest` over already-read records (``Record``/``BadRecord``)."""
    if batch_size < 1:
        raise UsageError("batch size must be at least 1")
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 0:
        raise UsageError("workers must be 0 (analyse in this process) or more")
    if progress is None:
        progress = sys.stderr.isatty()
    t0 = time.perf_counter()
    s: dict[str, Any] = {
        "started": _now(), "finished": "", "analyzed": analyze, "workers": workers,
        "records": 0, "stored": 0, "duplicates": 0, "failed": 0, "failures": [],
        "seconds": 0.0, "rate": 0.0, "write_seconds": 0.0, "interrupted": False,
        "unreadable": [],  # inputs that could not be read to their end (a corrupt gzip stream)
        "warnings": [],  # records read with a repair (bad UTF-8 bytes replaced): source:line: what
    }
    if not store.index_is_current():
        # the spelling/clitic rules changed since the index was built: rebuild it first, so
        # that old and new articles are searched alike
        s["reindexed"] = store.reindex()
    pending: list = []
    last_flush = time.monotonic()
    seen: set[str] = set()

    bar: Any = None

    def fail(source: str, line: int | None, reason: str) -> None:
        s["failed"] += 1
        if len(s["failures"]) < MAX_LISTED:
            s["failures"].append({"source": source, "line": line, "reason": reason})

    def flush() -> None:
        nonlocal last_flush
        if pending:
            w0 = time.perf_counter()
            with store.batch():
                for p in pending:
                    if store.add_prepared(p):
                        s["stored"] += 1
                    else:
                        s["duplicates"] += 1
            pending.clear()
            s["write_seconds"] += time.perf_counter() - w0
        last_flush = time.monotonic()
        if bar is not None:
            bar.set_postfix(stored=s["stored"], dup=s["duplicates"], failed=s["failed"], refresh=False)

    def handle(rec: Record, result: tuple[str, Any]) -> None:
        status, value = result
        if status == "ok":
            pending.append(value)
            if len(pending) >= batch_size or time.monotonic() - last_flush >= flush_seconds:
                flush()
        else:
            fail(*_where(rec.source), value)
        if bar is not None:
            bar.update(1)

    from khabar.batch.runner import local_engine

    # workers=0: the inline engine, one record at a time, as it is read
    engine = local_engine(workers, warm=analyze, what="ingest", rerun="rerun the same command to add the rest")
    chunk_size = CHUNK_SIZE if workers > 0 else 1
    max_inflight = max(2, engine.workers * IN_FLIGHT_PER_WORKER)
    if progress:  # after starting the pool: tqdm may start a monitor thread
        try:
            from tqdm import tqdm

            bar = tqdm(desc="ingest", unit=" rec", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
        except ImportError:  # pragma: no cover - tqdm is a dependency
            bar = None
    chunk: list[Record] = []
    inflight: deque = deque()  # (records, future), in input order

    def send() -> None:
        if chunk:
            recs = list(chunk)
            inflight.append((recs, engine.run(prepare_chunk, recs, analyze)))
            chunk.clear()

    def take(block: bool) -> None:
        """Handle finished chunks in input order; ``block``: wait for all of them. Also
        waits while more than ``max_inflight`` chunks are out."""
        while inflight and (block or len(inflight) > max_inflight or inflight[0][1].done()):
            recs, fut = inflight.popleft()
            try:
                results = fut.result()
            except Exception:
                flush()  # a worker died: keep what is complete
                raise
            for rec, res in zip(recs, results):
                handle(rec, res)

    def take_finished() -> None:
        """After an interrupt: keep every chunk that is complete, in input order (inline,
        nothing is: a task runs when its result is asked for)."""
        while workers > 0 and inflight and inflight[0][1].done():
            recs, fut = inflight.popleft()
            try:
                results = fut.result()
            except BaseException:  # noqa: BLE001 - cancelled or its worker gone
                break
            for rec, res in zip(recs, results):
                handle(rec, res)

    def next_item():
        try:
            return feed.get_nowait()
        except queue.Empty:
            pass
        send()  # the input pauses: what is gathered goes out now
        take(False)
        while True:
            try:
                return feed.get(timeout=0.25)
            except queue.Empty:
                take(False)
                if pending and time.monotonic() - last_flush >= flush_seconds:
                    flush()

    # records are read in a thread, so that a slow or blocking input (a pipe, a network
    # disk) never holds back collecting results and committing them
    feed: queue.Queue = queue.Queue(maxsize=max_inflight * chunk_size * 4)
    reader = threading.Thread(target=_read_into, args=(records, feed), daemon=True, name="khabar-ingest-reader")
    reader.start()
    finished = False
    try:
        while True:
            item = next_item()
            if item is _END:
                break
            if isinstance(item, _ReadError):
                raise item.exc
            s["records"] += 1
            if isinstance(item, BadRecord):
                fail(item.source, item.line, item.reason)
                if item.stream_error:
                    s["unreadable"].append(item.to_dict())
                if bar is not None:
                    bar.update(1)
                continue
            if item.warnings:
                s["warnings"].extend(item.warnings)
            if len(item.text) > max_chars:
                fail(*_where(item.source), f"text too large ({len(item.text):,} characters > {max_chars:,}); split it")
                if bar is not None:
                    bar.update(1)
                continue
            if item.id in seen or store.has(item.id):
                s["duplicates"] += 1
                if bar is not None:
                    bar.update(1)
                continue
            seen.add(item.id)
            chunk.append(item)
            if len(chunk) >= chunk_size:
                send()
                take(False)
        send()
        take(True)
        flush()
        finished = True
    except KeyboardInterrupt:
        s["interrupted"] = True
        take_finished()  # what is analysed is complete: keep it
        engine.terminate()
        flush()
    except Exception:
        # an unexpected failure (reading an input, a worker): commit what is complete first,
        # so that a rerun skips it as duplicates
        try:
            take_finished()
            flush()
        except Exception:  # noqa: BLE001 - the first error is the one to report
            pass
        raise
    finally:
        if finished:
            engine.close()
        else:
            engine.terminate()
        if bar is not None:
            bar.close()
    s["seconds"] = round(time.perf_counter() - t0, 3)
    s["rate"] = round(s["stored"] / s["seconds"], 2) if s["seconds"] > 0 else 0.0
    s["write_seconds"] = round(s["write_seconds"], 3)
    s["finished"] = _now()
    return s
