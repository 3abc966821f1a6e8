"""One BLAS thread per process.

khabar parallelises with processes (``khabar batch``, Dask workers), and the neural NER
model's matrix products are small: OpenBLAS threads spinning next to other busy processes
slow everything down (a 2-worker batch on 2 cores ran several times slower with the default
of one BLAS thread per core). The CLI, the batch engine and the ingest and batch worker
processes call :func:`one_blas_thread`; a value the user set in the environment wins. Library
users who import numpy themselves choose their own setting.
"""

from __future__ import annotations

import os
import sys

__all__ = ["one_blas_thread", "BLAS_THREAD_VARS"]

BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Default the BLAS thread-count variables to 1, for numpy loaded later here and in child
    processes; where numpy is loaded already (a forked worker), set the live limit too."""
    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")
    if "numpy" in sys.modules:
        try:
            n = max(1, int(os.environ["OPENBLAS_NUM_THREADS"]))
        except ValueError:
            n = 1
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=n, user_api="blas")
