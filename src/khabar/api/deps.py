"""What the routes share, handed to them by FastAPI's dependency injection.

:func:`~khabar.api.app.create_app` builds one :class:`Services` around the store it is
given and keeps it on ``app.state.services``; a route asks for it with a ``ServicesDep``
parameter (never a module global), so two apps over two stores live side by side, and a
test can hand an app any :class:`~khabar.store.base.Store`.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Annotated, Any, Callable

from fastapi import Depends, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar.api.params import bad_id
from khabar.errors import InputError

if TYPE_CHECKING:
    from khabar.store.base import Store

__all__ = ["Services", "ServicesDep", "get_services", "STATS_TTL"]

#: seconds the home page's counts, latest articles and top entities (and /api/stats) are reused
STATS_TTL = 30.0


class Services:
    """The store, the analyser and the small state the routes share: one analysis at a time,
    and a cache of the corpus-wide numbers."""

    def __init__(self, store: Store, analyze: Callable, max_text_chars: int, css: bytes = b"",
                 stats_ttl: float = STATS_TTL):
        self.store = store
        self.analyze = analyze
        self.max_text_chars = max_text_chars
        #: the reader's style sheet (read once, when the app is made)
        self.css = css
        self.stats_ttl = stats_ttl
        self._analyze_lock = threading.Lock()
        self._cache: dict[str, tuple[float, Any]] = {}
        self._cache_lock = threading.Lock()

    def analysis(self, text: str, date: str | None, title: str | None = None) -> dict[str, Any]:
        """The JSON contract of ``text``; 413 over the length limit, 400 for an empty text."""
        limit = self.max_text_chars
        if len(text) > limit:
            raise StarletteHTTPException(
                413, f"text too long: {len(text):,} characters; the limit is {limit:,} (split the article)"
            )
        if not text.strip():
            raise InputError("text is empty; send the article text")
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
