"""The corpus store: ingest many articles once, then search and ask questions across them.

    >>> from khabar.store import open_store
    >>> with open_store("corpus.db") as store:          # doctest: +SKIP
    ...     store.search("الأمم المتحدة", since="2015-07")

:func:`open_store` picks the backend from the location (an SQLite file today; a
``postgresql://`` URL is reserved for a PostgreSQL backend implementing
:class:`~khabar.store.base.Store`). ``khabar.store.ingest.ingest`` fills a store from
files with worker processes and one writer. Nothing is opened on import.
"""

from __future__ import annotations

import os

from khabar.errors import StoreError
from khabar.store.base import Store

__all__ = ["open_store", "Store"]


def open_store(db: str | os.PathLike, create: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``db``: an SQLite file path or ``:memory:``.

    ``create=False`` refuses to make a new database (for commands that only read).
    """
    loc = str(db)
    if loc.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"{loc.split('@')[-1]}: the PostgreSQL backend is not available yet; use an SQLite file for --db")
    if not loc:
        raise StoreError("no database given; pass --db FILE (e.g. --db corpus.db)")
    from khabar.store.sqlite import SQLiteStore

    return SQLiteStore(loc, create=create)

