"""``--engine local``: a pool of worker processes on this machine (``--workers 0``: inline).

Workers are forked from a fork server that has imported khabar (fast start, no threads
inherited); each builds ``default_pipeline()`` once. They ignore SIGINT, so Ctrl-C is
handled once, by the main process, which then commits what is complete.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from khabar.errors import KhabarError
from khabar.io import Record

__all__ = ["LocalEngine", "InlineEngine"]


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from khabar.batch.runner import warm_up
    from khabar.threads import one_blas_thread

    one_blas_thread()

    try:
        warm_up()
    except Exception:  # the first chunk will raise it again, as a clear error
        pass


class _Checked:
    """A future whose ``result()`` turns a dead pool into a KhabarError."""

    __slots__ = ("fut",)

    def __init__(self, fut: Future):
        self.fut = fut

    def result(self) -> Any:
        try:
            return self.fut.result()
        except BrokenProcessPool as exc:
            raise KhabarError(
                "a batch worker process died (out of memory or killed?); what was complete is "
                "written: rerun with --resume to go on"
            ) from exc


class LocalEngine:
    def __init__(self, workers: int):
        from khabar.threads import one_blas_thread

        one_blas_thread()  # inherited by the worker processes: one BLAS thread each
        self.workers = workers
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["khabar.batch.runner", "khabar.pipeline"])
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)

    def submit(self, chunk: list[Record], tables: bool) -> _Checked:
        from khabar.batch.runner import analyze_chunk

        try:
            return _Checked(self.pool.submit(analyze_chunk, chunk, tables))
        except BrokenProcessPool as exc:
            raise KhabarError("a batch worker process died; rerun with --resume to go on") from exc

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Lazy:
    __slots__ = ("chunk", "tables")

    def __init__(self, chunk: list[Record], tables: bool):
        self.chunk, self.tables = chunk, tables

    def result(self) -> Any:
        from khabar.batch.runner import analyze_chunk

        return analyze_chunk(self.chunk, self.tables)


class InlineEngine:
    """Runs chunks in this process, one at a time (debugging, profiling)."""

    workers = 1

    def submit(self, chunk: list[Record], tables: bool) -> _Lazy:
        return _Lazy(chunk, tables)

    def close(self) -> None:
        pass
