"""Worker processes die with the process that started them (issue #17).

``kill -9`` of ``khabar batch`` or ``khabar ingest`` gives its pool no chance to stop its
workers; without this they (and the multiprocessing fork server) ran on indefinitely.
:func:`die_with_parent` is called in each worker as it starts, and in the fork server (which
imports :mod:`khabar.batch._forkserver_lifeline` as a preload): a daemon thread checks every
:data:`POLL_SECONDS` whether the parent changed (the process was orphaned) and exits then;
on Linux a worker forked by the fork server also asks the kernel for SIGKILL when its
parent exits (``prctl(PR_SET_PDEATHSIG)``). That signal comes when the parent *thread*
that forked it ends, so it is asked only where that thread lives as long as its process
(the fork server's one thread), never of a process started by a thread of the caller's. So the chain main → fork server → workers ends within about a
second of the main process, and the resource tracker, its pipe closed, after them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent", "POLL_SECONDS"]

#: how often an orphaned process notices (seconds)
POLL_SECONDS = 0.5

_watching_in: int | None = None  # the pid that started its watch (a forked child has none)


def _pdeathsig() -> None:
    """Linux: SIGKILL this process when its parent exits."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except Exception:  # pragma: no cover - no libc prctl: the watch thread does it
        pass


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:  # orphaned: the parent is gone
            os._exit(1)


def die_with_parent(parent: int | None = None, pdeathsig: bool = False) -> None:
    """End this process when its parent (``parent``: the pid it should have, default the
    current one) exits; ``pdeathsig``: also ask Linux for SIGKILL then (only where the
    forking thread lives as long as the parent process). Idempotent in a process; a forked
    child must call it again."""
    global _watching_in
    if _watching_in == os.getpid():
        return
    _watching_in = os.getpid()
    if pdeathsig:
        _pdeathsig()
    expected = os.getppid() if parent is None else parent
    if os.getppid() != expected:  # the parent died before we asked
        os._exit(1)
    threading.Thread(target=_watch, args=(expected,), daemon=True, name="khabar-lifeline").start()
