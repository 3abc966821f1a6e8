"""Proclitic / enclitic splitting (و ف ب ل ك ال س … ; ه ها هم …) on normalized words.

Splitting without a dictionary is ambiguous (وزير is not و+زير; لكيم is ل+كيم), so a split is
made only when the remaining stem is a known word, judged by the shipped word-frequency
list (``data/vocab.tsv.gz``, counts from unlabelled news text), or when the pattern is
unambiguous (وال، بال، لل + a stem of two letters or more).
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from khabar.resources import data_path, load_json

__all__ = ["split_clitics", "proclitic_variants", "vocab_count"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_json("lexicons/clitics.json")


@lru_cache(maxsize=1)
def _vocab() -> dict[str, int]:
    try:
        path = data_path("vocab.tsv.gz")
    except Exception:  # vocabulary not built: rules only
        return {}
    counts: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, n = line.rstrip("\n").partition("\t")
            if n:
                counts[word] = int(n)
    return counts


def vocab_count(word: str) -> int:
    """How often ``word`` (normalized) was seen in the unlabelled corpus (0 if unknown)."""
    return _vocab().get(word, 0)


def _better(stem: str, whole: str) -> bool:
    """Is ``stem`` a more plausible word than ``whole``?"""
    cs = vocab_count(stem)
    if cs == 0:
        return False
    cw = vocab_count(whole)
    return cs >= 3 * cw or (cw < 5 and cs >= 5)


@lru_cache(maxsize=65536)
def split_clitics(word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Split a normalized word into ``(prefixes, stem, suffixes)``.

    >>> split_clitics("والولايات")
    (('و', 'ال'), 'ولايات', ())
    """
    r = _rules()
    min_stem = r["min_stem"]
    if not word.isalpha() or len(word) <= min_stem:
        return (), word, ()
    prefixes: list[str] = []
    rest = word
    art = r["article"]

    def take_article(w: str) -> str | None:
        if w.startswith(art) and len(w) - 2 >= min_stem:
            return w[2:]
        return None

    # conjunction
    if rest[0] in r["conj"] and len(rest) - 1 > min_stem:
        cand = rest[1:]
        if (
            (cand.startswith(art) and len(cand) - 2 > min_stem)
            or (cand.startswith(r["lil"]) and len(cand) - 2 > min_stem)
            or (cand[0] in r["prep"] and cand[1:].startswith(art) and len(cand) - 3 > min_stem)
            or _better(cand, rest)
        ):
            prefixes.append(rest[0])
            rest = cand
    # لل = ل + ال
    if rest.startswith(r["lil"]) and len(rest) - 2 >= min_stem:
        prefixes += ["ل", art]
        rest = rest[2:]
    else:
        # preposition (+ article)
        if rest[0] in r["prep"] and len(rest) - 1 > min_stem:
            cand = rest[1:]
            if (cand.startswith(art) and len(cand) - 2 > min_stem) or _better(cand, rest):
                prefixes.append(rest[0])
                rest = cand
        elif rest[0] in r["future"] and prefixes and len(rest) > 4 and rest[1] in "يتن":
            prefixes.append(rest[0])
            rest = rest[1:]
        stem_after_art = take_article(rest)
        if stem_after_art is not None:
            prefixes.append(art)
            rest = stem_after_art
    suffixes: list[str] = []
    if art not in prefixes:
        for enc in r["enclitics"]:
            if rest.endswith(enc) and len(rest) - len(enc) >= min_stem + 1:
                cand = rest[: -len(enc)]
                if _better(cand, rest) or _better(cand + "ه", rest):
                    suffixes.append(enc)
                    rest = cand
                    break
    return tuple(prefixes), rest, tuple(suffixes)


def proclitic_variants(word: str) -> list[tuple[int, str]]:
    """Readings of ``word`` with leading proclitics removed, as ``(chars_removed, rest)``.

    Used by lexicon matchers that decide for themselves which reading is a name:
    ``"وبالأمم"`` → ``[(0, "وبالامم"), (1, "بالامم"), (2, "الامم"), (4, "امم")]``.
    """
    return list(_proclitic_variants(word))


@lru_cache(maxsize=65536)
def _proclitic_variants(word: str) -> tuple[tuple[int, str], ...]:
    # memoized: lexicon matchers ask for the readings of every token, and words repeat;
    # callers get a fresh list (above) so that none can change the cached readings
    r = _rules()
    out = [(0, word)]
    seen = {word}
    frontier = [(0, word)]
    while frontier:
        cut, w = frontier.pop()
        nxt = []
        if w[:1] in r["conj"] and cut == 0:
            nxt.append((cut + 1, w[1:]))
        if w[:1] in r["prep"] and (cut == 0 or w[:1] != "و"):
            nxt.append((cut + 1, w[1:]))
        if w.startswith(r["lil"]):
            nxt.append((cut + 1, "ال" + w[2:]))
        if w.startswith(r["article"]):
            nxt.append((cut + 2, w[2:]))
        for c, rest in nxt:
            if len(rest) >= 2 and rest not in seen:
                seen.add(rest)
                out.append((c, rest))
                if c < 4:
                    frontier.append((c, rest))
    return tuple(out)
