"""PLOVER-style event records and a flat CSV table, from analysed articles.

Input: article dicts as :meth:`khabar.doc.Article.to_dict` makes them (the JSON contract:
``id``, ``date``, ``entities``, ``events`` …). Output: one record per event::

    {"event_id": "art1-0", "article_id": "art1", "article_date": "2023-09-13",
     "event_date": "2023-09-13", "event_type": "CONSULT", "mode": null, "context": [],
     "source": {"name": "Kim Jong Un", "entities": [...], "country": "PRK", "sector": "GOV", "code": "PRKGOV", "text": "…"},
     "target": {...}, "location": {"entity": "e7", "name": "Vostochny Cosmodrome", "country": "RUS"},
     "evidence": {"start": 0, "end": 68, "text": "…"}, "trigger": {...}}

The actor ``code`` is the PLOVER/CAMEO-style concatenation of country and sector
(``RUS`` + ``GOV`` → ``RUSGOV``; the sector alone when the country is unknown).
Nothing here reads files: the CLI (``khabar export events``) does the I/O.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable, Iterator

__all__ = [
    "CSV_FIELDS",
    "plover_records",
    "iter_plover",
    "flatten",
    "date_matches",
    "write_jsonl",
    "write_csv",
]

#: columns of the flat table, in order
CSV_FIELDS = (
    "event_id", "article_id", "article_date", "event_date", "event_type", "mode", "context",
    "source_name", "source_country", "source_sector", "source_code",
    "target_name", "target_country", "target_sector", "target_code",
    "location", "location_country", "evidence_start", "evidence_end", "evidence", "trigger", "confidence",
)


def _actor(actor: dict[str, Any] | None, names: dict[str, dict]) -> dict[str, Any]:
    actor = actor or {}
    ents = [e for e in actor.get("entities") or [] if e]
    labels = []
    for e in ents:
        ent = names.get(e) or {}
        labels.append(ent.get("name_en") or ent.get("name") or e)
    country, sector = actor.get("country"), actor.get("sector")
    text = (actor.get("text") or {}).get("text")
    name = "; ".join(labels) or text or None
    code = "".join(x for x in (country or "", (sector or "").split("/")[0]) if x) or None
    return {"name": name, "entities": ents, "country": country, "sector": sector, "code": code, "text": text}


def plover_records(article: dict[str, Any], article_id: str | None = None) -> list[dict[str, Any]]:
    """The PLOVER-style records of one analysed article (its ``events``)."""
    names = {e["id"]: e for e in article.get("entities") or [] if "id" in e}
    aid = article_id or article.get("id") or (article.get("meta") or {}).get("id")
    art_date = article.get("date")
    out = []
    for n, ev in enumerate(article.get("events") or []):
        loc = ev.get("location")
        loc_ent = names.get(loc) if loc else None
        rec = {
            "event_id": f"{aid}-{n}" if aid else str(n),
            "article_id": aid,
            "article_date": art_date,
            "event_date": ev.get("date") or art_date,
            "event_type": ev.get("type"),
            "mode": ev.get("mode"),
            "context": list(ev.get("context") or []),
            "source": _actor(ev.get("source"), names),
            "target": _actor(ev.get("target"), names),
            "location": (
                {"entity": loc, "name": (loc_ent or {}).get("name_en") or (loc_ent or {}).get("name"),
                 "country": (loc_ent or {}).get("country")} if loc else None
            ),
            "evidence": ev.get("evidence"),
            "trigger": ev.get("trigger"),
            "confidence": ev.get("confidence"),
        }
        out.append(rec)
    return out


def date_matches(value: str | None, want: str | None) -> bool:
    """Does an ISO date (or partial date) fall in ``want``: a prefix (``2023``, ``2023-09``,
    ``2023-09-13``) or an inclusive interval ``START/END`` of such dates?"""
    if not want:
        return True
    if not value:
        return False
    if "/" in want:
        lo, _, hi = want.partition("/")
        return (not lo or value[: len(lo)] >= lo) and (not hi or value[: len(hi)] <= hi)
    return value.startswith(want)


def iter_plover(articles: Iterable[dict[str, Any]], date: str | None = None) -> Iterator[dict[str, Any]]:
    """Records of many articles, keeping those whose event date matches ``date`` (see :func:`date_matches`)."""
    for n, art in enumerate(articles):
        aid = art.get("id") or (art.get("meta") or {}).get("id") or f"article{n + 1}"
        for rec in plover_records(art, aid):
            if date_matches(rec["event_date"], date):
                yield rec


def flatten(rec: dict[str, Any]) -> dict[str, Any]:
    """One record as a flat CSV row (see :data:`CSV_FIELDS`)."""
    src, tgt = rec.get("source") or {}, rec.get("target") or {}
    loc = rec.get("location") or {}
    ev = rec.get("evidence") or {}
    trig = rec.get("trigger") or {}
    return {
        "event_id": rec.get("event_id"),
        "article_id": rec.get("article_id"),
        "article_date": rec.get("article_date"),
        "event_date": rec.get("event_date"),
        "event_type": rec.get("event_type"),
        "mode": rec.get("mode"),
        "context": ";".join(rec.get("context") or []),
        "source_name": src.get("name"),
        "source_country": src.get("country"),
        "source_sector": src.get("sector"),
        "source_code": src.get("code"),
        "target_name": tgt.get("name"),
        "target_country": tgt.get("country"),
        "target_sector": tgt.get("sector"),
        "target_code": tgt.get("code"),
        "location": loc.get("name"),
        "location_country": loc.get("country"),
        "evidence_start": ev.get("start"),
        "evidence_end": ev.get("end"),
        "evidence": ev.get("text"),
        "trigger": trig.get("text"),
        "confidence": rec.get("confidence"),
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as JSON Lines; returns how many."""
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as a CSV table with a header row; returns how many rows."""
    w = csv.DictWriter(out, fieldnames=list(CSV_FIELDS), extrasaction="ignore")
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow({k: ("" if v is None else v) for k, v in flatten(rec).items()})
        n += 1
    return n
