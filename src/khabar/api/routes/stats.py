"""``/api/stats``: what the corpus holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from khabar.api.deps import ServicesDep

router = APIRouter()


@router.get("/api/stats", tags=["corpus"], summary="Corpus counts",
            description="Articles, entities, quotes, events, date range, counts by type "
            "(recomputed at most every 30 seconds).")
def api_stats(svc: ServicesDep) -> dict[str, Any]:
    s = dict(svc.cached("stats", svc.store.stats))
    s.pop("database", None)  # the server's file path is not the client's business
    return s
