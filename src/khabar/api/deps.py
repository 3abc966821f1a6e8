"""What the routes share, handed to them by FastAPI's dependency injection.

:func:`~khabar.api.app.create_app` builds one :class:`Services` around the store it is
given and keeps it on ``app.state.services``; a route asks for it with a ``ServicesDep``
parameter (never a module global), so two apps over two stores live side by side, and a
test can hand an app any :class:`~khabar.store.base.Store`.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Annotated, Any, Callable

from fastapi import Depends, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar.api.params import bad_id
from khabar.errors import InputError

if TYPE_CHECKING:
    from khabar.store.base import Store

__all__ = ["Services", "ServicesDep", "get_services", "STATS_TTL", "AnalysisPool", "public", "public_source",
           "ANALYZE_WORKERS", "ANALYZE_QUEUE", "ANALYZE_TIMEOUT"]

#: seconds the home page's counts, latest articles and top entities (and /api/stats) are reused
STATS_TTL = 30.0
#: analyses run at once, analyses that may wait for them, and seconds a request waits for its
#: analysis before it gets 503 (the analysis itself goes on and its slot stays taken)
ANALYZE_WORKERS = 1
ANALYZE_QUEUE = 4
ANALYZE_TIMEOUT = 60.0


class AnalysisPool:
    """Analyses run in their own threads, never in the pool that serves searches and pages:
    ``workers`` at a time, at most ``queue`` more waiting; one more gets 503 with
    ``Retry-After`` at once, and one that waits over ``timeout`` seconds gets 503 too."""

    def __init__(self, workers: int = ANALYZE_WORKERS, queue: int = ANALYZE_QUEUE, timeout: float = ANALYZE_TIMEOUT):
        self.workers, self.queue, self.timeout = workers, queue, timeout
        self._slots = threading.BoundedSemaphore(workers + queue)
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._taken = 0

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="khabar-analyze")
            return self._executor

    @property
    def taken(self) -> int:
        """Analyses running or waiting now."""
        with self._lock:
            return self._taken

    def _release(self, _fut=None) -> None:
        with self._lock:
            self._taken -= 1
        self._slots.release()

    def _busy(self, why: str) -> StarletteHTTPException:
        return StarletteHTTPException(503, why, headers={"Retry-After": str(max(1, int(self.timeout // 4)))})

    async def run(self, fn: Callable, *args: Any) -> Any:
        if not self._slots.acquire(blocking=False):
            raise self._busy(f"busy: {self.workers + self.queue} analyses are running or waiting; try again shortly")
        with self._lock:
            self._taken += 1
        try:
            fut = self._pool().submit(fn, *args)
        except BaseException:
            self._release()
            raise
        fut.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), self.timeout)
        except asyncio.TimeoutError:
            raise self._busy(f"the analysis did not finish within {self.timeout:g} s (the server is busy, or the "
                             "text is long); try again later, or split the text") from None

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


def public_source(source: Any) -> Any:
    """What a client may see of where an article came from: the file's name (and line), not
    the server's folders. ``/srv/data/2015/x.jsonl:12`` → ``x.jsonl:12``."""
    if not isinstance(source, str) or not source:
        return source
    return PureWindowsPath(PurePosixPath(source).name).name if ("/" in source or "\\" in source) else source


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (public_source(v) if k == "source" and isinstance(v, str) else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def public(value: Any) -> Any:
    """A route's answer as the web may see it: every article ``source`` in it (at any depth)
    reduced to the file name (:func:`public_source`)."""
    return _scrub(value)


class Services:
    """The store, the analyser and the small state the routes share: one analysis at a time,
    and a cache of the corpus-wide numbers."""

    def __init__(self, store: Store, analyze: Callable, max_text_chars: int, css: bytes = b"",
                 stats_ttl: float = STATS_TTL, pool: AnalysisPool | None = None, csrf_token: str | None = None):
        self.store = store
        #: analyses run here, apart from the threads that serve searches and pages
        self.pool = pool or AnalysisPool()
        #: the analyze form's token: a page of this server's carries it, another site's cannot
        self.csrf_token = csrf_token or secrets.token_urlsafe(32)
        self.analyze = analyze
        self.max_text_chars = max_text_chars
        #: the reader's style sheet (read once, when the app is made)
        self.css = css
        self.stats_ttl = stats_ttl
        self._analyze_lock = threading.Lock()
        self._cache: dict[str, tuple[float, Any]] = {}
        self._cache_lock = threading.Lock()

    def _check_text(self, text: str) -> None:
        limit = self.max_text_chars
        if len(text) > limit:
            raise StarletteHTTPException(
                413, f"text too long: {len(text):,} characters; the limit is {limit:,} (split the article)"
            )
        if not text.strip():
            raise InputError("text is empty; send the article text")

    async def analysis_queued(self, text: str, date: str | None, title: str | None = None) -> dict[str, Any]:
        """:meth:`analysis` in the analysis pool: 503 with Retry-After when it is full or the
        analysis takes too long; searches and pages are served meanwhile."""
        self._check_text(text)
        return await self.pool.run(self.analysis, text, date, title)

    def analysis(self, text: str, date: str | None, title: str | None = None) -> dict[str, Any]:
        """The JSON contract of ``text``; 413 over the length limit, 400 for an empty text."""
        self._check_text(text)
        meta = {"title": title} if title else {}
        with self._analyze_lock:  # one analysis at a time: the pipeline loads its models lazily
            art = self.analyze(text, date=date, **meta)
        return art.to_dict() if hasattr(art, "to_dict") else art

    def cached(self, key: str, fn: Callable[[], Any], ttl: float | None = None) -> Any:
        """Corpus-wide numbers (counts, latest, top entities) are costly on a big store and
        change only while an ingest runs: computed at most once per ``ttl`` seconds."""
        ttl = self.stats_ttl if ttl is None else ttl
        now = time.monotonic()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and now - hit[0] < ttl:
                return hit[1]
        value = fn()
        with self._cache_lock:
            self._cache[key] = (now, value)
        return value

    def entity(self, name_or_id: str, limit: int = 20) -> dict[str, Any]:
        """One corpus entity by id, name or alias; 404 if there is none."""
        key = name_or_id.strip()
        ent = None if (not key or bad_id(key)) else self.store.entity(key, limit=limit)
        if ent is None:
            raise StarletteHTTPException(404, f"no entity named {name_or_id!r}")
        return ent


async def get_services(request: Request) -> Services:
    """The :class:`Services` of the app serving ``request``."""
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]
