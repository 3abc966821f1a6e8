"""The ``khabar`` command. Each sub-command lives in its own module under ``khabar.cli``
and exposes ``register(subparsers)``; errors from the :mod:`khabar.errors` tree become a
one-line message on stderr and exit status 2 (1 for an unexpected failure), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from khabar import __version__
from khabar.errors import KhabarError

#: sub-command modules, in the order ``khabar --help`` lists them
COMMANDS = (
    "analyze", "eval", "train", "tag", "ingest", "search", "entity", "stats", "export", "batch", "serve",
    "migrate",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khabar", description="Arabic news in, structured and verifiable knowledge out."
    )
    parser.add_argument("--version", action="version", version=f"khabar {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"khabar.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from khabar.threads import one_blas_thread

    one_blas_thread()  # before anything loads numpy: processes, not BLAS threads, run in parallel
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KhabarError as exc:
        print(f"khabar: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("khabar: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
