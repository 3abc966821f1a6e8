"""``/api/search``: Arabic-aware full-text search over the stored articles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from khabar.api.deps import ServicesDep, public
from khabar.api.params import DateQ, EventQ, Limit, NameQ, Offset, SearchQ, SpeakerQ, page

router = APIRouter()


@router.get(
    "/api/search", tags=["corpus"], summary="Full-text search",
    description="Arabic-aware search: spelling variants fold together (harakat, أ/إ/آ/ا, ى/ي, ة/ه), "
    "words match with or without attached و/ف/ب/ل/ك/ال, all words must appear, and \"quoted text\" must "
    "appear as a phrase. The query is never syntax. Hits: id, title, date, url, source, snippet (matches "
    "in [brackets]), score (higher is better).",
)
def api_search(
    q: SearchQ, svc: ServicesDep, entity: NameQ = None, speaker: SpeakerQ = None, event: EventQ = None,
    since: DateQ = None, until: DateQ = None, limit: Limit = 20, offset: Offset = 0,
) -> dict[str, Any]:
    hits = svc.store.search(q, entity=entity, speaker=speaker, event=event, since=since, until=until,
                            limit=limit, offset=offset)
    return page(public(hits), limit, offset, query=q)
