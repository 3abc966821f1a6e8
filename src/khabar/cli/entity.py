"""`khabar entity` (not yet implemented)."""

from __future__ import annotations

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("entity", help="(not yet implemented)")
    p.set_defaults(func=run)


def run(args) -> int:
    raise UsageError("khabar entity is not implemented yet")
