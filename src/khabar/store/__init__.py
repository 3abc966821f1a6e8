"""The corpus store: ingest many articles once, then search and ask questions across them.

    >>> from khabar.store import open_store
    >>> with open_store("corpus.db") as store:          # doctest: +SKIP
    ...     store.search("الأمم المتحدة", since="2015-07")

:func:`open_store` picks the backend from the location: an SQLite file (the default, embedded)
or a ``postgresql://`` URL (:mod:`khabar.store.postgres`, a shared corpus server; needs
``pip install 'khabar[postgres]'``). ``khabar.store.ingest.ingest`` fills a store from
files with worker processes and one writer. Nothing is opened on import.
"""

from __future__ import annotations

import os
import re

from khabar.errors import StoreError
from khabar.store.base import Store

__all__ = ["open_store", "Store", "display_location"]


def display_location(db: str | os.PathLike) -> str:
    """``db`` as messages show it: a URL without its password."""
    return re.sub(r"^(\w+://[^:@/]*):[^@/]*@", r"\1@", str(db))


def open_store(db: str | os.PathLike, create: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``db``: an SQLite file path, ``:memory:``, or a
    ``postgresql://user@host:port/dbname`` URL (the database must exist on the server).

    ``create=False`` refuses to make a new database (for commands that only read).
    """
    loc = str(db)
    if loc.startswith(("postgresql://", "postgres://")):
        from khabar.store.postgres import PostgresStore

        return PostgresStore(loc, create=create)
    if not loc:
        raise StoreError("no database given; pass --db FILE (e.g. --db corpus.db)")
    from khabar.store.sqlite import SQLiteStore

    return SQLiteStore(loc, create=create)

