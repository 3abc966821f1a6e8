"""``POST /api/analyze``: run the pipeline on a text; nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from khabar.api.deps import ServicesDep
from khabar.api.params import AnalyzeRequest

router = APIRouter()


@router.post(
    "/api/analyze", tags=["analyze"], summary="Analyse a text",
    description="Runs the full pipeline on the text and returns the JSON contract: text, entities "
    "(with mentions), times, quotes and events. Nothing is stored. Texts over the length limit get 413.",
    responses={400: {"description": "empty text"}, 413: {"description": "body or text too large"},
               422: {"description": "malformed request"},
               503: {"description": "too many analyses running or waiting, or this one took too long; "
                     "see Retry-After"}},
)
async def api_analyze(req: AnalyzeRequest, svc: ServicesDep) -> dict[str, Any]:
    return await svc.analysis_queued(req.text, req.date, req.title)
