"""Arabic verb and noun morphology for the lexicon matchers, as data.

The affix inventories (conjunctions, proclitics, the article, past and present
conjugation suffixes and prefixes, nisba endings …) are ``khabar/data/lexicons/morph.json``;
the attached pronouns are the shared word class ``lexicon/enclitics.txt``. Everything is
compiled once per :class:`~khabar.arabic.lexicon.Lexicon` into a :class:`Morph`:

    >>> m = morph()                                  # the shipped lexicon's
    >>> ("وس", "يلتقيان", "") in m.readings("وسيلتقيان")
    True
    >>> sorted(m.past_forms("حذر"))[:3]
    ['حذر', 'حذرا', 'حذرت']

Words are normalized (as tokens' ``norm`` are). The per-word analyses (:meth:`Morph.readings`,
:meth:`Morph.noun_keys`, :meth:`Morph.first_forms`) are memoized per instance: matchers ask
for them on every token, and words repeat.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, Mapping

from khabar.arabic.clitics import proclitics
from khabar.arabic.lexicon import Lexicon
from khabar.arabic.normalize import normalize

__all__ = ["Morph", "morph", "readings", "noun_keys", "first_forms", "past_forms", "present_forms"]

MORPH_TABLE = "lexicons/morph.json"
#: how many words each per-word memo keeps
_MEMO_WORDS = 1 << 15


def morph(lexicon: Lexicon | None = None) -> "Morph":
    """The compiled morphology of ``lexicon`` (default: the shipped one), once per lexicon."""
    lex = lexicon or Lexicon.default()
    return lex.memo("arabic.morph", lambda: Morph(lex))


#: the table whose verbs (event triggers and speech acts) are the known verbs of the language layer
VERBS_TABLE = "lexicons/event_triggers.json"


def verb_forms(lexicon: Lexicon | None = None) -> frozenset[str]:
    """Conjugated forms of the known verbs (the event-trigger and speech-act verbs of
    ``lexicons/event_triggers.json``), without the bare third-person past stems (قتلت، يناقش،
    ناقشوا but not قتل): words of the language that are no names."""
    lex = lexicon or Lexicon.default()

    def make() -> frozenset[str]:
        mo = morph(lex)
        data = lex.table(VERBS_TABLE)
        entries = list(data.get("verbs", ())) + list(data.get("speech_acts", {}).values())
        out: set[str] = set()
        stems: set[str] = set()
        for e in entries:
            stems.update(normalize(s) for s in e.get("past", ()))
            out.update(f for f, _ in mo.conjugations(e))
        return frozenset(out - stems)

    return lex.memo("arabic.verb_forms", make)


def readings(norm: str, lexicon: Lexicon | None = None) -> list[tuple[str, str, str]]:
    """Ways to read a normalized word as ``(proclitics, core, enclitic)`` (see :meth:`Morph.readings`)."""
    return list(morph(lexicon).readings(norm))


def noun_keys(norm: str, lexicon: Lexicon | None = None) -> list[str]:
    """A noun without its proclitics, in every plausible reading (see :meth:`Morph.noun_keys`)."""
    return list(morph(lexicon).noun_keys(norm))


def first_forms(word: str, lexicon: Lexicon | None = None) -> list[tuple[str, str]]:
    """``(proclitics, rest)`` readings of a phrase's first word (see :meth:`Morph.first_forms`)."""
    return list(morph(lexicon).first_forms(word))


def past_forms(stem: str, lexicon: Lexicon | None = None) -> set[str]:
    """Third-person (and a few other) past forms of a normalized past stem."""
    return morph(lexicon).past_forms(stem)


def present_forms(stem: str, lexicon: Lexicon | None = None) -> set[str]:
    """Present (indicative, subjunctive, jussive) forms of a normalized present stem."""
    return morph(lexicon).present_forms(stem)



class Morph:
    """The affix inventories of one lexicon and the analyses built on them.

    Letter sets used as ``word[:1] in letters`` are strings (``conj_letters``); sets of
    affixes compared whole are tuples.
    """

    def __init__(self, lexicon: Lexicon):
        def _get(*path: str) -> Any:
            return lexicon.entry(MORPH_TABLE, *path)

        pro = proclitics(lexicon)
        self.conj: tuple[str, ...] = pro.conjunctions
        self.conj_letters = "".join(self.conj)
        self.coordinator: str = _get("coordinator")
        self.verb_proclitic_letters = "".join(_get("verb_proclitics"))
        #: what may stand between a present verb's conjunction and the verb ("" included)
        self.present_proclitics: tuple[str, ...] = ("",) + tuple(_get("present_proclitics"))
        self.future_proclitic: str = _get("future_proclitic")
        self.noun_proclitics: tuple[str, ...] = tuple(_get("noun_proclitics"))
        self.noun_proclitic_letters = "".join(self.noun_proclitics)
        self.lam: str = _get("lam")
        self.article: str = pro.article
        self.lil: str = pro.lam_article
        #: the article with and without a conjunction before it (ال، وال، فال)
        self.article_starts: tuple[str, ...] = (self.article,) + tuple(c + self.article for c in self.conj)
        self.enclitics: tuple[str, ...] = lexicon.tagged("enclitics", "verb")
        self.enclitic_stem_repairs: tuple[tuple[str, str], ...] = tuple(
            (a, b) for a, b in _get("enclitic_stem_repairs"))
        self.tanween: str = _get("tanween")
        self.past_suffixes: tuple[str, ...] = tuple(_get("past", "suffixes"))
        self.past_defective_finals: tuple[str, ...] = tuple(_get("past", "defective_finals"))
        self.past_defective_suffixes: tuple[str, ...] = tuple(_get("past", "defective_suffixes"))
        self.past_defective_stem_suffixes: tuple[str, ...] = tuple(_get("past", "defective_stem_suffixes"))
        self.present_prefixes: tuple[str, ...] = tuple(_get("present", "prefixes"))
        self.present_suffixes: tuple[str, ...] = tuple(_get("present", "suffixes"))
        self.present_defective_finals: tuple[str, ...] = tuple(_get("present", "defective_finals"))
        self.verb_only_prefix_letters = "".join(_get("verb_only_prefixes"))
        self.verb_only_suffixes: tuple[str, ...] = tuple(_get("verb_only_suffixes"))
        self.feminine_past_suffix: str = _get("feminine_past_suffix")
        self.feminine_present_prefix: str = _get("feminine_present_prefix")
        self.masculine_plural_suffixes: tuple[str, ...] = tuple(_get("masculine_plural_suffixes"))
        self.dual_plural_suffixes: tuple[str, ...] = tuple(_get("dual_plural_suffixes"))
        self.feminine_suffix: str = _get("feminine_suffix")
        self.adjective_suffixes: tuple[str, ...] = tuple(_get("adjective_suffixes"))
        self.nisba: str = _get("nisba", "singular")
        self.nisba_inflected: tuple[str, ...] = tuple(_get("nisba", "inflected"))
        self.nisba_tanween_only = frozenset(_get("nisba", "tanween_only"))
        self.plural_suffixes: tuple[str, ...] = tuple(_get("nisba", "plural_suffixes"))
        self.nisba_singular_endings: tuple[str, ...] = tuple(_get("nisba", "singular_endings"))
        # per-instance memos (callers must not change what they get: tuples)
        self.readings = lru_cache(maxsize=_MEMO_WORDS)(self._readings)
        self.noun_keys = lru_cache(maxsize=_MEMO_WORDS)(self._noun_keys)
        self.first_forms = lru_cache(maxsize=_MEMO_WORDS)(self._first_forms)

    def __repr__(self) -> str:
        return f"<Morph enclitics={len(self.enclitics)} past_suffixes={len(self.past_suffixes)}>"

    # ------------------------------------------------------------------ verbs
    def conjugations(self, entry: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
        """``(form, tense)`` for the past and present stems of a lexicon entry (its ``past``
        and ``pres`` lists, written naturally), past first."""
        for tense, forms in (("past", self.past_forms), ("pres", self.present_forms)):
            for stem in entry.get(tense, ()):
                for f in forms(normalize(stem)):
                    yield f, tense

    def past_forms(self, stem: str) -> set[str]:
        """Third-person (and a few other) past forms of a normalized past stem; a defective
        stem (التقي، دعا) drops its last letter before most suffixes."""
        out = {stem}
        if stem.endswith(self.past_defective_finals) and len(stem) > 2:
            s = stem[:-1]
            out |= {s + suf for suf in self.past_defective_suffixes}
            out |= {stem + suf for suf in self.past_defective_stem_suffixes}
        else:
            out |= {stem + suf for suf in self.past_suffixes}
        return out

    def present_forms(self, stem: str) -> set[str]:
        """Present (indicative, subjunctive, jussive) forms of a normalized present stem
        (without its person prefix: يلتقي → لتقي)."""
        out: set[str] = set()
        bases = [stem]
        if stem.endswith(self.present_defective_finals) and len(stem) > 2:  # defective: يلتقي، يدعو
            bases.append(stem[:-1])
        for pre in self.present_prefixes:
            for b in bases:
                for suf in self.present_suffixes:
                    out.add(pre + b + suf)
        return out

    def _readings(self, norm: str) -> tuple[tuple[str, str, str], ...]:
        """Ways to read a normalized word as ``(proclitics, core, enclitic)``.

        Proclitics: a conjunction, then future س or لـ/بـ; enclitic: an attached pronoun
        (the stem before it repaired: التقاه → التقي، زاروه → زاروا).
        ``"وسيلتقيان"`` → includes ``("وس", "يلتقيان", "")``.
        """
        out = [("", norm, "")]
        if len(norm) > 3 and norm[0] in self.conj_letters:
            out.append((norm[0], norm[1:], ""))
        for pro, core, _ in list(out):
            if len(core) > 3 and core[0] in self.verb_proclitic_letters:
                out.append((pro + core[0], core[1:], ""))
        for pro, core, _ in list(out):
            for enc in self.enclitics:
                if core.endswith(enc) and len(core) - len(enc) >= 2:
                    base = core[: -len(enc)]
                    out.append((pro, base, enc))
                    for ending, repl in self.enclitic_stem_repairs:
                        if base.endswith(ending):
                            out.append((pro, base[: len(base) - len(ending)] + repl, enc))
        return tuple(out)

    # ------------------------------------------------------------------ nouns
    def _noun_keys(self, norm: str) -> tuple[str, ...]:
        """A noun without its proclitics (conjunction, بـ لـ كـ, the article, لل), in every
        plausible reading; an accusative tanween alif dropped too (اتفاقا → اتفاق)."""
        art, lil = self.article, self.lil
        keys = [norm]
        rest = norm
        if len(rest) > 3 and rest[0] in self.conj_letters:
            rest = rest[1:]
            keys.append(rest)
        if rest.startswith(lil) and len(rest) > 3:
            keys.append(art + rest[len(lil):])
            keys.append(rest[len(lil):])
            return tuple(keys)
        if len(rest) > 3 and rest[0] in self.noun_proclitic_letters:
            keys.append(rest[1:])
            if rest[1:].startswith(art):
                keys.append(rest[1 + len(art):])
        if rest.startswith(art) and len(rest) > 3:
            keys.append(rest[len(art):])
        keys += [k[:-1] for k in keys if k.endswith(self.tanween) and len(k) > 3]
        return tuple(keys)

    def _first_forms(self, w: str) -> tuple[tuple[str, str], ...]:
        """``(proclitics, rest)`` readings of the first word of a phrase: as written, without
        its conjunction, and without a preposition (لل read as لـ + ال)."""
        out = [("", w)]
        rest, pro = w, ""
        if len(rest) > 3 and rest[0] in self.conj_letters:
            pro, rest = rest[0], rest[1:]
            out.append((pro, rest))
        if rest.startswith(self.lil) and len(rest) > 3:
            out.append((pro + self.lam, self.article + rest[len(self.lil):]))
        elif len(rest) > 3 and rest[0] in self.noun_proclitic_letters:
            out.append((pro + rest[0], rest[1:]))
        return tuple(out)

    def strip_article(self, w: str) -> str:
        return w[len(self.article):] if w.startswith(self.article) else w

    def strip_conj(self, w: str) -> str:
        """``w`` without a leading conjunction letter (any length)."""
        return w[1:] if w[:1] in self.conj_letters else w

    # ------------------------------------------------------------------ nationality adjectives
    def nisba_forms(self, w: str) -> list[str]:
        """The other forms of a singular nationality adjective (الروسي → الروسيون، الروسيين،
        الروسيا، الروسيه)."""
        if not w.endswith(self.nisba):
            return []
        stem = w[: len(w) - len(self.nisba)]
        return [stem + f for f in self.nisba_inflected]

    def nisba_singular(self, w: str, tanween: bool = False) -> str:
        """A plural, feminine or accusative nationality adjective back to its singular
        (الكوريون → الكوري); the forms marked tanween_only (صحفيا سويديا) only when ``tanween``."""
        for suf in self.nisba_inflected:
            if suf in self.nisba_tanween_only and not tanween:
                continue
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                return w[: -len(suf)] + self.nisba
        return w
