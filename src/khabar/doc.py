"""The document model: an :class:`Article` owns its text; everything else is a view into it.

Every annotation carries ``start``/``end`` (Python ``str`` indices into ``Article.text``, end
exclusive). Stages only *add* annotations; nobody edits ``Article.text``.
:meth:`Article.check` verifies that every span's text equals ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from functools import cached_property
from typing import Any, Iterator

from khabar.arabic.normalize import NormView, normalize_view

__all__ = [
    "Span",
    "Sentence",
    "Token",
    "Mention",
    "Entity",
    "Reference",
    "Quote",
    "Actor",
    "Event",
    "TimeExpr",
    "Article",
]


@dataclass
class Span:
    """A ``[start, end)`` view into the article text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Sentence(Span):
    index: int = 0
    #: index of the first token of the sentence and one past its last token
    token_start: int = 0
    token_end: int = 0
    #: paragraph (line) number, 0-based
    paragraph: int = 0


class _kept:
    """A property computed on first use and then kept in the instance (``functools.
    cached_property`` without its lock, which Python 3.11 takes on every first use)."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Token(Span):
    """A word or punctuation mark. ``norm`` is its normalized form.

    Clitics: ``prefixes`` (e.g. ``("و", "ال")``), ``stem`` and ``suffixes`` (e.g. ``("ها",)``)
    are in normalized letters; ``stem_start``/``stem_end`` locate the stem in the text.
    """

    norm: str = ""
    index: int = 0
    sentence: int = 0
    prefixes: tuple[str, ...] = ()
    stem: str = ""
    suffixes: tuple[str, ...] = ()
    stem_start: int = 0
    stem_end: int = 0

    # computed on first use and kept: a token is not changed once the segmenter made it
    @_kept
    def is_word(self) -> bool:
        return self.norm[:1].isalnum()

    @_kept
    def base(self) -> str:
        """The token without its conjunction/preposition proclitics (``ال`` kept)."""
        pre = [p for p in self.prefixes if p == "ال"]
        return "".join(pre) + self.stem + "".join(self.suffixes)


@dataclass
class Mention(Span):
    """A named-entity mention found by some detector (gazetteer, rule, model)."""

    type: str = "MISC"  # PER, ORG, LOC, MISC
    source: str = ""  # which detector found it
    score: float = 1.0
    key: str = ""  # normalized name without clitics (used for resolution)
    entity: str | None = None  # id of the Entity it belongs to
    name_en: str | None = None  # English name proposed by the detector (gazetteer)
    country: str | None = None  # ISO-3 country of the named thing if known
    token_start: int = 0
    token_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Entity:
    """One real-world entity within the article, with all its mentions."""

    id: str
    type: str
    name: str
    name_en: str
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # ISO-3 (for LOC: the country itself; PER/ORG: affiliation)
    sector: str | None = None  # PLOVER sector, e.g. GOV, MIL
    references: list[Span] = field(default_factory=list)  # nominal references (الزعيم الكوري)
    #: how sure the entities stage is that this is a named entity of this type (0-1, calibrated)
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.confidence is not None:
            d["confidence"] = self.confidence
        if self.country:
            d["country"] = self.country
        if self.sector:
            d["sector"] = self.sector
        if self.references:
            d["references"] = [r.to_dict() for r in self.references]
        return d


@dataclass
class Reference(Span):
    """A nominal reference (الزعيم الكوري الشمالي, الرجلان) linked to entities."""

    entities: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """A reported speech act."""

    kind: str  # direct, indirect, partial
    content: list[Span]
    cue: Span | None = None
    speaker: Span | None = None  # the words naming the speaker in the text
    speaker_entity: str | None = None  # Entity id, or None for unnamed sources
    reported_by: str | None = None  # Entity id of a source it is reported through
    anaphoric: bool = False

    def to_dict(self) -> dict[str, Any]:
        sp: dict[str, Any] | None = None
        if self.speaker is not None or self.speaker_entity is not None:
            sp = {"entity": self.speaker_entity}
            if self.speaker is not None:
                sp.update(self.speaker.to_dict())
        return {
            "speaker": sp,
            "cue": self.cue.to_dict() if self.cue else None,
            "kind": self.kind,
            "content": [c.to_dict() for c in self.content],
            "reported_by": self.reported_by,
            "anaphoric": self.anaphoric,
        }


@dataclass
class Actor:
    """An event participant: entities plus a PLOVER actor code."""

    entities: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    text: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"entities": self.entities, "country": self.country, "sector": self.sector}
        if self.text is not None:
            d["text"] = self.text.to_dict()
        return d


@dataclass
class Event:
    """A PLOVER event with its evidence span."""

    type: str
    evidence: Span
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    source: Actor = field(default_factory=Actor)
    target: Actor = field(default_factory=Actor)
    date: str | None = None
    location: str | None = None  # Entity id
    trigger: Span | None = None
    #: how sure the events stage is that this event happened as coded (0–1; None: not rated)
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "context": self.context,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "date": self.date,
            "location": self.location,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "confidence": self.confidence,
        }


@dataclass
class TimeExpr(Span):
    value: str = ""
    kind: str = "date"  # date, duration, time, set

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value, "kind": self.kind}


@dataclass(repr=False)
class Article:
    """One article. It owns ``text``; stages fill the annotation lists."""

    text: str
    date: Date | None = None
    id: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    #: names of the stages that have run, in order
    done: list[str] = field(default_factory=list)

    @cached_property
    def norm(self) -> NormView:
        """The normalized view of ``text`` with its offset map (built once)."""
        return normalize_view(self.text)

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` of the text."""
        return Span(start, end, self.text[start:end])

    def entity(self, entity_id: str | None) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def sentence_of(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Every span the stages added, with where it lives (for checking)."""
        for s in self.sentences:
            yield "sentence", s
        for t in self.tokens:
            yield "token", t
        for m in self.mentions:
            yield "mention", m
        for e in self.entities:
            for m in e.mentions:
                yield f"entity {e.id} mention", m
            for r in e.references:
                yield f"entity {e.id} reference", r
        for r in self.references:
            yield "reference", r
        for q in self.quotes:
            for c in q.content:
                yield "quote content", c
            if q.cue:
                yield "quote cue", q.cue
            if q.speaker:
                yield "quote speaker", q.speaker
        for ev in self.events:
            yield "event evidence", ev.evidence
            if ev.trigger:
                yield "event trigger", ev.trigger
            for actor in (ev.source, ev.target):
                if actor.text:
                    yield "event actor", actor.text
        for t in self.times:
            yield "time", t

    def check(self) -> list[str]:
        """Problems with spans (empty list when every ``text[start:end] == span.text``)."""
        problems = []
        n = len(self.text)
        for where, sp in self.spans():
            if not (0 <= sp.start <= sp.end <= n) or self.text[sp.start : sp.end] != sp.text:
                problems.append(f"{where} [{sp.start}:{sp.end}] {sp.text!r}")
        return problems

    def __repr__(self) -> str:
        parts = [f"id={self.id!r}"] if self.id is not None else []
        if self.date:
            parts.append(f"date={self.date.isoformat()}")
        parts.append(f"{len(self.text):,} chars")
        for name in ("sentences", "tokens", "entities", "times", "quotes", "events"):
            n = len(getattr(self, name))
            if n:
                parts.append(f"{n:,} {name}")
        return f"<Article {' '.join(parts)}>"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        """The article back from its JSON contract (:meth:`to_dict`): text, metadata,
        entities with their mentions, times, quotes and events. Tokens and sentences are not
        in the contract; run ``Pipeline(["normalize", "segment"])`` on it to have them.

        >>> a = Article.from_dict(art.to_dict())  # doctest: +SKIP
        >>> a.to_dict() == art.to_dict()           # doctest: +SKIP
        True
        """
        from khabar.errors import InputError

        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            raise InputError("an article dict needs a 'text' string (the JSON contract of Article.to_dict)")
        try:
            date = Date.fromisoformat(d["date"]) if d.get("date") else None
            art = cls(text=d["text"], date=date, id=d.get("id"), title=d.get("title"), meta=dict(d.get("meta") or {}))
            for e in d.get("entities", ()):
                ent = Entity(id=e["id"], type=e["type"], name=e["name"], name_en=e["name_en"],
                             country=e.get("country"), sector=e.get("sector"),
                             references=[_span(r) for r in e.get("references", ())],
                             confidence=e.get("confidence"))
                for m in e.get("mentions", ()):
                    ent.mentions.append(Mention(m["start"], m["end"], m["text"], type=ent.type, entity=ent.id))
                art.entities.append(ent)
            art.mentions = sorted((m for e in art.entities for m in e.mentions), key=lambda m: (m.start, m.end))
            art.times = [TimeExpr(t["start"], t["end"], t["text"], value=t["value"], kind=t.get("kind", "date"))
                         for t in d.get("times", ())]
            for q in d.get("quotes", ()):
                sp = q.get("speaker") or {}
                art.quotes.append(Quote(
                    kind=q["kind"], content=[_span(c) for c in q.get("content", ())],
                    cue=_span(q["cue"]) if q.get("cue") else None,
                    speaker=_span(sp) if "start" in sp else None, speaker_entity=sp.get("entity"),
                    reported_by=q.get("reported_by"), anaphoric=bool(q.get("anaphoric", False)),
                ))
            for ev in d.get("events", ()):
                art.events.append(Event(
                    type=ev["type"], evidence=_span(ev["evidence"]), mode=ev.get("mode"),
                    context=list(ev.get("context", ())), source=_actor(ev.get("source")),
                    target=_actor(ev.get("target")), date=ev.get("date"), location=ev.get("location"),
                    trigger=_span(ev["trigger"]) if ev.get("trigger") else None,
                    confidence=ev.get("confidence"),
                ))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not an article dict (Article.to_dict's contract): {exc!r}") from exc
        return art

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see README)."""
        d: dict[str, Any] = {}
        if self.id is not None:
            d["id"] = self.id
        if self.title is not None:
            d["title"] = self.title
        d["date"] = self.date.isoformat() if self.date else None
        if self.meta:
            d["meta"] = self.meta
        d["text"] = self.text
        d["entities"] = [e.to_dict() for e in self.entities]
        d["times"] = [t.to_dict() for t in self.times]
        d["quotes"] = [q.to_dict() for q in self.quotes]
        d["events"] = [e.to_dict() for e in self.events]
        return d


def _span(d: dict[str, Any]) -> Span:
    return Span(d["start"], d["end"], d["text"])


def _actor(d: dict[str, Any] | None) -> Actor:
    d = d or {}
    return Actor(entities=list(d.get("entities", ())), country=d.get("country"), sector=d.get("sector"),
                 text=_span(d["text"]) if d.get("text") else None)
