"""Flatten one analysed article into the rows a store writes (backend-neutral, no SQL).

:func:`prepare` runs in the ingest workers, so that the single writer process only inserts:
it normalizes and stems the text for the index, serializes the JSON contract, and turns
per-article entities, quotes and events into plain rows keyed by the article's own entity
ids (the store maps those to corpus entities when it writes).

Entity keys (how one real-world entity is recognised across articles):

* ``en_key`` — the English name, case-folded and space-folded (``vladimir putin``);
* ``name_key`` — the Arabic name, normalized, with the first word's proclitics removed
  (وبالأمم المتحدة → الامم المتحده; ال is kept);
* aliases — the same key for every mention's text, with its count.

The clitics come from a :class:`~khabar.arabic.lexicon.Lexicon` (``lexicons/clitics.json``;
the shipped one unless ``lexicon`` is given).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from khabar.arabic.clitics import clitics
from khabar.arabic.normalize import normalize, normalize_view
from khabar.store.search import WORD_RE, index_fields

__all__ = [
    "PreparedArticle", "EntityRow", "QuoteRow", "EventRow", "prepare", "name_key", "en_key", "surface_without_clitics",
]

def name_key(name: str, lexicon=None) -> str:
    """Normalized name without the first word's conjunction/preposition clitics (and future
    prefix); the article is kept."""
    words = WORD_RE.findall(normalize(name or "", lexicon))
    if not words:
        return ""
    first = words[0]
    if first[:1].isalpha():
        cl = clitics(lexicon)
        drop = cl.proclitic_letters
        pre, stem, suf = cl.split(first)
        if pre and any(p in drop for p in pre):
            keep = "".join(p for p in pre if p not in drop)
            first = keep + stem + "".join(suf)
    words[0] = first
    return " ".join(words)


def en_key(name_en: str | None) -> str:
    return " ".join((name_en or "").casefold().split())


@dataclass
class EntityRow:
    local_id: str
    type: str
    name: str
    name_en: str
    name_key: str
    en_key: str
    country: str | None
    sector: str | None
    mentions: int
    #: alias key -> [surface text, count]
    aliases: dict[str, list] = field(default_factory=dict)


@dataclass
class QuoteRow:
    speaker: str | None  # local entity id
    speaker_text: str | None
    speaker_key: str | None
    reported_by: str | None  # local entity id
    cue: str | None
    kind: str
    content: str
    start: int | None
    end: int | None
    anaphoric: bool


@dataclass
class EventRow:
    type: str
    mode: str | None
    context: list[str]
    date: str | None
    location: str | None  # local entity id
    source: list[str]  # local entity ids
    target: list[str]
    source_country: str | None
    source_sector: str | None
    target_country: str | None
    target_sector: str | None
    evidence: str
    start: int | None
    end: int | None
    confidence: float | None = None


@dataclass
class PreparedArticle:
    """Everything a store writes for one article."""

    id: str
    hash: str
    text: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    meta: str  # JSON object
    analysis: str | None  # JSON contract minus text/id/title/date/meta; None: stored without analysis
    added: str
    index: tuple[str, str, str]  # title, body, stems (see khabar.store.search)
    entities: list[EntityRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    times: int = 0


_CONTRACT_KEYS = ("entities", "times", "quotes", "events")


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def prepare(analysis: dict[str, Any] | None, record=None, text: str | None = None,
            lexicon=None) -> PreparedArticle:
    """Rows for one article.

    ``analysis`` is :meth:`Article.to_dict` (or ``None`` to store the text only, then ``text``
    or ``record.text`` is required); ``record`` (:class:`khabar.io.Record`) supplies id, title,
    date, url, source and metadata where given; ``lexicon``: whose clitics the entity keys drop
    (default: the shipped lexicon).
    """
    from khabar.io import text_hash

    a = analysis or {}
    body = a.get("text") if analysis is not None else None
    if body is None:
        body = text if text is not None else (record.text if record is not None else None)
    if not isinstance(body, str):
        raise TypeError("prepare needs the article text (analysis['text'], text= or record.text)")
    h = text_hash(body)
    rid = (record.id if record is not None else None) or a.get("id") or h
    title = (record.title if record is not None else None) or _str(a.get("title"))
    date = (record.date if record is not None else None) or _str(a.get("date"))
    url = record.url if record is not None else _str((a.get("meta") or {}).get("url"))
    source = record.source if record is not None else None
    meta: dict[str, Any] = {}
    if isinstance(a.get("meta"), dict):
        meta.update(a["meta"])
    if record is not None and record.meta:
        meta.update(record.meta)
    stored = None
    if analysis is not None:
        stored = json.dumps({k: a.get(k, []) for k in _CONTRACT_KEYS}, ensure_ascii=False, separators=(",", ":"))
    p = PreparedArticle(
        id=str(rid),
        hash=h,
        text=body,
        title=title,
        date=date[:10] if date else None,
        url=url,
        source=source,
        meta=json.dumps(meta, ensure_ascii=False, separators=(",", ":"), default=str),
        analysis=stored,
        added=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        index=index_fields(body, title),
        times=len(a.get("times") or []),
    )
    for e in a.get("entities") or []:
        p.entities.append(_entity_row(e, lexicon))
    for q in a.get("quotes") or []:
        p.quotes.append(_quote_row(q, lexicon))
    for ev in a.get("events") or []:
        p.events.append(_event_row(ev))
    return p


def surface_without_clitics(surface: str, key: str | None = None, lexicon=None) -> str:
    """The written form of ``surface`` without the proclitics :func:`name_key` drops, in its
    original spelling (للأمم المتحدة → الأمم المتحدة, لبوتين → بوتين)."""
    surface = " ".join(surface.split())
    key = name_key(surface, lexicon) if key is None else key
    view = normalize_view(surface, lexicon)
    if not key or view.text == key:
        return surface
    prefix = ""
    if not view.text.endswith(key):
        # لل = ل + ال: the article's alef is not written (للأمم → الأمم), its lam is
        art = clitics(lexicon).article
        n = len(art)
        if not (key.startswith(art) and view.text.endswith(key[n:])
                and view.text[-len(key) + 1 :][:1] == art[1:]):
            return surface
        prefix, key = art, key[n:]
    a, b = view.to_orig(len(view.text) - len(key), len(view.text))
    return prefix + surface[a:b]


def _entity_row(e: dict[str, Any], lexicon=None) -> EntityRow:
    name = e.get("name") or ""
    mentions = e.get("mentions") or []
    if not name and mentions:
        name = mentions[0].get("text", "")
    nkey = name_key(name, lexicon)
    # show the name as the article wrote it (ة, hamzas) rather than in normalized letters
    for m in mentions:
        if name_key(m.get("text", ""), lexicon) == nkey:
            name = surface_without_clitics(m["text"], nkey, lexicon)
            break
    row = EntityRow(
        local_id=str(e.get("id")),
        type=str(e.get("type") or "MISC"),
        name=name,
        name_en=(e.get("name_en") or "").strip(),
        name_key=nkey,
        en_key=en_key(e.get("name_en")),
        country=_str(e.get("country")),
        sector=_str(e.get("sector")),
        mentions=len(mentions),
    )
    surfaces = [m.get("text", "") for m in mentions]
    if name and row.name_key:
        row.aliases[row.name_key] = [name, 0]
    for s in surfaces:
        k = name_key(s, lexicon)
        if not k:
            continue
        if k in row.aliases:
            row.aliases[k][1] += 1
        else:
            row.aliases[k] = [surface_without_clitics(s, k, lexicon), 1]
    return row


def _quote_row(q: dict[str, Any], lexicon=None) -> QuoteRow:
    sp = q.get("speaker") or {}
    content = q.get("content") or []
    cue = q.get("cue") or {}
    sp_text = _str(sp.get("text"))
    return QuoteRow(
        speaker=_str(sp.get("entity")),
        speaker_text=sp_text,
        speaker_key=name_key(sp_text, lexicon) if sp_text else None,
        reported_by=_str(q.get("reported_by")),
        cue=_str(cue.get("text")) if isinstance(cue, dict) else None,
        kind=str(q.get("kind") or ""),
        content=" … ".join(c.get("text", "") for c in content),
        start=min((c["start"] for c in content), default=None),
        end=max((c["end"] for c in content), default=None),
        anaphoric=bool(q.get("anaphoric")),
    )


def _event_row(ev: dict[str, Any]) -> EventRow:
    src = ev.get("source") or {}
    tgt = ev.get("target") or {}
    evid = ev.get("evidence") or {}
    return EventRow(
        type=str(ev.get("type") or ""),
        mode=_str(ev.get("mode")),
        context=list(ev.get("context") or []),
        date=_str(ev.get("date")),
        location=_str(ev.get("location")),
        source=[str(x) for x in src.get("entities") or []],
        target=[str(x) for x in tgt.get("entities") or []],
        source_country=_str(src.get("country")),
        source_sector=_str(src.get("sector")),
        target_country=_str(tgt.get("country")),
        target_sector=_str(tgt.get("sector")),
        evidence=evid.get("text", "") if isinstance(evid, dict) else "",
        start=evid.get("start") if isinstance(evid, dict) else None,
        end=evid.get("end") if isinstance(evid, dict) else None,
        confidence=_confidence(ev.get("confidence")),
    )


def _confidence(value) -> float | None:
    """An event's confidence as stored: a number in [0, 1], else nothing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if 0.0 <= value <= 1.0 else None
