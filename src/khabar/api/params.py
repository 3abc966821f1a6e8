"""What a request may carry: typed, bounded query parameters and the analyze request body.

A value outside its bounds is a ``ValueError`` here, which FastAPI answers with 422 and the
parameter's name. Dates are checked by :mod:`khabar.validate`, the same functions the store
and the command line use; their :class:`~khabar.errors.UsageError` becomes the 422.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from khabar.errors import UsageError
from khabar.validate import DATE_BOUND_FORMS, MAX_DATE_CHARS, parse_date_bound, parse_day, parse_id

__all__ = [
    "AnalyzeRequest", "MAX_TEXT_CHARS", "check_date", "check_day", "bad_id", "page",
    "DateQ", "Limit", "Offset", "NameQ", "SpeakerQ", "EventQ", "OptionalQ", "SearchQ", "TypeQ", "EntityLimit",
]

#: longest text /api/analyze and the analyze page accept (characters); longer: 413
MAX_TEXT_CHARS = 100_000


def check_date(value: str | None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date (else ValueError → 422).
    A query value is bounded before anything else (spaces around it count)."""
    if value is not None and len(value) > MAX_DATE_CHARS:
        raise ValueError(f"must be a date: {DATE_BOUND_FORMS}")
    try:
        return parse_date_bound(value)
    except UsageError as exc:
        raise ValueError(str(exc)) from None


def check_day(value: str | None) -> str | None:
    """A full ``YYYY-MM-DD`` date (the analyze request's publication date)."""
    try:
        return parse_day(value)
    except UsageError as exc:
        raise ValueError(str(exc)) from None


def bad_id(value: str) -> bool:
    """A numeric id no database row can have (too large for it)."""
    return parse_id(value) == -1


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
        if name and bad_id(value):
            raise ValueError("not a valid entity id (too large)")
        return value

    return AfterValidator(check)


DateQ = Annotated[
    str | None,
    AfterValidator(check_date),
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
TypeQ = Annotated[str | None, _optional_text(8, r"[A-Za-z]+", "entity type"),
                  Query(description="PER, ORG, LOC or MISC")]
EntityLimit = Annotated[int, Query(ge=1, le=100, description="articles, quotes and events listed")]


def page(items: list, limit: int, offset: int, **extra) -> dict[str, Any]:
    """A page of a list: the items, the paging asked for, and where the next page starts
    (``None`` on the last page)."""
    return {**extra, "items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) >= limit else None}


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
