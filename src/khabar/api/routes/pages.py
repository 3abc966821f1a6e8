"""The web reader: HTML pages (home, search, article, entity, analyze, API reference), its
style sheet and favicon. None of these is in the OpenAPI schema; the HTML itself is written by
:mod:`khabar.api.render`."""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar.api import render
from khabar.api.deps import ServicesDep, public
from khabar.api.params import DateQ, EventQ, NameQ, Offset, OptionalQ, SpeakerQ, check_day

router = APIRouter(include_in_schema=False)

#: hits on a page of /search
PAGE_SIZE = 20


@router.get("/", response_class=HTMLResponse)
def home(svc: ServicesDep) -> HTMLResponse:
    store = svc.store
    stats = svc.cached("stats", store.stats)
    latest = svc.cached("latest", lambda: public(store.list_articles(limit=15)))
    top = svc.cached("top", lambda: store.entities(limit=20))
    return HTMLResponse(render.home_page(stats, latest, top))


@router.get("/search", response_class=HTMLResponse)
def search_html(
    svc: ServicesDep,
    q: OptionalQ = None,
    entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
    since: DateQ = None, until: DateQ = None, offset: Offset = 0,
) -> HTMLResponse:
    limit = PAGE_SIZE
    params = dict(q=q or "", entity=entity, speaker=speaker, event=event, since=since, until=until)
    filters = {k: v for k, v in params.items() if k != "q"}
    searched = bool(params["q"] or any(filters.values()))
    hits: list[dict] = []
    if params["q"]:
        hits = svc.store.search(params["q"], limit=limit, offset=offset, mark=render.MARK, **filters)
    elif searched:
        hits = svc.store.list_articles(limit=limit, offset=offset, **filters)
    return HTMLResponse(render.search_page(params, public(hits), limit, offset, searched))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_html(article_id: Annotated[str, Path(max_length=500)], svc: ServicesDep) -> HTMLResponse:
    art = svc.store.get_article(article_id)
    if art is None:
        raise StarletteHTTPException(404, f"no article with id {article_id!r}")
    return HTMLResponse(render.article_page(public(art)))


@router.get("/entities/{name_or_id:path}", response_class=HTMLResponse)
def entity_html(name_or_id: Annotated[str, Path(max_length=200)], svc: ServicesDep) -> HTMLResponse:
    ent = svc.entity(name_or_id, 30)
    # the timeline: the dates of the events it takes part in, else of the articles naming it
    dates: list[Any] = []
    label = render.TIMELINE_EVENTS
    if ent.get("event_count"):
        dates = [ev.get("date") or ev.get("article_date") for ev in svc.store.events(entity=ent["id"], limit=1000)]
    if not any(dates):
        label = render.TIMELINE_ARTICLES
        dates = [a.get("date") for a in svc.store.list_articles(entity=ent["id"], limit=5000)]
    return HTMLResponse(render.entity_page(ent, dates, label))


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(svc: ServicesDep) -> HTMLResponse:
    return HTMLResponse(render.analyze_page(max_chars=svc.max_text_chars, token=svc.csrf_token))


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_html(request: Request, svc: ServicesDep) -> HTMLResponse:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise StarletteHTTPException(415, "send the form (application/x-www-form-urlencoded)")
    raw = await request.body()
    try:
        form = parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace",
                        max_num_fields=20)
    except ValueError:
        raise StarletteHTTPException(400, "too many form fields; send text and date") from None
    token = (form.get("token") or [""])[0]
    if not hmac.compare_digest(token.encode("utf-8", "replace"), svc.csrf_token.encode()):
        raise StarletteHTTPException(403, "the form is stale or from another site: open /analyze and send it again")
    text = (form.get("text") or [""])[0].replace("\r\n", "\n")
    date = (form.get("date") or [""])[0].strip()
    limit = svc.max_text_chars
    tok = svc.csrf_token
    try:
        day = check_day(date)
    except ValueError as exc:
        return HTMLResponse(render.analyze_page(text, date, error=render.date_error(str(exc)), max_chars=limit,
                                                token=tok), status_code=422)
    if len(text) > limit:
        return HTMLResponse(render.analyze_page("", date, error=render.text_too_long(len(text), limit),
                                                max_chars=limit, token=tok), status_code=413)
    if not text.strip():
        return HTMLResponse(render.analyze_page(text, date, error=render.L(render.TEXT_EMPTY), max_chars=limit, token=tok),
                            status_code=400)
    result = await svc.analysis_queued(text, day)
    return HTMLResponse(render.analyze_page(text, date, result=result, max_chars=limit, token=tok))


@router.get("/ui/{lang}", include_in_schema=False)
def switch_language(lang: str, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:
    """Keep the browser's interface language in a cookie (a year), then go back to ``next``
    (a path of this site only: anything else goes home)."""
    from khabar.api.middleware import UI_COOKIE

    if lang not in render.UI_LANGS:
        raise StarletteHTTPException(status_code=404, detail=f"no interface language {lang!r}; use one of {list(render.UI_LANGS)}")
    if not next.startswith("/") or next.startswith("//") or "\\" in next or any(ord(c) < 32 for c in next):
        next = "/"
    resp = RedirectResponse(next, status_code=303)
    resp.set_cookie(UI_COOKIE, lang, max_age=365 * 24 * 3600, path="/", samesite="lax", httponly=True)
    return resp


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render.docs_page(request.app.openapi()))


@router.get("/static/style.css")
def style(svc: ServicesDep) -> Response:
    return Response(svc.css, media_type="text/css; charset=utf-8", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)
