"""`khabar export` (not yet implemented)."""

from __future__ import annotations

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("export", help="(not yet implemented)")
    p.set_defaults(func=run)


def run(args) -> int:
    raise UsageError("khabar export is not implemented yet")
