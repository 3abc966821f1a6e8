"""The web API and reader: ``create_app(db_path)`` returns a FastAPI application.

JSON under ``/api/…`` (documented at ``/docs`` and ``/openapi.json``), HTML pages everywhere
else. The app talks to the corpus only through the :class:`~khabar.store.base.Store`
interface (never SQL) and to the analyser only through :func:`khabar.analyze`.

The pieces: :mod:`khabar.api.routes` (one ``APIRouter`` per kind of resource, and
``pages`` for the HTML reader), :mod:`khabar.api.params` (query parameter types, the
analyze request), :mod:`khabar.api.deps` (the store and analyser the routes get injected),
:mod:`khabar.api.middleware` (body limit, security headers) and :mod:`khabar.api.render`
(the HTML). This module puts them together and turns errors into answers.

What a client sends cannot crash it: request bodies are capped before they are read
(:class:`~khabar.api.middleware.BodyLimit`), query parameters are typed and bounded (422
otherwise), khabar's own errors become 4xx/503 with ``{"error": message}``, and anything
else becomes ``500 {"error": "internal error"}`` with the traceback only in the server log.
HTML pages carry a strict Content-Security-Policy (no inline scripts; the pages use no
JavaScript).

What a web page the user visits cannot do: read the server through a name of its own pointed
at 127.0.0.1 (``allowed_hosts``: other ``Host`` names get 400), post to it (cross-site writes
get 403; the analyze form carries a per-process token), or starve it (analyses run in their
own bounded pool, :class:`~khabar.api.deps.AnalysisPool`: a full pool is 503 with
Retry-After, never a wait for the searches). Nor does it learn the server's folders: an
article's ``source`` is only its file name.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from importlib import resources
from typing import TYPE_CHECKING, Callable, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar import __version__
from khabar.api import render
from khabar.api.deps import STATS_TTL, AnalysisPool, Services
from khabar.api.middleware import (CSP, HTML_HEADERS, LOCAL_HOSTS, MAX_BODY, BodyLimit, CrossSiteWrites, HostCheck,
                                   SecurityHeaders, UILanguage)
from khabar.api.params import MAX_TEXT_CHARS, AnalyzeRequest, check_date, check_day
from khabar.errors import InputError, KhabarError, StoreError, UsageError

if TYPE_CHECKING:
    from khabar.store.base import Store

__all__ = ["create_app", "MAX_BODY", "MAX_TEXT_CHARS", "AnalyzeRequest"]

# kept importable from here, where they used to live
__all__ += ["CSP", "HTML_HEADERS", "STATS_TTL", "BodyLimit", "SecurityHeaders", "check_date", "check_day"]
__all__ += ["LOCAL_HOSTS", "AnalysisPool"]

log = logging.getLogger("khabar.api")

DESCRIPTION = """khabar's REST API: analyse Arabic news text, and read and search an analysed corpus \
(entities, quotes, PLOVER events, dates).

Errors are JSON objects {"error": message} (422 adds "detail", a list of {loc, msg}): 400 for input \
khabar refuses, 404 for an unknown article or entity, 413 for a body over the size limit or a text \
over the length limit, 422 for a malformed request or parameter, 503 when the database is busy or \
too many analyses are running or waiting (with Retry-After), 500 for a bug (details only in the server log). \
400 also answers a Host header that does not name this server, and 403 a write sent by another web site.

Lists are paged with limit (1–100, default 20) and offset; a page carries "next_offset" (null on the \
last page). Dates are YYYY-MM-DD; since/until also take YYYY or YYYY-MM."""


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p == "/api" or p == "/openapi.json"


def _error(request: Request, status: int, message: str, extra: dict | None = None) -> Response:
    # headers set here too: a 500 is sent from outside the header middleware
    if _wants_json(request):
        return JSONResponse({"error": message, **(extra or {})}, status_code=status,
                            headers={"X-Content-Type-Options": "nosniff"})
    return HTMLResponse(render.error_page(status, message), status_code=status,
                        headers={"X-Content-Type-Options": "nosniff", **HTML_HEADERS})


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    msg = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and msg == "Not Found":
        msg = f"not found: {request.url.path}"
    resp = _error(request, exc.status_code, msg)
    if exc.headers:
        resp.headers.update(exc.headers)
    return resp


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    detail = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body",)] or ["body"]
        msg = str(e.get("msg", "invalid"))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        detail.append({"loc": loc, "msg": msg})
    summary = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail[:5]) or "invalid request"
    return _error(request, 422, f"invalid request: {summary}", {"detail": detail})


async def _khabar_error(request: Request, exc: KhabarError) -> Response:
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", request.url.path, exc)
        return _error(request, 503, "the corpus database is unavailable or busy; try again shortly")
    if isinstance(exc, (InputError, UsageError)):
        return _error(request, 400, str(exc))
    log.exception("khabar error on %s", request.url.path)
    return _error(request, 500, "internal error")


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return _error(request, 500, "internal error")


def create_app(
    db_path: str | None = None,
    *,
    store: "Store | None" = None,
    max_body: int = MAX_BODY,
    max_text_chars: int = MAX_TEXT_CHARS,
    analyze: Callable | None = None,
    allowed_hosts: "Iterable[str] | None" = None,
    analyze_pool: AnalysisPool | None = None,
) -> FastAPI:
    """The khabar web application over the corpus database at ``db_path`` (which must exist;
    create it with ``khabar ingest``), or over an open ``store`` (any
    :class:`~khabar.store.base.Store`; the app closes it when it shuts down).
    ``analyze`` replaces :func:`khabar.analyze` (tests).

    ``allowed_hosts``: the ``Host`` names answered (besides IP addresses); ``None`` answers
    every name (embedding, tests); ``khabar serve`` passes :data:`LOCAL_HOSTS`, its address
    and ``--allow-host`` names. ``analyze_pool``: where analyses run (default: one at a time,
    four waiting, 60 s)."""
    from khabar.api.routes import routers

    if (db_path is None) == (store is None):
        raise UsageError("create_app needs a database path or an open store (one of them)")
    if store is None:
        from khabar.store import open_store

        store = open_store(db_path, create=False)
    if analyze is None:
        from khabar.pipeline import analyze as analyze  # noqa: PLW0127
    css = resources.files("khabar.api").joinpath("static/style.css").read_bytes()
    services = Services(store, analyze, max_text_chars, css=css, pool=analyze_pool)

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            services.pool.shutdown()
            store.close()

    app = FastAPI(
        title="khabar API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.store = store
    app.state.max_body = max_body
    app.state.max_text_chars = max_text_chars

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(KhabarError, _khabar_error)
    app.add_exception_handler(Exception, _internal_error)

    for router in routers():
        app.include_router(router)

    # outermost last: headers see every response, including the body limit's 413
    app.add_middleware(UILanguage)
    app.add_middleware(CrossSiteWrites)
    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=tuple(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app
