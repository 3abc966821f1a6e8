"""One BLAS thread per process.

khabar parallelises with processes (``khabar batch``, Dask workers), and the neural NER
model's matrix products are small: OpenBLAS threads spinning next to other busy processes
slow everything down (a 2-worker batch on 2 cores ran several times slower with the default
of one BLAS thread per core). The CLI and the batch runner call :func:`one_blas_thread` before
numpy is imported; a value the user set in the environment wins. Library users who import
numpy themselves choose their own setting.
"""

from __future__ import annotations

import os

__all__ = ["one_blas_thread", "BLAS_THREAD_VARS"]

BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Default the BLAS thread-count variables to 1 (takes effect where numpy is loaded
    after this call: this process if it has not imported numpy yet, and child processes)."""
    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")
