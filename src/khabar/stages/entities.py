"""Stage ``entities``: named-entity mentions (PER, ORG, LOC, MISC).

Three detectors propose candidate spans over the tokens, and one merge keeps the best
non-overlapping set:

* ``GazetteerDetector`` — longest match of the gazetteer (:class:`~khabar.arabic.gazetteer.Gazetteer`:
  the shipped CLDR, pycountry, GeoNames, arwikicats names, and a user's own) on every clitic
  reading of a token (لروسيا → روسيا, والولايات المتحدة → الولايات المتحدة); also single
  name parts of known people. A user's names win over every other detector.
* ``RuleDetector`` — contextual cues from ``data/lexicons/entity_rules.json``: a title or
  role before a name (وزير الخارجية X، المتحدث باسم … X), a speech verb before a name
  (قال X), organization and place heads before a rare word (جامعة X، ميناء X).
* ``ModelDetector`` — the statistical tagger (``khabar.models.ner``; the shipped model, or
  the one given).

Around them (issue #14): a one-word name from a weak gazetteer source needs support (a
preposition, place word or title before it, a preposition on it, a word the news vocabulary never
saw, or the model); words and formulas that are not names (``lexicon/not_names.txt``: رحمه الله،
currencies …) are cut from every candidate; and :func:`extend_orgs` gives organizations their
outermost span (adjectives, complements in ل, a name inside: مركز الملك عبدالعزيز للحوار الوطني).

Mentions span whole tokens with their clitics (as in ANERcorp); ``Mention.key`` holds the
normalized name without them, which ``resolve`` uses to group mentions into entities.

The words and letters the detectors test come from the stage's
:class:`~khabar.arabic.lexicon.Lexicon` (:class:`EntityWords`, compiled once per lexicon).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from khabar.arabic.clitics import clitics
from khabar.arabic.gazetteer import ORGS, PLACES, USER, GazEntry, Gazetteer
from khabar.arabic.lexicon import Lexicon, WordMemo, table_entry
from khabar.arabic.lexicons import demonyms, entity_rules, first_names, institutions, phrase_set, ya_forms
from khabar.arabic.morph import morph, verb_forms
from khabar.arabic.translit import transliterator
from khabar.doc import Article, Mention, Token
from khabar.errors import UsageError
from khabar.stages.resolve import skeletons

__all__ = ["Entities", "Candidate", "EntityWords", "entity_words", "GazetteerDetector", "RuleDetector",
           "ModelDetector", "merge", "propagate", "extend_orgs", "name_key"]

#: a word seen fewer times than this in the news vocabulary counts as "rare" (name-like)
RARE = 150
#: a stem this common with a pronoun suffix (اهتمام + ه) is a word of the language
_COMMON_STEM = 250
_TYPE_ORDER = {"LOC": 0, "ORG": 1, "PER": 2, "MISC": 3}
#: a part of a gazetteer person's name (found alone) is a mention when at most this frequent
_PART_ALONE = 30
#: a part of a found person's name (بوتين of فلاديمير بوتين) is a mention unless this common
_PART_MAX = 2000
#: a family name (الغامدي) is a known name word less frequent than this in the news vocabulary
_FAMILY_MAX = 3000
#: sources whose one-word names are trusted without context (countries, regions)
_STRONG_SOURCES = frozenset({"cldr", "pycountry", ORGS, PLACES})
#: a one-word name from a weaker source that is also this frequent a word needs context
_COMMON_SINGLE = 50
#: entries of a per-word memo before it is emptied (bounds its memory)
_MEMO_MAX = 16384
_SOURCE_ORDER = {USER: -3, ORGS: -2, PLACES: -1, "cldr": 0, "pycountry": 1, "arwikicats": 2, "geonames": 3}
_MODEL_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
#: the rank of a user's gazetteer names: above every other candidate in :func:`merge`
USER_RANK = 3


@dataclass
class Candidate:
    """A proposed mention over tokens ``[i, j)``."""

    i: int
    j: int
    type: str
    score: float  # confidence 0..1
    rank: int  # 3: a user's gazetteer name; 2: gazetteer full name / rule with a cue; 1: model; 0: name part
    source: str
    key: str  # normalized name without clitics
    name_en: str | None = None
    country: str | None = None


def name_key(tokens: list[Token], i: int, j: int) -> str:
    """Normalized name of tokens ``[i, j)`` without the first token's proclitics (و ب ل …)."""
    words = [t.norm for t in tokens[i:j]]
    words[0] = tokens[i].base
    return " ".join(words)


def _last_letter(text: str) -> str:
    """The last letter of a word as written (diacritics and marks skipped), or ""."""
    return next((c for c in reversed(text) if c.isalpha()), "")


def _rule(raw: dict, key: str, name: str = "lexicons/entity_rules.json"):
    return table_entry(raw, name, key)


class EntityWords:
    """The word lists, letters and word counts the detectors read, from one :class:`Lexicon`.

    Built once per lexicon by :func:`entity_words`; the per-word tests (:meth:`readings`,
    :meth:`name_like` …) are what the detectors call for every token."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        rules = entity_rules(lexicon)
        cl = clitics(lexicon)
        self.clitics = cl
        #: how often a normalized word was seen in the news vocabulary
        self.count = cl.count
        self._variants = cl.variants
        self.article: str = cl.article
        self.conj = cl.conj
        #: letters a matcher may cut from an unknown word (conjunctions and prepositions)
        self.cut_letters = cl.conj | cl.prep
        self.future = cl.future
        self.ya_alef: str = _rule(rules, "ya_alef")
        self.nisba_suffix: str = _rule(rules, "nisba_suffix")
        self.feminine_suffix: str = _rule(rules, "feminine_suffix")
        #: the letter ة is written as before a suffix (جاهزيت+ه)
        self.ta: str = _rule(rules, "open_ta")
        #: ة as written (normalized to ه, which is also the pronoun suffix)
        self.ta_marbuta: str = _rule(rules, "ta_marbuta")
        self.accusative_alef: str = _rule(rules, "accusative_alef")
        self.conjunction: str = _rule(rules, "conjunction")
        self.definite_starts: tuple[str, ...] = tuple(_rule(rules, "definite_starts"))
        self.not_article: tuple[str, ...] = tuple(_rule(rules, "not_article"))
        self.stopset = frozenset(_rule(rules, "stop_names"))
        self.stop_ya = ya_forms("stop_names", lexicon)
        self.connectors = frozenset(_rule(rules, "name_connectors"))
        self.generic_adjectives = frozenset(_rule(rules, "generic_adjectives"))
        self.demonyms = demonyms(lexicon)
        self.institutions = institutions(lexicon)
        art = self.article
        comp = _rule(rules, "title_complements")
        self.titles = phrase_set("person_titles", lexicon)
        self.title_firsts = frozenset(p[0] for p in self.titles)
        self.complements = frozenset(comp) | {c[len(art):] for c in comp if c.startswith(art) and len(c) > 4}
        self.speech_verbs = frozenset(_rule(rules, "speech_verbs"))
        #: nouns no name is, seen with a possessive pronoun (أخته، نيتها)
        self.pronoun_hosts = frozenset(_rule(rules, "pronoun_hosts"))
        #: a preposition with a pronoun after a speech verb (قال لي): no name follows
        self.speech_objects = frozenset(_rule(rules, "speech_objects"))
        self.action_verbs = frozenset(_rule(rules, "action_verbs"))
        self.org_heads = frozenset(_rule(rules, "org_heads"))
        self.definite_heads = frozenset(_rule(rules, "org_heads_definite"))
        self.loc_heads = frozenset(_rule(rules, "loc_heads"))
        #: adjectives that stay in a facility's name after its place (مطار دمشق الدولي)
        self.facility_adjectives = frozenset(_rule(rules, "facility_adjectives"))
        #: place heads that are part of a facility's name (ميناء عدن، مطار دمشق)
        self.facility_heads = frozenset(_rule(rules, "facility_heads"))
        #: heads that make a name with an adjective (الجيش الليبي), and the adjectives that
        #: continue an organization's name besides nationality adjectives (القوات الخاصة)
        self.org_name_heads = frozenset(_rule(rules, "org_name_heads"))
        self.org_modifiers = frozenset(_rule(rules, "org_modifiers"))
        #: the proclitic of a name's complement (مركز … للحوار الوطني)
        self.complement_proclitic: str = _rule(rules, "complement_proclitic")
        self.prepositions = lexicon.words("prepositions")
        #: words and formulas that are not names (lexicon/not_names.txt)
        self.not_names = frozenset(lexicon.tagged("not_names", "word"))
        #: words that are no name on their own, though part of one (الله of عبد الله)
        self.not_alone = frozenset(lexicon.tagged("not_names", "alone"))
        #: listed names that are ordinary words too: names only with support
        self.ambiguous_names = frozenset(lexicon.tagged("not_names", "ambiguous"))
        self.formulas = frozenset(tuple(f.split()) for f in lexicon.tagged("not_names", "formula"))
        self.formula_firsts = frozenset(f[0] for f in self.formulas)
        self.formula_max = max((len(f) for f in self.formulas), default=0)
        #: third-person pronoun suffixes: a common noun or verb with one is no name (اهتمامه)
        self.pronoun_suffixes = tuple(sorted((e for e in lexicon.tagged("enclitics", "preposition")
                                              if e in set(_rule(rules, "third_person_suffixes"))),
                                             key=len, reverse=True))
        self.prepositions_and_cues = frozenset(lexicon.words("prepositions")) | self.loc_heads | \
            lexicon.words("place_types")
        #: construct nouns inside a name (جمعية الأشخاص ذوي الإعاقة)
        self.org_construct = frozenset(_rule(rules, "org_construct"))
        #: place heads that are not part of the name (مدينة X → X)
        self.headless = lexicon.words("place_types")
        # the given names, less any word the cue lists use otherwise (وزير، دفاع …)
        other: set[str] = set()
        for name in ("person_titles", "title_complements", "org_heads", "loc_heads", "stop_names",
                     "speech_verbs", "action_verbs", "generic_adjectives"):
            for entry in _rule(rules, name):
                other.update(entry.split())
        other |= {w[len(art):] for w in other if w.startswith(art)}
        self.given_names = frozenset(first_names(lexicon) - other)
        #: conjugated forms of the known verbs (قتلت، ناقشوا): no names
        self.verb_forms = verb_forms(lexicon)
        self.morph = morph(lexicon)
        self.readings = lru_cache(maxsize=32768)(self._readings)
        self._block_info = lru_cache(maxsize=_MEMO_MAX)(self._block_info_of)
        self.rule_info = lru_cache(maxsize=_MEMO_MAX)(self._rule_info_of)

    # ------------------------------------------------------------------ clitics
    def _readings(self, norm: str) -> tuple[str, ...]:
        """The word and its readings without proclitics, most literal first."""
        return tuple(v for _, v in self._variants(norm))

    def variants(self, norm: str) -> tuple[tuple[int, str], ...]:
        """``(letters cut, reading)`` of a word without its proclitics (do not modify)."""
        return self._variants(norm)

    def clitic_cut_ok(self, tok: Token, cut: int) -> bool:
        """May a matcher read ``tok`` without its first ``cut`` letters? Yes when the token's clitic
        analysis strips that much (لكلية is ل + كلية, not لك + لية), or when the word is unknown
        and the cut is one or two proclitic letters (وفلاديفوستوك)."""
        if cut == 0:
            return True
        art = self.article
        plen = sum(len(p) for p in tok.prefixes if p != art)
        if cut <= plen:
            return True
        return cut <= 2 and self.count(tok.norm) == 0 and all(ch in self.cut_letters for ch in tok.norm[:cut])

    def strip_conj(self, norm: str) -> str:
        """Drop a leading و/ف from a word of four letters or more (وقال → قال); no dictionary check."""
        if len(norm) > 3 and norm[0] in self.conj:
            return norm[1:]
        return norm

    # ------------------------------------------------------------------ word tests
    def is_rare(self, word: str) -> bool:
        """Looks like a proper name: a word the news vocabulary hardly knows."""
        return self.count(word) < RARE

    def stop(self, norm: str, text: str | None = None) -> bool:
        """A function word (or not a word). ``text``, the token as written, tells على from علي."""
        if not norm[:1].isalpha():
            return True
        if norm in self.stopset:
            if norm in self.stop_ya and text is not None and not self._ends_with_ya_alef(text):
                return False
            return True
        return False

    def written_marbuta(self, text: str) -> bool:
        """Does the word as written end in ة (which normalizes to the pronoun's ه)?"""
        return _last_letter(text) == self.ta_marbuta

    def _ends_with_ya_alef(self, text: str) -> bool:
        return _last_letter(text) == self.ya_alef

    def nisba(self, word: str) -> bool:
        """An adjective in ـي whose feminine ـية is a known word (فضائي، سكاني)."""
        return word.endswith(self.nisba_suffix) and self.count(word + self.feminine_suffix) > 0

    def not_name(self, tok: Token) -> bool:
        """A listed non-name word in any clitic reading (والدولار، دولارا)."""
        nn = self.not_names
        acc = self.accusative_alef
        for v in self.readings(tok.norm):
            if v in nn or (v.endswith(acc) and v[:-1] in nn):
                return True
        return False

    def inflected_common(self, tok: Token) -> bool:
        """A common word with a pronoun suffix (اهتمامه، تعازيها، جاهزيته), a verb with the
        future prefix (سيقررون) or a conjugated form of a known verb (وقتلت، ناقشوا): a word of
        the language, not a name."""
        if tok.base in self.given_names:
            return False
        if any(core in self.verb_forms for _, core, _ in self.morph.readings(tok.norm)):
            return True  # with its clitics: وقتلت، فقتلاه
        marbuta = self.written_marbuta(tok.text)  # الحديدة: no pronoun
        count = self.count
        for v in self.readings(tok.norm)[:2]:
            if v[:1] in self.future and len(v) > 4 and count(v[1:]) > 50 and count(v) < RARE:
                return True
            for suf in () if marbuta else self.pronoun_suffixes:
                stem = v[: -len(suf)]
                if not v.endswith(suf) or len(stem) < 3:
                    continue
                stems = [stem]
                if stem.endswith(self.ta):
                    stems.append(stem[:-1] + self.feminine_suffix[-1])
                if any(x in self.pronoun_hosts or count(x) >= _COMMON_STEM for x in stems):
                    return True
        return False

    def verb_with_clitics(self, tok: Token) -> bool:
        """A conjugated known verb with a conjunction before it or a pronoun after it (وقتلت،
        فقتلاه، اتهمته): no name holds one."""
        conj = self.morph.conj_letters
        return any(core in self.verb_forms and ((pro and all(ch in conj for ch in pro)) or (not pro and enc))
                   for pro, core, enc in self.morph.readings(tok.norm))

    def blocked(self, toks: list[Token]) -> set[int]:
        """Tokens that no name may hold: formulas (رحمه الله), non-name words and known verbs
        with clitics."""
        out: set[int] = set()
        info = self._block_info
        for i, tok in enumerate(toks):
            if not tok.is_word:
                continue
            no_name, host, starts = info(tok.norm)
            if no_name or (host and not self.written_marbuta(tok.text)):
                out.add(i)
            if starts:
                for n in range(self.formula_max, 1, -1):
                    rest = tuple(t.norm for t in toks[i + 1 : i + n])
                    if len(rest) == n - 1 and any((v,) + rest in self.formulas for v in starts):
                        out.update(range(i, i + n))
                        break
                else:
                    if any((v,) in self.formulas for v in starts):
                        out.add(i)
        return out

    def _rule_info_of(self, norm: str) -> tuple[tuple[str, ...], bool, bool, str | None]:
        """For :class:`RuleDetector`, once per word: the readings that start a title phrase,
        whether it is a speech verb, an action verb, and the organization or place head it
        reads as (if any)."""
        base = self.strip_conj(norm)
        firsts = self.title_firsts
        readings = self.readings(norm)
        starts = tuple(v for v in (norm, base, *readings[:3]) if v in firsts)
        speech = base in self.speech_verbs or norm in self.speech_verbs
        action = base in self.action_verbs or norm in self.action_verbs
        head = next((v for v in readings[:2] if v in self.org_heads or v in self.loc_heads), None)
        return starts, speech, action, head

    def _block_info_of(self, norm: str) -> tuple[bool, bool, tuple[str, ...]]:
        """For :meth:`blocked`, once per word: is it a non-name word or a known verb with
        clitics, and which of its first readings start a formula."""
        tok = Token(0, 0, norm, norm=norm)
        firsts = self.formula_firsts
        return (self.not_name(tok) or self.verb_with_clitics(tok), self.hosts_pronoun(norm),
                tuple(v for v in self.readings(norm)[:2] if v in firsts))

    def pronoun_noun(self, tok: Token) -> bool:
        """A noun no name is, with a possessive pronoun, as written (أخته، خالته; not جدة)."""
        return self._block_info(tok.norm)[1] and not self.written_marbuta(tok.text)

    def hosts_pronoun(self, norm: str) -> bool:
        """One of the nouns no name is, with a possessive pronoun (أخته، خالته، نيتها), read
        from the normalized word: the caller checks that it was not written with ة (جدة is
        Jeddah, not جد + ه)."""
        hosts = self.pronoun_hosts
        for v in self.readings(norm)[:2]:
            for suf in self.pronoun_suffixes:
                stem = v[: -len(suf)]
                # three letters at least: أبها is Abha, not أب + ها
                if v.endswith(suf) and len(stem) >= 3 and (
                        stem in hosts or (stem.endswith(self.ta) and stem[:-1] + self.feminine_suffix[-1] in hosts)):
                    return True
        return False

    def definite(self, norm: str) -> bool:
        """A word with the article, alone or after و/ف (الإعلام، والإعلام)."""
        art = self.article
        return norm.startswith(art) or (norm[:1] in self.conj and norm[1:].startswith(art))

    def is_demonym(self, word: str) -> bool:
        dem = self.demonyms
        for v in self.readings(word):
            if v in dem:
                return True
        return False

    def common_noun(self, word: str) -> bool:
        """باحث / الباحث, تأكيدا / التأكيد: a word that takes the article is a common noun, not a name."""
        count = self.count
        art = self.article
        if count(art + word) >= max(5, count(word) // 5):
            return True
        return len(word) >= 5 and word.endswith(self.accusative_alef) and \
            count(art + word[:-1]) >= max(5, count(word) // 5)

    def foreign_al(self, word: str) -> bool:
        """ألكسندر، ألبرت: a rare word starting with "al" that is no Arabic word without it."""
        return len(word) > 5 and self.is_rare(word) and self.count(word[len(self.article):]) == 0

    def al_name_at(self, toks: list[Token], k: int, end: int) -> bool:
        """A foreign given name in "al" (ألكسندر) followed by a surname — not a given name, since
        then the "al" word is more likely a noun before a full name (الكرملين دميتري بيسكوف)."""
        if k + 1 >= end or not self.name_like(toks[k], True, False, allow_al=True):
            return False
        nxt = toks[k + 1]
        return self.name_like(nxt, True, True) and nxt.base not in self.given_names

    def name_like(self, tok: Token, strict: bool = True, cont: bool = False, allow_al: bool = False) -> bool:
        """Could this token be part of a personal name? (``cont``: it follows a name word;
        ``allow_al``: a foreign given name starting with "al" may stand here)"""
        n = tok.norm
        if cont and n in self.connectors:
            return True  # بن، أبو، عبد inside a name (the caller checks what follows)
        if not tok.is_word or self.stop(n, tok.text) or n.isdigit() or len(n) < 2:
            return False
        base = tok.base
        fn = self.given_names
        if base in fn or n in fn:
            return True
        if self.stop(base, tok.text):
            return False
        if base.startswith(self.article) and not base.startswith(self.not_article):
            return allow_al and self.foreign_al(base)
        if self.is_demonym(n):
            return False
        if not cont and self.common_noun(base):
            return False
        if not cont and base[:1] in self.future and len(base) > 4 and self.count(base[1:]) > 50:
            return False  # سيقدم: future prefix on a known verb
        return self.is_rare(base) if strict else self.count(base) < RARE * 10


def entity_words(lexicon: Lexicon | None = None) -> EntityWords:
    """The entity detectors' words of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("entities.words", lambda: EntityWords(lex))


def _best_entry(entries: tuple[GazEntry, ...]) -> GazEntry:
    """The entry a name stands for: the user's first, then the surest source, then LOC, ORG, PER, MISC."""
    return min(entries, key=lambda e: (_SOURCE_ORDER.get(e.source, 9), _TYPE_ORDER.get(e.type, 9)))


class GazetteerDetector:
    """Longest gazetteer match at each token, on every clitic reading."""

    def __init__(self, words: EntityWords, gazetteer: Gazetteer) -> None:
        self.words = words
        self.gaz = gazetteer

    def detect(self, article: Article) -> list[Candidate]:
        gaz = self.gaz.table
        if not gaz:
            return []
        W = self.words
        count = W.count
        firsts = self.gaz.first_words
        maxlen = self.gaz.max_len
        parts = self._person_parts()
        spelling = _SpellingMatch(self)
        # word → its readings that start a gazetteer name (most words: none)
        first_readings = self.gaz.memo(("entities.first_readings", W.lexicon), lambda: WordMemo(
            lambda norm: tuple((c, v) for c, v in W.variants(norm) if v in firsts), _MEMO_MAX))
        toks = article.tokens
        out: list[Candidate] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not tok.is_word:
                i += 1
                continue
            sent_end = article.sentences[tok.sentence].token_end if article.sentences else len(toks)
            best: tuple[int, int, str] | None = None  # (n, -cut, key)
            for cut, v in first_readings[tok.norm]:
                if cut and not W.clitic_cut_ok(tok, cut):
                    continue
                words = [v]
                for k in range(i + 1, min(i + maxlen, sent_end)):
                    if not toks[k].is_word:
                        break
                    words.append(toks[k].norm)
                for n in range(len(words), 0, -1):
                    key = " ".join(words[:n])
                    if key in gaz and (best is None or (n, -cut) > best[:2]):
                        best = (n, -cut, key)
                        break
            if best is not None:
                n, _, key = best
                entries = gaz[key]
                entry = _best_entry(entries)
                user = entry.source == USER
                strong = user or n > 1 or entry.source in _STRONG_SOURCES
                if not user and n == 1 and (len(key) <= 2 or (not strong and (count(key) > _COMMON_SINGLE
                                                                               or W.common_noun(key)))):
                    i += 1
                    continue
                rank = USER_RANK if user else 2 if strong else 1
                out.append(Candidate(i, i + n, entry.type, 1.0 if strong else 0.7, rank,
                                     f"gazetteer:{entry.source}", key, entry.name_en, entry.country))
                i += n
                continue
            # the same name in another spelling (السوفييتي / السوفيتي، بيونجيانج / بيونغ يانغ)
            hit = spelling(toks, i, sent_end) if spelling.heads.get(tok.base) != "" else None
            if hit is not None:
                n, entry = hit
                out.append(Candidate(i, i + n, entry.type, 0.8, 2, f"gazetteer:{entry.source}~",
                                     name_key(toks, i, i + n), entry.name_en, entry.country))
                i += n
                continue
            # a single part of a known person's name (بوتين), when rare enough to be a name
            for v in (tok.norm,) if tok.norm == tok.base else (tok.norm, tok.base):
                info = parts.get(v)
                if info is not None and count(v) <= _PART_ALONE:
                    out.append(Candidate(i, i + 1, "PER", 0.6, 0, "gazetteer:part", v, info, None))
                    break
            i += 1
        return out

    # ---------------------------------------------------------------- indexes (per gazetteer and lexicon)
    def _skeleton_index(self) -> dict[str, GazEntry]:
        """Spelling skeleton → gazetteer entry, for names long enough not to collide."""
        lex = self.words.lexicon

        def make() -> dict[str, GazEntry]:
            skeleton = skeletons(lex).key
            index: dict[str, GazEntry] = {}
            ambiguous: set[str] = set()
            for key, entries in self.gaz.items():
                sk = skeleton(key)
                if len(sk) < 5:
                    continue
                entry = _best_entry(entries)
                if sk in index and index[sk].name_en != entry.name_en:
                    ambiguous.add(sk)
                index.setdefault(sk, entry)
            for sk in ambiguous:
                del index[sk]
            return index

        return self.gaz.memo(("entities.skeleton_index", lex), make)

    def _skeleton_prefixes(self) -> frozenset[str]:
        """Every prefix of every indexed skeleton: a candidate whose first words' skeleton is
        no such prefix cannot match, however many words follow (a cheap pre-filter)."""
        def make() -> frozenset[str]:
            return frozenset(sk[:k] for sk in self._skeleton_index() for k in range(1, len(sk) + 1))

        return self.gaz.memo(("entities.skeleton_prefixes", self.words.lexicon), make)

    def _person_parts(self) -> dict[str, str | None]:
        """First and last words of multi-word person names → English name (None if ambiguous)."""
        W = self.words

        def make() -> dict[str, str | None]:
            parts: dict[str, str | None] = {}
            stop = W.stopset
            art = W.article
            for key, entries in self.gaz.items():
                for e in entries:
                    if e.type != "PER" or " " not in key:
                        continue
                    words = key.split()
                    for w in (words[0], words[-1]):
                        if len(w) < 3 or w in stop or w.startswith(art):
                            continue
                        if w in parts and parts[w] != e.name_en:
                            parts[w] = None
                        else:
                            parts[w] = e.name_en
            return parts

        return self.gaz.memo(("entities.person_parts", W.lexicon), make)

    def _similar(self, a: str, b: str) -> bool:
        """Two spellings of one name: close letter by letter once spaces are ignored."""
        from difflib import SequenceMatcher

        fold = skeletons(self.words.lexicon).fold
        a, b = fold(a.replace(" ", "")), fold(b.replace(" ", ""))
        return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.85


class _SpellingMatch:
    """The gazetteer's match of a name in another spelling: the longest run of up to three
    words whose spelling skeleton is an indexed name's, and close to that name letter by
    letter. Made once per article, with the detector's indexes looked up once: most words
    start no name, and are turned down in one lookup."""

    __slots__ = ("det", "sk", "prefixes", "index", "count", "heads")

    def __init__(self, det: GazetteerDetector) -> None:
        self.det = det
        self.sk = skeletons(det.words.lexicon)
        self.prefixes = det._skeleton_prefixes()
        #: first word → its skeleton if some indexed name starts with it, else "" (nor does a
        #: one-letter skeleton start one: أو)
        sk, prefixes = self.sk, self.prefixes

        def head(base: str) -> str:
            key = sk.key(base)
            return key if len(key) >= 2 and key in prefixes else ""

        self.heads: WordMemo = det.gaz.memo(("entities.skeleton_heads", det.words.lexicon),
                                            lambda: WordMemo(head, _MEMO_MAX))
        self.index = det._skeleton_index()
        self.count = det.words.count

    def __call__(self, toks: list[Token], i: int, sent_end: int) -> tuple[int, GazEntry] | None:
        first = toks[i]
        if not first.is_word:
            return None
        sk = self.sk
        prefixes = self.prefixes
        # the skeleton of a run of words is the first word's skeleton followed by the letters the
        # skeleton keeps of each later word: grow it while it is still the start of a name's
        head = self.heads[first.base]
        if not head:
            return None  # no name starts so
        words = [first.base]
        run = head
        for k in range(i + 1, min(i + 3, sent_end)):
            if not toks[k].is_word:
                break
            run += sk.tail(toks[k].norm)
            if run not in prefixes:
                break
            words.append(toks[k].norm)
        count = self.count
        index = self.index
        for n in range(len(words), 0, -1):
            if all(count(w) >= _PART_MAX for w in words[:n]):
                continue
            cand = " ".join(words[:n])
            entry = index.get(sk.key(cand))
            if entry is not None and self.det._similar(cand, entry.key):
                return n, entry
        return None


class RuleDetector:
    """Titles, speech verbs and organization/place heads before names."""

    def __init__(self, words: EntityWords) -> None:
        self.words = words

    def _match_phrase(self, toks: list[Token], i: int, maxlen: int = 4) -> int:
        """Length of the longest title phrase starting at token ``i`` (0 if none)."""
        W = self.words
        phrases = W.titles
        starts = W.rule_info(toks[i].norm)[0]
        if not starts:
            return 0
        best = 0
        for n in range(1, maxlen + 1):
            if i + n > len(toks):
                break
            rest = tuple(t.norm for t in toks[i + 1 : i + n])
            if any((v,) + rest in phrases for v in starts):
                best = n
        return best

    def detect(self, article: Article, known: list[Candidate]) -> list[Candidate]:
        W = self.words
        toks = article.tokens
        complements = W.complements
        connectors = W.connectors
        art = W.article
        covered: dict[int, Candidate] = {}
        for c in known:
            if c.rank >= 2:
                for k in range(c.i, c.j):
                    covered[k] = c
        out: list[Candidate] = []
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if not tok.is_word:
                i += 1
                continue
            starts, speech, action, head = W.rule_info(tok.norm)
            if not (starts or speech or action or head):
                i += 1  # most words: no title, verb or head
                continue
            sent_end = article.sentences[tok.sentence].token_end if article.sentences else n
            tl = self._match_phrase(toks, i) if starts else 0
            if tl:
                # skip complements (الخارجية، باسم الكرملين، الروسي …), then take the name
                k = i + tl
                while k < sent_end and k - i < 8:
                    t = toks[k]
                    al_name = W.al_name_at(toks, k, sent_end)
                    if t.norm in complements or (t.norm.startswith(art) and not al_name) or W.is_demonym(t.norm):
                        k += 1
                    elif k in covered and covered[k].type in ("ORG", "LOC"):
                        k = covered[k].j
                    else:
                        break
                j = k
                while j < sent_end and j - k < 5 and not W.pronoun_noun(toks[j]) and (
                    # the second word of a name may be any uncommon word; later words must be
                    # rare unless they follow a connector (فيصل بن فرحان); a noun with a
                    # possessive pronoun ends it (ابن خالته: his cousin, no name)
                    W.name_like(toks[j], j == k or (j - k >= 2 and toks[j - 1].norm not in connectors), j > k)
                    or (j == k and W.al_name_at(toks, j, sent_end))
                ):
                    if j > k and toks[j].norm[0] == W.conjunction and not W.is_rare(toks[j].norm):
                        break
                    j += 1
                while j > k and toks[j - 1].norm in connectors:
                    j -= 1
                if j > k and (k not in covered or covered[k].type == "PER"):
                    out.append(Candidate(k, j, "PER", 0.9, 2, "rule:title", name_key(toks, k, j)))
                    i = j
                    continue
            if (speech or action) and not (i + 1 < sent_end and toks[i + 1].norm in W.speech_objects):
                # after a speech verb the subject may be a full name; after an action verb the
                # object may follow the subject (هنأ بوتين كيم), so one word unless a given name
                # (but after قال لي the speaker came before the verb)
                k = i + 1
                j = k
                fn = W.given_names
                while j < sent_end and j - k < 3 and W.name_like(toks[j], True, j > k) and j not in covered:
                    if j > k and toks[j].norm[:1] == W.conjunction and toks[j].base in fn:
                        break  # فواز بخاري وعبدالفتاح: a second person, coordinated
                    j += 1
                    if not speech and toks[j - 1].base not in fn:
                        break
                while j > k and toks[j - 1].norm in connectors:
                    j -= 1
                if j > k:
                    out.append(Candidate(k, j, "PER", 0.85, 2, "rule:speech", name_key(toks, k, j)))
                    i = j
                    continue
            # a head names something only in construct, without the article (منطقة عسير, not المنطقة)
            if head is not None and i + 1 < sent_end and not tok.base.startswith(art):
                cand = self._after_head(toks, i, sent_end, head, covered)
                if cand is not None:
                    out.append(cand)
                    i = cand.j
                    continue
            i += 1
        return out

    def _after_head(self, toks, i, sent_end, head, covered) -> Candidate | None:
        """An organization or place named by a head word: جامعة كورنيل، ميناء X الفضائي,
        وكالة أنباء X (one common word before the name), or, for strong organization heads,
        a chain of definite words (هيئة الأركان المشتركة، مجلس الأمن) at lower confidence."""
        W = self.words
        art = W.article
        typ = "ORG" if head in W.org_heads else "LOC"
        k = i + 1
        j = k
        rare_seen = False
        skipped = False
        while j < sent_end and j - k < 5:
            t = toks[j]
            if not t.is_word or W.stop(t.norm, t.text) or (j in covered and covered[j].type == "PER"):
                break
            if (j == k and head in W.facility_heads and j in covered and covered[j].type == "LOC"
                    and covered[j].i == j and covered[j].source.startswith("gazetteer")):
                # a facility of a known place: ميناء عدن، مطار دمشق الدولي (the head is part of the name)
                j = covered[j].j
                rare_seen = True
                if j < sent_end and toks[j].norm in W.facility_adjectives:
                    j += 1
                break
            if (j == k and head in W.facility_heads and t.base.startswith(art) and W.is_rare(t.base)
                    and not W.is_demonym(t.norm) and not W.nisba(t.base[len(art):])):
                # a facility named by a rare definite word: ميناء المخاء، قلعة صيرة
                rare_seen = True
                j += 1
                break
            if t.norm.startswith(W.definite_starts) or t.base.startswith(art) or W.is_demonym(t.norm):
                if not rare_seen or t.norm in W.generic_adjectives or W.is_demonym(t.norm):
                    break
                j += 1
                continue
            if rare_seen and t.norm[:1] == W.conjunction:
                break  # معسكر لبوزة وكبدت: a word with و after the name starts the next clause
            if W.is_rare(t.base) and not t.norm.isdigit() and not W.nisba(t.base) and not W.common_noun(t.base):
                rare_seen = True
                j += 1
                continue
            if not rare_seen and not skipped and j + 1 < sent_end and W.is_rare(toks[j + 1].base) \
                    and not toks[j + 1].norm.startswith(art) and toks[j + 1].is_word:
                skipped = True
                j += 1
                continue
            break
        if rare_seen:
            start = i if head not in W.headless else k
            return Candidate(start, j, typ, 0.9, 2, f"rule:{typ.lower()}-head", name_key(toks, start, j))
        if head in W.definite_heads:
            j = k
            construct = -9
            adj_seen = False
            while j < sent_end and j - k < 5 and j != construct + 2:
                t = toks[j]
                if not t.is_word or W.stop(t.norm, t.text) or j in covered:
                    break
                # a definite word, one after و (العدل والمصالحة), or a construct noun before
                # one (جمعية الأشخاص ذوي الإعاقة)
                if not (W.definite(t.norm) and (j > k or t.norm.startswith(art))) and not (
                        t.norm in W.org_construct and j + 1 < sent_end and toks[j + 1].norm.startswith(art)):
                    break
                adjective = _org_adjective(W, t)
                if adj_seen and not adjective:
                    break  # a noun after the name's adjectives starts a new phrase (… الأفغاني المواقع)
                adj_seen = adj_seen or (adjective and j > k)
                if t.norm in W.org_construct:
                    construct = j  # the construct noun takes one word (ذوي الإعاقة)
                j += 1
            if j > k:
                return Candidate(i, j, "ORG", 0.6, 1, "rule:org-definite", name_key(toks, i, j))
        return None


class ModelDetector:
    """Spans from the statistical tagger, with the mean marginal as the score.

    ``tagger``: a tagger object (with ``tag_with_scores``), the path of a model file (read on
    first use), or None for the lexicon's shipped model (:func:`khabar.models.ner.get_tagger`:
    loaded on first use, once per lexicon, so once per process for the shipped lexicon). A
    model file that is missing raises :class:`~khabar.errors.DataError` here, a broken one on
    first use; both name the file."""

    def __init__(self, tagger=None, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon
        self._tagger = None
        self._path: Path | None = None
        self._lock = threading.Lock()
        #: id(article) → (article, tags) from :meth:`prepare`
        self._ready: dict[int, tuple[Article, list]] = {}
        if tagger is None:
            pass
        elif isinstance(tagger, (str, os.PathLike)):
            from khabar.models.ner import model_file

            self._path = model_file(tagger)
        elif callable(getattr(tagger, "tag_with_scores", None)):
            self._tagger = tagger
        else:
            raise UsageError(f"tagger must be a tagger object (with tag_with_scores) or a model path, "
                             f"not {type(tagger).__name__}")

    def tagger(self):
        if self._tagger is None:
            from khabar.models.ner import get_tagger, load_tagger

            with self._lock:
                if self._tagger is None:
                    self._tagger = (load_tagger(self._path, lexicon=self.lexicon) if self._path is not None
                                    else get_tagger(self.lexicon))
        return self._tagger

    @staticmethod
    def _sentences(article: Article) -> list[list[Token]]:
        toks = article.tokens
        return [toks[s.token_start : s.token_end] for s in article.sentences]

    def prepare(self, articles: list[Article]) -> None:
        """Tag the sentences of many articles in one go (a tagger with ``tag_many``), for
        :meth:`detect` to take one by one: faster, and the same results. The tags are kept
        only until the next ``prepare``."""
        tagger = self.tagger()
        self._ready = {}
        many = getattr(tagger, "tag_many", None)
        arts = [a for a in articles if a.tokens]
        if many is None or len(arts) < 2:
            return
        tagged = many([[[t.text for t in s] for s in self._sentences(a)] for a in arts])
        self._ready = {id(a): (a, t) for a, t in zip(arts, tagged)}

    def detect(self, article: Article) -> list[Candidate]:
        if not article.tokens:
            return []
        toks = article.tokens
        sents = self._sentences(article)
        ready = self._ready.pop(id(article), None)
        if ready is not None and ready[0] is article:
            tagged = ready[1]
        else:
            tagged = self.tagger().tag_with_scores([[t.text for t in s] for s in sents])
        out: list[Candidate] = []
        for sent, tags in zip(sents, tagged):
            cur: list | None = None
            for tok, (tag, p) in zip(sent, tags):
                if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[1] != tag[2:])):
                    if cur:
                        out.append(_model_cand(toks, cur))
                    cur = [tok.index, tag[2:], [p], tok.index + 1]
                elif tag.startswith("I-") and cur is not None:
                    cur[2].append(p)
                    cur[3] = tok.index + 1
                else:
                    if cur:
                        out.append(_model_cand(toks, cur))
                    cur = None
            if cur:
                out.append(_model_cand(toks, cur))
        return [c for c in out if c.type]


def _model_cand(toks: list[Token], cur: list) -> Candidate:
    i, typ, ps, j = cur
    return Candidate(i, j, _MODEL_TYPES.get(typ, ""), sum(ps) / len(ps), 1, "model", name_key(toks, i, j))


def merge(cands: list[Candidate], ntok: int) -> list[Candidate]:
    """Keep the best non-overlapping candidates: a user's names and cue-backed ones first, then
    longer, then surer."""
    taken = [False] * ntok
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.rank, -(c.j - c.i), -c.score, c.i)):
        if c.j <= c.i or any(taken[c.i : c.j]):
            continue
        for k in range(c.i, c.j):
            taken[k] = True
        kept.append(c)
    kept.sort(key=lambda c: c.i)
    return kept


def _org_head(W: EntityWords, tok: Token) -> bool:
    """An organization head word, with or without the article (وزارة، القوات، للجنة)."""
    art = W.article
    for v in W.readings(tok.norm)[:3]:
        if v.startswith(art):
            v = v[len(art):]
        if v in W.org_name_heads or v in W.org_heads:
            return True
    return False


def _org_adjective(W: EntityWords, tok: Token) -> bool:
    """A definite adjective that may continue an organization's name (الوطنية، اليمنية)."""
    n = tok.norm
    return tok.is_word and n.startswith(W.article) and (n in W.org_modifiers or W.is_demonym(n))


def extend_persons(article: Article, kept: list[Candidate], words: EntityWords | None = None,
                   blocked: set[int] | None = None) -> list[Candidate]:
    """A person's name runs on over its chain and family name (issue #14): a connector with a
    name after it (بن عبدالعزيز، آل سعود) and one rare definite word no other name holds
    (إبراهيم بن عبدالعزيز العساف، أحمد الرزوقي، سعود الفيصل). Not after a user's name, and
    never over a demonym, a nisba adjective, a title or a known verb."""
    W = words if words is not None else entity_words()
    toks = article.tokens
    n = len(toks)
    art = W.article
    owner: list[Candidate | None] = [None] * n
    for c in kept:
        for k in range(c.i, c.j):
            owner[k] = c
    blocked = W.blocked(toks) if blocked is None else blocked
    name_words = transliterator(W.lexicon).name_words  # name words with an English spelling

    def free(k: int) -> bool:
        return k < n and owner[k] is None and toks[k].is_word and k not in blocked

    def family(k: int) -> bool:
        t = toks[k]
        base = t.base
        letters = [ch for ch in t.text if ch.isalpha()]
        bare = base[len(art):]
        return (base.startswith(art) and len(base) > len(art) + 2 and W.count(base) < _FAMILY_MAX
                and (base in name_words or bare in name_words)
                and not W.is_demonym(t.norm) and not W.nisba(base[len(art):]) and not W.stop(t.norm, t.text)
                and t.norm not in W.generic_adjectives and t.norm not in W.complements
                and t.norm[:1] != W.conjunction and not (letters and letters[-1] == W.ta_marbuta)
                and not any(core in W.verb_forms for _, core, _ in W.morph.readings(t.norm)))

    out = []
    for c in kept:
        if c.type != "PER" or c.rank >= USER_RANK:
            out.append(c)
            continue
        end = article.sentences[toks[c.i].sentence].token_end if article.sentences else n
        j = c.j
        while j + 1 < end and free(j) and free(j + 1) and toks[j].norm in W.connectors \
                and W.name_like(toks[j + 1], True, True):
            j += 2  # بن عبدالعزيز
            if toks[j - 1].norm in W.connectors and j < end and free(j) and toks[j].base.startswith(art):
                j += 1  # بن عبد العزيز: a compound written in two words
        if j < end and free(j) and toks[j - 1].base in W.given_names and family(j):
            j += 1  # العساف: after an Arab given name (كيم المدرع is Kim's armoured [train])
        if j == c.j:
            out.append(c)
            continue
        for k in range(c.j, j):
            owner[k] = c
        out.append(Candidate(c.i, j, c.type, c.score, c.rank, c.source + "+family", name_key(toks, c.i, j),
                             None if c.source.startswith("gazetteer") else c.name_en, c.country))
    return out


def extend_orgs(article: Article, kept: list[Candidate], words: EntityWords | None = None) -> list[Candidate]:
    """Organizations keep their outermost span:

    * a definite head with adjectives is a name (الجيش الليبي، اللجنة الوطنية);
    * an organization takes the adjectives after it (وزارة الصحة اليمنية، حزب الله اللبناني);
    * a head word (and its title) before a person's name, or before an organization in ل,
      makes one organization with it (جامعة الإمام محمد بن سعود، الأمانة العامة لهيئة …);
    * an organization that ends in an adjective or a name takes its complement in ل
      (اللجنة الوطنية لمكافحة المخدرات، مركز الملك عبدالعزيز للحوار الوطني), unless the
      complement governs a preposition (للسيطرة على: a purpose, not a name)."""
    W = words if words is not None else entity_words()
    toks = article.tokens
    n = len(toks)
    art = W.article
    out = sorted(kept, key=lambda c: c.i)
    owner: list[Candidate | None] = [None] * n
    for c in out:
        for k in range(c.i, c.j):
            owner[k] = c

    def sent_end(i: int) -> int:
        return article.sentences[toks[i].sentence].token_end if article.sentences else n

    def free_adj(j: int) -> bool:
        """Token ``j`` is an adjective no other name holds, or a one-word place that reads as
        one (القوات المسلحة السعودية)."""
        if not _org_adjective(W, toks[j]):
            return False
        o = owner[j]
        if o is None:
            return True
        if o.type == "LOC" and o.j - o.i == 1:
            out.remove(o)
            owner[j] = None
            return True
        return False

    # 1. a definite head with adjectives
    i = 0
    while i < n:
        tok = toks[i]
        if owner[i] is None and tok.is_word and tok.base.startswith(art) and \
                tok.base[len(art):] in W.org_name_heads:
            j = i + 1
            end = sent_end(i)
            while j < end and free_adj(j):
                j += 1
            if j > i + 1:
                c = Candidate(i, j, "ORG", 0.7, 2, "rule:org-adjective", name_key(toks, i, j))
                out.append(c)
                for k in range(i, j):
                    owner[k] = c
                i = j
                continue
        i += 1
    out.sort(key=lambda c: c.i)
    stops = W.stopset
    result: list[Candidate] = []
    k = 0
    while k < len(out):
        c = out[k]
        k += 1
        if c.type != "ORG":
            result.append(c)
            continue
        # a one-word group name after a person's name is the person's family name (عبدالملك الحوثي)
        if c.j - c.i == 1 and result and result[-1].type == "PER" and result[-1].j == c.i and \
                toks[c.i].norm.startswith(art) and toks[c.i].sentence == toks[result[-1].i].sentence:
            p = result.pop()
            p = Candidate(p.i, c.j, "PER", p.score, p.rank, p.source, name_key(toks, p.i, c.j))
            for q in range(p.i, p.j):
                owner[q] = p
            result.append(p)
            continue
        i, j = c.i, c.j
        end = sent_end(i)
        named = False  # the name so far ends in a person's name
        # a head (+ a title) before a person's name: جامعة الإمام + محمد بن سعود
        while k < len(out) and out[k].i == j and out[k].type == "PER" and _org_head(W, toks[i]) and \
                (j - i == 1 or toks[j - 1].norm in W.title_firsts or toks[j - 1].base in W.title_firsts):
            j = out[k].j
            k += 1
        # a head and a title before a name nobody found (مركز الأمير + سلطان)
        if j - i >= 2 and _org_head(W, toks[i]) and (toks[j - 1].norm in W.title_firsts or
                                                      toks[j - 1].base in W.title_firsts):
            m = j
            while m < end and m - j < 4 and owner[m] is None and W.name_like(toks[m], False, m > j):
                m += 1
            while m > j and toks[m - 1].norm in W.connectors:
                m -= 1
            if m > j:
                j = m
                named = True
        complement = False  # the name so far ends in a complement
        while j < end:
            # adjectives
            while j < end and free_adj(j):
                j += 1
                complement = False
            # a complement in ل after an adjective, a name or a complement
            t = toks[j] if j < end else None
            last = toks[j - 1]
            if t is None or not t.is_word or not t.norm.startswith(W.complement_proclitic) or t.norm in stops:
                break
            ends_ok = complement or named or _org_adjective(W, last) or (owner[j - 1] is not None
                                                                         and owner[j - 1].type == "PER")
            named = False
            if not ends_ok:
                break
            if owner[j] is not None and owner[j].type == "ORG" and owner[j].i == j:
                # an organization in ل: the outer one takes it (الأمانة العامة لهيئة كبار العلماء)
                inner = owner[j]
                if inner in out[k:]:
                    out.remove(inner)
                j = inner.j
                complement = True
                continue
            if owner[j] is not None:
                break
            m = j + 1
            definite = t.base.startswith(art) or t.norm[1:].startswith(art)
            while m < end and owner[m] is None and toks[m].is_word and toks[m].norm not in W.stopset \
                    and W.definite(toks[m].norm):
                m += 1
                definite = True
            # a verbal noun of purpose governs a preposition (للسيطرة على), a name's complement does not
            if not definite or (m == j + 1 and m < end and toks[m].norm in W.prepositions):
                break
            j = m
            complement = True
        if j != c.j:
            c = Candidate(c.i, j, "ORG", c.score, c.rank, c.source, name_key(toks, c.i, j), c.name_en, c.country)
            for q in range(c.i, c.j):
                owner[q] = c
            # candidates now inside are dropped
            while k < len(out) and out[k].i < j:
                k += 1
        result.append(c)
    return result


def propagate(article: Article, kept: list[Candidate], min_model: float = 0.7,
              words: EntityWords | None = None) -> list[Candidate]:
    """One name, one reading per article: once a name is found with confidence, its other
    occurrences (with clitics: لكيم، وبوتين) and the parts of person names are mentions too."""
    W = words if words is not None else entity_words()
    toks = article.tokens
    covered = [False] * len(toks)
    for c in kept:
        for k in range(c.i, c.j):
            covered[k] = True
    singles: dict[str, Candidate] = {}
    multis: dict[str, list[tuple[tuple[str, ...], Candidate]]] = {}
    art = W.article
    for c in kept:
        if c.rank < 2 and c.score < min_model:
            continue
        words_ = tuple(c.key.split())
        if len(words_) == 1:
            if len(words_[0]) >= 3:
                singles.setdefault(words_[0], c)
            continue
        multis.setdefault(words_[0], []).append((words_, c))
        if c.type == "PER":
            for w in (words_[0], words_[-1]):
                if len(w) >= 3 and not W.stop(w) and W.count(w) < _PART_MAX and not w.startswith(art):
                    singles.setdefault(w, c)
    if not singles and not multis:
        return []
    out: list[Candidate] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if covered[i] or not tok.is_word:
            i += 1
            continue
        found = None
        for cut, v in W.variants(tok.norm):
            if (v not in multis and v not in singles) or (cut and not W.clitic_cut_ok(tok, cut)):
                continue
            for words_, c in sorted(multis.get(v, ()), key=lambda x: -len(x[0])):
                n = len(words_)
                if i + n <= len(toks) and not any(covered[i:i + n]) and tuple(
                        t.norm for t in toks[i + 1:i + n]) == words_[1:]:
                    found = Candidate(i, i + n, c.type, c.score, 2, "propagate", c.key, c.name_en, c.country)
                    break
            if found is None and v in singles:
                c = singles[v]
                same = c.key == v
                found = Candidate(i, i + 1, c.type, c.score, 2, "propagate", v,
                                  c.name_en if same else None, c.country if same else None)
            if found is not None:
                break
        if found is not None:
            out.append(found)
            for k in range(found.i, found.j):
                covered[k] = True
            i = found.j
        else:
            i += 1
    return out


class Entities:
    """The entity stage.

    ``lexicon``: the :class:`~khabar.arabic.lexicon.Lexicon` the cue words come from (default:
    the shipped one); ``gazetteer``: a :class:`~khabar.arabic.gazetteer.Gazetteer` (default: the
    lexicon's shipped gazetteer) or the path of a user gazetteer TSV, read over it;
    ``tagger``: the NER tagger, an object with ``tag_with_scores`` or the path of a model file
    (``.npz`` BiLSTM-CRF, else crfsuite); default: the shipped model, loaded on the first
    article and shared by every stage in the process. ``use_model=False`` runs without a
    model. A missing or corrupt data file or model raises :class:`~khabar.errors.DataError`.
    """

    name = "entities"
    requires = frozenset({"tokens", "sentences"})
    provides = frozenset({"mentions"})

    def __init__(self, lexicon: Lexicon | None = None, gazetteer: Gazetteer | str | os.PathLike | None = None,
                 tagger=None, *, use_model: bool = True, model_threshold: float = 0.5,
                 common_threshold: float = 0.8):
        if lexicon is not None and not isinstance(lexicon, Lexicon):
            raise UsageError(f"lexicon must be a khabar Lexicon, not {type(lexicon).__name__}")
        self.lexicon = lexicon or Lexicon.default()
        if gazetteer is None:
            gazetteer = Gazetteer.for_lexicon(self.lexicon)
        elif isinstance(gazetteer, (str, os.PathLike)):
            gazetteer = Gazetteer.from_tsv(gazetteer, base=Gazetteer.for_lexicon(self.lexicon))
        elif not isinstance(gazetteer, Gazetteer):
            raise UsageError(f"gazetteer must be a Gazetteer or the path of a TSV file, not {type(gazetteer).__name__}")
        self.gazetteer: Gazetteer = gazetteer
        self.model = ModelDetector(tagger, self.lexicon) if use_model else None
        self.model_threshold = model_threshold
        self.common_threshold = common_threshold
        self._words: EntityWords | None = None

    @property
    def words(self) -> EntityWords:
        """The cue words of the stage's lexicon (read on first use)."""
        if self._words is None:
            self._words = entity_words(self.lexicon)
        return self._words

    def _model_ok(self, c: Candidate, toks: list[Token], owner: list[int]) -> bool:
        """Keep a model span unless it is unsure, crosses or joins names found by the
        lexicons, or is one word that is a nationality, a function word or a common word."""
        if c.score < self.model_threshold:
            return False
        owners = {owner[k] for k in range(c.i, c.j)}
        if owners - {-1}:
            # it may only extend one found name (وكالة أنباء + ريا …), not cut or join names
            if len(owners - {-1}) > 1:
                return False
            n = next(iter(owners - {-1}))
            inside = [k for k in range(c.i, c.j) if owner[k] == n]
            if c.i > inside[0] or c.j < inside[-1] + 1:
                return False
        if c.j - c.i == 1:
            W = self.words
            tok = toks[c.i]
            if W.is_demonym(tok.norm) or W.stop(tok.norm, tok.text):
                return False
            if (W.common_noun(tok.base) or W.count(tok.base) > RARE) and c.score < self.common_threshold:
                return False
        return True

    def _unblock(self, cands: list[Candidate], toks: list[Token], blocked: set[int]) -> list[Candidate]:
        """Candidates without non-name words and formulas: a name stops before one (عبدالله
        رحمه الله → عبدالله), and one made only of them is dropped; a single word that is a common
        word with a pronoun suffix or the future prefix (اهتمامه، سيقررون) is no name either."""
        W = self.words
        out = []
        for c in cands:
            if c.rank >= USER_RANK:
                out.append(c)
                continue
            if c.j - c.i == 1 and c.type != "ORG" and c.source in ("model", "rule:title", "rule:speech") and \
                    W.inflected_common(toks[c.i]):
                continue
            if all(t.norm in W.not_alone or t.base in W.not_alone for t in toks[c.i:c.j]):
                continue
            if not blocked.intersection(range(c.i, c.j)):
                out.append(c)
                continue
            i, j = c.i, c.j
            while i < j and i in blocked:
                i += 1
            j = next((k for k in range(i, j) if k in blocked), j)
            while j > i and toks[j - 1].norm in W.connectors:
                j -= 1
            if j - i == 1 and (toks[i].base in W.org_heads or toks[i].norm in W.org_heads):
                continue  # شرطة فقتلاه → شرطة: a head word alone names nothing
            if j > i:
                out.append(Candidate(i, j, c.type, c.score, c.rank, c.source, name_key(toks, i, j)))
        return out

    def _supported(self, c: Candidate, toks: list[Token], model: list[Candidate]) -> bool:
        """A one-word name from a weak gazetteer source (GeoNames, arwikicats; also a name
        found in another spelling) needs support: a preposition, place word or title before it,
        a preposition on it (لبوزة), or the model finding a name of its type there. Ordinary
        words that are also towns somewhere (أديا → Edéa، خنت → Gent) have none."""
        if c.j - c.i != 1 or not c.source.startswith("gazetteer:") or c.rank >= USER_RANK:
            return True
        W = self.words
        src = c.source[len("gazetteer:"):].rstrip("~")
        ambiguous = c.key in W.ambiguous_names
        if (src in _STRONG_SOURCES or src == "part") and not ambiguous:
            return True
        tok = toks[c.i]
        if W.count(c.key) == 0 and not ambiguous:
            return True  # a word the news vocabulary never saw is no ordinary word
        if any(p in W.cut_letters and p not in W.conj for p in tok.prefixes):
            return True
        if c.i > 0 and toks[c.i - 1].is_word and toks[c.i - 1].sentence == tok.sentence:
            prev = toks[c.i - 1]
            if any(v in W.prepositions_and_cues or v in W.title_firsts for v in W.readings(prev.norm)[:3]):
                return True
        return any(m.i <= c.i < m.j and m.type == c.type and m.score >= self.model_threshold for m in model)

    def prepare(self, articles: list[Article]) -> None:
        """Before the articles of a batch go through :meth:`__call__` one by one: the model
        tags all their sentences at once (:meth:`ModelDetector.prepare`)."""
        if self.model is not None:
            self.model.prepare(articles)

    def __call__(self, article: Article) -> None:
        W = self.words
        toks = article.tokens
        blocked = W.blocked(toks)
        raw_model = self.model.detect(article) if self.model is not None else []
        gaz = [c for c in GazetteerDetector(W, self.gazetteer).detect(article) if self._supported(c, toks, raw_model)]
        gaz = self._unblock(gaz, toks, blocked)
        # 1. what the lexicons and cues find, and its other occurrences in the article
        anchors = merge(gaz + self._unblock(RuleDetector(W).detect(article, gaz), toks, blocked), len(toks))
        anchors = merge(anchors + self._unblock(propagate(article, anchors, words=W), toks, blocked), len(toks))
        if self.model is None:
            kept = anchors
        else:
            # 2. the model adds names the lexicons miss, never a span across a found name
            owner = [-1] * len(toks)
            for n, c in enumerate(anchors):
                if c.rank >= 2:
                    for k in range(c.i, c.j):
                        owner[k] = n
            model = [c for c in self._unblock(raw_model, toks, blocked)
                     if self._model_ok(c, toks, owner)]
            inst = W.institutions
            for c in model:
                if c.type == "MISC" and c.key in inst:
                    c.type = "ORG"  # an institution (البيت الأبيض) is an organization
            kept = merge(anchors + model, len(toks))
            # 3. names only the model found recur too
            kept = merge(kept + self._unblock(propagate(article, kept, words=W), toks, blocked), len(toks))
        kept = extend_orgs(article, kept, W)
        kept = extend_persons(article, kept, W, blocked)
        text = article.text
        mentions = []
        for c in sorted(kept, key=lambda c: c.i):
            start, end = toks[c.i].start, toks[c.j - 1].end
            mentions.append(
                Mention(
                    start, end, text[start:end], type=c.type, source=c.source, score=c.score, key=c.key,
                    name_en=c.name_en, country=c.country, token_start=c.i, token_end=c.j,
                )
            )
        article.mentions = mentions
