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
    demonyms,
    entity_rules,
    first_names,
    gazetteer,
    gazetteer_first_words,
    gazetteer_max_len,
    phrase_set,
)
from khabar.doc import Article, Mention, Token

__all__ = ["Entities", "Candidate", "GazetteerDetector", "RuleDetector", "ModelDetector", "merge"]

#: a word seen fewer times than this in the news vocabulary counts as "rare" (name-like)
RARE = 400
_TYPE_ORDER = {"LOC": 0, "ORG": 1, "PER": 2, "MISC": 3}
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


def strip_conj(norm: str) -> str:
    """Drop a leading و/ف when what is left is still a word (وقال → قال)."""
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


def _stop(norm: str) -> bool:
    return norm in _stopset() or not norm[:1].isalpha()


@lru_cache(maxsize=1)
def _stopset() -> frozenset[str]:
    return frozenset(entity_rules()["stop_names"])


def _is_demonym(word: str) -> bool:
    dem = demonyms()
    for v in readings(word):
        if v in dem:
            return True
    return False


def name_like(tok: Token, strict: bool = True) -> bool:
    """Could this token be part of a personal name?"""
    n = tok.norm
    if not tok.is_word or _stop(n) or n.isdigit() or len(n) < 2:
        return False
    if n.startswith("ال") and not n.startswith("الله"):
        return False
    fn = first_names()
    if any(v in fn for v in readings(n)):
        return True
    if _is_demonym(n):
        return False
    base = strip_conj(n)
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
            whole = vocab_count(tok.norm)
            for cut, v in proclitic_variants(tok.norm):
                if v not in firsts:
                    continue
                if cut and whole > 2 * vocab_count(v) + 20:
                    continue  # لديه is a word, not ل + ديه
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
                if n == 1 and len(key) <= 2:
                    i += 1
                    continue
                entry = min(entries, key=lambda e: _TYPE_ORDER.get(e.type, 9))
                out.append(
                    Candidate(i, i + n, entry.type, 1.0, 2, f"gazetteer:{entry.source}", key, entry.name_en, entry.country)
                )
                i += n
                continue
            # a single part of a known person's name (بوتين), when rare enough to be a name
            for v in {tok.norm, strip_conj(tok.norm)}:
                info = parts.get(v)
                if info is not None and is_rare(v):
                    out.append(Candidate(i, i + 1, "PER", 0.6, 0, "gazetteer:part", v, info, None))
                    break
            i += 1
        return out


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
    best = 0
    for n in range(1, maxlen + 1):
        if i + n > len(toks):
            break
        first = toks[i].norm
        for v in {first, strip_conj(first)} | set(readings(first)[:3]):
            if (v,) + tuple(t.norm for t in toks[i + 1 : i + n]) in phrases:
                best = n
                break
    return best


class RuleDetector:
    """Titles, speech verbs and organization/place heads before names."""

    def detect(self, article: Article, known: list[Candidate]) -> list[Candidate]:
        toks = article.tokens
        rules = entity_rules()
        titles = phrase_set("person_titles")
        complements = frozenset(rules["title_complements"])
        verbs = frozenset(rules["speech_verbs"])
        org_heads = frozenset(rules["org_heads"])
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
                    if t.norm in complements or (t.norm.startswith("ال") and not name_like(t)) or _is_demonym(t.norm):
                        k += 1
                    elif k in covered and covered[k].type in ("ORG", "LOC"):
                        k = covered[k].j
                    else:
                        break
                j = k
                while j < sent_end and j - k < 4 and name_like(toks[j], strict=(j == k)):
                    if j > k and toks[j].norm[0] == "و" and not is_rare(toks[j].norm):
                        break
                    j += 1
                if j > k and (k not in covered or covered[k].type == "PER"):
                    out.append(Candidate(k, j, "PER", 0.9, 2, "rule:title", name_key(toks, k, j)))
                    i = j
                    continue
            if base in verbs or tok.norm in verbs:
                k = i + 1
                j = k
                while j < sent_end and j - k < 3 and name_like(toks[j], strict=True) and j not in covered:
                    j += 1
                if j > k:
                    out.append(Candidate(k, j, "PER", 0.85, 2, "rule:speech", name_key(toks, k, j)))
                    i = j
                    continue
            head = next((v for v in readings(tok.norm) if v in org_heads or v in loc_heads), None)
            if head is not None and i + 1 < sent_end:
                typ = "ORG" if head in org_heads else "LOC"
                k = i + 1
                j = k
                rare_seen = False
                while j < sent_end and j - k < 5:
                    t = toks[j]
                    if not t.is_word or _stop(t.norm) or (j in covered and covered[j].type == "PER"):
                        break
                    if t.norm.startswith(("ال", "لل", "وال")) or _is_demonym(t.norm):
                        if not rare_seen:
                            break
                        j += 1
                        continue
                    if is_rare(strip_conj(t.norm)) and not t.norm.isdigit():
                        rare_seen = True
                        j += 1
                        continue
                    break
                if rare_seen:
                    # trim trailing non-rare adjectives beyond one
                    start = i if head not in _HEADLESS else k
                    out.append(Candidate(start, j, typ, 0.9, 2, f"rule:{typ.lower()}-head", name_key(toks, start, j)))
                    i = j
                    continue
            i += 1
        return out


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


class Entities:
    name = "entities"
    requires = frozenset({"tokens", "sentences"})
    provides = frozenset({"mentions"})

    def __init__(self, use_model: bool = True, model_threshold: float = 0.5):
        self.gazetteer = GazetteerDetector()
        self.rules = RuleDetector()
        self.model = ModelDetector() if use_model else None
        self.model_threshold = model_threshold

    def __call__(self, article: Article) -> None:
        toks = article.tokens
        gaz = self.gazetteer.detect(article)
        cands = gaz + self.rules.detect(article, gaz)
        if self.model is not None:
            cands += [c for c in self.model.detect(article) if c.score >= self.model_threshold]
        text = article.text
        mentions = []
        for c in merge(cands, len(toks)):
            start, end = toks[c.i].start, toks[c.j - 1].end
            mentions.append(
                Mention(
                    start, end, text[start:end], type=c.type, source=c.source, score=c.score, key=c.key,
                    name_en=c.name_en, country=c.country, token_start=c.i, token_end=c.j,
                )
            )
        article.mentions = mentions
