"""``/api/articles``: stored articles, listed and filtered, and one article with its analysis."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar.api.deps import ServicesDep, public
from khabar.api.params import DateQ, EventQ, Limit, NameQ, Offset, OptionalQ, SpeakerQ, page

router = APIRouter()


@router.get(
    "/api/articles", tags=["corpus"], summary="List articles",
    description="Stored articles, newest first, filtered like `khabar search` (entity, speaker, event "
    "type, date range). With q, the best matches for q instead (as /api/search).",
)
def api_articles(
    svc: ServicesDep,
    q: OptionalQ = None,
    entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
    since: DateQ = None, until: DateQ = None, limit: Limit = 20, offset: Offset = 0,
) -> dict[str, Any]:
    filters = dict(entity=entity, speaker=speaker, event=event, since=since, until=until)
    if q:
        items = svc.store.search(q, limit=limit, offset=offset, **filters)
    else:
        items = svc.store.list_articles(limit=limit, offset=offset, **filters)
    return page(public(items), limit, offset)


@router.get(
    "/api/articles/{article_id:path}", tags=["corpus"], summary="One article with its analysis",
    description="The JSON contract (text, entities, times, quotes, events) plus id, title, date, url, "
    "source and meta (source: the input file's name and line); each entity carries corpus_id, its id in /api/entities.",
    responses={404: {"description": "no such article"}},
)
def api_article(article_id: Annotated[str, Path(max_length=500)], svc: ServicesDep) -> dict[str, Any]:
    art = svc.store.get_article(article_id)
    if art is None:
        raise StarletteHTTPException(404, f"no article with id {article_id!r}")
    return public(art)
