"""A progress bar (records, rate, ETA, tokens/s) on a terminal; silent otherwise.

The total is counted in a background thread (lines of JSONL files, one per other file)
so that the bar starts at once and gets its ETA as soon as the count is known.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterable

__all__ = ["Progress", "count_records"]


def _expand(paths: Iterable[str]) -> Iterable[Path]:
    try:
        from khabar.io import _expand as expand  # the same walk as iter_records
    except ImportError:  # pragma: no cover - io changed
        return [Path(p) for p in paths]
    return expand(paths)


def count_records(paths: Iterable[str]) -> int:
    """About how many records ``iter_records(paths)`` will yield (newline count of JSONL
    files, one per other file), without parsing JSON."""
    total = 0
    for path in _expand(paths):
        name = path.name.lower()
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            opener = gzip.open if name.endswith(".gz") else open
            try:
                with opener(path, "rb") as fh:
                    last = b"\n"
                    while block := fh.read(1 << 20):
                        total += block.count(b"\n")
                        last = block[-1:]
                    total += last != b"\n"
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total


class Progress:
    """``update(n, counts)`` after each result; ``close()`` at the end."""

    def __init__(self, inputs: Iterable[str], fields: Any = None, enabled: bool | None = None):
        if enabled is None:
            enabled = bool(getattr(sys.stderr, "isatty", lambda: False)())
        self.enabled = enabled
        self.bar = None
        self._total: int | None = None
        self._t0 = time.perf_counter()
        if not enabled:
            return
        from tqdm import tqdm

        self.bar = tqdm(
            total=None, unit=" art", desc="khabar batch", file=sys.stderr, dynamic_ncols=True,
            smoothing=0.05, mininterval=0.5,
        )
        paths = [str(p) for p in inputs]
        threading.Thread(target=self._count, args=(paths,), daemon=True, name="khabar-count").start()

    def _count(self, paths: list[str]) -> None:
        try:
            self._total = count_records(paths)
        except Exception:  # the bar works without a total
            pass

    def update(self, n: int, counts: dict[str, int]) -> None:
        bar = self.bar
        if bar is None:
            return
        if self._total is not None and bar.total is None:
            bar.total = max(self._total, bar.n + n)
        elapsed = time.perf_counter() - self._t0
        tps = counts.get("tokens", 0) / elapsed if elapsed > 0 else 0.0
        bar.set_postfix_str(f"{tps:,.0f} tok/s, {counts.get('errors', 0)} errors", refresh=False)
        bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
