"""The web API and reader: ``create_app(db_path)`` returns a FastAPI application.

JSON under ``/api/…`` (documented at ``/docs`` and ``/openapi.json``), HTML pages everywhere
else. The app talks to the corpus only through the :class:`~khabar.store.base.Store`
interface (never SQL) and to the analyser only through :func:`khabar.analyze`.

What a client sends cannot crash it: request bodies are capped before they are read
(:class:`BodyLimit`), query parameters are typed and bounded (422 otherwise), khabar's own
errors become 4xx/503 with ``{"error": message}``, and anything else becomes
``500 {"error": "internal error"}`` with the traceback only in the server log. HTML pages
carry a strict Content-Security-Policy (no inline scripts; the pages use no JavaScript).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from contextlib import asynccontextmanager
from datetime import date as Date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar import __version__
from khabar.api import render
from khabar.errors import InputError, KhabarError, StoreError, UsageError

__all__ = ["create_app", "MAX_BODY", "MAX_TEXT_CHARS", "AnalyzeRequest"]

log = logging.getLogger("khabar.api")

#: largest request body accepted (bytes); larger ones get 413 before they are read
MAX_BODY = 1_048_576
#: longest text /api/analyze and the analyze page accept (characters); longer: 413
MAX_TEXT_CHARS = 100_000

#: seconds the home page's counts, latest articles and top entities (and /api/stats) are reused
STATS_TTL = 30.0

CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'"
HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# --- validation helpers ---------------------------------------------------------------------


def check_date(value: str | None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date (else ValueError → 422)."""
    if value is None:
        return None
    value = value.strip()
    if value == "":
        return None
    if not _DATE_RE.match(value):
        raise ValueError("must be a date: YYYY-MM-DD (or YYYY or YYYY-MM)")
    y = int(value[:4])
    m = int(value[5:7]) if len(value) >= 7 else 1
    d = int(value[8:10]) if len(value) == 10 else 1
    try:
        Date(y, m, d)
    except ValueError as exc:
        raise ValueError(f"no such date: {value}") from exc
    return value


def check_day(value: str | None) -> str | None:
    """A full ``YYYY-MM-DD`` date (the analyze request's publication date)."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if len(value) != 10:
        raise ValueError("must be a date: YYYY-MM-DD")
    return check_date(value)


def _optional_text(max_len: int, pattern: str | None = None, what: str = "value", name: bool = False):
    """A validator for an optional text parameter: blank → None; longer than ``max_len`` or
    not matching ``pattern`` → ValueError (422). (Constraints live here rather than in
    ``Query(max_length=…)``, which would be applied to the ``None`` a blank becomes.)"""
    rx = re.compile(pattern) if pattern else None

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            return None
        if len(value) > max_len:
            raise ValueError(f"too long: at most {max_len} characters")
        if rx is not None and not rx.fullmatch(value):
            raise ValueError(f"not a valid {what}")
        if name and _bad_id(value):
            raise ValueError("not a valid entity id (too large)")
        return value

    return AfterValidator(check)


def _bad_id(value: str) -> bool:
    """A numeric id no database row can have (the store would overflow on it)."""
    return value.isdigit() and int(value) > 2**63 - 1


def _check_date_param(value: str | None) -> str | None:
    if value is not None and len(value) > 20:
        raise ValueError("must be a date: YYYY-MM-DD (or YYYY or YYYY-MM)")
    return check_date(value)


DateQ = Annotated[
    str | None,
    AfterValidator(_check_date_param),
    Query(description="YYYY-MM-DD (or YYYY or YYYY-MM); inclusive", examples=["2015-08-01"]),
]
Limit = Annotated[int, Query(ge=1, le=100, description="items per page (1–100)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip (paging)")]
NameQ = Annotated[
    str | None,
    _optional_text(200, name=True),
    Query(description="an entity: Arabic name or alias (any spelling), English name, or numeric id; "
          "up to 200 characters"),
]
SpeakerQ = Annotated[
    str | None,
    _optional_text(200, name=True),
    Query(description="only quotes by this speaker (name, alias or entity id); up to 200 characters"),
]
EventQ = Annotated[
    str | None,
    _optional_text(32, r"[A-Za-z_]+", "PLOVER event type"),
    Query(description="a PLOVER event type, e.g. CONSULT (letters and _)"),
]
OptionalQ = Annotated[
    str | None,
    _optional_text(500),
    Query(description="search words (optional); up to 500 characters"),
]
SearchQ = Annotated[
    str,
    Query(min_length=1, max_length=500, description="words to search for; \"quoted text\" is a phrase"),
]


def _no_surrogates(v: str) -> str:
    try:
        v.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains characters that are not valid Unicode (lone surrogates)") from exc
    return v


class AnalyzeRequest(BaseModel):
    """Text to analyse."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, AfterValidator(_no_surrogates)] = Field(
        description=f"the article text (plain text, up to {MAX_TEXT_CHARS:,} characters)",
        examples=["قال الرئيس الروسي فلاديمير بوتين الأربعاء إن …"],
    )
    date: Annotated[str | None, AfterValidator(check_day)] = Field(
        default=None, description="publication date YYYY-MM-DD; anchors relative dates (أمس، الأربعاء)",
        examples=["2023-09-13"],
    )
    title: Annotated[str | None, AfterValidator(_no_surrogates)] = Field(
        default=None, max_length=2000, description="optional title, echoed back"
    )


# --- middleware -----------------------------------------------------------------------------


def _error_body(path: str, status: int, message: str, extra: dict | None = None) -> tuple[bytes, bytes]:
    if path.startswith("/api/") or path == "/api":
        return json.dumps({"error": message, **(extra or {})}, ensure_ascii=False).encode(), b"application/json"
    return render.error_page(status, message).encode(), b"text/html; charset=utf-8"


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413.

    A ``Content-Length`` over the limit is refused before anything is read; a body without
    one (chunked) is read up to the limit and refused as soon as it goes over. Accepted bodies
    are buffered (at most ``max_body`` bytes) and replayed to the app.
    """

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        path = scope.get("path", "")
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                n = int(cl)
                if n < 0:
                    raise ValueError
            except ValueError:
                return await self._refuse(send, path, 400, "bad Content-Length header")
            if n > self.max_body:
                return await self._refuse(send, path, 413, self._too_big())
            if n == 0:
                return await self.app(scope, receive, send)
        elif b"transfer-encoding" not in headers:
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await self._refuse(send, path, 413, self._too_big())
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    def _too_big(self) -> str:
        return f"request body too large: the limit is {self.max_body:,} bytes"

    async def _refuse(self, send, path: str, status: int, message: str) -> None:
        body, ctype = _error_body(path, status, message)
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        headers += [(b"x-content-type-options", b"nosniff")]
        if not ctype.startswith(b"application/json"):
            headers += [(k.lower().encode(), v.encode()) for k, v in HTML_HEADERS.items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: ``X-Content-Type-Options: nosniff`` on every response, and the
    Content-Security-Policy (plus no framing, no referrer) on HTML ones."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                hs = list(msg.get("headers") or [])
                names = {k.lower() for k, _ in hs}
                ctype = next((v for k, v in hs if k.lower() == b"content-type"), b"")
                if b"x-content-type-options" not in names:
                    hs.append((b"x-content-type-options", b"nosniff"))
                if ctype.startswith(b"text/html") and b"content-security-policy" not in names:
                    hs += [(k.lower().encode(), v.encode()) for k, v in HTML_HEADERS.items()]
                msg = {**msg, "headers": hs}
            await send(msg)

        return await self.app(scope, receive, send_with_headers)


# --- the app --------------------------------------------------------------------------------

DESCRIPTION = """khabar's REST API: analyse Arabic news text, and read and search an analysed corpus \
(entities, quotes, PLOVER events, dates).

Errors are JSON objects {"error": message} (422 adds "detail", a list of {loc, msg}): 400 for input \
khabar refuses, 404 for an unknown article or entity, 413 for a body over the size limit or a text \
over the length limit, 422 for a malformed request or parameter, 503 when the database is busy, 500 \
for a bug (details only in the server log).

Lists are paged with limit (1–100, default 20) and offset; a page carries "next_offset" (null on the \
last page). Dates are YYYY-MM-DD; since/until also take YYYY or YYYY-MM."""


def _page(items: list, limit: int, offset: int, **extra) -> dict[str, Any]:
    return {**extra, "items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) >= limit else None}


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p == "/api" or p == "/openapi.json"


def create_app(
    db_path: str,
    *,
    max_body: int = MAX_BODY,
    max_text_chars: int = MAX_TEXT_CHARS,
    analyze=None,
) -> FastAPI:
    """The khabar web application over the corpus database at ``db_path`` (which must exist;
    create it with ``khabar ingest``). ``analyze`` replaces :func:`khabar.analyze` (tests)."""
    from khabar.store import open_store

    store = open_store(db_path, create=False)
    if analyze is None:
        from khabar.pipeline import analyze as analyze  # noqa: PLW0127
    analyze_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
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
    app.state.store = store
    app.state.max_body = max_body
    app.state.max_text_chars = max_text_chars

    # --- errors --------------------------------------------------------------------------

    def error(request: Request, status: int, message: str, extra: dict | None = None) -> Response:
        # headers set here too: a 500 is sent from outside the header middleware
        if _wants_json(request):
            return JSONResponse({"error": message, **(extra or {})}, status_code=status,
                                headers={"X-Content-Type-Options": "nosniff"})
        return HTMLResponse(render.error_page(status, message), status_code=status,
                            headers={"X-Content-Type-Options": "nosniff", **HTML_HEADERS})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"not found: {request.url.path}"
        resp = error(request, exc.status_code, msg)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        detail = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("body",)] or ["body"]
            msg = str(e.get("msg", "invalid"))
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            detail.append({"loc": loc, "msg": msg})
        summary = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail[:5]) or "invalid request"
        return error(request, 422, f"invalid request: {summary}", {"detail": detail})

    @app.exception_handler(KhabarError)
    async def khabar_error(request: Request, exc: KhabarError):
        if isinstance(exc, StoreError):
            log.error("store error on %s: %s", request.url.path, exc)
            return error(request, 503, "the corpus database is unavailable or busy; try again shortly")
        if isinstance(exc, (InputError, UsageError)):
            return error(request, 400, str(exc))
        log.exception("khabar error on %s", request.url.path)
        return error(request, 500, "internal error")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error(request, 500, "internal error")

    # --- helpers -------------------------------------------------------------------------

    def run_analysis(text: str, date: str | None, title: str | None = None) -> dict[str, Any]:
        if len(text) > max_text_chars:
            raise StarletteHTTPException(
                413, f"text too long: {len(text):,} characters; the limit is {max_text_chars:,} (split the article)"
            )
        if not text.strip():
            raise InputError("text is empty; send the article text")
        meta = {"title": title} if title else {}
        with analyze_lock:  # one analysis at a time: the pipeline loads its models lazily
            art = analyze(text, date=date, **meta)
        return art.to_dict() if hasattr(art, "to_dict") else art

    cache: dict[str, tuple[float, Any]] = {}
    cache_lock = threading.Lock()

    def cached(key: str, fn, ttl: float = STATS_TTL):
        """Corpus-wide numbers (counts, latest, top entities) are costly on a big store and
        change only while an ingest runs: computed at most once per ``ttl`` seconds."""
        now = time.monotonic()
        with cache_lock:
            hit = cache.get(key)
            if hit is not None and now - hit[0] < ttl:
                return hit[1]
        value = fn()
        with cache_lock:
            cache[key] = (now, value)
        return value

    def get_entity(name_or_id: str, limit: int = 20) -> dict[str, Any]:
        key = name_or_id.strip()
        ent = None if (not key or _bad_id(key)) else store.entity(key, limit=limit)
        if ent is None:
            raise StarletteHTTPException(404, f"no entity named {name_or_id!r}")
        return ent

    # --- JSON API ------------------------------------------------------------------------

    @app.post(
        "/api/analyze", tags=["analyze"], summary="Analyse a text",
        description="Runs the full pipeline on the text and returns the JSON contract: text, entities "
        "(with mentions), times, quotes and events. Nothing is stored. Texts over the length limit get 413.",
        responses={400: {"description": "empty text"}, 413: {"description": "body or text too large"},
                   422: {"description": "malformed request"}},
    )
    def api_analyze(req: AnalyzeRequest) -> dict[str, Any]:
        return run_analysis(req.text, req.date, req.title)

    @app.get(
        "/api/articles", tags=["corpus"], summary="List articles",
        description="Stored articles, newest first, filtered like `khabar search` (entity, speaker, event "
        "type, date range). With q, the best matches for q instead (as /api/search).",
    )
    def api_articles(
        q: OptionalQ = None,
        entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
        since: DateQ = None, until: DateQ = None, limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        filters = dict(entity=entity, speaker=speaker, event=event, since=since, until=until)
        if q:
            items = store.search(q, limit=limit, offset=offset, **filters)
        else:
            items = store.list_articles(limit=limit, offset=offset, **filters)
        return _page(items, limit, offset)

    @app.get(
        "/api/articles/{article_id:path}", tags=["corpus"], summary="One article with its analysis",
        description="The JSON contract (text, entities, times, quotes, events) plus id, title, date, url, "
        "source and meta; each entity carries corpus_id, its id in /api/entities.",
        responses={404: {"description": "no such article"}},
    )
    def api_article(article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
        art = store.get_article(article_id)
        if art is None:
            raise StarletteHTTPException(404, f"no article with id {article_id!r}")
        return art

    @app.get(
        "/api/search", tags=["corpus"], summary="Full-text search",
        description="Arabic-aware search: spelling variants fold together (harakat, أ/إ/آ/ا, ى/ي, ة/ه), "
        "words match with or without attached و/ف/ب/ل/ك/ال, all words must appear, and \"quoted text\" must "
        "appear as a phrase. The query is never syntax. Hits: id, title, date, url, source, snippet (matches "
        "in [brackets]), score (higher is better).",
    )
    def api_search(
        q: SearchQ, entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
        since: DateQ = None, until: DateQ = None, limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        hits = store.search(q, entity=entity, speaker=speaker, event=event, since=since, until=until,
                            limit=limit, offset=offset)
        return _page(hits, limit, offset, query=q)

    @app.get(
        "/api/entities", tags=["corpus"], summary="List entities",
        description="Corpus entities, most mentioned first; q finds entities by name, alias or English name.",
    )
    def api_entities(
        q: NameQ = None,
        type: Annotated[str | None, _optional_text(8, r"[A-Za-z]+", "entity type"),
                        Query(description="PER, ORG, LOC or MISC")] = None,
        limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        return _page(store.entities(query=q, type=type, limit=limit, offset=offset), limit, offset)

    @app.get(
        "/api/entities/{name_or_id:path}", tags=["corpus"], summary="One entity across the corpus",
        description="By numeric id, Arabic name or alias (any spelling), or English name: type, names, "
        "aliases, mention and article counts, its latest articles, quotes by it, events it takes part in, "
        "the entities it appears with most, and other entities with the same name.",
        responses={404: {"description": "no such entity"}},
    )
    def api_entity(
        name_or_id: Annotated[str, Path(max_length=200)],
        limit: Annotated[int, Query(ge=1, le=100, description="articles, quotes and events listed")] = 20,
    ) -> dict[str, Any]:
        return get_entity(name_or_id, limit)

    @app.get(
        "/api/quotes", tags=["corpus"], summary="Quotes",
        description="Reported speech, newest article first; speaker filters by name, alias or entity id.",
    )
    def api_quotes(speaker: SpeakerQ = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        return _page(store.quotes(speaker=speaker, limit=limit, offset=offset), limit, offset)

    @app.get(
        "/api/events", tags=["corpus"], summary="Events",
        description="PLOVER events, newest first, by type, date range (the event's date, else the "
        "article's) and participating entity.",
    )
    def api_events(
        type: EventQ = None, since: DateQ = None, until: DateQ = None, entity: NameQ = None,
        limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        items = store.events(type=type, since=since, until=until, entity=entity, limit=limit, offset=offset)
        return _page(items, limit, offset)

    @app.get("/api/stats", tags=["corpus"], summary="Corpus counts",
             description="Articles, entities, quotes, events, date range, counts by type "
             "(recomputed at most every 30 seconds).")
    def api_stats() -> dict[str, Any]:
        s = dict(cached("stats", store.stats))
        s.pop("database", None)  # the server's file path is not the client's business
        return s

    # --- web reader ----------------------------------------------------------------------

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def home() -> HTMLResponse:
        stats = cached("stats", store.stats)
        latest = cached("latest", lambda: store.list_articles(limit=15))
        top = cached("top", lambda: store.entities(limit=20))
        return HTMLResponse(render.home_page(stats, latest, top))

    @app.get("/search", include_in_schema=False, response_class=HTMLResponse)
    def search_html(
        q: OptionalQ = None,
        entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
        since: DateQ = None, until: DateQ = None, offset: Offset = 0,
    ) -> HTMLResponse:
        limit = 20
        params = dict(q=q or "", entity=entity, speaker=speaker, event=event, since=since, until=until)
        filters = {k: v for k, v in params.items() if k != "q"}
        searched = bool(params["q"] or any(filters.values()))
        hits: list[dict] = []
        if params["q"]:
            hits = store.search(params["q"], limit=limit, offset=offset, mark=render.MARK, **filters)
        elif searched:
            hits = store.list_articles(limit=limit, offset=offset, **filters)
        return HTMLResponse(render.search_page(params, hits, limit, offset, searched))

    @app.get("/articles/{article_id:path}", include_in_schema=False, response_class=HTMLResponse)
    def article_html(article_id: Annotated[str, Path(max_length=500)]) -> HTMLResponse:
        art = store.get_article(article_id)
        if art is None:
            raise StarletteHTTPException(404, f"no article with id {article_id!r}")
        return HTMLResponse(render.article_page(art))

    @app.get("/entities/{name_or_id:path}", include_in_schema=False, response_class=HTMLResponse)
    def entity_html(name_or_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
        ent = get_entity(name_or_id, 30)
        dates: list[Any] = []
        label = "الأحداث التي يشارك فيها"
        if ent.get("event_count"):
            dates = [ev.get("date") or ev.get("article_date")
                     for ev in store.events(entity=ent["id"], limit=1000)]
        if not any(dates):
            label = "المقالات التي تذكره"
            dates = [a.get("date") for a in store.list_articles(entity=ent["id"], limit=5000)]
        return HTMLResponse(render.entity_page(ent, dates, label))

    @app.get("/analyze", include_in_schema=False, response_class=HTMLResponse)
    def analyze_form() -> HTMLResponse:
        return HTMLResponse(render.analyze_page(max_chars=max_text_chars))

    @app.post("/analyze", include_in_schema=False, response_class=HTMLResponse)
    async def analyze_html(request: Request) -> HTMLResponse:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise StarletteHTTPException(415, "send the form (application/x-www-form-urlencoded)")
        raw = await request.body()
        try:
            form = parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace",
                            max_num_fields=20)
        except ValueError:
            raise StarletteHTTPException(400, "too many form fields; send text and date") from None
        text = (form.get("text") or [""])[0].replace("\r\n", "\n")
        date = (form.get("date") or [""])[0].strip()
        try:
            day = check_day(date)
        except ValueError as exc:
            return HTMLResponse(render.analyze_page(text, date, error=f"التاريخ: {exc}", max_chars=max_text_chars),
                                status_code=422)
        if len(text) > max_text_chars:
            msg = f"النص طويل جدًا: {len(text):,} حرفًا، والحد {max_text_chars:,}."
            return HTMLResponse(render.analyze_page("", date, error=msg, max_chars=max_text_chars), status_code=413)
        if not text.strip():
            return HTMLResponse(render.analyze_page(text, date, error="النص فارغ.", max_chars=max_text_chars),
                                status_code=400)
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(run_analysis, text, day)
        return HTMLResponse(render.analyze_page(text, date, result=result, max_chars=max_text_chars))

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(render.docs_page(app.openapi()))

    css = resources.files("khabar.api").joinpath("static/style.css").read_bytes()

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(css, media_type="text/css; charset=utf-8", headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # outermost last: headers see every response, including the body limit's 413
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    return app
