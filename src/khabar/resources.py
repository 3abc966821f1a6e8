"""Access to the data files shipped in ``khabar/data`` (lexicons, gazetteers, models).

Nothing is read at import time: each loader reads on first call and caches.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from khabar.errors import DataError

__all__ = ["data_path", "load_json", "read_lines"]


def data_path(name: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("lexicons/titles.txt")``."""
    path = Path(str(resources.files("khabar") / "data" / name))
    if not path.exists():
        raise DataError(f"shipped data file missing: khabar/data/{name}; reinstall khabar")
    return path


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


@lru_cache(maxsize=None)
def load_json(name: str):
    """Parse a shipped JSON data file (cached)."""
    try:
        with _open_text(data_path(name)) as fh:
            return json.load(fh)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"corrupt data file khabar/data/{name} ({exc}); reinstall khabar") from exc


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment (``#``) lines of a shipped text data file (cached)."""
    try:
        with _open_text(data_path(name)) as fh:
            return tuple(
                line.rstrip("\n") for line in fh if line.strip() and not line.lstrip().startswith("#")
            )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read data file khabar/data/{name} ({exc}); reinstall khabar") from exc
