"""Stage ``entities``: named-entity mentions (PER, ORG, LOC, MISC).

Three detectors propose candidate spans over the tokens, and one merge keeps the best
non-overlapping set:

* ``GazetteerDetector`` — longest match of the shipped gazetteer (CLDR, pycountry,
  GeoNames, arwikicats …) on every clitic reading of a token (لروسيا → روسيا,
  والولايات المتحدة → الولايات المتحدة); also single name parts of known people.
* ``RuleDetector`` — contextual cues from ``data/lexicons/entity_rules.json``: a title or
  role before a name (وزير الخارجية X، المتحدث باسم … X), a speech verb before a name
  (قال X), organization and place heads before a rare word (جامعة X، ميناء X).
* ``ModelDetector`` — the statistical tagger (``khabar.models.ner``), when it is shipped.

Mentions span whole tokens with their clitics (as in ANERcorp); ``Mention.key`` holds the
normalized name without them, which ``resolve`` uses to group mentions into entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic.clitics import proclitic_variants, vocab_count
from khabar.arabic.lexicons import (
    GazEntry,
    demonyms,
    entity_rules,
    first_names,
    gazetteer,
    gazetteer_first_words,
    gazetteer_max_len,
    institutions,
    phrase_set,
    ya_forms,
)
from khabar.doc import Article, Mention, Token

__all__ = ["Entities", "Candidate", "GazetteerDetector", "RuleDetector", "ModelDetector", "merge"]

#: a word seen fewer times than this in the news vocabulary counts as "rare" (name-like)
RARE = 150
_TYPE_ORDER = {"LOC": 0, "ORG": 1, "PER": 2, "MISC": 3}
#: a part of a gazetteer person's name (found alone) is a mention when at most this frequent
_PART_ALONE = 30
#: a part of a found person's name (بوتين of فلاديمير بوتين) is a mention unless this common
_PART_MAX = 2000
#: sources whose one-word names are trusted without context (countries, regions)
_STRONG_SOURCES = frozenset({"cldr", "pycountry"})
#: a one-word name from a weaker source that is also this frequent a word needs context
_COMMON_SINGLE = 50
_SOURCE_ORDER = {"cldr": 0, "pycountry": 1, "arwikicats": 2, "geonames": 3}
_MODEL_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


@dataclass
class Candidate:
    """A proposed mention over tokens ``[i, j)``."""

    i: int
    j: int
    type: str
    score: float  # confidence 0..1
    rank: int  # 2: gazetteer full name / rule with a cue; 1: model; 0: name part
    source: str
    key: str  # normalized name without clitics
    name_en: str | None = None
    country: str | None = None


@lru_cache(maxsize=65536)
def readings(norm: str) -> tuple[str, ...]:
    """The word and its readings without proclitics, most literal first."""
    return tuple(v for _, v in proclitic_variants(norm))


def clitic_cut_ok(tok: Token, cut: int) -> bool:
    """May a matcher read ``tok`` without its first ``cut`` letters? Yes when the token's clitic
    analysis strips that much (لكلية is ل + كلية, not لك + لية), or when the word is unknown
    and the cut is one or two proclitic letters (وفلاديفوستوك)."""
    if cut == 0:
        return True
    plen = sum(len(p) for p in tok.prefixes if p != "ال")
    if cut <= plen:
        return True
    return cut <= 2 and vocab_count(tok.norm) == 0 and all(ch in "وفبلك" for ch in tok.norm[:cut])


def strip_conj(norm: str) -> str:
    """Drop a leading و/ف from a word of four letters or more (وقال → قال); no dictionary check."""
    if len(norm) > 3 and norm[0] in "وف":
        return norm[1:]
    return norm


def name_key(tokens: list[Token], i: int, j: int) -> str:
    """Normalized name of tokens ``[i, j)`` without the first token's proclitics (و ب ل …)."""
    words = [t.norm for t in tokens[i:j]]
    words[0] = tokens[i].base
    return " ".join(words)


def is_rare(word: str) -> bool:
    """Looks like a proper name: a word the news vocabulary hardly knows."""
    return vocab_count(word) < RARE


def _stop(norm: str, text: str | None = None) -> bool:
    """A function word (or not a word). ``text``, the token as written, tells على from علي."""
    if not norm[:1].isalpha():
        return True
    if norm in _stopset():
        if norm in ya_forms("stop_names") and text is not None and not _ends_with_ya_alef(text):
            return False
        return True
    return False


def _ends_with_ya_alef(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and letters[-1] == "ى"


@lru_cache(maxsize=1)
def _stopset() -> frozenset[str]:
    return frozenset(entity_rules()["stop_names"])


def _nisba(word: str) -> bool:
    """An adjective in ـي whose feminine ـية is a known word (فضائي، سكاني)."""
    return word.endswith("ي") and vocab_count(word + "ه") > 0


@lru_cache(maxsize=1)
def _connectors() -> frozenset[str]:
    return frozenset(entity_rules()["name_connectors"])


@lru_cache(maxsize=1)
def _generic_adjectives() -> frozenset[str]:
    return frozenset(entity_rules()["generic_adjectives"])


def _is_demonym(word: str) -> bool:
    dem = demonyms()
    for v in readings(word):
        if v in dem:
            return True
    return False


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The shipped given names, less any word the cue lists use otherwise (وزير، دفاع …)."""
    rules = entity_rules()
    other: set[str] = set()
    for name in ("person_titles", "title_complements", "org_heads", "loc_heads", "stop_names",
                 "speech_verbs", "action_verbs", "generic_adjectives"):
        for entry in rules[name]:
            other.update(entry.split())
    other |= {w[2:] for w in other if w.startswith("ال")}
    return frozenset(first_names() - other)


def common_noun(word: str) -> bool:
    """باحث / الباحث, تأكيدا / التأكيد: a word that takes the article is a common noun, not a name."""
    if vocab_count("ال" + word) >= max(5, vocab_count(word) // 5):
        return True
    return len(word) >= 5 and word.endswith("ا") and vocab_count("ال" + word[:-1]) >= max(5, vocab_count(word) // 5)


def foreign_al(word: str) -> bool:
    """ألكسندر، ألبرت: a rare word starting with "al" that is no Arabic word without it."""
    return len(word) > 5 and is_rare(word) and vocab_count(word[2:]) == 0


def _al_name_at(toks: list[Token], k: int, end: int) -> bool:
    """A foreign given name in "al" (ألكسندر) followed by a surname — not a given name, since
    then the "al" word is more likely a noun before a full name (الكرملين دميتري بيسكوف)."""
    if k + 1 >= end or not name_like(toks[k], True, False, allow_al=True):
        return False
    nxt = toks[k + 1]
    return name_like(nxt, True, True) and nxt.base not in given_names()


def name_like(tok: Token, strict: bool = True, cont: bool = False, allow_al: bool = False) -> bool:
    """Could this token be part of a personal name? (``cont``: it follows a name word;
    ``allow_al``: a foreign given name starting with "al" may stand here)"""
    n = tok.norm
    if cont and n in _connectors():
        return True  # بن، أبو، عبد inside a name (the caller checks what follows)
    if not tok.is_word or _stop(n, tok.text) or n.isdigit() or len(n) < 2:
        return False
    base = tok.base
    fn = given_names()
    if base in fn or n in fn:
        return True
    if _stop(base, tok.text):
        return False
    if base.startswith("ال") and not base.startswith("الله"):
        return allow_al and foreign_al(base)
    if _is_demonym(n):
        return False
    if not cont and common_noun(base):
        return False
    if not cont and base[:1] == "س" and len(base) > 4 and vocab_count(base[1:]) > 50:
        return False  # سيقدم: future prefix on a known verb
    return is_rare(base) if strict else vocab_count(base) < RARE * 10


class GazetteerDetector:
    """Longest gazetteer match at each token, on every clitic reading."""

    def detect(self, article: Article) -> list[Candidate]:
        gaz = gazetteer()
        if not gaz:
            return []
        firsts = gazetteer_first_words()
        maxlen = gazetteer_max_len()
        parts = _person_parts()
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
            for cut, v in proclitic_variants(tok.norm):
                if v not in firsts or not clitic_cut_ok(tok, cut):
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
                strong = n > 1 or entry.source in _STRONG_SOURCES
                if n == 1 and (len(key) <= 2 or (not strong and (vocab_count(key) > _COMMON_SINGLE
                                                                  or common_noun(key)))):
                    i += 1
                    continue
                out.append(Candidate(i, i + n, entry.type, 1.0 if strong else 0.7, 2 if strong else 1,
                                     f"gazetteer:{entry.source}", key, entry.name_en, entry.country))
                i += n
                continue
            # the same name in another spelling (السوفييتي / السوفيتي، بيونجيانج / بيونغ يانغ)
            hit = _skeleton_match(toks, i, sent_end)
            if hit is not None:
                n, entry = hit
                out.append(Candidate(i, i + n, entry.type, 0.8, 2, f"gazetteer:{entry.source}~",
                                     name_key(toks, i, i + n), entry.name_en, entry.country))
                i += n
                continue
            # a single part of a known person's name (بوتين), when rare enough to be a name
            for v in {tok.norm, tok.base}:
                info = parts.get(v)
                if info is not None and vocab_count(v) <= _PART_ALONE:
                    out.append(Candidate(i, i + 1, "PER", 0.6, 0, "gazetteer:part", v, info, None))
                    break
            i += 1
        return out


def _best_entry(entries: tuple[GazEntry, ...]) -> GazEntry:
    """The entry a name stands for: the surest source first, then LOC, ORG, PER, MISC."""
    return min(entries, key=lambda e: (_SOURCE_ORDER.get(e.source, 9), _TYPE_ORDER.get(e.type, 9)))


@lru_cache(maxsize=1)
def _skeleton_index() -> dict[str, GazEntry]:
    """Spelling skeleton → gazetteer entry, for names long enough not to collide."""
    from khabar.stages.resolve import skeleton

    index: dict[str, GazEntry] = {}
    ambiguous: set[str] = set()
    for key, entries in gazetteer().items():
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


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name: close letter by letter once spaces are ignored."""
    from difflib import SequenceMatcher

    from khabar.stages.resolve import fold_letters

    a, b = fold_letters(a.replace(" ", "")), fold_letters(b.replace(" ", ""))
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.85


@lru_cache(maxsize=1)
def _skeleton_heads() -> frozenset[str]:
    """First two letters of every indexed skeleton (a cheap pre-filter)."""
    return frozenset(sk[:2] for sk in _skeleton_index())


def _skeleton_match(toks: list[Token], i: int, sent_end: int) -> tuple[int, GazEntry] | None:
    from khabar.stages.resolve import skeleton

    index = _skeleton_index()
    first = toks[i]
    if not first.is_word or skeleton(first.base)[:2] not in _skeleton_heads():
        return None  # no gazetteer name starts like this word
    words = []
    for k in range(i, min(i + 3, sent_end)):
        if not toks[k].is_word:
            break
        words.append(toks[k].base if k == i else toks[k].norm)
    for n in range(len(words), 0, -1):
        if all(vocab_count(w) >= _PART_MAX for w in words[:n]):
            continue
        cand = " ".join(words[:n])
        entry = index.get(skeleton(cand))
        if entry is not None and _similar(cand, entry.key):
            return n, entry
    return None


@lru_cache(maxsize=1)
def _person_parts() -> dict[str, str | None]:
    """First and last words of multi-word person names → English name (None if ambiguous)."""
    parts: dict[str, str | None] = {}
    stop = _stopset()
    for key, entries in gazetteer().items():
        for e in entries:
            if e.type != "PER" or " " not in key:
                continue
            words = key.split()
            for w in (words[0], words[-1]):
                if len(w) < 3 or w in stop or w.startswith("ال"):
                    continue
                if w in parts and parts[w] != e.name_en:
                    parts[w] = None
                else:
                    parts[w] = e.name_en
    return parts


def _match_phrase(toks: list[Token], i: int, phrases: frozenset[tuple[str, ...]], maxlen: int = 4) -> int:
    """Length of the longest phrase of ``phrases`` starting at token ``i`` (0 if none)."""
    first = toks[i].norm
    firsts = _first_words(phrases)
    starts = [v for v in (first, strip_conj(first), *readings(first)[:3]) if v in firsts]
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


@lru_cache(maxsize=None)
def _first_words(phrases: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(p[0] for p in phrases)


class RuleDetector:
    """Titles, speech verbs and organization/place heads before names."""

    def detect(self, article: Article, known: list[Candidate]) -> list[Candidate]:
        toks = article.tokens
        rules = entity_rules()
        titles = phrase_set("person_titles")
        complements = frozenset(rules["title_complements"]) | {
            c[2:] for c in rules["title_complements"] if c.startswith("ال") and len(c) > 4}
        verbs = frozenset(rules["speech_verbs"])
        action_verbs = frozenset(rules["action_verbs"])
        org_heads = frozenset(rules["org_heads"])
        definite_heads = frozenset(rules["org_heads_definite"])
        loc_heads = frozenset(rules["loc_heads"])
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
            sent_end = article.sentences[tok.sentence].token_end if article.sentences else n
            base = strip_conj(tok.norm)
            tl = _match_phrase(toks, i, titles)
            if tl:
                # skip complements (الخارجية، باسم الكرملين، الروسي …), then take the name
                k = i + tl
                while k < sent_end and k - i < 8:
                    t = toks[k]
                    al_name = _al_name_at(toks, k, sent_end)
                    if t.norm in complements or (t.norm.startswith("ال") and not al_name) or _is_demonym(t.norm):
                        k += 1
                    elif k in covered and covered[k].type in ("ORG", "LOC"):
                        k = covered[k].j
                    else:
                        break
                j = k
                while j < sent_end and j - k < 5 and (
                    # the second word of a name may be any uncommon word; later words must be
                    # rare unless they follow a connector (فيصل بن فرحان)
                    name_like(toks[j], j == k or (j - k >= 2 and toks[j - 1].norm not in _connectors()), j > k)
                    or (j == k and _al_name_at(toks, j, sent_end))
                ):
                    if j > k and toks[j].norm[0] == "و" and not is_rare(toks[j].norm):
                        break
                    j += 1
                while j > k and toks[j - 1].norm in _connectors():
                    j -= 1
                if j > k and (k not in covered or covered[k].type == "PER"):
                    out.append(Candidate(k, j, "PER", 0.9, 2, "rule:title", name_key(toks, k, j)))
                    i = j
                    continue
            speech = base in verbs or tok.norm in verbs
            if speech or base in action_verbs or tok.norm in action_verbs:
                # after a speech verb the subject may be a full name; after an action verb the
                # object may follow the subject (هنأ بوتين كيم), so one word unless a given name
                k = i + 1
                j = k
                fn = given_names()
                while j < sent_end and j - k < 3 and name_like(toks[j], True, j > k) and j not in covered:
                    j += 1
                    if not speech and toks[j - 1].base not in fn:
                        break
                while j > k and toks[j - 1].norm in _connectors():
                    j -= 1
                if j > k:
                    out.append(Candidate(k, j, "PER", 0.85, 2, "rule:speech", name_key(toks, k, j)))
                    i = j
                    continue
            head = next((v for v in readings(tok.norm)[:2] if v in org_heads or v in loc_heads), None)
            # a head names something only in construct, without the article (منطقة عسير, not المنطقة)
            if head is not None and i + 1 < sent_end and not tok.base.startswith("ال"):
                cand = self._after_head(toks, i, sent_end, head, covered, org_heads, definite_heads)
                if cand is not None:
                    out.append(cand)
                    i = cand.j
                    continue
            i += 1
        return out


    @staticmethod
    def _after_head(toks, i, sent_end, head, covered, org_heads, definite_heads) -> Candidate | None:
        """An organization or place named by a head word: جامعة كورنيل، ميناء X الفضائي,
        وكالة أنباء X (one common word before the name), or, for strong organization heads,
        a chain of definite words (هيئة الأركان المشتركة، مجلس الأمن) at lower confidence."""
        typ = "ORG" if head in org_heads else "LOC"
        k = i + 1
        j = k
        rare_seen = False
        skipped = False
        while j < sent_end and j - k < 5:
            t = toks[j]
            if not t.is_word or _stop(t.norm, t.text) or (j in covered and covered[j].type == "PER"):
                break
            if t.norm.startswith(("ال", "لل", "وال")) or t.base.startswith("ال") or _is_demonym(t.norm):
                if not rare_seen or t.norm in _generic_adjectives() or _is_demonym(t.norm):
                    break
                j += 1
                continue
            if is_rare(t.base) and not t.norm.isdigit() and not _nisba(t.base) and not common_noun(t.base):
                rare_seen = True
                j += 1
                continue
            if not rare_seen and not skipped and j + 1 < sent_end and is_rare(toks[j + 1].base) \
                    and not toks[j + 1].norm.startswith("ال") and toks[j + 1].is_word:
                skipped = True
                j += 1
                continue
            break
        if rare_seen:
            start = i if head not in _HEADLESS else k
            return Candidate(start, j, typ, 0.9, 2, f"rule:{typ.lower()}-head", name_key(toks, start, j))
        if head in definite_heads:
            j = k
            while j < sent_end and j - k < 5:
                t = toks[j]
                if not t.is_word or _stop(t.norm, t.text) or not t.norm.startswith("ال") or j in covered:
                    break
                j += 1
            if j > k:
                return Candidate(i, j, "ORG", 0.6, 1, "rule:org-definite", name_key(toks, i, j))
        return None


#: place heads that are not part of the name (مدينة X → X)
_HEADLESS = frozenset({"مدينه", "مدينتي", "بلده", "قريه", "ولايه", "محافظه", "اقليم", "مقاطعه", "حي", "قضاء"})


class ModelDetector:
    """Spans from the statistical tagger, with the mean marginal as the score."""

    def __init__(self) -> None:
        self._tagger = None
        self._failed = False

    def tagger(self):
        if self._tagger is None and not self._failed:
            try:
                from khabar.models.ner import get_tagger

                self._tagger = get_tagger()
            except Exception:  # no model shipped / not importable: rules and gazetteer only
                self._failed = True
        return self._tagger

    def detect(self, article: Article) -> list[Candidate]:
        tagger = self.tagger()
        if tagger is None or not article.tokens:
            return []
        toks = article.tokens
        sents = [toks[s.token_start : s.token_end] for s in article.sentences]
        tagged = tagger.tag_with_scores([[t.text for t in s] for s in sents])
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
    """Keep the best non-overlapping candidates: cue-backed first, then longer, then surer."""
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


def propagate(article: Article, kept: list[Candidate], min_model: float = 0.7) -> list[Candidate]:
    """One name, one reading per article: once a name is found with confidence, its other
    occurrences (with clitics: لكيم، وبوتين) and the parts of person names are mentions too."""
    toks = article.tokens
    covered = [False] * len(toks)
    for c in kept:
        for k in range(c.i, c.j):
            covered[k] = True
    singles: dict[str, Candidate] = {}
    multis: dict[str, list[tuple[tuple[str, ...], Candidate]]] = {}
    for c in kept:
        if c.rank < 2 and c.score < min_model:
            continue
        words = tuple(c.key.split())
        if len(words) == 1:
            if len(words[0]) >= 3:
                singles.setdefault(words[0], c)
            continue
        multis.setdefault(words[0], []).append((words, c))
        if c.type == "PER":
            for w in (words[0], words[-1]):
                if len(w) >= 3 and not _stop(w) and vocab_count(w) < _PART_MAX and not w.startswith("ال"):
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
        for cut, v in proclitic_variants(tok.norm):
            if not clitic_cut_ok(tok, cut):
                continue
            for words, c in sorted(multis.get(v, ()), key=lambda x: -len(x[0])):
                n = len(words)
                if i + n <= len(toks) and not any(covered[i:i + n]) and tuple(
                        t.norm for t in toks[i + 1:i + n]) == words[1:]:
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
    name = "entities"
    requires = frozenset({"tokens", "sentences"})
    provides = frozenset({"mentions"})

    def __init__(self, use_model: bool = True, model_threshold: float = 0.5, common_threshold: float = 0.8):
        self.gazetteer = GazetteerDetector()
        self.rules = RuleDetector()
        self.model = ModelDetector() if use_model else None
        self.model_threshold = model_threshold
        self.common_threshold = common_threshold

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
            tok = toks[c.i]
            if _is_demonym(tok.norm) or _stop(tok.norm, tok.text):
                return False
            if (common_noun(tok.base) or vocab_count(tok.base) > RARE) and c.score < self.common_threshold:
                return False
        return True

    def __call__(self, article: Article) -> None:
        toks = article.tokens
        gaz = self.gazetteer.detect(article)
        # 1. what the lexicons and cues find, and its other occurrences in the article
        anchors = merge(gaz + self.rules.detect(article, gaz), len(toks))
        anchors = merge(anchors + propagate(article, anchors), len(toks))
        if self.model is None:
            kept = anchors
        else:
            # 2. the model adds names the lexicons miss, never a span across a found name
            owner = [-1] * len(toks)
            for n, c in enumerate(anchors):
                if c.rank >= 2:
                    for k in range(c.i, c.j):
                        owner[k] = n
            model = [c for c in self.model.detect(article)
                     if self._model_ok(c, toks, owner)]
            inst = institutions()
            for c in model:
                if c.type == "MISC" and c.key in inst:
                    c.type = "ORG"  # an institution (البيت الأبيض) is an organization
            kept = merge(anchors + model, len(toks))
            # 3. names only the model found recur too
            kept = merge(kept + propagate(article, kept), len(toks))
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
