"""``--engine local``: a pool of worker processes on this machine (``--workers 0``: inline).

The one worker pool of khabar: ``khabar batch`` sends it chunks to analyse
(:meth:`LocalEngine.submit`), ``khabar ingest`` chunks to analyse and prepare for the store
(:meth:`LocalEngine.run` with :func:`khabar.store.ingest.prepare_chunk`).

Workers are forked from a fork server that has imported khabar (fast start, no threads
inherited); each builds ``default_pipeline()`` once (``warm=False`` leaves it to the first
task, for work that needs no pipeline). They run one BLAS thread each and ignore SIGINT, so
Ctrl-C is handled once, by the main process, which then commits what is complete. Workers
and the fork server die with the main process, even on ``kill -9``
(:mod:`khabar.batch.lifeline`).
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from khabar.errors import KhabarError
from khabar.io import Record

__all__ = ["LocalEngine", "InlineEngine"]


def _init_worker(warm: bool = True, forked_by_server: bool = False) -> None:
    from khabar.batch.lifeline import die_with_parent

    # kill -9 of the main process must not leave workers behind
    die_with_parent(pdeathsig=forked_by_server)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from khabar.threads import one_blas_thread

    one_blas_thread()
    if not warm:
        return
    from khabar.batch.runner import warm_up

    try:
        warm_up(tune_gc=True)
    except Exception:  # the first chunk will raise it again, as a clear error
        pass


def _died(what: str) -> str:
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what} worker process died"


class _Checked:
    """A future whose ``result()`` turns a dead pool into a KhabarError."""

    __slots__ = ("fut", "engine")

    def __init__(self, fut: Future, engine: "LocalEngine"):
        self.fut = fut
        self.engine = engine

    def done(self) -> bool:
        return self.fut.done()

    def result(self) -> Any:
        try:
            return self.fut.result()
        except BrokenProcessPool as exc:
            raise KhabarError(
                f"{_died(self.engine.what)} (out of memory or killed?); what was complete is "
                f"written: {self.engine.rerun}"
            ) from exc


class LocalEngine:
    """``workers`` processes; ``warm``: build and run the pipeline in each as it starts.
    ``what`` (the command) and ``rerun`` (what to do next) word the error of a dead worker."""

    def __init__(self, workers: int, warm: bool = True, what: str = "batch",
                 rerun: str = "rerun with --resume to go on"):
        from khabar.threads import one_blas_thread

        one_blas_thread()  # inherited by the worker processes: one BLAS thread each
        self.workers = workers
        self.what = what
        self.rerun = rerun
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            # the lifeline first: the fork server dies with this process (see batch/lifeline.py)
            ctx.set_forkserver_preload(["khabar.batch._forkserver_lifeline", "khabar.batch.runner", "khabar.pipeline"])
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                        initargs=(warm, ctx.get_start_method() == "forkserver"))

    def run(self, fn: Callable, *args: Any) -> _Checked:
        """``fn(*args)`` in a worker (``fn`` a module-level function, ``args`` picklable)."""
        try:
            return _Checked(self.pool.submit(fn, *args), self)
        except BrokenProcessPool as exc:
            raise KhabarError(f"{_died(self.what)}; {self.rerun}") from exc

    def submit(self, chunk: list[Record], tables: bool) -> _Checked:
        """Analyse a chunk (:func:`~khabar.batch.runner.analyze_chunk`) in a worker."""
        from khabar.batch.runner import analyze_chunk

        return self.run(analyze_chunk, chunk, tables)

    def close(self) -> None:
        """Wait for the running tasks; drop the queued ones."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now (Ctrl-C): queued tasks are dropped and running ones killed."""
        procs = list((getattr(self.pool, "_processes", None) or {}).values())
        manager = getattr(self.pool, "_executor_manager_thread", None)  # shutdown() forgets it
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=10)
        # the pool's manager thread fails the futures of the killed tasks: wait for it, so
        # that every future is done when terminate() returns (it was a race)
        if manager is not None and manager.is_alive():
            manager.join(timeout=10)


class _Lazy:
    """A task run in this process when its result is asked for."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: Callable, args: tuple):
        self.fn, self.args = fn, args

    def done(self) -> bool:
        return True  # nothing to wait for: result() runs it now

    def result(self) -> Any:
        return self.fn(*self.args)


class InlineEngine:
    """Runs tasks in this process, one at a time (debugging, profiling, ``--workers 0``)."""

    workers = 1

    def run(self, fn: Callable, *args: Any) -> _Lazy:
        return _Lazy(fn, args)

    def submit(self, chunk: list[Record], tables: bool) -> _Lazy:
        from khabar.batch.runner import analyze_chunk

        return self.run(analyze_chunk, chunk, tables)

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass
