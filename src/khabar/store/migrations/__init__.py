"""Versioned schema migrations, one list per backend.

Each migration is ``(version, description, statements)``; a store at version *n* applies
every migration above *n* in order, each in its own transaction, and records the new
version (SQLite: ``PRAGMA user_version``). Never edit a released migration: add one.
"""

from khabar.store.migrations.sqlite import MIGRATIONS as SQLITE_MIGRATIONS

__all__ = ["SQLITE_MIGRATIONS", "latest"]


def latest(migrations=SQLITE_MIGRATIONS) -> int:
    return max(v for v, _, _ in migrations)
