"""Batch analysis at corpus scale, on local worker processes or on Dask.

    >>> from khabar.batch import BatchConfig, run_batch
    >>> stats = run_batch(BatchConfig(["corpus.jsonl.gz"], Path("out"), workers=2))  # doctest: +SKIP

See ``docs/batch.md``. Nothing heavy is imported here: engines load when asked for.
"""

from khabar.batch.runner import BatchConfig, analyze_chunk, run_batch
from khabar.batch.writer import iter_analyses, read_ids

__all__ = ["BatchConfig", "run_batch", "analyze_chunk", "iter_analyses", "read_ids"]
