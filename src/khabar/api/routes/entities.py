"""``/api/entities``: the corpus's entities, listed, and one entity across the corpus."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from khabar.api.deps import ServicesDep
from khabar.api.params import EntityLimit, Limit, NameQ, Offset, TypeQ, page

router = APIRouter()


@router.get(
    "/api/entities", tags=["corpus"], summary="List entities",
    description="Corpus entities, most mentioned first; q finds entities by name, alias or English name.",
)
def api_entities(
    svc: ServicesDep, q: NameQ = None, type: TypeQ = None, limit: Limit = 20, offset: Offset = 0,
) -> dict[str, Any]:
    return page(svc.store.entities(query=q, type=type, limit=limit, offset=offset), limit, offset)


@router.get(
    "/api/entities/{name_or_id:path}", tags=["corpus"], summary="One entity across the corpus",
    description="By numeric id, Arabic name or alias (any spelling), or English name: type, names, "
    "aliases, mention and article counts, its latest articles, quotes by it, events it takes part in, "
    "the entities it appears with most, and other entities with the same name.",
    responses={404: {"description": "no such entity"}},
)
def api_entity(
    name_or_id: Annotated[str, Path(max_length=200)], svc: ServicesDep, limit: EntityLimit = 20,
) -> dict[str, Any]:
    return svc.entity(name_or_id, limit)
