"""The ``khabar`` command. Each sub-command lives in its own module under ``khabar.cli``
and exposes ``register(subparsers)``; errors from the :mod:`khabar.errors` tree become a
one-line message on stderr and exit status 2 (1 for an unexpected failure), never a traceback.

So do the errors of the system around it, in one place (:func:`main`): a file that cannot be
read or written (no such folder, no permission, a name over 255 bytes, a full disk) is an
``OSError`` with the file's name, and output that cannot be written (``> /dev/full``, a
closed pipe) ends the command with one line too.
"""

from __future__ import annotations

import errno
import os
import sys
from importlib import import_module

from khabar import __version__
from khabar.cli.options import Parser
from khabar.errors import KhabarError

#: sub-command modules, in the order ``khabar --help`` lists them
COMMANDS = (
    "analyze", "eval", "train", "tag", "ingest", "search", "entity", "stats", "export", "batch", "serve",
    "migrate",
)

#: what to do about an OSError, by errno
_HINTS = {
    errno.ENOENT: "no such file or folder; check the path",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EACCES: "permission denied; choose a place you may read or write",
    errno.EPERM: "operation not permitted; choose a place you may read or write",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.ENAMETOOLONG: "the file name is too long (255 bytes at most per name); choose a shorter one",
    errno.ENOSPC: "no space left on the device; free some space or write elsewhere",
    errno.EISDIR: "is a folder; give a file",
    errno.EEXIST: "already exists",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n)",
}


def build_parser() -> Parser:
    parser = Parser(prog="khabar", description="Arabic news in, structured and verifiable knowledge out.")
    parser.add_argument("--version", action="version", version=f"khabar {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"khabar.cli.{name}").register(sub)
    return parser


def os_error_message(exc: OSError) -> str:
    """One line for an OSError: the file, what happened, what to do."""
    hint = _HINTS.get(exc.errno or -1) or (exc.strerror or str(exc))
    name = exc.filename
    if name is None:
        return hint
    shown = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    if len(shown) > 120:
        shown = shown[:60] + "…" + shown[-40:]
    return f"{shown}: {hint}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _error(msg: str) -> None:
    try:
        print(f"khabar: error: {msg}", file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    from khabar.threads import one_blas_thread

    one_blas_thread()  # before anything loads numpy: processes, not BLAS threads, run in parallel
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        try:
            rc = int(args.func(args) or 0)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return rc
    except KhabarError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        print("khabar: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (khabar … | head): not an error
        return 0
    except OSError as exc:
        if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF):
            _silence_stdout()
            _error(f"cannot write the output: {_HINTS.get(exc.errno) or exc.strerror}")
            return 2
        _error(os_error_message(exc))
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
