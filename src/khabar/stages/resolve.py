"""Stage ``resolve``: group an article's mentions into entities, with English names.

Mentions of one real-world entity share an entity: the same gazetteer entry (same English
name); the same name without clitics (لكيم = كيم); a part of a fuller person name seen in
the article (بوتين → فلاديمير بوتين, كيم → كيم جونغ أون, preferring the person mentioned
most so far); or the same spelling skeleton (بيونغ يانغ = بيونجيانج). The English name
comes from the gazetteer, else from the fallback transliteration.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from khabar.arabic.lexicon import Lexicon
from khabar.arabic.gazetteer import Gazetteer
from khabar.arabic.names import name_translator
from khabar.arabic.normalize import normalize
from khabar.arabic.translit import transliterator
from khabar.doc import Article, Entity, Mention
from khabar.errors import DataError

__all__ = ["Resolve", "Skeleton", "skeleton", "skeletons", "fold_letters", "USER_SOURCE"]

SKELETON_NAME = "lexicons/skeleton.json"
RULES_NAME = "lexicons/entity_rules.json"
#: the source of a mention found in a user's gazetteer: its type and English name win
USER_SOURCE = "gazetteer:user"
_SPLIT = re.compile(r"[\s\-]+")


class Skeleton:
    """The spelling skeleton of one :class:`Lexicon` (``lexicons/skeleton.json``), memoized
    per key; built once per lexicon by :func:`skeletons`."""

    def __init__(self, lexicon: Lexicon) -> None:
        r = lexicon.table(SKELETON_NAME)
        try:
            self.fold_table = str.maketrans(r["fold"])
            self.drop = frozenset(r["drop"])
            self.article: str = r["article"]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"corrupt data file khabar/data/{SKELETON_NAME} (missing or bad entry {exc}); "
                            "reinstall khabar") from None
        self.key = lru_cache(maxsize=32768)(self._key)
        #: ``piece(w)``: the folded letters of a word; ``tail(w)``: those the skeleton keeps of it
        #: after a first word, so that ``key("a b") == key("a") + tail("b")`` when ``piece("a")``
        #: is not empty
        self.piece = lru_cache(maxsize=16384)(self._piece)
        self.tail = lru_cache(maxsize=16384)(self._tail)

    def fold(self, s: str) -> str:
        """Fold letters that transcribe one foreign sound (غ/ج/ق → ج …)."""
        return s.translate(self.fold_table)

    def _key(self, key: str) -> str:
        s = self._piece(key)
        if len(s) > 1:
            drop = self.drop
            s = s[0] + "".join(ch for ch in s[1:] if ch not in drop)
        return s

    def _piece(self, key: str) -> str:
        """The folded letters of ``key`` without spaces and articles, nothing dropped yet."""
        art = self.article
        words = [w[len(art):] if w.startswith(art) and len(w) > 4 else w for w in _SPLIT.split(key) if w]
        return self.fold("".join(words))

    def _tail(self, word: str) -> str:
        drop = self.drop
        return "".join(ch for ch in self._piece(word) if ch not in drop)


def skeletons(lexicon: Lexicon | None = None) -> Skeleton:
    """The spelling skeleton of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("resolve.skeleton", lambda: Skeleton(lex))


def skeleton(key: str, lexicon: Lexicon | None = None) -> str:
    """A spelling-insensitive key: no article, no spaces/hyphens, long vowels dropped,
    letters that transcribe one foreign sound folded (غ/ج/ق → ج …)."""
    return skeletons(lexicon).key(key)


def fold_letters(s: str, lexicon: Lexicon | None = None) -> str:
    """Fold letters that transcribe one foreign sound (غ/ج/ق → ج …)."""
    return skeletons(lexicon).fold(s)


class _Cluster:
    __slots__ = ("mentions", "name_en", "en_from_part", "keys", "words", "types", "country", "user")

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.name_en: str | None = None
        self.en_from_part = False
        self.keys: set[str] = set()
        self.words: set[str] = set()
        self.types: Counter = Counter()
        self.country: str | None = None
        #: the first mention from a user's gazetteer: its type, English name and country win
        self.user: Mention | None = None

    def add(self, m: Mention, patronymics: frozenset[str] = frozenset()) -> None:
        self.mentions.append(m)
        self.keys.add(m.key)
        if " " in m.key:
            # the words a one-word mention may name the entity by; not a father's name inside
            # the chain (بدر بن محمد بن جلوي is not "محمد"; the last one may be the family: جلوي)
            ws = m.key.split()
            last = len(ws) - 1
            self.words.update(w for k, w in enumerate(ws)
                              if len(w) > 2 and not (0 < k < last and ws[k - 1] in patronymics))
        self.types[m.type] += 2 if m.source.startswith(("gazetteer", "rule")) else 1
        if m.name_en:
            from_part = m.source == "gazetteer:part"
            # an English name from a full gazetteer name beats one guessed from a name part
            if self.name_en is None or (self.en_from_part and not from_part):
                self.name_en, self.en_from_part = m.name_en, from_part
        if m.country and not self.country:
            self.country = m.country
        if m.source == USER_SOURCE and self.user is None:
            self.user = m
            self.name_en, self.en_from_part = m.name_en or self.name_en, False
            self.country = m.country or self.country

    @property
    def type(self) -> str:
        if self.user is not None:
            return self.user.type
        return self.types.most_common(1)[0][0]


#: the calibrated confidence table (lexicons/entity_confidence.json)
CONFIDENCE_TABLE = "lexicons/entity_confidence.json"


def _evidence(m: Mention) -> str:
    """What a mention rests on: a listed name, the tagger, or cue rules."""
    src = m.source or ""
    if src.startswith("gazetteer") or src.startswith("user"):
        return "gazetteer"
    return "model" if src.startswith("model") else "rule"


class _Confidence:
    def __init__(self, lexicon: Lexicon) -> None:
        data = lexicon.table(CONFIDENCE_TABLE)
        self.order = list(data["evidence_order"])
        self.table = {k: (float(v["one"]), float(v["more"])) for k, v in data["table"].items()}

    def __call__(self, mentions: list[Mention]) -> float | None:
        if not mentions:
            return None
        kinds = {_evidence(m) for m in mentions}
        kind = next((k for k in self.order if k in kinds), None)
        if kind is None:
            return None
        one, more = self.table[kind]
        return more if len(mentions) > 1 else one


class Resolve:
    name = "resolve"
    requires = frozenset({"mentions"})
    provides = frozenset({"entities"})

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.default()

    def __call__(self, article: Article) -> None:
        skeleton = skeletons(self.lexicon).key
        transliterate = transliterator(self.lexicon)
        confidence = self.lexicon.memo("resolve.confidence", lambda: _Confidence(self.lexicon))
        patronymics = self.lexicon.memo("resolve.patronymics", lambda: frozenset(
            normalize(w, self.lexicon) for w in self.lexicon.table(RULES_NAME)["patronymics"]))
        clusters: list[_Cluster] = []
        by_en: dict[str, _Cluster] = {}
        by_key: dict[str, _Cluster] = {}
        by_skel: dict[str, _Cluster] = {}
        # full names first, so that parts can find them even when the part comes first
        ordered = sorted(article.mentions, key=lambda m: (m.key.count(" ") == 0, m.start))
        for m in ordered:
            c = None
            full_en = m.name_en if m.source != "gazetteer:part" else None
            if full_en and full_en in by_en:
                c = by_en[full_en]
            if c is None and m.key in by_key:
                c = by_key[m.key]
            if c is None:
                sk = skeleton(m.key)
                if len(sk) >= 3 and sk in by_skel and _compatible(by_skel[sk].type, m.type):
                    c = by_skel[sk]
            if c is None and " " not in m.key:
                c = self._part_of(m, clusters)
            if c is None and m.name_en and m.name_en in by_en:
                c = by_en[m.name_en]
            if c is None:
                c = _Cluster()
                clusters.append(c)
            c.add(m, patronymics)
            by_key.setdefault(m.key, c)
            by_skel.setdefault(skeleton(m.key), c)
            if c.name_en and (m.source != "gazetteer:part" or c.name_en not in by_en):
                by_en.setdefault(c.name_en, c)
        entities: list[Entity] = []
        clusters.sort(key=lambda c: min(m.start for m in c.mentions))
        for n, c in enumerate(clusters, 1):
            c.mentions.sort(key=lambda m: m.start)
            typ = c.type
            # the fullest key; among equals the one written first (never set order: the
            # output must not depend on PYTHONHASHSEED)
            name = max((m.key for m in c.mentions), key=lambda k: (k.count(" "), len(k)))
            ent = Entity(
                id=f"e{n}", type=typ, name=_written(name, c.mentions, self.lexicon), name_en=c.name_en or self._english(name, typ, transliterate),
                mentions=c.mentions, country=c.country, confidence=confidence(c.mentions),
            )
            for m in c.mentions:
                m.entity = ent.id
                m.type = typ
            entities.append(ent)
        article.entities = entities

    def _english(self, key: str, typ: str, transliterate) -> str:
        """The English name of an entity no gazetteer entry named: by structure for an
        organization or a place with a head word (وزارة الداخلية …), else the transliteration
        (place designators dropped)."""
        tr = name_translator(self.lexicon)
        if typ == "PER":
            return tr.whole.get(key) or transliterate(key, person=True)
        gaz = Gazetteer.for_lexicon(self.lexicon)

        def spell(words: str) -> str:
            for e in gaz.get(words) or ():
                if e.name_en:
                    return e.name_en
            return transliterate(words)

        return tr(key, spell, lenient=True) or spell(tr.strip(key))

    @staticmethod
    def _part_of(m: Mention, clusters: list[_Cluster]) -> _Cluster | None:
        """The person (or thing) whose fuller name contains this one-word mention. A place
        is no part of a longer place (دمشق is not ريف دمشق or مطار دمشق)."""
        word = m.key
        best = None
        best_rank = (-1, -1)
        for c in clusters:
            if m.type == "LOC" and c.type == "LOC":
                continue
            if word in c.words and (m.source in _WEAK or _compatible(c.type, m.type)):
                before = sum(1 for x in c.mentions if x.start < m.start)
                rank = (before, -min(x.start for x in c.mentions))
                if rank > best_rank:
                    best, best_rank = c, rank
        return best


def _written(key: str, mentions: list[Mention], lexicon: Lexicon) -> str:
    """The name as the article writes it (ة, hamzas, no proclitics): the first mention whose key
    is ``key``; the folded key is for matching only."""
    from khabar.store.prepare import surface_without_clitics

    for m in mentions:
        if m.key == key and m.text:
            try:
                return surface_without_clitics(m.text, key, lexicon) or key
            except (ValueError, IndexError):
                return key
    return key


#: sources whose type guess may be overridden by the entity a mention joins
_WEAK = frozenset({"model", "gazetteer:part"})


def _compatible(a: str, b: str) -> bool:
    return a == b or "MISC" in (a, b)
