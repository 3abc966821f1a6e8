"""Stage ``events``: PLOVER events — who did what to whom, when and where (issue #5).

How it works, per sentence:

1. **Actors.** The sentence's actor phrases are collected as *units*: entity mentions;
   institutions that stand for a state (الكرملين → RUS GOV, from ``lexicons/actors.json``);
   role phrases with their country (وزير الدفاع الروسي، هيئة الأركان المشتركة في كوريا
   الجنوبية), attached to the named person that follows (الرئيس الفرنسي إيمانويل ماكرون);
   nationality nouns (الروس) and nouns with a nationality adjective (اتهامات أمريكية);
   dual/plural references (الزعيمان، البلدان) resolved to the two most salient entities of
   that kind just before. Each unit knows the preposition that governs it (في، على، لـ …).
2. **Triggers.** Verb patterns from ``lexicons/plover.json`` are matched on every token's
   readings (conjunction و/ف, future س, لـ and object pronouns stripped; conjugations
   generated from the past/present stems), multi-word ones (أجرى محادثات، فرض عقوبات،
   أطلق صاروخين) by finding the object noun a few tokens on. A verb form only counts where a
   verb can stand (clause start, after a particle, a relative pronoun or a subject, or with
   verb-only affixes), so that nouns spelt like verbs (دعم بلاده) are not triggers.
3. **Arguments.** Source: the subject right after the verb (VSO), else the one right before
   it (SVO), else the antecedent of a relative pronoun (… الوزير X، الذي زار …), else (pronoun
   subject) the subject of the clause or sentence before. Target: the object after the
   subject, or the actor after one of the pattern's prepositions; symmetric meetings with a
   coordinated subject (التقى X وY) split it into source and target.
4. **Codes, date, place, context.** Actor codes are ISO-3 country (or IGO) and sector;
   a person's country comes from a descriptor next to the name or, failing that, from
   descriptors elsewhere in the article (الزعيم الصيني → the person it most likely
   stands for). Date: a time expression of the clause, else the article date. Location: a
   place after في in the clause. Context: ``negated`` (لم، لن، لا …, or inside a denied
   claim), ``hypothetical`` (إذا، ربما، يمكن أن، قد + present …), ``future`` (سـ، سوف، من
   المقرر …), ``historical`` (dated before the article's year).
5. **Event mentions** (issue #13). Sentences the verb patterns leave without an event of a
   type are read again with the trigger lexicon ``lexicons/event_triggers.json`` (built by
   ``data/build_event_triggers.py``): trigger verbs in all their conjugations (the passive is
   spelt like the active) and event nouns (masdar), each with a PLOVER type and mode. One
   event per type and sentence, from the trigger whose actors are best coded: entities and
   the stage's actor units, or actor nouns without an entity (``unnamed_actors``: مسلحون،
   متظاهرون، قوات الأمن …, with a country from a nationality adjective after them, else the
   place of the sentence or the article's main country, for domestic types). A lone trigger
   word with nobody around it is not an event; weak triggers need a second trigger and an
   actor; ASSAULT mentions also pass a naive Bayes sentence filter
   (``lexicons/event_sentence_nb.json``, built by ``data/build_event_classifier.py``).
   Context as for patterns, plus ``not_real`` cues (threats, plans, foiled attempts →
   hypothetical).
6. **Confidence** from the evidence kind, a table in ``event_triggers.json``
   (``confidence``): verb pattern with named actors > nominal pattern > mention with both
   sides coded > other mention > weak trigger.
7. Repeats of one event (same type, date and sides: the same entities or the same two
   countries) are reported once, at first mention.

Events with ``negated`` or ``hypothetical`` context are emitted (PLOVER codes them as
context) so that a consumer can filter them; ``Events(irrealis="drop")`` leaves them out.

All the Arabic the stage knows is data, read through the :class:`~khabar.arabic.lexicon.Lexicon`
it is built with (``Events(lexicon=…)``; default: the shipped one) and compiled once per
lexicon: the patterns (``lexicons/plover.json``), actors (``lexicons/actors.json``), its own
grammar words (``lexicons/events.json``), the shared word classes (``lexicon/*.txt``:
prepositions, relatives, negations, speech verbs …) and the morphology of
:mod:`khabar.arabic.morph` (``lexicons/morph.json``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from typing import Iterable

from khabar.arabic.lexicon import Lexicon, WordMemo
from khabar.arabic.morph import Morph, morph, past_forms, present_forms, readings
from khabar.arabic.normalize import normalize
from khabar.doc import Actor, Article, Entity, Event

__all__ = [
    "Events",
    "PLOVER_TYPES",
    "CONTEXTS",
    "Pattern",
    "trigger_lexicon",
    "actor_lexicon",
    "past_forms",
    "present_forms",
    "readings",
]

#: the 16 PLOVER event types
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)
#: the contexts this stage can set
CONTEXTS = ("negated", "hypothetical", "future", "historical")
IRREALIS = frozenset({"negated", "hypothetical"})
#: entries of a per-word memo before it is emptied (bounds its memory)
_MEMO_MAX = 16384
_ISO_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?$")

# --------------------------------------------------------------------------- closed classes
#: the stage's own grammar words (what is not a word class of its own)
EVENTS_TABLE = "lexicons/events.json"


@dataclass(frozen=True)
class _Words:
    """The function words the matcher consults, compiled once per :class:`Lexicon`: word
    classes from ``data/lexicon/`` and the stage's grammar words from ``lexicons/events.json``."""

    preps: frozenset[str]
    relatives: frozenset[str]
    subord: frozenset[str]
    #: words after which a verb form is read as a verb (particles, complementizers …)
    preverbal: frozenset[str]
    #: words that may stand between a verb and its subject or object
    skippable: frozenset[str]
    complementizers: frozenset[str]
    copulas: frozenset[str]
    speech: frozenset[str]
    #: words that cannot be part of a name
    function_words: frozenset[str]
    #: nouns of places that stand between على and the country they are in (على مواقع في جنوب لبنان)
    place_nouns: frozenset[str]
    seg_break: frozenset[str]
    #: opening bracket -> its closing bracket, for brackets a short name does not break a clause in
    brackets: dict[str, str]
    commas: frozenset[str]
    #: the preposition of place (في): what follows is where, and weighs less as an antecedent
    locative_prep: str
    #: prepositions before the event's location
    location_preps: frozenset[str]
    #: كل من X وY، كلا X وY: the words before من (``both_of``), and the words alone, meaning "both"
    both_with_of: frozenset[str]
    both_of: str
    both_alone: frozenset[str]
    #: على/ضد before a target given as a place in a country, and what may come between them
    place_target_preps: frozenset[str]
    place_path: frozenset[str]
    #: prepositions that introduce where a meeting was, not whom it was with (التقى … بمصر الجديدة)
    consult_place_preps: frozenset[str]
    morph: Morph


def _words(lex: Lexicon) -> _Words:
    """The compiled function words of ``lex`` (once per lexicon)."""
    return lex.memo("events.words", lambda: _compile_words(lex))


def _compile_words(lex: Lexicon) -> _Words:
    def words(*path: str) -> frozenset[str]:
        return frozenset(normalize(w) for w in lex.entry(EVENTS_TABLE, *path))

    def marks(key: str) -> frozenset[str]:  # punctuation, compared as written
        return frozenset(lex.entry(EVENTS_TABLE, key))

    preps, relatives, subord = lex.words("prepositions"), lex.words("relatives"), lex.words("subordinators")
    complementizers, copulas, speech = frozenset(lex.tagged("complementizers", "word")), frozenset(lex.tagged("copulas", "word")), frozenset(lex.tagged("speech_verbs", "event"))
    preverbal = words("preverbal")
    skippable = words("skippable") | lex.words("weekdays") | marks("skippable_marks")
    function_words = (preps | relatives | subord | preverbal | complementizers | skippable | speech
                      | lex.union("conjunctions", "pronouns", "demonstratives", "quantifiers"))
    return _Words(
        preps=preps, relatives=relatives, subord=subord, preverbal=preverbal, skippable=skippable,
        complementizers=complementizers, copulas=copulas, speech=speech, function_words=function_words,
        place_nouns=lex.words("place_nouns"), seg_break=marks("clause_breaks"), commas=marks("commas"),
        brackets=dict(lex.entry(EVENTS_TABLE, "transparent_brackets")),
        locative_prep=normalize(lex.entry(EVENTS_TABLE, "locative_prep")), location_preps=words("location_preps"),
        both_with_of=words("both", "with_of"), both_of=normalize(lex.entry(EVENTS_TABLE, "both", "of")),
        both_alone=words("both", "alone"), place_target_preps=words("place_target_preps"),
        place_path=words("place_path"), consult_place_preps=words("consult_place_preps"), morph=morph(lex),
    )



# --------------------------------------------------------------------------- lexicons
@dataclass(frozen=True)
class Pattern:
    """One trigger pattern from ``plover.json``."""

    id: str
    type: str
    mode: str | None = None
    objects: frozenset[str] = frozenset()
    gap: int = 0
    target: tuple[str, ...] = ("obj",)
    symmetric: bool = False
    need_target: bool = True
    with_target: dict | None = None
    unless_armed: dict | None = None
    not_after: frozenset[str] = frozenset()
    not_before: tuple[str, ...] = ()
    nominal: bool = False


@dataclass
class TriggerLexicon:
    verbs: dict[str, list[tuple[Pattern, str]]]  # form -> (pattern, "past"|"pres")
    nouns: dict[str, list[Pattern]]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    future: frozenset[str]
    deny: frozenset[str]
    #: hypothetical only before a present-tense verb (قد يفعل)
    hypothetical_before_present: frozenset[str] = frozenset()


def trigger_lexicon(lexicon: Lexicon | None = None) -> TriggerLexicon:
    """The compiled trigger patterns of ``lexicon`` (default: the shipped one), once per lexicon."""
    lex = lexicon or Lexicon.default()
    return lex.memo("events.triggers", lambda: _compile_triggers(lex))


def _compile_triggers(lex: Lexicon) -> TriggerLexicon:
    data = lex.table("lexicons/plover.json")
    mo = morph(lex)
    verbs: dict[str, list[tuple[Pattern, str]]] = {}
    for e in data["verbs"]:
        pat = Pattern(
            id=e["id"], type=e["type"], mode=e.get("mode"), objects=frozenset(e.get("object", ())),
            gap=int(e.get("gap", 0)), target=tuple(e.get("target", ("obj",))),
            symmetric=bool(e.get("symmetric", False)), need_target=bool(e.get("need_target", True)),
            with_target=e.get("with_target"), unless_armed=e.get("unless_armed"),
            not_after=frozenset(e.get("not_after", ())), not_before=tuple(e.get("not_before", ())),
        )
        for f, tense in mo.conjugations(e):
            verbs.setdefault(f, []).append((pat, tense))
    nouns: dict[str, list[Pattern]] = {}
    for e in data.get("nouns", ()):
        pat = Pattern(id=e["id"], type=e["type"], mode=e.get("mode"), target=tuple(e.get("target", ())),
                      nominal=True)
        for n in e["nouns"]:
            nouns.setdefault(n, []).append(pat)
    return TriggerLexicon(
        verbs=verbs, nouns=nouns, negation=lex.words("negations"),
        hypothetical=frozenset(data.get("hypothetical", ())), future=frozenset(data.get("future", ())),
        deny=frozenset(data.get("deny", ())),
        hypothetical_before_present=frozenset(data.get("hypothetical_before_present", ())),
    )


@dataclass
class ActorLexicon:
    institutions: dict[tuple[str, ...], tuple[str, str]]  # words -> (country, sector)
    roles: dict[tuple[str, ...], dict]
    max_len: int
    armed: frozenset[str]
    plurals: dict[str, str]
    demonyms: dict[str, str]  # normalized adjective -> ISO-3
    actor_nouns: dict[str, str | None]
    claim_nouns: frozenset[str]
    countries: frozenset[str]  # English names of countries (to tell countries from cities)
    phrase_first: frozenset[str] = frozenset()  # first words of institutions and roles
    demonym_first: frozenset[str] = frozenset()  # first words of demonyms (and their plural stems)
    #: word → its (proclitics, first form) readings that start a phrase / a demonym (memos
    #: made by :func:`_compile_actors`)
    phrase_starts: WordMemo | None = field(default=None, repr=False, compare=False)
    demonym_starts: WordMemo | None = field(default=None, repr=False, compare=False)


def actor_lexicon(lexicon: Lexicon | None = None) -> ActorLexicon:
    """Institutions, roles and plural references (``actors.json``) plus the demonyms, compiled
    once per ``lexicon`` (default: the shipped one)."""
    lex = lexicon or Lexicon.default()
    return lex.memo("events.actors", lambda: _compile_actors(lex))


def _compile_actors(lex: Lexicon) -> ActorLexicon:
    data = lex.table("lexicons/actors.json")
    mo = morph(lex)
    art = mo.article
    inst = {tuple(e["name"].split()): (e["country"], e["sector"]) for e in data["institutions"]}
    roles: dict[tuple[str, ...], dict] = {}
    for e in data["roles"]:
        words = tuple(e["words"].split())
        roles.setdefault(words, e)
        # construct state before a country name: وزير الخارجيه → وزير خارجيه (روسيا)
        if len(words) > 1 and words[-1].startswith(art):
            roles.setdefault(words[:-1] + (words[-1][len(art):],), e)
        if len(words) == 1 and words[0].startswith(art) and e.get("person"):
            roles.setdefault((words[0][len(art):],), dict(e, construct=True))
        if e.get("person") and not words[0].endswith(mo.feminine_suffix):
            roles.setdefault((words[0] + mo.feminine_suffix,) + words[1:], e)  # الرئيسة، وزيرة الخارجية
    from khabar.arabic.lexicons import demonyms

    skip = set(data.get("not_demonyms", ()))
    dem = {k: v[0] for k, v in demonyms().items() if k not in skip and len(k) >= 4}
    countries = frozenset(v[1] for v in demonyms().values())
    for adj, iso in data.get("extra_demonyms", {}).items():
        words = adj.split()
        for suf in mo.adjective_suffixes:
            form = " ".join(w + suf for w in words)
            for f in (form, " ".join(art + w for w in form.split())):
                dem.setdefault(f, iso)
    for pl, iso in data.get("extra_demonym_plurals", {}).items():
        dem.setdefault(pl, iso)
        dem.setdefault(art + pl, iso)
    max_len = max([len(k) for k in inst] + [len(k) for k in roles] + [1])
    phrase_first = frozenset(k[0] for k in list(inst) + list(roles))
    dem_first = set()
    for k in dem:
        w = k.split()[0]
        dem_first.add(w)
        dem_first.update(mo.nisba_forms(w))
    dem_first = frozenset(dem_first)

    def starting(firsts: frozenset[str]) -> WordMemo:
        return WordMemo(lambda w: tuple((pro, w0) for pro, w0 in mo.first_forms(w) if w0 in firsts), _MEMO_MAX)

    return ActorLexicon(inst, roles, max_len, frozenset(data.get("armed_sectors", ())),
                        dict(data.get("plurals", {})), dem, dict(data.get("actor_nouns", {})),
                        frozenset(data.get("claim_nouns", ())), countries, phrase_first, dem_first,
                        starting(phrase_first), starting(dem_first))


def _demonym(words: list[str], lex: ActorLexicon, mo: Morph, tanween: bool = False) -> tuple[str, int] | None:
    """ISO-3 of a nationality adjective at the start of ``words`` and how many words it takes."""
    for n in (2, 1):
        if len(words) < n:
            continue
        key = " ".join(words[:n])
        iso = lex.demonyms.get(key)
        if iso:
            return iso, n
        # plural agreement missing from the table: الكوريون الشماليون → الكوري الشمالي
        # صحفيا سويديا (after a word with tanween), but not روسيا
        sing = [mo.nisba_singular(w, tanween and n == 1) for w in words[:n]]
        iso = lex.demonyms.get(" ".join(sing))
        if iso:
            return iso, n
    return None


# --------------------------------------------------------------------------- units
@dataclass
class Unit:
    """An actor phrase in a sentence: tokens ``[i, j)``."""

    i: int
    j: int
    kind: str  # ENT, INST, ROLE, DEM (noun + nationality adjective), DEMN (nationality noun), PLURAL
    etype: str | None = None  # PER, ORG, LOC, MISC
    entities: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    prep: str | None = None  # governing preposition (attached or separate)
    conj: bool = False  # starts with و (coordinated with what comes before)
    plural: bool = False
    person: bool = False  # a role naming one person
    start: int = 0
    end: int = 0
    plural_kind: str | None = None
    role: tuple[str, ...] = ()  # the role words of a description (الزعيم), for linking it to a person
    members: list[tuple[str | None, str | None]] = field(default_factory=list)  # PLURAL: (entity, country)

    @property
    def is_country(self) -> bool:
        return self.etype == "LOC" and self.country is not None


@dataclass
class _Group:
    """A subject or object: one unit or units coordinated with و."""

    units: list[Unit]

    @property
    def i(self) -> int:
        return self.units[0].i

    @property
    def j(self) -> int:
        return self.units[-1].j

    @property
    def plural(self) -> bool:
        return len(self.units) > 1 or self.units[0].plural


class _Doc:
    """Per-article indexes used by the extractor."""

    def sentence_at(self, pos: int):
        """The sentence holding character ``pos`` (None between sentences): a bisection, not
        a walk over the sentences (that was quadratic in an article of many quotes)."""
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k >= 0 and pos < self.a.sentences[k].end:
            return self.a.sentences[k]
        return None

    def __init__(self, article: Article, words: _Words, tlex: TriggerLexicon, alex: ActorLexicon):
        self.a = article
        self.w = words
        self.tlex = tlex
        self.alex = alex
        self.morph = words.morph
        self.toks = article.tokens
        self.norms = [t.norm for t in self.toks]
        self.tstarts = [t.start for t in self.toks]
        self.ents: dict[str, Entity] = {e.id: e for e in article.entities}
        self.sent_of = [t.sentence for t in self.toks]
        self._words: list[bool] | None = None  # is_word of each token, made on first use
        self.sent_starts = [s.start for s in article.sentences]
        # token -> segment id (clauses split at punctuation)
        self.seg = []
        seg = 0
        prev_sent = -1
        see_through = self._see_through(words)
        for n, t in enumerate(self.toks):
            if t.sentence != prev_sent:
                seg += 1
                prev_sent = t.sentence
            if t.norm in words.seg_break:
                if n not in see_through:
                    seg += 1
                self.seg.append(-1)
                continue
            self.seg.append(seg)
        self.ent_country: dict[str, str] = {}
        self.ent_sector: dict[str, str] = {}
        #: sentence index -> is it about sport (Events._off_topic)
        self.off_topic: dict[int, bool] = {}
        #: tokens inside a time expression of the dates stage (فجر الاثنين، صباح اليوم)
        self.in_time: set[int] = set()
        for t in getattr(article, "times", None) or ():
            self.in_time.update(range(*self.tok_range(t.start, t.end)))
        self.units: list[list[Unit]] = [[] for _ in article.sentences]
        self.unit_at: dict[int, Unit] = {}
        self._mention_at: dict[int, tuple] | None = None
        #: sentence index -> the clause number of each of its tokens (Events._clause_of)
        self.clauses: dict[int, list[int]] = {}
        self._country_entities: dict[str, list[str]] = {}
        for ent in article.entities:
            if ent.country and self._is_country_entity(ent):
                self._country_entities.setdefault(ent.country, []).append(ent.id)
        self._build_units()
        self._propagate_countries()

    # ---- helpers
    def tok_range(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.tstarts, start) - 1
        i = max(i, 0)
        while i < len(self.toks) and self.toks[i].end <= start:
            i += 1
        j = i
        while j < len(self.toks) and self.toks[j].start < end:
            j += 1
        return i, max(j, i + 1)

    def is_word(self, k: int) -> bool:
        words = self._words
        if words is None:
            words = self._words = [n[:1].isalpha() for n in self.norms]
        return 0 <= k < len(words) and words[k]

    def _prep_of(self, i: int, key_first: str | None = None) -> str | None:
        """The preposition governing an actor phrase starting at token ``i``."""
        norm, mo = self.norms[i], self.morph
        art, lil = mo.article, mo.lil
        if key_first and norm != key_first and norm.endswith(key_first):
            pre = norm[: len(norm) - len(key_first)]
        elif key_first and key_first.startswith(art) and norm.startswith(lil) and norm[len(lil):] == key_first[len(art):]:
            pre = mo.lam + art
        else:
            pre = "".join(p for p in self.toks[i].prefixes if p != art)
        return self._prep_from_proclitic(pre) or self._prep_of_word(i)

    def _conj_of(self, i: int, key_first: str | None = None) -> bool:
        norm = self.norms[i]
        if key_first and norm.endswith(key_first) and norm != key_first:
            return norm[0] == self.morph.coordinator
        return self.morph.coordinator in self.toks[i].prefixes[:1]

    def _entity_country(self, ent: Entity, mention=None) -> str | None:
        c = self.ent_country.get(ent.id) or ent.country
        if not c and mention is not None:
            c = getattr(mention, "country", None)
        if not c and ent.type in ("ORG", "LOC", "MISC"):
            for m in ent.mentions:
                hit = self._institution(m.key.split() if m.key else [])
                if hit:
                    return hit[0]
        return c

    def _institution(self, words: list[str]) -> tuple[str, str] | None:
        """(country, sector) of an institution name (normalized words), clitics allowed on it."""
        if not words:
            return None
        for _, first in self.morph.first_forms(words[0]):
            key = (first,) + tuple(words[1:])
            if key in self.alex.institutions:
                return self.alex.institutions[key]
        return None

    # ---- unit building
    def _build_units(self) -> None:
        a, toks, alex, mo = self.a, self.toks, self.alex, self.morph
        covered: dict[int, Unit] = {}
        # 1. entity mentions
        for ent in a.entities:
            for m in ent.mentions:
                i, j = self.tok_range(m.start, m.end)
                if i >= len(toks):
                    continue
                first_key = m.key.split()[0] if m.key else None
                u = Unit(i, j, "ENT", ent.type, [ent.id], start=m.start, end=m.end)
                u.prep = self._prep_of(i, first_key)
                u.conj = self._conj_of(i, first_key)
                if ent.type in ("ORG", "LOC", "MISC"):
                    hit = self._institution(m.key.split() if m.key else [])
                    if hit:
                        u.country, u.sector = hit
                if not u.country and ent.type in ("LOC", "ORG"):
                    u.country = ent.country or getattr(m, "country", None)
                if ent.type == "ORG" and not u.sector:
                    # an organisation named by a role phrase: وزارة العدل الأمريكية، هيئة الأركان المشتركة
                    hit = self._match_phrase(i)
                    if hit is not None and hit[0] == "ROLE" and not hit[2].get("person"):
                        u.sector = hit[2].get("sector")
                        if not u.country:
                            for t in range(i + hit[1], min(j + 1, len(toks))):
                                dem = self._demonym_at(t)
                                if dem is not None and dem[2] == "":
                                    u.country = dem[0]
                                    break
                if ent.sector and not u.sector:
                    u.sector = ent.sector
                if any(k in covered for k in range(i, j)):
                    continue
                for k in range(i, j):
                    covered[k] = u
        # 2. institutions and roles (longest match), plural references, nationality nouns
        n = len(toks)
        k = 0
        while k < n:
            if k in covered or not self.is_word(k):
                k += 1
                continue
            hit = self._match_phrase(k)
            if hit is not None:
                kind, length, entry, pro = hit
                i, j = k, k + length
                sent = self.sent_of[k]
                u = Unit(i, j, kind, "ORG", start=toks[i].start, end=toks[j - 1].end)
                u.prep = self._prep_from_proclitic(pro) or self._prep_of_word(i)
                u.conj = pro.startswith(mo.coordinator)
                if kind == "INST":
                    u.country, u.sector = entry
                else:
                    u.sector = entry.get("sector")
                    u.person = bool(entry.get("person"))
                    u.role = tuple(mo.strip_article(w) for w in entry["words"].split())
                    if u.person:
                        u.etype = "PER"
                    j2 = self._extend_role(u, entry, sent)
                    # a named person right after the description: الرئيس الفرنسي إيمانويل ماكرون
                    nxt = covered.get(j2)
                    if nxt is not None and nxt.kind == "ENT" and nxt.etype == "PER" and u.person and nxt.i == j2:
                        self._describe_person(u, nxt, j2, covered)
                        k = j2
                        continue
                    # an organisation named by the role phrase itself (هيئة الأركان …)
                    if nxt is not None and nxt.kind == "ENT" and nxt.etype == "ORG" and nxt.i < j2:
                        nxt.country = nxt.country or u.country
                        nxt.sector = nxt.sector or u.sector
                        k = j2
                        continue
                    if u.person and nxt is None:
                        j2 = self._swallow_name(j2, sent, covered)
                    u.j = j2
                    u.end = toks[j2 - 1].end
                for t in range(u.i, u.j):
                    covered.setdefault(t, u)
                k = u.j
                continue
            key = self.norms[k]
            base = key[1:] if key[:1] in mo.conj_letters and key[1:] in alex.plurals else key
            if base in alex.plurals:
                u = Unit(k, k + 1, "PLURAL", start=toks[k].start, end=toks[k].end, plural=True,
                         plural_kind=alex.plurals[base])
                u.prep = self._prep_of_word(k)
                u.conj = key != base
                covered[k] = u
                k += 1
                continue
            dem = self._demonym_at(k)
            if dem is not None:
                iso, length, pro = dem
                u = self._nationality_unit(k, iso, length, pro, covered)
                if u is not None:
                    for t in range(u.i, u.j):
                        covered.setdefault(t, u)
                k += length
                continue
            k += 1
        # نظيره الروسي سيرغي X: a described person
        for t in sorted(covered):
            u = covered[t]
            if u.kind != "DEMN" or u.plural or t != u.i:
                continue
            nxt = covered.get(u.j)
            if nxt is not None and nxt.kind == "ENT" and nxt.etype == "PER" and nxt.i == u.j:
                self._describe_person(u, nxt, u.j, covered)
        # collect per sentence, in order
        seen: set[int] = set()
        for t in sorted(covered):
            u = covered[t]
            if id(u) in seen:
                continue
            seen.add(id(u))
            self.units[self.sent_of[u.i]].append(u)
            for tt in range(u.i, u.j):
                self.unit_at.setdefault(tt, u)
        for lst in self.units:
            lst.sort(key=lambda u: u.i)
        # ORG entities followed by في + a country: an institution of that country
        for lst in self.units:
            for x, u in enumerate(lst):
                if u.kind in ("ENT", "ROLE", "INST") and u.etype != "PER" and not u.country and x + 1 < len(lst):
                    v = lst[x + 1]
                    if v.i == u.j + 1 and self.norms[u.j] == self.w.locative_prep and v.is_country and v.kind == "ENT":
                        u.country = v.country
        # PLURAL references resolve to the most salient entities before them
        for s, lst in enumerate(self.units):
            for u in lst:
                if u.kind == "PLURAL":
                    self._resolve_plural(u, s)

    def _swallow_name(self, j: int, sent: int, covered: dict) -> int:
        """A name the entity stage missed right after a person's title (الرئيس المصري X Y،):
        up to four words that are not function words, titles, nationalities or verbs, ending
        at punctuation or a function word."""
        alex, mo = self.alex, self.morph
        t = j
        while t < len(self.toks) and t - j < 4 and self.sent_of[t] == sent and self.is_word(t) and t not in covered:
            w = self.norms[t]
            b = mo.strip_conj(w)
            if (w in self.w.function_words or b in self.w.function_words or self._is_verbish(t)
                    or self._demonym_at(t) is not None or self._match_phrase(t) is not None
                    or any(k in alex.actor_nouns or k in alex.claim_nouns for k in mo.noun_keys(w))
                    or (t > j and w[:1] == mo.coordinator)):
                break
            t += 1
        if t == j:
            return j
        end_ok = t >= len(self.toks) or self.sent_of[t] != sent or not self.is_word(t) or self.norms[t] in self.w.function_words
        return t if end_ok else j

    def _nationality_unit(self, k: int, iso: str, length: int, pro: str, covered: dict) -> Unit | None:
        """الروس، الكوريون الشماليون (a people: an actor); الجانب الروسي (an actor noun with its
        nationality); اتهامات أمريكية (a claim noun: stands for its country as a target)."""
        toks, mo = self.toks, self.morph
        word = self.norms[k][len(pro):]
        bare = mo.strip_article(word)
        plural_noun = bare.endswith(mo.plural_suffixes) or not bare.endswith(mo.nisba_singular_endings)
        prev = k - 1
        prev_ok = prev >= 0 and self.sent_of[prev] == self.sent_of[k] and self.is_word(prev) and prev not in covered
        head = None
        sector = None
        if prev_ok and pro == "":
            for key in mo.noun_keys(self.norms[prev]):
                if key in self.alex.actor_nouns:
                    head, sector = "actor", self.alex.actor_nouns[key]
                    break
                if key in self.alex.claim_nouns:
                    head = "claim"
                    break
        if head is not None:
            u = Unit(prev, k + length, "DEMN" if head == "actor" else "DEM", "LOC" if head == "actor" else None,
                     country=iso, start=toks[prev].start, end=toks[k + length - 1].end)
            u.sector = sector
            u.prep = self._prep_of(prev)
            u.conj = self.norms[prev][:1] == mo.coordinator and mo.coordinator in toks[prev].prefixes[:1]
            return u
        standalone = not prev_ok or pro != "" or self.norms[prev] in self.w.preps or self._is_verbish(prev)
        if standalone and plural_noun and (word.startswith(mo.article) or pro.endswith(mo.lam)):
            u = Unit(k, k + length, "DEMN", "LOC", country=iso, plural=True,
                     start=toks[k].start, end=toks[k + length - 1].end)
            u.prep = self._prep_from_proclitic(pro) or self._prep_of_word(k)
            u.conj = pro.startswith(mo.coordinator)
            return u
        return None

    def _describe_person(self, u: Unit, person: Unit, end: int, covered: dict) -> None:
        """A description right before a named person (الرئيس الفرنسي ماكرون، نظيره الروسي X)
        gives the person its country and sector and becomes part of the person's unit."""
        for eid in person.entities:
            if u.country:
                self.ent_country.setdefault(eid, u.country)
            if u.sector:
                self.ent_sector.setdefault(eid, u.sector)
        person.country = person.country or u.country
        person.sector = person.sector or u.sector
        person.i, person.start, person.prep, person.conj = u.i, u.start, u.prep, u.conj
        for t in range(u.i, end):
            covered[t] = person

    def _prep_from_proclitic(self, pro: str) -> str | None:
        p = pro.lstrip(self.morph.conj_letters)
        return p[:1] if p[:1] in self.morph.noun_proclitics else None

    def _prep_of_word(self, i: int) -> str | None:
        k = i - 1
        if k >= 0 and self.sent_of[k] == self.sent_of[i]:
            w = self.norms[k]
            if w in self.w.preps:
                return w
            if len(w) > 2 and w[0] in self.morph.conj_letters and w[1:] in self.w.preps:
                return w[1:]
        return None

    def _is_verbish(self, k: int) -> bool:
        lex = self.tlex
        w = self.norms[k]
        if w in self.w.speech:
            return True
        return any(core in lex.verbs for _, core, _ in self.morph.readings(w))

    def _match_phrase(self, k: int):
        """Longest institution or role phrase starting at token ``k``: (kind, length, entry, proclitics)."""
        alex = self.alex
        sent = self.sent_of[k]
        best = None
        first = self.norms[k]
        for pro, w0 in alex.phrase_starts[first]:
            words = [w0]
            for length in range(1, alex.max_len + 1):
                if length > 1:
                    t = k + length - 1
                    if t >= len(self.toks) or self.sent_of[t] != sent or not self.is_word(t):
                        break
                    words.append(self.norms[t])
                key = tuple(words)
                if key in alex.institutions and (best is None or length > best[1]):
                    best = ("INST", length, alex.institutions[key], pro)
                elif key in alex.roles and (best is None or length > best[1]):
                    best = ("ROLE", length, alex.roles[key], pro)
        return best

    def _see_through(self, words: "_Words", most: int = 3) -> set[int]:
        """Bracket tokens around a short name or alias (تنظيم (داعش) فجر): up to ``most``
        tokens with no clause break between the pair; they do not end the clause."""
        out: set[int] = set()
        toks = self.toks
        for i, t in enumerate(toks):
            close = words.brackets.get(t.norm)
            if close is None:
                continue
            for j in range(i + 1, min(len(toks), i + most + 2)):
                if toks[j].norm == close and j > i + 1 and toks[j].sentence == t.sentence:
                    out.update((i, j))
                    break
                if toks[j].norm in words.seg_break:
                    break
        return out

    def _demonym_at(self, k: int) -> tuple[str, int, str] | None:
        alex = self.alex
        starts = alex.demonym_starts[self.norms[k]]
        if not starts:
            return None
        sent = self.sent_of[k]
        words = []
        for t in range(k, min(k + 2, len(self.toks))):
            if self.sent_of[t] != sent or not self.is_word(t):
                break
            words.append(self.norms[t])
        if not words:
            return None
        tanween = (k > 0 and self.sent_of[k - 1] == sent and self.norms[k - 1].endswith(self.morph.tanween)
                   and len(self.norms[k - 1]) > 3)
        for pro, w0 in starts:
            hit = _demonym([w0] + words[1:], self.alex, self.morph, tanween)
            if hit:
                return hit[0], hit[1], pro
        return None

    def _extend_role(self, u: Unit, entry: dict, sent: int) -> int:
        """Read the country after a role phrase; returns the token after the phrase."""
        j = u.j
        if entry.get("inherit"):
            nxt = self._unit_starting(j)
            if nxt is not None:
                u.country, u.sector = nxt.country, nxt.sector
                if nxt.kind == "ENT":
                    u.entities = []  # speaks for it, is not it
                return nxt.j
            hit = self._match_phrase(j) if j < len(self.toks) and self.sent_of[j] == sent else None
            if hit is not None and hit[0] == "INST":
                u.country, u.sector = hit[2]
                return j + hit[1]
            if hit is not None and hit[0] == "ROLE":
                sub = Unit(j, j + hit[1], "ROLE")
                sub.sector = hit[2].get("sector")
                j2 = self._extend_role(sub, hit[2], sent)
                u.country, u.sector = sub.country, sub.sector
                return j2
            return j
        if j < len(self.toks) and self.sent_of[j] == sent:
            dem = self._demonym_at(j)
            if dem is not None and dem[2] == "":
                u.country = dem[0]
                return j + dem[1]
            nxt = self._unit_starting(j)
            if nxt is not None and nxt.is_country and nxt.prep is None:
                u.country = nxt.country
                return nxt.j
            if self.norms[j] == self.w.locative_prep:
                nxt = self._unit_starting(j + 1)
                if nxt is not None and nxt.is_country and not u.person:
                    u.country = nxt.country
                    return nxt.j
        return j

    def _unit_starting(self, k: int) -> Unit | None:
        if self._mention_at is None:
            self._mention_at = {}
            for ent in self.a.entities:
                for m in ent.mentions:
                    self._mention_at.setdefault(self.tok_range(m.start, m.end)[0], (ent, m))
        found = self._mention_at.get(k)
        if found is None:
            return None
        ent, m = found
        i, j = self.tok_range(m.start, m.end)
        u = Unit(i, j, "ENT", ent.type, [ent.id], start=m.start, end=m.end)
        hit = self._institution(m.key.split() if m.key else []) if ent.type != "PER" else None
        if hit:
            u.country, u.sector = hit
        else:
            u.country = self._entity_country(ent, m) if ent.type != "PER" else self.ent_country.get(ent.id)
        u.prep = self._prep_of(i, m.key.split()[0] if m.key else None)
        return u

    # ---- salience and propagation
    def _is_country_entity(self, ent: Entity) -> bool:
        if ent.type != "LOC":
            return False
        if ent.name_en in self.alex.countries:
            return True
        return bool(ent.country) and ent.name_en in self.alex.countries

    def _resolve_plural(self, u: Unit, s: int) -> None:
        """الزعيمان، البلدان: the two most salient entities of that kind named just before.

        Countries named only by an adjective (الرئيس المصري) take part as a code ("#EGY")
        when the article has no entity for them.
        """
        want = u.plural_kind
        score: dict[str, float] = {}
        order: dict[str, int] = {}
        weights = (1.0, 1.0, 0.8, 0.6, 0.5, 0.4)
        for back, w in enumerate(weights):
            ss = s - back
            if ss < 0:
                break
            for v in self.units[ss]:
                if v is u or (back == 0 and v.i >= u.i):
                    continue
                wv = w * (0.5 if v.prep == self.w.locative_prep else 1.0)
                ids = [e for e in v.entities if self._kind_ok(e, want)] if v.kind in ("ENT", "PLURAL") else []
                if want == "LOC" and v.country and v.kind != "PLURAL" and v.country != "IGO" and not ids:
                    # الرئيس الهندي، الجانب الروسي: a country named by its adjective
                    ids = list(self._country_entities.get(v.country, ())) or ["#" + v.country]
                for eid in ids:
                    score[eid] = score.get(eid, 0.0) + wv
                    order.setdefault(eid, v.i)
        if len(score) < 2:
            # fill from the article so far: the most mentioned entity of that kind
            for eid, ent in self.ents.items():
                if eid in score or not self._kind_ok(eid, want):
                    continue
                if any(m.start < u.start for m in ent.mentions):
                    score[eid] = 0.01 * len(ent.mentions)
        if len(score) < 2:
            return
        for eid in score:
            if eid in self.ents:
                score[eid] += 0.02 * len(self.ents[eid].mentions)
        best = sorted(score, key=lambda e: -score[e])[:2]
        best.sort(key=lambda e: order.get(e, 1 << 30))
        u.members = [(None, e[1:]) if e.startswith("#") else (e, self.ents[e].country) for e in best]
        u.entities = [e for e, _ in u.members if e]
        if want == "LOC":
            countries = {c for _, c in u.members}
            if len(countries) == 1:
                u.country = countries.pop()

    def _kind_ok(self, eid: str, want: str | None) -> bool:
        ent = self.ents.get(eid)
        if ent is None:
            return False
        if want == "PER":
            return ent.type == "PER"
        if want == "LOC":
            return self._is_country_entity(ent)
        return True

    def _propagate_countries(self) -> None:
        """Give named persons the country of a description found elsewhere in the article.

        Each description (role + country, no name: الزعيم الصيني) votes for the named
        person it most likely stands for; one description stands for one person throughout
        the article, and a person takes the country of their best-supported description.
        """
        votes: dict[tuple, dict[str, float]] = {}
        self._role_sector: dict[tuple, str | None] = {}
        for s, lst in enumerate(self.units):
            for u in lst:
                if u.kind != "ROLE" or not u.person or not u.country or u.entities:
                    continue
                cand = self._nearest_person_before(u, s)
                if cand:
                    self._role_sector.setdefault(u.role, u.sector)
                    d = votes.setdefault((u.role, u.country), {})
                    d[cand] = d.get(cand, 0.0) + 1.0
        # each description → its best person (ties: the most mentioned)
        linked: dict[tuple, str] = {}
        for key, d in votes.items():
            linked[key] = max(d, key=lambda e: (d[e], len(self.ents[e].mentions) if e in self.ents else 0))
        # each person → the country of its best-supported description, unless known
        support: dict[str, tuple[float, str, str | None]] = {}
        for key, e in linked.items():
            v = votes[key][e]
            if e not in support or v > support[e][0]:
                support[e] = (v, key[1], self._role_sector.get(key[0]))
        for e, (v, c, sector) in support.items():
            ent = self.ents.get(e)
            known = self.ent_country.get(e) or (ent.country if ent else None)
            if ent is not None and not known:
                self.ent_country[e] = c
                if sector and not (self.ent_sector.get(e) or ent.sector):
                    self.ent_sector[e] = sector
        for key, e in list(linked.items()):
            ent = self.ents.get(e)
            if (self.ent_country.get(e) or (ent.country if ent else None)) != key[1]:
                del linked[key]
        for lst in self.units:
            for u in lst:
                if u.kind == "ROLE" and u.person and u.country and not u.entities:
                    e = linked.get((u.role, u.country))
                    if e is not None:
                        u.entities = [e]
                if u.kind == "ENT" and u.etype == "PER":
                    for eid in u.entities:
                        ent = self.ents.get(eid)
                        u.country = u.country or self.ent_country.get(eid) or (ent.country if ent else None)
                        u.sector = u.sector or self.ent_sector.get(eid) or (ent.sector if ent else None)
        # plural references of persons take their country when they share one
        for lst in self.units:
            for u in lst:
                if u.kind == "PLURAL" and u.members and not u.country:
                    cs = {c or (self.ent_country.get(e) if e else None) for e, c in u.members}
                    if len(cs) == 1:
                        u.country = cs.pop()

    def _nearest_person_before(self, u: Unit, s: int) -> str | None:
        """The person a description most likely stands for: the nearest named person before it
        (this sentence or the one before), skipping the speaker of a «قال X إن …» around it."""
        for ss in (s, s - 1):
            if ss < 0:
                break
            for v in reversed(self.units[ss]):
                if ss == s and v.i >= u.i:
                    continue
                if v.kind != "ENT" or v.etype != "PER":
                    continue
                k = v.i - 1
                if ss == s and k >= 0 and self._speech_before(k) and self._complementizer_between(v.j, u.i):
                    continue
                return v.entities[0]
        return None

    def _speech_before(self, k: int) -> bool:
        w = self.norms[k]
        return w in self.w.speech or (w[:1] in self.morph.conj_letters and w[1:] in self.w.speech)

    def _complementizer_between(self, a: int, b: int) -> bool:
        return any(self.norms[t] in self.w.complementizers for t in range(a, b))


def _bare(text: str) -> str:
    """``text`` without its combining marks (harakat), letters as written."""
    return "".join(c for c in text if not unicodedata.combining(c))


# --------------------------------------------------------------------------- event mentions (issue #13)
#: the event-mention trigger lexicon (built by data/build_event_triggers.py)
MENTIONS_TABLE = "lexicons/event_triggers.json"
#: a naive Bayes sentence filter for mention types (built by data/build_event_classifier.py)
FILTER_TABLE = "lexicons/event_sentence_nb.json"


@dataclass(frozen=True)
class _Trig:
    type: str
    mode: str | None
    weak: bool
    tense: str  # past, pres, noun
    intransitive: bool = False
    #: reports an event only when framed: a light verb before the noun or a crowd next to it
    framed: bool = False
    #: a noun whose complement underwent the event (مقتل، إصابة): the actor after it is the target
    victim: bool = False


@dataclass
class MentionLexicon:
    verbs: dict[str, list[_Trig]]
    nouns: dict[str, list[_Trig]]
    unnamed: dict[str, str | None]
    not_real: frozenset[str]
    target_preps: frozenset[str]
    source_preps: frozenset[str]
    between_preps: frozenset[str]
    confidence: dict[str, float]
    victim_types: frozenset[str]
    victim_sectors: frozenset[str]
    place_country_types: frozenset[str]
    #: type -> (prior, threshold, word weights): the sentence filter of lexicons/event_sentence_nb.json
    filters: dict[str, tuple[float, float, dict[str, float]]]
    patterns: dict[str, Pattern]  # type -> a stand-in pattern for the context logic
    #: verbs whose object is an event noun and whose subject is its source (عقد اجتماعا)
    light_verbs: frozenset[str] = frozenset()
    #: a light verb -> the only types of event noun it frames (فرض: SANCTION, COERCE); others frame any
    light_verb_types: dict[str, frozenset[str]] = field(default_factory=dict)
    #: a quote cue's form (دعا، حذرت، متهما) -> the PLOVER type of the speech act
    speech_acts: dict[str, str] = field(default_factory=dict)
    #: an object pronoun -> the entity types it can stand for (ه: PER)
    object_pronouns: dict[str, frozenset[str]] = field(default_factory=dict)
    object_pronoun_letters: dict[str, str] = field(default_factory=dict)  # folded -> as written
    #: words after an event noun that introduce its owner with لـ (تابعة لـ)
    owner_words: frozenset[str] = frozenset()
    #: light verbs whose subject undergoes the event noun (تعرض لهجوم)
    undergo_verbs: frozenset[str] = frozenset()
    #: types coded only when the target is named or coded (CONCEDE)
    need_target_types: frozenset[str] = frozenset()
    #: words that name a crowd (آلاف، مئات، عدد): next to a framed trigger, they report the event
    crowd_words: frozenset[str] = frozenset()
    #: types whose source may be a crowd word alone (PROTEST), and its sector
    crowd_types: frozenset[str] = frozenset()
    crowd_sector: str | None = None
    #: words of a sentence about sport (مباراة، المدرب، الدوري): no event mentions in it
    off_topic: frozenset[str] = frozenset()


def mention_lexicon(lexicon: Lexicon | None = None) -> MentionLexicon:
    """The compiled event-mention triggers of ``lexicon``, once per lexicon."""
    lex = lexicon or Lexicon.default()
    return lex.memo("events.mentions", lambda: _compile_mentions(lex))


def _compile_mentions(lex: Lexicon) -> MentionLexicon:
    data = lex.table(MENTIONS_TABLE)
    mo = morph(lex)
    verbs: dict[str, list[_Trig]] = {}
    nouns: dict[str, list[_Trig]] = {}
    for e in data["verbs"]:
        trigs = {tense: _Trig(e["type"], e.get("mode"), bool(e.get("weak")), tense, bool(e.get("intransitive")),
                              bool(e.get("framed")))
                 for tense in ("past", "pres")}
        for f, tense in mo.conjugations(e):
            verbs.setdefault(f, []).append(trigs[tense])
    for e in data["nouns"]:
        trig = _Trig(e["type"], e.get("mode"), bool(e.get("weak")), "noun", framed=bool(e.get("framed")),
                     victim=bool(e.get("victim")))
        for n in e["nouns"]:
            nouns.setdefault(normalize(n), []).append(trig)
    conf = {k: float(v) for k, v in data.get("confidence", {}).items()}
    speech: dict[str, str] = {}
    for typ, e in data.get("speech_acts", {}).items():
        speech.update((f, typ) for f, _ in mo.conjugations(e))
        speech.update((normalize(f), typ) for f in e.get("forms", ()))
    return MentionLexicon(
        verbs=verbs, nouns=nouns,
        unnamed={normalize(k): v for k, v in data.get("unnamed_actors", {}).items()},
        not_real=frozenset(normalize(w) for w in data.get("not_real", ())),
        target_preps=frozenset(normalize(w) for w in data.get("target_preps", ())),
        source_preps=frozenset(normalize(w) for w in data.get("source_preps", ())),
        between_preps=frozenset(normalize(w) for w in data.get("between_preps", ())),
        confidence=conf,
        victim_types=frozenset(data.get("victim_types", ())),
        place_country_types=frozenset(data.get("place_country_types", ())),
        filters={t: (float(v["prior"]), float(v["threshold"]), {normalize(w): float(x) for w, x in v["weights"].items()})
                 for t, v in lex.table(FILTER_TABLE).items() if not t.startswith("_")},
        victim_sectors=frozenset(data.get("victim_sectors", ())),
        patterns={t: Pattern(id="mention-" + t.lower(), type=t) for t in PLOVER_TYPES},
        light_verbs=frozenset(normalize(w) for w in data.get("light_verbs", ()))
        | frozenset(normalize(w) for w in data.get("light_verbs_typed", {})),
        light_verb_types={normalize(w): frozenset(v) for w, v in data.get("light_verbs_typed", {}).items()},
        speech_acts=speech,
        need_target_types=frozenset(data.get("need_target_types", ())),
        crowd_words=frozenset(normalize(w) for w in data.get("crowd_words", ())),
        crowd_types=frozenset(data.get("crowd_types", ())),
        crowd_sector=data.get("crowd_sector"),
        off_topic=frozenset(normalize(w) for w in data.get("off_topic", ())),
        undergo_verbs=frozenset(normalize(w) for w in data.get("undergo_verbs", ())),
        owner_words=frozenset(normalize(w) for w in data.get("owner_words", ())),
        object_pronoun_letters={normalize(k): k for k in data.get("object_pronouns", {})},
        object_pronouns={normalize(k): frozenset(v.split()) for k, v in data.get("object_pronouns", {}).items()},
    )


# --------------------------------------------------------------------------- extraction
@dataclass
class _Match:
    pattern: Pattern
    k: int  # trigger token
    tense: str
    pro: str
    enc: str
    obj_k: int | None = None  # the object noun of a multi-word trigger


class Events:
    """The events stage (see module docstring)."""

    name = "events"
    requires = frozenset({"tokens", "sentences", "entities", "times"})
    provides = frozenset({"events"})

    def __init__(self, irrealis: str = "keep", lexicon: Lexicon | None = None):
        if irrealis not in ("keep", "drop"):
            raise ValueError("irrealis must be 'keep' or 'drop'")
        self.irrealis = irrealis
        self.lexicon = lexicon or Lexicon.default()
        #: word → may it be a verb pattern's trigger / a trigger of the mention lexicon? (most
        #: words are neither, and are turned down in one lookup); made for the compiled lexicons
        self._maybe_verb: WordMemo | None = None
        self._maybe_trigger: WordMemo | None = None
        self._memo_of: tuple[int, int] | None = None

    def __call__(self, article: Article) -> None:
        article.events = []
        if not article.tokens or not article.sentences:
            return
        lex = trigger_lexicon(self.lexicon)
        mlex = mention_lexicon(self.lexicon)
        if self._memo_of != (id(lex), id(mlex)):  # the lexicon was compiled anew: forget
            mo = _words(self.lexicon).morph
            self._maybe_verb = WordMemo(partial(self._may_match, mo, lex), _MEMO_MAX)
            self._maybe_trigger = WordMemo(partial(self._may_trigger, mo, mlex), _MEMO_MAX)
            self._memo_of = (id(lex), id(mlex))
        doc = _Doc(article, _words(self.lexicon), lex, actor_lexicon(self.lexicon))
        events: list[tuple[Event, tuple]] = []
        for sent in article.sentences:
            found: list[Event] = []
            if self._off_topic(doc, mlex, sent):
                continue  # a sports sentence: matches, a team's meetings, a coach criticised are no PLOVER events
            for m in self._matches(doc, lex, sent):
                ev = self._build(doc, lex, m, sent)
                if ev is None:
                    continue
                ev.confidence = mlex.confidence.get("nominal" if m.pattern.nominal else "pattern")
                found.append(ev)
                if self.irrealis == "drop" and IRREALIS & set(ev.context):
                    continue
                events.append((ev, self._keys(ev, m.pattern)))
            for ev in self._mentions(doc, lex, mlex, sent, found):
                if self.irrealis == "drop" and IRREALIS & set(ev.context):
                    continue
                named = ev.source.entities and ev.target.entities
                keys = self._keys(ev, mlex.patterns[ev.type]) if named else {("mention", ev.type, sent.index,
                                                                                    self._clause_of(doc, sent, doc.tok_range(ev.trigger.start, ev.trigger.end)[0]))}
                events.append((ev, keys))
        for ev in self._speech_acts(doc, mlex, [e for e, _ in events]):
            if self.irrealis == "drop" and IRREALIS & set(ev.context):
                continue
            events.append((ev, self._keys(ev, mlex.patterns[ev.type])))
        seen: set[tuple] = set()
        for ev, keys in events:
            if seen & keys:
                continue
            seen |= keys
            article.events.append(ev)

    # ---- event mentions: a trigger verb or event noun, with named or unnamed actors or none
    def _mentions(self, doc: _Doc, lex: TriggerLexicon, mlex: MentionLexicon, sent, found: list[Event]):
        """One event per PLOVER type and sentence from the trigger lexicon, unless a verb
        pattern already gave that type in the sentence."""
        have = {ev.type for ev in found}
        best: dict[str, tuple[int, _Trig, str, str]] = {}
        count: dict[str, int] = {}  # trigger tokens of each type in the sentence
        cands: dict[str, list[tuple[int, _Trig, str, str]]] = {}
        mo = doc.morph
        in_time = doc.in_time
        for k in range(sent.token_start, sent.token_end):
            if not doc.is_word(k) or k in in_time:
                continue  # (فجر الاثنين is dawn on Monday, not "he blew up")
            u = doc.unit_at.get(k)
            if u is not None and u.kind in ("ENT", "INST"):
                continue
            norm = doc.norms[k]
            if not self._maybe_trigger[norm]:
                continue
            hits: list[tuple[_Trig, str, str]] = []
            written = None
            for pro, core, enc in mo.readings(norm):
                trigs = mlex.verbs.get(core, ())
                if not trigs:
                    continue
                if enc in mlex.object_pronoun_letters:
                    if written is None:
                        written = _bare(doc.toks[k].text)
                    if not written.endswith(mlex.object_pronoun_letters[enc]):
                        continue  # قبضة is no قبض+ه: the letters as written (ة folds to the pronoun's ه)
                for trig in trigs:
                    if not (enc and trig.intransitive) and self._affixes_ok(mo, pro, enc, trig.tense, core):
                        hits.append((trig, pro, enc))
            for key in mo.noun_keys(norm):
                for trig in mlex.nouns.get(key, ()):
                    hits.append((trig, "", ""))
            if not any(trig.tense == "noun" for trig, _, _ in hits):
                # an event noun with a possessive pronoun (مساعداتها، زيارته): its owner is the source
                for enc, letters in mlex.object_pronoun_letters.items():
                    if len(norm) > len(enc) + 2 and norm.endswith(enc) and _bare(doc.toks[k].text).endswith(letters):
                        for key in mo.noun_keys(norm[: -len(enc)]):
                            for trig in mlex.nouns.get(key, ()):
                                hits.append((trig, "", enc))
            if any(trig.framed for trig, _, _ in hits):
                hits = [h for h in hits if not h[0].framed or self._framed(doc, mlex, k, h[0], sent)]
            for typ in {trig.type for trig, _, _ in hits}:
                count[typ] = count.get(typ, 0) + 1
            for trig, pro, enc in hits:
                if trig.type in have:
                    continue
                cands.setdefault(trig.type, []).append((k, trig, pro, enc))
                cur = best.get(trig.type)
                if cur is None or (cur[1].weak and not trig.weak):
                    best[trig.type] = (k, trig, pro, enc)
        out = []
        feats = None
        for typ in [t for t in best if t in mlex.filters]:
            if feats is None:
                feats = {mo.noun_keys(doc.norms[t])[-1] for t in range(sent.token_start, sent.token_end)
                         if doc.is_word(t) or doc.norms[t][:1].isdigit()}
            prior, threshold, weights = mlex.filters[typ]
            if any((self._after_relative(doc, k, trig, sent) and not trig.weak
                    and any(u.kind == "ENT" and k < u.i <= k + 4 for u in doc.units[sent.index]))
                   or (trig.tense == "noun" and self._framed_by_light_verb(doc, mlex, k, sent, trig.type))
                   or (trig.tense == "past" and not trig.weak and self._named_subject_before(doc, k, sent))
                   for k, trig, _, _ in cands[typ]):
                # a relative clause, a light verb or a named subject reports the event (الذي استهدف،
                # نفذ ضربات، تنظيم داعش فجر …)
                continue
            if prior + sum(weights.get(f, 0.0) for f in feats) < threshold:
                del best[typ]  # the sentence talks about such events rather than reporting one
        for typ, first in sorted(best.items(), key=lambda x: x[1][0]):
            # per clause (… قتلوا، حيث تدور اشتباكات بين …: two events), the trigger whose actors
            # are best coded (named sides first), strong before weak, first
            by_clause: dict[int, list] = {}
            for c in cands[typ]:
                by_clause.setdefault(self._clause_of(doc, sent, c[0]), []).append(c)
            for group in by_clause.values():
                chosen = None
                for k, trig, pro, enc in group[:8]:
                    ev = self._build_mention(doc, lex, mlex, sent, k, trig, pro, enc, count[typ])
                    if ev is None:
                        continue
                    rank = (bool(ev.source.entities) + bool(ev.target.entities),
                            bool(ev.source.text) + bool(ev.target.text), not trig.weak)
                    if chosen is None or rank > chosen[0]:
                        chosen = (rank, ev)
                if chosen is not None:
                    out.append(chosen[1])
        return out

    def _framed(self, doc: _Doc, mlex: MentionLexicon, k: int, trig: _Trig, sent) -> bool:
        """Does a framed trigger at k report an event: a light verb frames the noun (نظم
        المتظاهرون اعتصاما، اندلعت مظاهرات), a crowd is named next to the verb (تجمع عشرات
        الفلسطينيين، ردد أكثر من ألف شخص), or a gathering verb (intransitive) has protesters of its
        type for subject (احتشد متظاهرون، خرج المتظاهرون إلى الشوارع)?"""
        if trig.tense == "noun":
            # a noun only with a light verb: a crowd next to it (اعتقال 100 متظاهر، عدد المتظاهرين)
            # counts the people, not a protest
            return self._light_verb_before(doc, mlex, k, sent, typ=trig.type) is not None
        if k - 1 >= sent.token_start and doc.norms[k - 1] in doc.w.relatives:
            return False  # المتظاهرين الذين تجمعوا: the clause describes the people, the protest is told elsewhere
        if self._crowd_near(doc, mlex, k, sent) is not None:
            return True
        if trig.intransitive:
            mo = doc.morph
            for t in range(k + 1, min(sent.token_end, k + 4)):
                if doc.is_word(t) and any(tr.type == trig.type for key in mo.noun_keys(doc.norms[t])
                                          for tr in mlex.nouns.get(key, ())):
                    return True
        return False

    @staticmethod
    def _crowd_near(doc: _Doc, mlex: MentionLexicon, k: int, sent) -> int | None:
        """A crowd word (آلاف، عشرات، عدد، أكثر) within three tokens of k, or None. Numbers alone
        are no crowd (a year, a date, a score)."""
        conj = doc.morph.conj_letters
        for t in range(max(sent.token_start, k - 3), min(sent.token_end, k + 4)):
            if t == k:
                continue
            w = doc.norms[t]
            if w in mlex.crowd_words or (w[:1] in conj and w[1:] in mlex.crowd_words):
                return t
        return None

    @staticmethod
    def _off_topic(doc: _Doc, mlex: MentionLexicon, sent) -> bool:
        """A sentence about sport (a word of ``off_topic``, with or without a proclitic letter);
        once per sentence (the sentence loop and each of its quotes ask)."""
        seen = doc.off_topic
        if sent.index not in seen:
            words = mlex.off_topic
            seen[sent.index] = bool(words) and any(doc.norms[t] in words or doc.norms[t][1:] in words
                                                   for t in range(sent.token_start, sent.token_end))
        return seen[sent.index]

    @staticmethod
    def _named_subject_before(doc: _Doc, k: int, sent) -> bool:
        """A named organization or country a few tokens before the verb at k (its subject: تنظيم
        (داعش) فجر، وقصفت إسرائيل), with no other word of the sentence's units between."""
        for u in doc.units[sent.index]:
            if u.kind == "ENT" and u.etype in ("ORG", "LOC") and u.j <= k and k - u.j <= 2 and u.prep is None:
                return True
        return False

    @staticmethod
    def _clause_of(doc: _Doc, sent, k: int) -> int:
        """Which clause of its sentence token k is in: the number of subordinators (حيث، عندما،
        بينما) before it (counted once per sentence)."""
        clauses = doc.clauses.get(sent.index)
        if clauses is None:
            conj = doc.morph.conj_letters
            lo, hi = sent.token_start, sent.token_end
            starts = [0] * (hi - lo + 2)  # how many clauses begin at each token
            for t in range(lo, hi):
                w = doc.norms[t]
                if w in doc.w.subord or (w[:1] in conj and w[1:] in doc.w.subord):
                    starts[t + 1 - lo] += 1  # the words after it
                elif doc.seg[t] == -1 and w in doc.w.commas and t + 1 < hi and doc.norms[t + 1][:1] in conj:
                    starts[t + 2 - lo] += 1  # ، وستة آخرون في هجوم …: a coordinated clause, after its و-word
            clauses, n = [], 0
            for t in range(lo, hi):
                n += starts[t - lo]
                clauses.append(n)
            doc.clauses[sent.index] = clauses
        return clauses[k - sent.token_start]

    # ---- speech acts: a quote whose cue verb is a request, threat, accusation, rejection or support
    def _speech_acts(self, doc: _Doc, mlex: MentionLexicon, have: list[Event]) -> list[Event]:
        """An event for each quote of the quotes stage whose cue is a speech-act verb (دعا، حذر،
        اتهم، أدان، رفض، رحب): the speaker is the source, the first actor named after the cue in
        its sentence (the object, or inside the content) the target, the cue the trigger."""
        out: list[Event] = []
        if not mlex.speech_acts:
            return out
        mo = doc.morph
        for q in getattr(doc.a, "quotes", None) or []:
            if q.cue is None or q.speaker is None:
                continue
            typ = None
            for t in range(*doc.tok_range(q.cue.start, q.cue.end)):
                w = doc.norms[t]
                typ = mlex.speech_acts.get(w) or (mlex.speech_acts.get(w[1:]) if w[:1] in mo.conj_letters else None)
                if typ:
                    break
            if typ is None:
                continue
            ct = doc.tok_range(q.cue.start, q.cue.end)[0]
            if self._off_topic(doc, mlex, doc.a.sentences[doc.sent_of[ct]]):
                continue
            if any(ev.trigger is not None and ev.trigger.start < q.cue.end and q.cue.start < ev.trigger.end
                   for ev in have + out):
                continue  # the verb patterns or the mention layer already coded this verb
            sent = doc.sentence_at(q.cue.start)
            if sent is None:
                continue
            units = self._actors_of(doc, mlex, sent)
            src = next((u for u in units if u.start < q.speaker.end and q.speaker.start < u.end), None)
            if src is None:
                continue
            source = self._actor(doc, [src])
            if q.speaker_entity and q.speaker_entity not in source.entities:
                source.entities = [q.speaker_entity] + source.entities
            tgt = next((u for u in units if u.start >= q.cue.end and u is not src
                        and not (set(u.entities) & set(source.entities))), None)
            target = self._actor(doc, [tgt]) if tgt is not None else Actor()
            if not (source.entities or source.country) or not (target.entities or target.country):
                continue  # a speech act is coded against someone: a warning of a danger is no threat
            k = doc.tok_range(q.cue.start, q.cue.end)[0]
            date, historical = self._date(doc, k, sent.token_start, sent.token_end - 1, sent)
            context = ["historical"] if historical else []
            out.append(Event(type=typ, evidence=doc.a.span(sent.start, sent.end), mode=None, context=context,
                             source=source, target=target, date=date, trigger=doc.a.span(q.cue.start, q.cue.end),
                             confidence=mlex.confidence.get("mention_named")))
        return out

    @staticmethod
    def _pronoun_antecedent(doc: _Doc, sent, k: int, etypes: frozenset[str], src: Unit | None,
                            this_sentence: bool = False) -> Unit | None:
        """The nearest named actor before token k (this sentence, then the one before unless
        ``this_sentence``) of a type the pronoun can stand for, other than the source."""
        skip = set(src.entities) if src is not None else set()
        for s in (sent.index,) if this_sentence else (sent.index, sent.index - 1):
            if s < 0:
                break
            for u in reversed(doc.units[s]):
                if s == sent.index and u.i >= k:
                    continue
                if u.kind == "ENT" and u.etype in etypes and u.entities and not set(u.entities) & skip:
                    if u.etype != "PER" and not (u.country or u.etype == "ORG"):
                        continue
                    return u
        return None

    @staticmethod
    def _after_relative(doc: _Doc, k: int, trig: _Trig, sent) -> bool:
        """A strong past-tense trigger verb right after a relative pronoun (الهجوم الذي استهدف):
        a relative clause reporting one event."""
        return (trig.tense == "past" and k - 1 >= sent.token_start
                and doc.norms[k - 1] in doc.w.relatives)

    def _framed_by_light_verb(self, doc: _Doc, mlex: MentionLexicon, k: int, sent, typ: str) -> bool:
        """A light verb (نفذت قوات التحالف … ضربات) or an undergo verb (تعرضت بلدة الزبداني لهجوم من
        قوات النظام) frames the event noun at k with a named actor."""
        ents = [u for u in doc.units[sent.index] if u.kind == "ENT"]
        v = self._light_verb_before(doc, mlex, k, sent, typ=typ)
        if v is not None and any(v < u.i < k for u in ents):
            return True
        v = self._light_verb_before(doc, mlex, k, sent, mlex.undergo_verbs)
        return v is not None and any(v < u.i <= k + 4 for u in ents)

    @staticmethod
    def _light_verb_before(doc: _Doc, mlex: MentionLexicon, k: int, sent,
                           verbs: frozenset[str] | None = None, typ: str | None = None) -> int | None:
        """The token of a light verb (عقد، نفذ، شن; or of ``verbs``) a few words before the
        event noun at k, in the same clause, or None. A light verb restricted to some types
        (فرض: sanctions) frames only a noun of type ``typ`` among them."""
        typed = mlex.light_verb_types if verbs is None else {}
        verbs = mlex.light_verbs if verbs is None else verbs
        if not verbs:
            return None
        conj = doc.morph.conj_letters
        for t in range(k - 1, max(sent.token_start, k - 16) - 1, -1):
            if doc.seg[t] == -1 and t != k - 1:
                norm = doc.norms[t]
                if norm not in (",", "،"):
                    return None
            w = doc.norms[t]
            if w not in verbs and w[:1] in conj:
                w = w[1:]
            if w in verbs and (w not in typed or typ in typed[w]):
                return t
        return None

    def _unnamed_at(self, doc: _Doc, mlex: MentionLexicon, t: int, sent) -> Unit | None:
        """An actor noun without an entity (مسلحون، قوات الأمن المصرية) at token t."""
        if not doc.is_word(t):
            return None
        for key in doc.morph.noun_keys(doc.norms[t]):
            if key in mlex.unnamed:
                sector = mlex.unnamed[key]
                j = t + 1
                country = None
                for d in (t + 1, t + 2):
                    if d < sent.token_end and doc.is_word(d):
                        dem = doc._demonym_at(d)
                        if dem is not None and dem[2] == "":
                            country, j = dem[0], d + dem[1]
                            break
                prep = doc._prep_of(t)
                return Unit(t, j, "NOUN", None, country=country, sector=sector, prep=prep,
                            start=doc.toks[t].start, end=doc.toks[j - 1].end)
        return None

    @staticmethod
    def _sentence_country(doc: _Doc, sent) -> str | None:
        """The country of the first place with a country named in the sentence."""
        for u in doc.units[sent.index]:
            if u.kind == "ENT" and u.etype == "LOC" and u.country:
                return u.country
        return None

    @staticmethod
    def _article_country(doc: _Doc) -> str | None:
        """The country the article is most about: the most mentioned country of its places."""
        if not hasattr(doc, "main_country"):
            votes: dict[str, int] = {}
            for ent in doc.a.entities:
                if ent.type == "LOC" and ent.country and ent.country != "IGO":
                    votes[ent.country] = votes.get(ent.country, 0) + len(ent.mentions)
            doc.main_country = max(votes, key=votes.get) if votes else None
        return doc.main_country

    def _actors_of(self, doc: _Doc, mlex: MentionLexicon, sent) -> list[Unit]:
        units = [u for u in doc.units[sent.index] if self._is_actor(u)]
        taken = set()
        for u in units:
            taken.update(range(u.i, u.j))
        t = sent.token_start
        while t < sent.token_end:
            if t not in taken:
                u = self._unnamed_at(doc, mlex, t, sent)
                if u is not None:
                    units.append(u)
                    t = u.j
                    continue
            t += 1
        units.sort(key=lambda u: u.i)
        return units

    def _build_mention(self, doc: _Doc, lex: TriggerLexicon, mlex: MentionLexicon, sent, k: int, trig: _Trig,
                       pro: str, enc: str, n_trig: int = 1) -> Event | None:
        units = [u for u in self._actors_of(doc, mlex, sent) if not (u.i <= k < u.j)]
        seg = doc.seg[k]
        src = tgt = None
        after = [u for u in units if u.i > k and u.i - k <= 6 and doc.seg[u.i] == seg]
        before = [u for u in units if u.j <= k and k - u.j <= 5 and doc.seg[u.i] == seg]
        src_more: list[Unit] = []
        light = self._light_verb_before(doc, mlex, k, sent, typ=trig.type) if trig.tense == "noun" else None
        undergo = self._light_verb_before(doc, mlex, k, sent, mlex.undergo_verbs) if trig.tense == "noun" else None
        if undergo is not None:
            # تعرض X لهجوم من Y: X the target, Y the source
            tgt = next((u for u in units if undergo < u.i < k and u.prep is None), None)
            src = next((u for u in after if u.prep in mlex.source_preps), None)
            if src is not None:  # من قوات النظام وحزب الله: the coordinated actors are one side
                for u in after:
                    if u.i == (src_more[-1] if src_more else src).j and u.conj:
                        src_more.append(u)
            if tgt is not None or src is not None:
                n_trig = max(n_trig, 2)
                light = None
        if light is not None:
            # عقد الرئيس X اجتماعا ضم Y / نفذت قوات X ضد Y ضربات: the light verb's subject is the
            # source; the target is introduced by a preposition or follows the noun bare
            inner = [u for u in units if light < u.i < k]
            src = next((u for u in inner if u.prep is None), None)
            if src is None:
                # the subject before the light verb (وكانت فرنسا قد أعلنت أمس عن مساعدات)
                src = next((u for u in reversed(units) if u.j <= light and light - u.j <= 3 and u.prep is None
                            and u.kind == "ENT"), None)
            if src is not None:
                tgt = next((u for u in inner if u.i > src.i and u.prep in mlex.target_preps and u.prep != "ب"), None)
                tgt = tgt or next((u for u in after if u.prep in mlex.target_preps or u.prep is None), None)
                n_trig = max(n_trig, 2)  # the light verb makes the noun an event that took place
        rel = self._after_relative(doc, k, trig, sent)
        if rel and enc:
            # المساعدة التي أرسلتها الإمارات: the antecedent is the object, the actor after the subject
            src = next((u for u in after if u.prep is None and u.i - k <= 2), None)
            if src is not None and src.kind == "ENT":
                n_trig = max(n_trig, 2)
        elif rel:
            # العمل الذي استهدف مسجدا بمقر قوات الطوارئ: the antecedent is the subject (an actor, or
            # the act itself: no source); the first actor after the verb is its object
            ante = next((u for u in before if u.j == k - 1), None)
            src = ante if ante is not None and ante.prep is None else None
            tgt = next((u for u in after if u.prep is None or u.prep in mlex.target_preps), None)
        if trig.tense == "noun" and src is None and mlex.owner_words:
            # مساعدات إنسانية تابعة للأمم المتحدة: the owner is the source
            for t in range(k + 1, min(k + 4, sent.token_end)):
                if doc.norms[t] in mlex.owner_words:
                    own = next((u for u in after if u.i == t + 1 and u.kind == "ENT"), None)
                    if own is not None:
                        src = own
                        n_trig = max(n_trig, 2)
                    break
        if trig.tense == "noun" and enc in mlex.object_pronouns and src is None:
            src = self._pronoun_antecedent(doc, sent, k, mlex.object_pronouns[enc], None, this_sentence=True)
            if src is not None:
                n_trig = max(n_trig, 2)  # a named owner makes the noun one event
                tgt = next((u for u in after if u.prep in mlex.target_preps and not set(u.entities) & set(src.entities)),
                           None)
        if src is not None or rel:
            pass
        elif trig.tense == "noun" and trig.victim:
            # مقتل عشرين من الحوثيين، إصابة 3 مدنيين: the people after a victim noun underwent it
            tgt = next(iter(after), None)
        elif trig.tense == "noun":
            src = next((u for u in after if u.i == k + 1 and u.prep is None), None)
            if src is None:
                src = next((u for u in after if u.prep in mlex.source_preps), None)
            if src is None:
                # اشتباكات بين X وY: the two sides
                src = next((u for u in after if u.prep in mlex.between_preps), None)
                if src is not None:
                    tgt = next((u for u in after if u.i >= src.j and u.conj), None)
        else:
            src = next((u for u in after if u.prep is None and u.i - k <= 3), None)
            if src is None and before and before[-1].prep is None:
                src = before[-1]
        tgt = tgt or next((u for u in after if u is not src and u.i > (src.i if src and src.i > k else k)
                    and (u.prep in mlex.target_preps
                         or (u.prep is None and trig.tense != "noun" and not trig.intransitive))), None)
        if tgt is None and trig.tense != "noun" and enc in mlex.object_pronouns and not rel:
            # (_mentions kept this reading only where the pronoun's letters are written: not ة)
            tgt = self._pronoun_antecedent(doc, sent, k, mlex.object_pronouns[enc], src)
        if (src is not None and trig.type in mlex.victim_types and src.kind == "NOUN"
                and src.sector in mlex.victim_sectors):
            # قتل 5 أشخاص: the people killed (a passive reading); civilians are no side that attacks
            src, tgt = None, tgt or src
        if src is None and tgt is None and trig.type in mlex.crowd_types:
            c = self._crowd_near(doc, mlex, k, sent)
            if c is not None:
                # تظاهر أمس عشرات من …: the crowd is the (unnamed, civilian) source
                src = Unit(c, c + 1, "NOUN", None, sector=mlex.crowd_sector, start=doc.toks[c].start,
                           end=doc.toks[c].end)
                n_trig = max(n_trig, 2)
        if src is None and tgt is None and (trig.weak or n_trig < 2):
            return None  # a lone trigger word with no actor: too often talk about such events
        if trig.weak and (n_trig < 2 or (src is None and tgt is None)):
            return None
        if trig.type not in mlex.place_country_types and not any(u is not None and u.kind != "NOUN" for u in (src, tgt)):
            return None  # meetings, deals, statements: only with a named side
        where = None
        if trig.type in mlex.place_country_types:
            where = self._sentence_country(doc, sent) or self._article_country(doc)
        if src is None and trig.tense == "noun":
            # a nationality adjective after the noun: الهجوم الإسرائيلي، غارات أمريكية
            for d in (k + 1, k + 2):
                dem = doc._demonym_at(d) if d < sent.token_end and doc.is_word(d) else None
                if dem is not None and dem[2] == "":
                    src = Unit(d, d + dem[1], "DEMN", "LOC", country=dem[0], start=doc.toks[d].start,
                               end=doc.toks[d + dem[1] - 1].end)
                    break
        source = self._actor(doc, [src] + src_more) if src is not None else Actor(country=where)
        if tgt is None and where is not None and source.country == where and source.entities:
            # a named actor does not act on its own country where the article is about another
            # (الإمارات … أرسلتها in an article about Yemen): the article's country
            where = self._article_country(doc) or where
        target = self._actor(doc, [tgt]) if tgt is not None else Actor(country=where)
        if trig.type not in mlex.place_country_types and not any(a.entities or a.country for a in (source, target)):
            return None  # nobody coded on either side
        if trig.type in mlex.need_target_types and not (target.entities or target.country):
            return None
        for u, a in ((src, source), (tgt, target)):
            if u is not None and u.kind in ("NOUN", "ROLE") and not a.country and not a.entities:
                # an unnamed side (مسلحون، المقاومين) is of the country where it happens, whatever the type
                a.country = where or self._sentence_country(doc, sent) or self._article_country(doc)
        if source.entities and set(source.entities) & set(target.entities):
            target, tgt = Actor(), None
        lo = min(k, src.i) if src is not None and src.i < k else k
        hi = max([k] + [u.j - 1 for u in (src, tgt) if u is not None and u.i > k])
        hi = self._clause_end(doc, k, hi, sent)
        evidence = doc.a.span(doc.toks[lo].start, doc.toks[hi].end)
        m = _Match(mlex.patterns[trig.type], k, trig.tense, pro, enc)
        date, historical = self._date(doc, k, lo, hi, sent)
        context = self._context(doc, lex, m, sent, date)
        if "hypothetical" not in context:
            mo = doc.morph
            for t in range(max(sent.token_start, k - 3), k):
                w = doc.norms[t]
                if w in mlex.not_real or (w[:1] in mo.conj_letters and w[1:] in mlex.not_real):
                    context.append("hypothetical")
                    break
        if historical:
            context.append("historical")
        location = self._location(doc, sent, k, hi, [tgt] if tgt is not None else [])
        named = bool(source.entities or source.country) and bool(target.entities or target.country)
        kind = "weak" if trig.weak else ("mention_named" if named else "mention")
        return Event(type=trig.type, evidence=evidence, mode=trig.mode, context=context, source=source,
                     target=target, date=date, location=location,
                     trigger=doc.a.span(doc.toks[k].start, doc.toks[k].end), confidence=mlex.confidence.get(kind))

    @staticmethod
    def _keys(ev: Event, pat: Pattern) -> set[tuple]:
        """What makes two mentions one event: type, date, reality and the two sides (as
        entities, and as countries when both are known)."""
        symmetric = pat.symmetric or ev.type == "CONSULT"
        irreal = bool(IRREALIS & set(ev.context))

        def key(s: tuple, t: tuple) -> tuple:
            return (ev.type, tuple(sorted((s, t))) if symmetric else (s, t), ev.date, irreal)

        keys = {key(tuple(sorted(ev.source.entities)) or (ev.source.country or "",),
                    tuple(sorted(ev.target.entities)) or (ev.target.country or "",))}
        if ev.source.country and ev.target.country:
            keys.add(key(("#" + ev.source.country,), ("#" + ev.target.country,)))
        return keys

    # ---- triggers
    @staticmethod
    def _may_match(mo: Morph, lex: TriggerLexicon, norm: str) -> bool:
        """Has ``norm`` a reading that some verb or noun pattern of ``lex`` lists (a necessary
        condition of :meth:`_matches`)? Asked once per word (``self._maybe_verb``)."""
        return (any(core in lex.verbs for _, core, _ in mo.readings(norm))
                or any(key in lex.nouns for key in mo.noun_keys(norm)))

    @staticmethod
    def _may_trigger(mo: Morph, mlex: MentionLexicon, norm: str) -> bool:
        """Has ``norm`` a reading the mention lexicon lists as a trigger, also once a possessive
        pronoun is off (a necessary condition of a hit in :meth:`_mentions`)? Asked once per word
        (``self._maybe_trigger``)."""
        return (any(core in mlex.verbs for _, core, _ in mo.readings(norm))
                or any(key in mlex.nouns for key in mo.noun_keys(norm))
                or any(len(norm) > len(enc) + 2 and norm.endswith(enc)
                       and any(key in mlex.nouns for key in mo.noun_keys(norm[: -len(enc)]))
                       for enc in mlex.object_pronoun_letters))

    def _matches(self, doc: _Doc, lex: TriggerLexicon, sent) -> Iterable[_Match]:
        for k in range(sent.token_start, sent.token_end):
            if not doc.is_word(k):
                continue
            norm = doc.norms[k]
            if not self._maybe_verb[norm]:
                continue
            if k in doc.unit_at and doc.unit_at[k].kind in ("ENT", "INST"):
                continue
            found = None
            for pro, core, enc in doc.morph.readings(norm):
                for pat, tense in lex.verbs.get(core, ()):
                    if not self._affixes_ok(doc.morph, pro, enc, tense, core, pat):
                        continue
                    obj_k = None
                    if pat.objects:
                        obj_k = self._find_object(doc, pat, k, sent)
                        if obj_k is None:
                            continue
                    if not self._verb_position(doc, k, pro, core, tense, pat):
                        continue
                    cand = _Match(pat, k, tense, pro, enc, obj_k)
                    # prefer multi-word patterns (more specific)
                    if found is None or (pat.objects and not found.pattern.objects):
                        found = cand
            if found is None:
                for key in doc.morph.noun_keys(norm):
                    for pat in lex.nouns.get(key, ()):
                        found = _Match(pat, k, "noun", "", "")
                        break
                    if found:
                        break
            if found is not None:
                yield found

    @staticmethod
    def _affixes_ok(mo: Morph, pro: str, enc: str, tense: str, core: str, pat: Pattern | None = None) -> bool:
        if enc and pat is not None and "obj" not in pat.target:
            return False  # an object pronoun on an intransitive verb: a noun (استقالته)
        conj = pro[:1] if pro[:1] in mo.conj else ""
        rest = pro[len(conj):]
        if tense == "past":
            return rest == ""
        if tense == "pres":
            return rest in mo.present_proclitics
        return False

    @staticmethod
    def _find_object(doc: _Doc, pat: Pattern, k: int, sent) -> int | None:
        seg = doc.seg[k]
        for t in range(k + 1, min(k + 1 + max(pat.gap, 1), sent.token_end)):
            if doc.seg[t] != seg and doc.norms[t] not in doc.w.commas:
                break
            if doc.norms[t] in pat.objects:
                return t
            for key in doc.morph.noun_keys(doc.norms[t]):
                if key in pat.objects:
                    return t
        return None

    def _verb_position(self, doc: _Doc, k: int, pro: str, core: str, tense: str, pat: Pattern) -> bool:
        toks, mo = doc.toks, doc.morph
        if mo.article in toks[k].prefixes and doc.norms[k].startswith(mo.article_starts) and not core.startswith(mo.article):
            return False
        prev = k - 1
        same = prev >= 0 and doc.sent_of[prev] == doc.sent_of[k]
        pw = doc.norms[prev] if same else ""
        if pw in doc.w.preps or pw in pat.not_after:
            return False
        nxt = k + 1
        if pat.not_before and nxt < len(toks) and doc.sent_of[nxt] == doc.sent_of[k] and doc.norms[nxt].startswith(pat.not_before):
            return False
        if pw and pw[:1] in mo.conj_letters and pw[1:] in doc.w.preps:
            return False
        # verb-only affixes
        if tense == "pres" and core[:1] in mo.verb_only_prefix_letters:
            return not (same and doc.is_word(prev) and prev in doc.unit_at and doc.unit_at[prev].prep is not None
                        and doc.unit_at[prev].j == k)
        if tense == "past" and (core.endswith(mo.verb_only_suffixes)
                                or core.endswith(mo.feminine_past_suffix) and core[:-1] in doc.tlex.verbs):
            return True
        # clause start
        if not same or not doc.is_word(prev) or doc.seg[prev] != doc.seg[k]:
            return True
        if pro[:1] in mo.conj and (not same or not doc.is_word(prev)):
            return True
        if pw in doc.w.preverbal or pw in doc.w.relatives or pw in doc.w.subord or pw in doc.w.complementizers:
            return True
        if pw[:1] in mo.conj_letters and (pw[1:] in doc.w.preverbal or pw[1:] in doc.w.relatives or pw[1:] in doc.w.subord):
            return True
        # SVO: right after a subject that is not governed by a preposition
        u = doc.unit_at.get(prev)
        if u is not None and u.j == k and u.prep is None and u.kind in ("ENT", "INST", "ROLE", "PLURAL", "DEMN"):
            return True
        # a conjoined verb: وتصافحا، ووقع
        if pro[:1] == mo.coordinator and tense == "past" and self._prev_clause_verb(doc, k):
            return True
        return False

    @staticmethod
    def _prev_clause_verb(doc: _Doc, k: int) -> bool:
        lex = doc.tlex
        t = k - 1
        while t >= 0 and doc.sent_of[t] == doc.sent_of[k] and k - t <= 3:
            if any(core in lex.verbs for _, core, _ in doc.morph.readings(doc.norms[t])):
                return True
            t -= 1
        return False

    # ---- arguments
    def _group_at(self, doc: _Doc, sent, start: int) -> _Group | None:
        """The unit starting at ``start`` (skipping adverbs) and units coordinated with it."""
        units = doc.units[sent.index]
        t = start
        while t < sent.token_end and (doc.norms[t] in doc.w.skippable or doc.norms[t] in doc.w.commas) and t - start < 3:
            t += 1
        both = False
        w = doc.w
        if t + 1 < sent.token_end and doc.norms[t] in w.both_with_of and doc.norms[t + 1] == w.both_of:
            t, both = t + 2, True  # كل من X و Y: both X and Y
        elif t < sent.token_end and doc.norms[t] in w.both_alone:
            t, both = t + 1, True
        first = next((u for u in units if u.i == t), None)
        if first is not None and both and first.prep in (w.both_of, None):
            first = Unit(**{**first.__dict__, "prep": None})
        if first is None:
            return None
        group = [first]
        nxt = first.j
        while True:
            u = next((v for v in units if v.i == nxt and v.conj and v.prep is None and v.kind != "DEM"), None)
            if u is None:
                break
            group.append(u)
            nxt = u.j
        return _Group(group)

    def _group_ending(self, doc: _Doc, sent, end: int) -> _Group | None:
        """A subject right before token ``end`` (SVO), skipping particles."""
        units = doc.units[sent.index]
        t = end
        while t > sent.token_start and doc.norms[t - 1] in doc.w.preverbal and end - t < 3:
            t -= 1
        if t > sent.token_start and doc.norms[t - 1] in doc.w.commas:
            # an apposition or relative clause between subject and verb: X، منسقة …، ستجري / X، الذي …، سينضم
            c = t - 2
            while c > sent.token_start and t - c < 14 and doc.norms[c] not in doc.w.commas:
                if doc.norms[c] in doc.w.seg_break:
                    break
                c -= 1
            if c > sent.token_start and doc.norms[c] in doc.w.commas:
                t = c
        last = next((u for u in units if u.j == t), None)
        if last is None or last.prep is not None or last.kind == "DEM":
            return None
        group = [last]
        while group[0].conj:
            prev = next((u for u in units if u.j == group[0].i and u.prep is None and u.kind != "DEM"), None)
            if prev is None:
                break
            group.insert(0, prev)
        return _Group(group)

    def _subject(self, doc: _Doc, m: _Match, sent) -> tuple[_Group | None, int, str]:
        """(subject, token after which the object is looked for, how the subject was found)."""
        k = m.k
        kend = k + 1
        prevw = doc.norms[k - 1] if k - 1 >= sent.token_start else ""
        prevw_b = prevw[1:] if prevw[:1] in doc.morph.conj_letters and prevw[1:] in doc.w.relatives else prevw
        # relative clause: … X، الذي زار Y
        if prevw_b in doc.w.relatives:
            t = k - 2
            while t >= sent.token_start and doc.norms[t] in doc.w.commas:
                t -= 1
            ante = doc.unit_at.get(t)
            if ante is not None and ante.j == t + 1 and doc.sent_of[t] == sent.index and ante.prep is None:
                if m.enc == "":
                    return _Group([ante]), kend, "relative"
                g = self._group_at(doc, sent, kend)
                return g, (g.j if g else kend), "relative-object"
        # SVO after a complementizer, a copula or at the start of a clause (بأن X تزود Y، إن X وY
        # التقيا، وكان X قد زار Y), or with a particle between subject and verb (X لم يفرض)
        g = self._group_ending(doc, sent, k)
        if g is not None:
            b = g.i - 1
            bw = doc.norms[b] if b >= sent.token_start else ""
            if (not bw or bw in doc.w.complementizers or bw in doc.w.copulas or not doc.is_word(b)
                    or doc.seg[b] != doc.seg[g.i] or doc.norms[k - 1] in doc.w.preverbal):
                return g, kend, "svo"
        g = self._group_at(doc, sent, kend)
        if g is not None and g.units[0].prep is None and g.units[0].kind != "DEM":
            return g, g.j, "vso"
        if m.pattern.objects and m.obj_k is not None:
            # أجرى X وY محادثات: subject between verb and object noun
            g = self._group_at(doc, sent, kend)
            if g is not None and g.units[0].prep is None:
                return g, g.j, "vso"
        g = self._group_ending(doc, sent, k)
        if g is not None:
            return g, kend, "svo"
        g = self._pronoun_subject(doc, m, sent)
        return g, kend, "pronoun"

    def _pronoun_subject(self, doc: _Doc, m: _Match, sent) -> _Group | None:
        core, mo = self._core(doc, m), doc.morph
        fem = (m.tense == "past" and core.endswith(mo.feminine_past_suffix)) or (
            m.tense == "pres" and core.startswith(mo.feminine_present_prefix) and not core.endswith(mo.masculine_plural_suffixes))
        plural = core.endswith(mo.dual_plural_suffixes)

        def agrees(g: _Group) -> bool:
            u = g.units[0]
            if plural:
                return g.plural
            if g.plural and not u.kind == "DEMN":
                return False
            if fem:
                return u.etype != "PER" or u.kind == "ROLE" and not u.person
            return not (u.is_country and u.kind == "ENT")

        k = m.k
        prevw = doc.norms[k - 1] if k - 1 >= sent.token_start else ""
        first_of_sentence = k == sent.token_start or all(not doc.is_word(t) for t in range(sent.token_start, k))
        if prevw and doc.is_word(k - 1) and not m.pro[:1] in mo.conj and not (
                prevw in doc.w.preverbal or prevw in doc.w.subord or prevw in doc.w.complementizers or prevw in doc.w.relatives
                or prevw in doc.tlex.negation
                or prevw[:1] in mo.conj_letters and (prevw[1:] in doc.w.preverbal or prevw[1:] in doc.w.subord)):
            return None  # a word we cannot read stands before the verb: probably its subject
        subordinate = prevw in doc.w.subord or prevw in doc.w.complementizers or prevw in doc.w.relatives or (
            prevw[:1] in mo.conj_letters and (prevw[1:] in doc.w.subord or prevw[1:] in doc.w.relatives))
        if not first_of_sentence:
            if subordinate:
                g = self._recent_subject(doc, sent, k, agrees)
                if g is not None:
                    return g
            g = self._main_subject(doc, sent, before=k)
            if g is not None and agrees(g):
                return g
            g = self._recent_subject(doc, sent, k, agrees)
            if g is not None:
                return g
            return None
        if sent.index == 0:
            return None
        prev_sent = doc.a.sentences[sent.index - 1]
        g = self._main_subject(doc, prev_sent, before=prev_sent.token_end)
        if g is not None and agrees(g):
            return g
        return None

    @staticmethod
    def _core(doc: _Doc, m: _Match) -> str:
        norm = doc.norms[m.k]
        core = norm[len(m.pro):]
        if m.enc and core.endswith(m.enc):
            core = core[: -len(m.enc)]
        return core

    def _main_subject(self, doc: _Doc, sent, before: int) -> _Group | None:
        """The subject of the sentence's first clause: after its first verb (VSO) or before it."""
        lex = doc.tlex
        start = sent.token_start
        for k in range(start, min(before, start + 6)):
            w = doc.norms[k]
            if not doc.is_word(k):
                continue
            verbish = w in doc.w.speech or (w[:1] in doc.morph.conj_letters and w[1:] in doc.w.speech) or any(
                c in lex.verbs for _, c, _ in doc.morph.readings(w))
            if not verbish or k in doc.unit_at:
                continue
            g = self._group_at(doc, sent, k + 1)
            if g is not None and g.units[0].prep is None and g.units[0].kind != "DEM" and g.j <= before:
                return g
            g = self._group_ending(doc, sent, k)
            if g is not None:
                return g
            return None
        # a sentence that starts with its subject
        first = next((u for u in doc.units[sent.index] if u.i < before), None)
        if first is not None and first.i == start and first.prep is None and first.kind != "DEM":
            return self._group_at(doc, sent, first.i)
        return None

    def _recent_subject(self, doc: _Doc, sent, k: int, agrees) -> _Group | None:
        for u in reversed(doc.units[sent.index]):
            if u.j > k:
                continue
            if u.prep is not None or u.kind == "DEM":
                continue
            if u.conj:
                continue
            g = self._group_at(doc, sent, u.i)
            if g is not None and g.j <= k and agrees(g):
                return g
        return None

    def _target(self, doc: _Doc, m: _Match, sent, after: int, subj: _Group | None) -> tuple[_Group | None, str | None]:
        """(target, the preposition that introduced it, or None for a direct object)."""
        pat = m.pattern
        seg = doc.seg[m.k]
        units = [u for u in doc.units[sent.index] if u.i >= after and (subj is None or u.i >= subj.j or u.j <= subj.i)]
        limit = after + 12
        # the object noun of a multi-word trigger does not end the search
        for u in units:
            if u.i > limit:
                break
            if doc.seg[u.i] != seg and not self._same_clause(doc, m.k, u.i):
                break
            if subj is not None and any(u is v for v in subj.units):
                continue
            if u.prep is None and "obj" in pat.target:
                # a direct object follows the subject (or the object noun) at once
                if self._adjacent(doc, after, u.i) or (m.obj_k is not None and self._adjacent(doc, m.obj_k + 1, u.i)):
                    return self._group_from(doc, sent, u), None
                continue
            if u.prep is not None and u.prep in pat.target:
                if pat.type == "CONSULT" and u.prep in doc.w.consult_place_preps and u.etype == "LOC":
                    continue  # التقى … بمصر الجديدة: where, not whom
                return self._group_from(doc, sent, u), u.prep
            if u.is_country and u.kind == "ENT" and self._place_after_prep(doc, u, pat, after):
                return _Group([u]), self._place_after_prep(doc, u, pat, after)
        return None, None

    @staticmethod
    def _place_after_prep(doc: _Doc, u: Unit, pat: Pattern, after: int) -> str | None:
        """على مواقع في جنوب لبنان، على شمال إسرائيل: a place of a country after على/ضد."""
        t = u.i - 1
        n = 0
        while t >= after and n < 4:
            w = doc.norms[t]
            if w in doc.w.place_target_preps and w in pat.target:
                return w
            if not (w in doc.w.place_nouns or w in doc.w.place_path
                    or any(k in doc.w.place_nouns for k in doc.morph.noun_keys(w))):
                return None
            t -= 1
            n += 1
        return None

    @staticmethod
    def _adjacent(doc: _Doc, a: int, b: int) -> bool:
        """Only adverbs (ايضا، مرارا …) or a comma between tokens ``a`` and ``b``."""
        if b < a:
            return False
        return b - a <= 3 and all(doc.norms[t] in doc.w.skippable or doc.norms[t] in doc.w.commas for t in range(a, b))

    @staticmethod
    def _same_clause(doc: _Doc, a: int, b: int) -> bool:
        # commas inside a clause (e.g. after an adverb) — allow one comma when no verb-like break
        if doc.sent_of[a] != doc.sent_of[b]:
            return False
        breaks = sum(1 for t in range(a, b) if doc.norms[t] in doc.w.seg_break and doc.norms[t] not in doc.w.commas)
        # commas around an adverb (X، الأحد، Y) do not end the clause
        commas = sum(1 for t in range(a, b) if doc.norms[t] in doc.w.commas
                     and doc.norms[t - 1] not in doc.w.skippable and doc.norms[t + 1] not in doc.w.skippable)
        return breaks == 0 and commas <= 1 and b - a <= 12

    def _group_from(self, doc: _Doc, sent, u: Unit) -> _Group:
        group = [u]
        nxt = u.j
        units = doc.units[sent.index]
        while True:
            v = next((x for x in units if x.i == nxt and x.conj and x.kind != "DEM"), None)
            if v is None:
                break
            group.append(v)
            nxt = v.j
        return _Group(group)

    def _actor(self, doc: _Doc, units: list[Unit]) -> Actor:
        ents: list[str] = []
        countries: list[str] = []
        sectors: list[str] = []
        for u in units:
            for e in u.entities:
                if e not in ents:
                    ents.append(e)
            c = u.country or _only(doc.ent_country.get(e) or getattr(doc.ents.get(e), "country", None)
                                   for e in u.entities)
            if c:
                countries.append(c)
            s = u.sector or _only(doc.ent_sector.get(e) or getattr(doc.ents.get(e), "sector", None)
                                  for e in u.entities)
            if s:
                sectors.append(s)
        country = _only(countries)
        sector = _only(sectors)
        if units:
            start, end = units[0].start, units[-1].end
            if start > end:
                start, end = units[0].start, units[0].end
            text = doc.a.span(start, end)
        else:
            text = None
        return Actor(entities=ents, country=country, sector=sector, text=text)

    # ---- building one event
    def _build(self, doc: _Doc, lex: TriggerLexicon, m: _Match, sent) -> Event | None:
        pat = m.pattern
        if pat.nominal:
            return self._build_nominal(doc, lex, m, sent)
        subj, after, how = self._subject(doc, m, sent)
        if subj is None:
            return None
        if how == "relative-object":
            # … إيران، التي تتهمها واشنطن …: the antecedent is the object
            t = m.k - 2
            while t >= sent.token_start and doc.norms[t] in doc.w.commas:
                t -= 1
            ante = doc.unit_at.get(t)
            tgt, via = (_Group([ante]), None) if ante is not None and ante.prep is None else (None, None)
        else:
            tgt, via = self._target(doc, m, sent, after, subj)
        src_units = list(subj.units)
        tgt_units = list(tgt.units) if tgt else []
        if not all(self._is_actor(u) for u in src_units):
            return None
        if not all(self._is_actor(u) for u in tgt_units):
            if pat.need_target:
                return None
            tgt_units, via = [], None
        # a plural reference standing for both sides of a meeting
        if pat.symmetric and not tgt_units:
            flat = self._flatten(src_units)
            if len(flat) >= 2:
                src_units, tgt_units = [flat[0]], flat[1:]
        if not tgt_units and pat.need_target:
            return None
        source = self._actor(doc, src_units)
        target = self._actor(doc, tgt_units)
        if not (source.entities or source.country):
            return None
        if tgt_units and not (target.entities or target.country):
            if pat.need_target:
                return None
            target, tgt_units, via = Actor(), [], None
        if set(source.entities) & set(target.entities):
            return None
        if source.country and any(u.kind == "DEM" and u.country == source.country for u in tgt_units):
            return None  # its own country's claim (رفضت روسيا المقترح الروسي): not a target
        if (source.country and source.country == target.country and source.sector == target.sector
                and not source.entities and not target.entities):
            return None
        typ, mode = pat.type, pat.mode
        if pat.with_target and via is not None and via in pat.with_target.get("via", ()):
            typ, mode = pat.with_target["type"], pat.with_target.get("mode", mode)
        if pat.unless_armed:
            armed = doc.alex.armed
            if not (source.sector in armed or any(u.sector in armed for u in src_units)):
                typ, mode = pat.unless_armed["type"], pat.unless_armed.get("mode")
        # a place of the source's own country is not a target (domestic trips, sub-national places)
        if target.country and source.country == target.country and tgt_units:
            tu = tgt_units[0]
            if tu.kind == "ENT" and tu.etype == "LOC":
                return None
        lo_tok = min([m.k] + [u.i for u in src_units if doc.seg[u.i] == doc.seg[m.k] or how == "vso"])
        if how == "relative":
            lo_tok = m.k - 1  # الذي زار …
        hi_tok = max([m.k, m.obj_k or m.k] + [u.j - 1 for u in src_units + tgt_units if u.i >= m.k])
        hi_tok = self._clause_end(doc, m.k, hi_tok, sent)
        evidence = doc.a.span(doc.toks[lo_tok].start, doc.toks[hi_tok].end)
        trigger_end = doc.toks[m.obj_k].end if m.obj_k is not None and m.obj_k - m.k <= 1 else doc.toks[m.k].end
        trigger = doc.a.span(doc.toks[m.k].start, trigger_end)
        date, historical = self._date(doc, m.k, lo_tok, hi_tok, sent)
        context = self._context(doc, lex, m, sent, date)
        if historical:
            context.append("historical")
        location = self._location(doc, sent, m.k, hi_tok, tgt_units)
        if typ == "CONSULT" and mode is None:
            mode = self._consult_mode(doc, source, target, location)
        return Event(type=typ, evidence=evidence, mode=mode, context=context, source=source, target=target,
                     date=date, location=location, trigger=trigger)

    def _build_nominal(self, doc: _Doc, lex: TriggerLexicon, m: _Match, sent) -> Event | None:
        """غزو X لـY، غارات إسرائيلية على Y: source right after the noun, target after a preposition."""
        k = m.k
        units = doc.units[sent.index]
        src = next((u for u in units if u.i == k + 1 and u.prep is None and u.kind != "DEM"), None)
        if src is None:
            # nationality adjective right after the noun: غارات إسرائيلية
            dem = doc._demonym_at(k + 1) if k + 1 < sent.token_end else None
            if dem is None or dem[2] != "":
                return None
            src = Unit(k + 1, k + 1 + dem[1], "DEMN", "LOC", country=dem[0], start=doc.toks[k + 1].start,
                       end=doc.toks[k + dem[1]].end)
        tgt = next((u for u in units if src.j <= u.i <= src.j + 2 and u.prep in m.pattern.target), None)
        if tgt is None:
            return None
        if not self._is_actor(src) or not self._is_actor(tgt):
            return None
        source, target = self._actor(doc, [src]), self._actor(doc, [tgt])
        if not (source.entities or source.country) or not (target.entities or target.country):
            return None
        if set(source.entities) & set(target.entities):
            return None
        hi = self._clause_end(doc, k, tgt.j - 1, sent)
        evidence = doc.a.span(doc.toks[k].start, doc.toks[hi].end)
        date, historical = self._date(doc, k, k, hi, sent)
        context = self._context(doc, lex, m, sent, date)
        if historical:
            context.append("historical")
        return Event(type=m.pattern.type, evidence=evidence, mode=m.pattern.mode, context=context, source=source,
                     target=target, date=date, location=None, trigger=doc.a.span(doc.toks[k].start, doc.toks[k].end))

    @staticmethod
    def _consult_mode(doc: _Doc, source: Actor, target: Actor, location: str | None) -> str | None:
        """multilateral (three sides or more) or third-party (met in a third country)."""
        if len(set(source.entities) | set(target.entities)) >= 3:
            return "multilateral"
        loc = doc.ents.get(location) if location else None
        if loc is not None and loc.country and source.country and target.country \
                and loc.country not in (source.country, target.country, "IGO"):
            return "third-party"
        return None

    @staticmethod
    def _is_actor(u: Unit) -> bool:
        """Places without a country (regions, buildings) and MISC names are not actors,
        unless the name is a known institution (a MISC-typed البيت الأبيض still acts)."""
        if u.kind == "ENT" and u.etype == "LOC" and not u.country:
            return False
        return not (u.kind == "ENT" and u.etype == "MISC" and not u.sector)

    @staticmethod
    def _flatten(units: list[Unit]) -> list[Unit]:
        out: list[Unit] = []
        for u in units:
            if u.kind == "PLURAL" and len(u.members) >= 2:
                for e, c in u.members:
                    out.append(Unit(u.i, u.j, "ENT" if e else "DEMN", None, [e] if e else [], country=c,
                                    start=u.start, end=u.end))
            else:
                out.append(u)
        return out

    @staticmethod
    def _clause_end(doc: _Doc, k: int, hi: int, sent) -> int:
        """Extend evidence to the end of the clause (up to a few tokens)."""
        t = hi
        while t + 1 < sent.token_end and t + 1 - k < 16:
            w = doc.norms[t + 1]
            if w in doc.w.seg_break:
                break
            if w in doc.w.subord or w in doc.w.relatives:
                break
            t += 1
        return t

    # ---- when, where, how sure
    def _date(self, doc: _Doc, k: int, lo: int, hi: int, sent) -> tuple[str | None, bool]:
        a = doc.a
        start, end = doc.toks[lo].start, doc.toks[hi].end
        best = None
        for t in a.times:
            if t.kind not in ("date", "time") or not t.value or not t.value[:4].isdigit():
                continue
            ti = doc.tok_range(t.start, t.end)[0]
            near = t.start >= sent.start and t.end <= sent.end and doc.seg[ti] == doc.seg[k] and abs(ti - k) <= 10
            if near or (t.start < end and start < t.end):  # in or across the evidence
                d = abs(t.start - doc.toks[k].start)
                if best is None or d < best[0]:
                    best = (d, t.value)
        art = a.date.isoformat() if a.date else None
        if best is None:
            return art, False
        value = best[1]
        historical = bool(art) and value[:4] < art[:4]
        return value, historical

    def _context(self, doc: _Doc, lex: TriggerLexicon, m: _Match, sent, date) -> list[str]:
        """negated, hypothetical, future (historical is set from the date by the caller)."""
        ctx: list[str] = []
        k = m.k
        norms = doc.norms
        lo = max(sent.token_start, k - 3)
        near = [norms[t] for t in range(lo, k)]
        mo = doc.morph
        near_b = [w[1:] if w[:1] in mo.conj_letters and w[1:] in lex.negation else w for w in near]
        if any(w in lex.negation for w in near_b[-2:]):
            ctx.append("negated")
        else:
            # inside a denied claim: نفى … أن/بأن X …
            seen_deny = False
            for t in range(sent.token_start, k):
                w = norms[t]
                if any(c in lex.deny for _, c, _ in mo.readings(w)):
                    seen_deny = True
                elif seen_deny and w in doc.w.complementizers:
                    ctx.append("negated")
                    break
        # hypothetical: a cue among the ten words before the trigger; قد + present (may)
        lo = max(sent.token_start, k - 10)
        hyp = False
        for t in range(lo, k):
            w = norms[t]
            b = w[1:] if w[:1] in mo.conj_letters and len(w) > 2 else w
            if w in lex.hypothetical or b in lex.hypothetical:
                hyp = True
            elif b in lex.hypothetical_before_present and norms[t + 1][:1] in mo.verb_only_prefix_letters:
                hyp = True
        if hyp:
            ctx.append("hypothetical")
        fut = mo.future_proclitic in m.pro[-1:] or any(
            norms[t] in lex.future or (norms[t][:1] in mo.conj_letters and norms[t][1:] in lex.future)
            for t in range(max(sent.token_start, k - 5), k))
        art = doc.a.date.isoformat() if doc.a.date else None
        if date and art and _ISO_DATE.match(date) and date > art[: len(date)]:
            fut = True
        if fut:
            ctx.append("future")
        return ctx

    def _location(self, doc: _Doc, sent, k: int, hi: int, tgt_units: list[Unit]) -> str | None:
        for u in doc.units[sent.index]:
            if u.i <= k or u.i > hi + 1:
                continue
            if (u.kind == "ENT" and u.etype == "LOC" and u.prep in doc.w.location_preps
                    and not any(u is v for v in tgt_units)):
                return u.entities[0] if u.entities else None
        return None


def _only(values) -> str | None:
    """The one value among ``values`` (Nones ignored), or None when there are none or several."""
    distinct = {v for v in values if v}
    return distinct.pop() if len(distinct) == 1 else None
