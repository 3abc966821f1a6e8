"""``--engine dask``: chunks run on ``dask.distributed`` workers.

Without ``--scheduler`` a :class:`~distributed.LocalCluster` of ``--workers`` single-threaded
worker processes is started (and stopped at the end); with it, the chunks go to a running
cluster, whose workers must have khabar installed (the same version). Dask is imported
only here, when this engine is asked for.
"""

from __future__ import annotations

import logging
from typing import Any

from khabar.errors import UsageError
from khabar.io import Record

__all__ = ["DaskEngine", "LOCAL_CLUSTER_CONFIG"]

#: Dask settings of the cluster this engine starts (not of a cluster it is given)
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
}


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise UsageError("--engine dask needs dask.distributed: pip install 'khabar[dask]'") from exc
    return distributed


def _warm_up(tune_gc: bool = False) -> int:
    import os

    from khabar.batch.runner import warm_up

    try:
        warm_up(tune_gc=tune_gc)
    except Exception:  # the first chunk raises it again, as a clear error
        pass
    return os.getpid()


class DaskEngine:
    def __init__(self, workers: int = 2, scheduler: str | None = None, timeout: float = 20.0):
        distributed = _distributed()
        self.cluster = None
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout=timeout)
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); is it running?") from exc
            n = len(self.client.scheduler_info().get("workers", {}))
            self.workers = max(1, n)
        else:
            import dask

            # the workers' statistical profiler samples every thread each 10 ms: a fifth of a
            # worker's time went to it (and to the GIL it takes); this cluster is only ours
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = distributed.Client(self.cluster)
            self.workers = workers
        # build the pipeline on every worker now (in parallel), not in the first chunk
        # (and tune the collector of the workers this engine started: not those of a shared cluster)
        self.client.run(_warm_up, self.cluster is not None)

    def run(self, fn, *args: Any) -> Any:
        """``fn(*args)`` on a worker (a Dask future: ``done()``, ``result()``)."""
        return self.client.submit(fn, *args, pure=False)

    def submit(self, chunk: list[Record], tables: bool) -> Any:
        from khabar.batch.runner import analyze_chunk

        return self.run(analyze_chunk, chunk, tables)

    def terminate(self) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
