"""``/api/quotes``: reported speech across the corpus."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from khabar.api.deps import ServicesDep
from khabar.api.params import Limit, Offset, SpeakerQ, page

router = APIRouter()


@router.get(
    "/api/quotes", tags=["corpus"], summary="Quotes",
    description="Reported speech, newest article first; speaker filters by name, alias or entity id.",
)
def api_quotes(svc: ServicesDep, speaker: SpeakerQ = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return page(svc.store.quotes(speaker=speaker, limit=limit, offset=offset), limit, offset)
