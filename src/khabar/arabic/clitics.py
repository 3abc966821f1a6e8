"""Proclitic / enclitic splitting (و ف ب ل ك ال س … ; ه ها هم …) on normalized words.

Splitting without a dictionary is ambiguous (وزير is not و+زير; لكيم is ل+كيم), so a split is
made only when the remaining stem is a known word, judged by the shipped word-frequency
list (``data/vocab.tsv.gz``, counts from unlabelled news text), or when the pattern is
unambiguous (وال، بال، لل + a stem of two letters or more).

The clitic letters are data (``data/lexicons/clitics.json``), read through a
:class:`~khabar.arabic.lexicon.Lexicon`: :func:`clitics` gives the compiled rules of one
lexicon (the shipped one by default), with per-word caches. The module functions
(:func:`split_clitics`, :func:`proclitic_variants`, :func:`vocab_count`) take an optional
``lexicon`` and use the shipped one when it is left out.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic.lexicon import Lexicon
from khabar.errors import DataError

__all__ = ["Clitics", "clitics", "Proclitics", "proclitics", "split_clitics", "proclitic_variants", "vocab_count"]

RULES_NAME = "lexicons/clitics.json"
VOCAB_NAME = "vocab.tsv.gz"
#: words whose split / readings each compiled rule set remembers (words repeat a lot)
_WORD_CACHE = 32768


class Clitics:
    """The clitic rules and the word counts of one :class:`Lexicon`.

    Built by :func:`clitics` (once per lexicon); the rules are read at construction, the
    word counts on first use. ``split`` and ``variants`` are memoized per word.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        r = lexicon.table(RULES_NAME)
        pro = proclitics(lexicon)
        try:
            self.conj = frozenset(pro.conjunctions)
            self.prep = frozenset(pro.prepositions)
            self.future = frozenset(pro.future)
            self.article: str = pro.article
            self.lil: str = pro.lam_article
            self.enclitics: tuple[str, ...] = lexicon.tagged("enclitics", "word")
            self.min_stem: int = int(r["min_stem"])
            self.future_next = frozenset(r["future_next"])
            self.feminine_ending: str = r["feminine_ending"]
            self.name_proclitics: tuple[str, ...] = tuple(r["name_proclitics"])
            self.inflection_suffixes: tuple[str, ...] = tuple(r["inflection_suffixes"])
            self.ta_marbuta: str = r["ta_marbuta"]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"corrupt data file khabar/data/{RULES_NAME} (missing or bad entry {exc}); "
                            "reinstall khabar") from None
        #: the proclitic letters (conjunctions, prepositions, future) in file order
        self.proclitic_letters: tuple[str, ...] = tuple(dict.fromkeys([*pro.conjunctions, *pro.prepositions, *pro.future]))
        self._counts: dict[str, int] | None = None
        self.split = lru_cache(maxsize=_WORD_CACHE)(self._split)
        self.variants = lru_cache(maxsize=_WORD_CACHE)(self._variants)

    def __repr__(self) -> str:
        return f"<Clitics of {self.lexicon!r}>"

    # ------------------------------------------------------------------ word counts
    @property
    def counts(self) -> dict[str, int]:
        """Normalized word → how often it was seen in the unlabelled corpus."""
        if self._counts is None:
            self._counts = _read_counts(self.lexicon)
        return self._counts

    def count(self, word: str) -> int:
        """How often ``word`` (normalized) was seen in the unlabelled corpus (0 if unknown)."""
        counts = self._counts
        if counts is None:
            counts = self.counts
        return counts.get(word, 0)

    def _better(self, stem: str, whole: str) -> bool:
        """Is ``stem`` a more plausible word than ``whole``?"""
        cs = self.count(stem)
        if cs == 0:
            return False
        cw = self.count(whole)
        return cs >= 3 * cw or (cw < 5 and cs >= 5)

    # ------------------------------------------------------------------ splitting
    def _split(self, word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
        min_stem = self.min_stem
        if not word.isalpha() or len(word) <= min_stem:
            return (), word, ()
        prefixes: list[str] = []
        rest = word
        art = self.article
        lil = self.lil
        prep = self.prep
        # conjunction
        if rest[0] in self.conj and len(rest) - 1 > min_stem:
            cand = rest[1:]
            if (
                (cand.startswith(art) and len(cand) - 2 > min_stem)
                or (cand.startswith(lil) and len(cand) - 2 > min_stem)
                or (cand[0] in prep and cand[1:].startswith(art) and len(cand) - 3 > min_stem)
                or self._better(cand, rest)
            ):
                prefixes.append(rest[0])
                rest = cand
        # لل = ل + ال
        if rest.startswith(lil) and len(rest) - 2 >= min_stem:
            prefixes += [lil[0], art]
            rest = rest[2:]
        else:
            # preposition (+ article)
            if rest[0] in prep and len(rest) - 1 > min_stem:
                cand = rest[1:]
                if (cand.startswith(art) and len(cand) - 2 > min_stem) or self._better(cand, rest):
                    prefixes.append(rest[0])
                    rest = cand
            elif rest[0] in self.future and prefixes and len(rest) > 4 and rest[1] in self.future_next:
                prefixes.append(rest[0])
                rest = rest[1:]
            if rest.startswith(art) and len(rest) - 2 >= min_stem:
                prefixes.append(art)
                rest = rest[2:]
        suffixes: list[str] = []
        if art not in prefixes:
            fem = self.feminine_ending
            for enc in self.enclitics:
                if rest.endswith(enc) and len(rest) - len(enc) >= min_stem + 1:
                    cand = rest[: -len(enc)]
                    if self._better(cand, rest) or self._better(cand + fem, rest):
                        suffixes.append(enc)
                        rest = cand
                        break
        return tuple(prefixes), rest, tuple(suffixes)

    def _variants(self, word: str) -> tuple[tuple[int, str], ...]:
        conj = self.conj
        prep = self.prep
        art = self.article
        lil = self.lil
        out = [(0, word)]
        seen = {word}
        frontier = [(0, word)]
        while frontier:
            cut, w = frontier.pop()
            nxt = []
            first = w[:1]
            if first in conj and cut == 0:
                nxt.append((cut + 1, w[1:]))
            # a conjunction never follows a cut (وبال… but not بو…)
            if first in prep and (cut == 0 or first not in conj):
                nxt.append((cut + 1, w[1:]))
            if w.startswith(lil):
                nxt.append((cut + 1, art + w[2:]))
            if w.startswith(art):
                nxt.append((cut + 2, w[2:]))
            for c, rest in nxt:
                if len(rest) >= 2 and rest not in seen:
                    seen.add(rest)
                    out.append((c, rest))
                    if c < 4:
                        frontier.append((c, rest))
        return tuple(out)

    def readings(self, word: str) -> list[tuple[int, str]]:
        """:func:`proclitic_variants` of ``word`` with these rules (a fresh list)."""
        return list(self.variants(word))


def _read_counts(lexicon: Lexicon) -> dict[str, int]:
    path = lexicon.path(VOCAB_NAME)
    counts: dict[str, int] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, _, n = line.rstrip("\n").partition("\t")
                if n:
                    counts[word] = int(n)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"corrupt data file khabar/data/{VOCAB_NAME} ({exc}); reinstall khabar") from None
    return counts


@dataclass(frozen=True)
class Proclitics:
    """The proclitic inventory (``lexicon/proclitics.txt``) by role, in file order."""

    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    future: tuple[str, ...]
    article: str
    lam_article: str


def proclitics(lexicon: Lexicon | None = None) -> Proclitics:
    """The proclitics of ``lexicon`` (the shipped one by default) by role, once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()

    def make() -> Proclitics:
        roles: dict[str, list[str]] = {}
        for letter, role in lex.pairs("proclitics").items():
            roles.setdefault(role, []).append(letter)
        try:
            (article,), (lil,) = roles["article"], roles["lam_article"]
            return Proclitics(tuple(roles["conjunction"]), tuple(roles["preposition"]), tuple(roles["future"]),
                              article, lil)
        except (KeyError, ValueError) as exc:
            raise DataError("corrupt data file khabar/data/lexicon/proclitics.txt: it needs conjunction, "
                            "preposition, future, one article and one lam_article; reinstall khabar") from exc

    return lex.memo("arabic.proclitics", make)


def clitics(lexicon: Lexicon | None = None) -> Clitics:
    """The compiled clitic rules of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("arabic.clitics", lambda: Clitics(lex))


def vocab_count(word: str, lexicon: Lexicon | None = None) -> int:
    """How often ``word`` (normalized) was seen in the unlabelled corpus (0 if unknown)."""
    return clitics(lexicon).count(word)


def split_clitics(word: str, lexicon: Lexicon | None = None) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """Split a normalized word into ``(prefixes, stem, suffixes)``.

    >>> split_clitics("والولايات")
    (('و', 'ال'), 'ولايات', ())
    """
    return clitics(lexicon).split(word)


def proclitic_variants(word: str, lexicon: Lexicon | None = None) -> list[tuple[int, str]]:
    """Readings of ``word`` with leading proclitics removed, as ``(chars_removed, rest)``.

    Used by lexicon matchers that decide for themselves which reading is a name:
    ``"وبالأمم"`` → ``[(0, "وبالامم"), (1, "بالامم"), (2, "الامم"), (4, "امم")]``.
    (Memoized per word; each call returns a fresh list, so no caller can change the cached
    readings.)
    """
    return list(clitics(lexicon).variants(word))
