"""`khabar stats` (not yet implemented)."""

from __future__ import annotations

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("stats", help="(not yet implemented)")
    p.set_defaults(func=run)


def run(args) -> int:
    raise UsageError("khabar stats is not implemented yet")
