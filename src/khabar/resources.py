"""Access to the data files shipped in ``khabar/data`` (lexicons, gazetteers, models).

Shorthands for the shipped :class:`~khabar.arabic.lexicon.Lexicon`, which does the reading
and caching (and raises :class:`~khabar.errors.DataError` naming a missing or corrupt file).
Nothing is read at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["data_path", "load_json", "read_lines"]


def _shipped():
    from khabar.arabic.lexicon import Lexicon

    return Lexicon.default()


def data_path(name: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("lexicons/plover.json")``."""
    return _shipped().path(name)


def load_json(name: str) -> Any:
    """Parse a shipped JSON data file (cached; do not modify it)."""
    return _shipped().table(name)


def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment (``#``) lines of a shipped text data file (cached)."""
    return _shipped().text_lines(name)
