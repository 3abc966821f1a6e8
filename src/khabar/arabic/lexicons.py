"""Lazy access to the shipped lexicons: gazetteer, demonyms, first names, entity cues.

Each loader reads its data file on first call and caches the result (no I/O on import).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic.normalize import normalize
from khabar.resources import data_path, load_json, read_lines

__all__ = ["GazEntry", "gazetteer", "gazetteer_max_len", "demonyms", "first_names", "entity_rules", "phrase_set"]


@dataclass(frozen=True)
class GazEntry:
    key: str  # normalized Arabic name
    type: str  # PER, ORG, LOC, MISC
    name_en: str
    country: str | None
    source: str


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[GazEntry, ...]]:
    """Normalized name → its entries (one per type), from ``data/gazetteer.tsv.gz``."""
    table: dict[str, list[GazEntry]] = {}
    try:
        path = data_path("gazetteer.tsv.gz")
    except Exception:
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            key, typ, name_en, country, source = parts[:5]
            table.setdefault(key, []).append(GazEntry(key, typ, name_en, country or None, source))
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def gazetteer_max_len() -> int:
    return max((k.count(" ") + 1 for k in gazetteer()), default=1)


@lru_cache(maxsize=1)
def gazetteer_first_words() -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in gazetteer())


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, str]]:
    """Normalized nationality adjective (الروسي، روسية …) → (ISO-3, English country name)."""
    out: dict[str, tuple[str, str]] = {}
    try:
        lines = read_lines("lexicons/demonyms.tsv")
    except Exception:
        return out
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 3:
            out[parts[0]] = (parts[1], parts[2])
    return out


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    try:
        return frozenset(read_lines("first_names.txt"))
    except Exception:
        return frozenset()


@lru_cache(maxsize=1)
def entity_rules() -> dict:
    """The entity cue lists, every entry normalized (so the file may be written naturally)."""
    raw = load_json("lexicons/entity_rules.json")
    return {k: ([normalize(x) for x in v] if isinstance(v, list) else v) for k, v in raw.items()}


@lru_cache(maxsize=None)
def ya_forms(name: str) -> frozenset[str]:
    """Entries of an ``entity_rules.json`` list written with a final ى (على), normalized.

    Normalization folds ى into ي, so على and the name علي meet; a matcher can tell them
    apart by the token's original spelling.
    """
    return frozenset(normalize(x) for x in load_json("lexicons/entity_rules.json")[name] if x.endswith("ى"))


@lru_cache(maxsize=None)
def phrase_set(name: str) -> frozenset[tuple[str, ...]]:
    """A list from ``entity_rules.json`` as a set of word tuples (multi-word phrases)."""
    return frozenset(tuple(p.split()) for p in entity_rules()[name])


@lru_cache(maxsize=1)
def institutions() -> dict[str, tuple[str, str]]:
    """Institution names that stand for a state or body (الكرملين، البيت الأبيض), normalized →
    (country or IGO, PLOVER sector), from ``lexicons/actors.json``."""
    return {normalize(e["name"]): (e["country"], e["sector"]) for e in load_json("lexicons/actors.json")["institutions"]}
