"""``/api/events``: PLOVER events across the corpus."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from khabar.api.deps import ServicesDep
from khabar.api.params import DateQ, EventQ, Limit, NameQ, Offset, page

router = APIRouter()


@router.get(
    "/api/events", tags=["corpus"], summary="Events",
    description="PLOVER events, newest first, by type, date range (the event's date, else the "
    "article's) and participating entity.",
)
def api_events(
    svc: ServicesDep, type: EventQ = None, since: DateQ = None, until: DateQ = None, entity: NameQ = None,
    limit: Limit = 20, offset: Offset = 0,
) -> dict[str, Any]:
    items = svc.store.events(type=type, since=since, until=until, entity=entity, limit=limit, offset=offset)
    return page(items, limit, offset)
