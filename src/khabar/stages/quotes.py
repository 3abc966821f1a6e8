"""Stage ``quotes``: reported speech and its speakers (issue #4).

Every reported speech act of the article becomes a :class:`~khabar.doc.Quote`:

* **direct** — words in quotation marks (“…”, «…», "…", '…') attached to a speech verb
  before them (وقال بوتين: “…”، كتب كيم في سجل الزوار: “…”) or after them (“…”، كما قال X);
  adjacent segments of one statement (“…”. “…”) are one quote with several content spans;
* **indirect** — a speech verb followed by its complementizer (قال إن، أشار إلى أن، حذر من
  أن، صرح بأن): the content runs from the complementizer to the end of the clause — the
  end of the sentence, or the next speech verb or source marker (، حسبما ذكرت …); quoted
  words inside it (قال إنه “سعيد برؤية” كيم) stay part of that one quote;
* **partial** — a quoted fragment after a verb that is not a verb of saying (شكر … “…”،
  عرض … “…”، لما أسماه “…”), attributed to that verb's subject;
* speech reported through a source (حسبما ذكرت وكالة …، وفقا لـ …، بحسب …، نقلا عن …) sets
  ``reported_by`` of the quote before it, or is the speaker of the clause after it
  (وبحسب X، فإن …).

Speakers: the subject after the verb (قال بوتين), possibly a role phrase with a name
(المتحدث باسم الكرملين دميتري بيسكوف → the person), an organization (قالت وكالة …), an
unnamed source (قال مسؤولون: speaker text kept, entity ``None``), or none written (وقال: /
وأضاف: / مشيرا إلى أن): the subject of an earlier verb of the same sentence, else the
previous quote's speaker (``anaphoric``), else the last person mentioned. A speaker phrase
is linked to the entity whose mention lies in it; a name-like phrase without an entity is
still kept as the speaker span.

Quotation marks are paired per family (double, guillemets, single) from how they touch the
words around them, so that straight quotes used both ways and unbalanced marks do not make
runaway quotes: a quote never crosses a line break unless a closing mark ends it in the next
paragraph, and never exceeds ``max_quote_chars``.

The cue lexicon is data: ``khabar/data/lexicons/quotes.json`` and word classes of
``khabar/data/lexicon/`` (complementizers, copulas and enclitics, the entries tagged for
this stage; weekdays), read through the stage's :class:`~khabar.arabic.lexicon.Lexicon` and compiled once
per lexicon into hash tables: one lookup per token.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from khabar.arabic.clitics import vocab_count
from khabar.arabic.clitics import proclitics
from khabar.arabic.lexicon import Lexicon
from khabar.arabic.lexicons import class_ref, demonyms, entity_rules, first_names
from khabar.arabic.normalize import is_deleted, normalize
from khabar.doc import Article, Quote, Span, Token

__all__ = ["Quotes", "Cue", "QuoteLexicon", "quote_lexicon", "quote_pairs"]


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Cue:
    """One inflected form of a reporting verb."""

    lemma: str  # normalized past 3ms form
    cls: str  # "speech" or "partial"
    form: str  # "past", "present", "participle", "masdar" or "extra"
    comps: frozenset[tuple[str, str]]  # allowed complementizers: (preposition or "", "ان" | "بان")
    via: frozenset[str] = frozenset()  # نقل … عن: prepositions introducing the original speaker
    objects: frozenset[str] = frozenset()  # a noun content: after these prepositions ("" = none)


@dataclass(frozen=True)
class QuoteLexicon:
    cues: dict[str, Cue]
    comp: frozenset[str]
    coord_comp: frozenset[str]
    markers: frozenset[str]
    marker_skip: frozenset[str]
    after_particles: frozenset[str]
    relative: frozenset[str]
    unnamed: frozenset[str]
    non_subject: frozenset[str]
    stop_preps: frozenset[str]
    copulas: frozenset[str]
    head_stops: frozenset[str]
    clause_breaks: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases
    titles: frozenset[str]
    name_heads: frozenset[str]
    max_quote_chars: int
    max_fragment_chars: int
    max_gap: int
    max_head: int
    max_head_tokens: int  # the most tokens a subject after a verb may have
    demonstratives: frozenset[str]
    aside: tuple[str, str]  # the marks of a short aside skipped after a verb: (عكاظ)
    max_aside_words: int
    perfect_particles: frozenset[str]  # قد of the pluperfect frame كان … قد + verb
    clause_openers: frozenset[str]  # words before a verb that opens a new report (لكنه أكد أن)
    affiliation_preps: frozenset[str]  # an unnamed source's affiliation (مصدر في الوزارة)
    max_quote_gap: int
    # the names 'comp' gives the complementizers (ان، بان) and the prepositions before one
    comp_that: str
    comp_bi_that: str
    comp_preps: frozenset[str]
    # proclitics: conjunctions (و، ف), the one of source markers (و), bi (ب), li (ل), the article
    conj: str
    conj_words: frozenset[str]  # the conjunctions as words of their own
    and_: str
    bi: str
    li: str
    art: str
    pronouns: tuple[str, ...]  # attached pronouns (له، عنها …)
    pronoun_preps: frozenset[str]
    quoted_through: tuple[str, ...]  # نقلا عن
    masdar_from: str
    title_links: frozenset[str]
    # punctuation: tokens, and characters around quotation marks
    commas: frozenset[str]
    clause_signs: frozenset[str]
    after_quote_signs: frozenset[str]
    scan_stops: frozenset[str]
    mark_left: frozenset[str]
    mark_right: frozenset[str]
    between_segments: frozenset[str]
    # from the entity cue lexicon and the name lists (entity_rules.json, first_names.txt,
    # demonyms.tsv): person titles (first words), organization heads, first names, and
    # nationality adjective -> ISO-3
    entity_titles: frozenset[str]
    org_heads: frozenset[str]
    first_names: frozenset[str]
    demonyms: dict[str, str]


def _norm_set(items) -> frozenset[str]:
    return frozenset(normalize(x) for x in items if normalize(x))


def _by_first_word(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        words = tuple(p.split())
        out.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in out.items()}


def quote_lexicon(lexicon: Lexicon | None = None) -> QuoteLexicon:
    """The compiled cue lexicon of ``lexicon`` (the shipped one if not given), compiled once
    per lexicon from ``data/lexicons/quotes.json`` and the shared word classes."""
    lexicon = lexicon or Lexicon.default()
    return lexicon.memo("quotes.compiled", lambda: _compile(lexicon))


def _compile(lexicon: Lexicon) -> QuoteLexicon:
    raw = lexicon.table("lexicons/quotes.json")
    markers = _norm_set(raw["source_markers"])
    infl = raw["inflection"]
    past_suffixes = [normalize(x) for x in infl["past_suffixes"]]
    present_forms = [(normalize(a), normalize(b)) for a, b in infl["present_forms"]]
    cues: dict[str, Cue] = {}
    for v in raw["verbs"]:
        lemma = normalize(v["past"])
        comps = set()
        for c in v.get("comp", []):
            c = normalize(c)
            if " " in c:
                prep, base = c.rsplit(" ", 1)
                comps.add((prep, base))
            else:
                comps.add(("", c))
        comps_f = frozenset(comps)
        skip = _norm_set(v.get("skip_forms", []))
        forms: list[tuple[str, str]] = []
        past = lemma
        forms += [(past + s, "past") for s in past_suffixes]
        if v.get("present"):
            y = normalize(v["present"])
            forms += [((pre + y[1:] if pre else y) + suf, "present") for pre, suf in present_forms]
        forms += [(normalize(f), "participle") for f in v.get("participles", [])]
        forms += [(normalize(f), "masdar") for f in v.get("masdars", [])]
        forms += [(normalize(f), "extra") for f in v.get("extra", [])]
        via = _norm_set(v.get("via", []))
        objects = frozenset(normalize(o) for o in v.get("object", []))
        for f, kind in forms:
            if f and f not in skip and f not in cues and f not in markers:  # نقلا is a marker
                cues[f] = Cue(lemma, v.get("class", "speech"), kind, comps_f, via, objects)
    kinds = raw["comp_kinds"]
    pro = raw["proclitics"]
    procl = proclitics(lexicon)
    punct = raw["punctuation"]
    rules = entity_rules(lexicon)
    return QuoteLexicon(
        cues=cues,
        comp=frozenset(lexicon.tagged("complementizers", "bare")),
        coord_comp=_norm_set(raw.get("coordinating_complementizers", [])),
        markers=markers,
        marker_skip=_norm_set(raw.get("source_marker_skip", [])),
        after_particles=_norm_set(raw.get("after_quote_particles", [])),
        relative=_norm_set(raw.get("relative_before_cue", [])),
        unnamed=_norm_set(raw["unnamed_sources"]),
        non_subject=_norm_set(raw["non_subject"]) | lexicon.words("weekdays"),
        stop_preps=_norm_set(raw.get("stop_prepositions", [])),
        copulas=frozenset(lexicon.tagged("copulas", "speaker")),
        head_stops=_norm_set(raw.get("head_stops", [])),
        clause_breaks=_by_first_word(_norm_set(raw.get("clause_breaks", []))),
        titles=frozenset(class_ref(lexicon, raw["person_titles"], "lexicons/quotes.json")),
        name_heads=_norm_set(raw.get("name_quote_heads", [])),
        max_quote_chars=int(raw.get("max_quote_chars", 1500)),
        max_fragment_chars=int(raw.get("max_fragment_chars", 300)),
        max_gap=int(raw.get("max_gap_tokens", 25)),
        max_head=int(raw.get("max_head_before_comma", 10)),
        max_head_tokens=int(raw.get("max_subject_tokens", 12)),
        demonstratives=lexicon.words("demonstratives"),
        clause_openers=_norm_set(raw.get("clause_openers", [])),
        perfect_particles=_norm_set(raw.get("perfect_particles", [])),
        aside=tuple(punct["aside"]),
        max_aside_words=int(raw.get("max_aside_words", 3)),
        affiliation_preps=_norm_set(raw.get("affiliation_prepositions", [])),
        max_quote_gap=int(raw.get("max_quote_gap_tokens", 14)),
        comp_that=normalize(kinds["that"]),
        comp_bi_that=normalize(kinds["bi_that"]),
        comp_preps=_norm_set(raw["comp_prepositions"]),
        conj="".join(procl.conjunctions),
        conj_words=frozenset(procl.conjunctions),
        and_=normalize(pro["and"]),
        bi=normalize(pro["bi"]),
        li=normalize(pro["li"]),
        art=procl.article,
        pronouns=lexicon.tagged("enclitics", "preposition"),
        pronoun_preps=_norm_set(raw["prepositions_with_pronoun"]),
        quoted_through=tuple(normalize(raw["quoted_through"]).split()),
        masdar_from=normalize(raw["masdar_source_preposition"]),
        title_links=_norm_set(raw["title_phrase_links"]),
        commas=frozenset(punct["commas"]),
        clause_signs=frozenset(punct["clause_signs"]),
        after_quote_signs=frozenset(punct["after_quote_signs"]),
        scan_stops=frozenset(punct["scan_stops"]),
        mark_left=frozenset(punct["mark_left_context"]),
        mark_right=frozenset(punct["mark_right_context"]),
        between_segments=frozenset(punct["between_segments"]),
        entity_titles=frozenset(p.split()[0] for p in rules["person_titles"]),
        org_heads=frozenset(rules["org_heads"]),
        first_names=first_names(lexicon),
        demonyms={adj: iso for adj, (iso, _) in demonyms(lexicon).items()},
    )


def _rare(word: str) -> bool:
    """A word seldom seen in news text (a foreign name, likely): ايزي، سكومبي."""
    return vocab_count(word) < _RARE_WORD


# --------------------------------------------------------------------------- quotation marks

_FAMILY = {
    "“": "D", "”": "D", '"': "D", "„": "D", "‟": "D", "″": "D",
    "«": "G", "»": "G",
    "‘": "S", "’": "S", "'": "S",
}
_MARK_RE = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
_NEWLINE_RE = re.compile("\n")
_PREFERS_OPEN = set("“„‟«‘")
_PREFERS_CLOSE = set("”»’")


def _role(text: str, i: int, lex: QuoteLexicon) -> str:
    """``open``, ``close``, ``amb`` (could be either) or ``none`` (an apostrophe)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if _FAMILY[ch] == "S" and prev.isalnum() and nxt.isalnum():
        return "none"  # apostrophe inside a word
    left = prev.isspace() or prev in lex.mark_left or prev in _FAMILY
    right = nxt.isspace() or nxt in lex.mark_right or nxt in _FAMILY
    can_open = left and not nxt.isspace()
    can_close = right and not prev.isspace()
    if ch in _PREFERS_OPEN:
        return "close" if can_close and not can_open else "open"
    if ch in _PREFERS_CLOSE:
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "amb"


def quote_pairs(
    text: str, max_chars: int = 1500, max_single: int = 300, lexicon: Lexicon | QuoteLexicon | None = None
) -> list[tuple[int, int]]:
    """Spans ``[open, close + 1)`` of balanced quotations (marks included), outermost only.

    Marks are paired per family (double quotes of any shape, guillemets, single quotes) from
    how they touch the words around them (an opening mark is followed by a word, a closing
    one follows a word), so straight quotes used both ways pair correctly. A quote that is
    not closed in its own paragraph may be closed only by an explicit closing mark in the
    next one; an unclosed or over-long quote is dropped, never extended. ``lexicon``: what
    punctuation may touch a mark (the shipped lexicon if not given).
    """
    lex = lexicon if isinstance(lexicon, QuoteLexicon) else quote_lexicon(lexicon)
    newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
    pairs: list[tuple[int, int]] = []
    marks: dict[str, list[int]] = {}
    for m in _MARK_RE.finditer(text):
        marks.setdefault(_FAMILY[m.group()], []).append(m.start())
    for fam, positions in marks.items():
        cap = max_single if fam == "S" else max_chars
        open_at: int | None = None
        open_par = 0
        open_sure = False  # the opening mark could not have been a closing one
        for pos in positions:
            role = _role(text, pos, lex)
            if role == "none":
                continue
            par = bisect.bisect_left(newlines, pos)
            if open_at is not None and par != open_par and (
                par > open_par + 1 or fam == "S" or not open_sure
            ):
                open_at = None
            if open_at is None:
                if role in ("open", "amb"):
                    open_at, open_par, open_sure = pos, par, role == "open"
                continue  # a stray closing mark
            if role == "open" or pos + 1 - open_at > cap:
                # the earlier mark was never closed: start again here
                open_at, open_par, open_sure = (pos, par, role == "open") if role != "close" else (None, 0, False)
                continue
            if par != open_par and role != "close":
                # only an explicit closer ends a quote across a break
                open_at, open_par, open_sure = pos, par, False
                continue
            if any(ch.isalnum() for ch in text[open_at + 1 : pos]):
                pairs.append((open_at, pos + 1))
            open_at = None
    pairs.sort(key=lambda p: (p[0], -p[1]))
    outer: list[tuple[int, int]] = []
    for p in pairs:
        if outer and p[0] < outer[-1][1]:
            continue  # nested in (or overlapping) the previous one
        outer.append(p)
    return outer


# --------------------------------------------------------------------------- the stage

#: a word seen fewer times than this in the shipped news vocabulary reads as a name
_RARE_WORD = 50


@dataclass
class _Anchor:
    cue_tok: int  # token index of the cue (verb or source marker)
    kind: str
    content: list[tuple[int, int]]  # char spans
    sentence: int
    cue_span: Span | None = None
    head: tuple[int, int] | None = None  # token range of the written speaker
    speaker_after: bool = False
    start_tok: int = -1  # first content token (indirect)
    pairs: list[int] = field(default_factory=list)
    reported_by: str | None = None
    via: tuple[int, int] | None = None  # token range of a source the speaker is quoted through
    speaker: Span | None = None
    entity: str | None = None
    anaphoric: bool = False
    resolved: bool = False
    open_end: bool = False  # direct content without closing marks (after a colon): ends at the next cue


    @property
    def pos(self) -> int:
        return min([self.content[0][0]] + ([self.cue_span.start] if self.cue_span else []))


class _Intervals:
    """Half-open intervals ``[s, e)``; ``covers(x)``: does any hold ``x``? (log time)"""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = []  # the furthest end among the first k intervals
        far = -1
        for _, e in spans:
            far = max(far, e)
            self.reach.append(far)

    def covers(self, x: int) -> bool:
        k = bisect.bisect_right(self.starts, x)
        return k > 0 and self.reach[k - 1] > x


#: speech verbs looked at before a verb without a written subject, in its sentence (a work
#: budget: news sentences hold a few)
_MAX_CUES_BACK = 30
#: person mentions looked at, back from a quote, for the person a title or a missing
#: subject refers to (a work budget: an article names far fewer in three paragraphs)
_MAX_MENTIONS_BACK = 300


class Quotes:
    name = "quotes"
    requires = frozenset({"tokens", "sentences", "entities"})
    provides = frozenset({"quotes"})

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or Lexicon.default()

    def __call__(self, article: Article) -> None:
        article.quotes = _Finder(article, quote_lexicon(self.lexicon)).run()


class _Finder:
    """The quotes of one article (one instance per call; all state is local)."""

    def __init__(self, article: Article, lex: QuoteLexicon):
        self.a = article
        self.text = article.text
        self.lex = lex
        self.toks: list[Token] = article.tokens
        self.starts = [t.start for t in self.toks]
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(self.text)]
        # entity mentions, sorted by start: (start, end, entity id, type)
        ments: dict[tuple[int, int], tuple[int, int, str | None, str]] = {}
        types = {}
        for e in article.entities:
            types[e.id] = e.type
            for m in e.mentions:
                ments[(m.start, m.end)] = (m.start, m.end, e.id, e.type)
        for m in article.mentions:
            if (m.start, m.end) not in ments and m.entity:
                ments[(m.start, m.end)] = (m.start, m.end, m.entity, types.get(m.entity, m.type))
        self.mentions = sorted(ments.values())
        self.mention_starts = [m[0] for m in self.mentions]
        self.persons = [m for m in self.mentions if m[3] == "PER"]
        self.person_starts = [m[0] for m in self.persons]
        self.countries = {e.id: e.country for e in article.entities}
        self._sentence_speakers: dict[int, set[str]] = {}  # entities quoted so far, per sentence
        self._anchor_cues: set[int] = set()
        self._anchor_by_cue: dict[int, _Anchor] = {}
        self._org_first: dict[str, list] | None = None  # first word -> ORG mentions (lazy)

    # ---------------------------------------------------------------- helpers

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def tok_at(self, pos: int) -> int:
        """Index of the token starting at or containing ``pos`` (or the next one)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0
        if self.toks[i].end <= pos:
            return i + 1
        return i

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def cue_lookup(self, t: Token) -> tuple[Cue, int] | None:
        if not t.is_word:
            return None
        c = self.lex.cues.get(t.norm)
        if c is not None:
            return c, 0
        n = t.norm
        if len(n) > 3 and n[0] in self.lex.conj:
            c = self.lex.cues.get(n[1:])
            if c is not None:
                return c, 1
        return None

    def cut_letters(self, t: Token, n: int) -> int:
        """Start offset of token ``t`` after its first ``n`` letters (and their marks)."""
        pos, seen = t.start, 0
        while pos < t.end and seen < n:
            pos += 1
            seen += 1
            while pos < t.end and is_deleted(self.text[pos]):
                pos += 1
        return pos

    def comp_kind(self, t: Token) -> str | None:
        """``lex.comp_that`` (إن، أنه …), ``lex.comp_bi_that`` (بأن), ``"coord"`` (وأن، فإن)
        or None."""
        n = t.norm
        lex = self.lex
        if n in lex.comp:
            return lex.comp_that
        if n[: len(lex.bi)] == lex.bi and n[len(lex.bi) :] in lex.comp:
            return lex.comp_bi_that
        if n in lex.coord_comp or (n[:1] in lex.conj and n[1:] in lex.comp):
            return "coord"
        return None

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, str | None, str]]:
        i = bisect.bisect_left(self.mention_starts, start)
        while i > 0 and self.mentions[i - 1][1] > start:
            i -= 1
        out = []
        while i < len(self.mentions) and self.mentions[i][0] < end:
            m = self.mentions[i]
            if m[1] > start and m[0] < end:
                out.append(m)
            i += 1
        return out

    # ---------------------------------------------------------------- main

    def run(self) -> list[Quote]:
        if not self.toks:
            return []
        lex = self.lex
        toks = self.toks
        self.pairs = quote_pairs(self.text, lex.max_quote_chars)
        # token index -> pair index for every token inside a pair (marks included)
        self.in_pair: dict[int, int] = {}
        self.pair_first: dict[int, int] = {}
        self.pair_toks: list[tuple[int, int]] = []
        for pi, (ps, pe) in enumerate(self.pairs):
            a, b = self.tok_at(ps), self.tok_at(pe - 1)
            self.pair_toks.append((a, b))
            self.pair_first[a] = pi
            for k in range(a, b + 1):
                self.in_pair[k] = pi
        self.pair_tok_list = sorted(self.in_pair)
        # cues (outside quotation marks)
        self.cues: dict[int, tuple[Cue, int]] = {}
        for i, t in enumerate(toks):
            if i in self.in_pair:
                continue
            hit = self.cue_lookup(t)
            if hit is None:
                continue
            if i > 0 and toks[i - 1].sentence == t.sentence and toks[i - 1].norm in lex.stop_preps:
                continue  # في عرض، من ذكر: a noun
            self.cues[i] = hit
        self.markers = [i for i, t in enumerate(toks) if i not in self.in_pair and self._is_marker(t)]
        self.pair_starts = [p[0] for p in self.pairs]

        anchors: list[_Anchor] = []
        claimed: set[int] = set()
        for i in sorted(self.cues):
            an = self._anchor_for_cue(i, claimed)
            if an is not None:
                anchors.append(an)
        self._end_open_contents(anchors)
        self._indirect_contents(anchors)
        # a verb inside reported speech is part of it (قال إن الحكومة تعهدت “…”); an indirect
        # content starts after its own cue, so a cue inside a content is another anchor's
        inside = _Intervals((an.content[0][0], an.content[-1][1]) for an in anchors
                            if an.kind == "indirect" and an.content)
        kept = []
        for an in anchors:
            pos = toks[an.cue_tok].start
            if not self._breaks(an) and inside.covers(pos):
                for pi in an.pairs:
                    claimed.discard(pi)
                continue
            kept.append(an)
        anchors = kept
        absorbed = _Intervals((an.content[0][0], an.content[-1][1]) for an in anchors
                              if an.kind == "indirect" and an.content)
        for pi, (ps, pe) in enumerate(self.pairs):
            if absorbed.covers(ps):
                claimed.add(pi)
        anchors = [an for an in anchors if an.content]
        anchors += self._unclaimed_pairs(anchors, claimed)
        anchors += self._source_markers(anchors)
        anchors = [an for an in anchors if an.content]
        anchors.sort(key=lambda an: an.pos)
        self._resolve_speakers(anchors)
        out = []
        seen: set[tuple] = set()
        for an in anchors:
            key = tuple(an.content)
            if not an.content or key in seen:
                continue
            seen.add(key)
            out.append(
                Quote(
                    kind=an.kind,
                    content=[self.span(s, e) for s, e in an.content],
                    cue=an.cue_span,
                    speaker=an.speaker,
                    speaker_entity=an.entity,
                    reported_by=an.reported_by,
                    anaphoric=an.anaphoric,
                )
            )
        out.sort(key=lambda q: q.content[0].start)
        return out

    # ---------------------------------------------------------------- cues

    def _is_marker(self, t: Token) -> bool:
        n = t.norm
        return n in self.lex.markers or (len(n) > 3 and n[0] == self.lex.and_ and n[1:] in self.lex.markers)

    def _sentence_bounds(self, i: int) -> tuple[int, int]:
        s = self.a.sentences[self.toks[i].sentence]
        return s.token_start, s.token_end

    def _cue_span(self, i: int, cut: int) -> Span:
        t = self.toks[i]
        start = self.cut_letters(t, cut) if cut else t.start
        return self.span(start, t.end)

    def _is_name_quote(self, pi: int) -> bool:
        """A quoted name (لـ«الرياض»، صحيفة “…”، a name before إن), not quoted speech."""
        a, b = self.pair_toks[pi]
        toks = self.toks
        if a > 0:
            prev = toks[a - 1].norm
            if prev in self.lex.name_heads or prev in self.lex.org_heads:
                return True
        words = sum(1 for t in toks[a + 1 : b] if t.is_word)
        if words <= 3 and b + 1 < len(toks):
            nxt = toks[b + 1]
            that = (self.lex.comp_that, self.lex.comp_bi_that)
            if nxt.sentence == toks[b].sentence and (nxt.norm == ":" or self.comp_kind(nxt) in that):
                return True
        return False

    def _comp_allowed(self, cue: Cue, j: int, kind: str) -> bool:
        lex = self.lex
        prev = self.toks[j - 1].norm if j > 0 else ""
        if kind == lex.comp_bi_that:
            return ("", lex.comp_bi_that) in cue.comps
        if prev in lex.comp_preps:
            return (prev, lex.comp_that) in cue.comps
        return ("", lex.comp_that) in cue.comps

    def _scan(self, i: int, cue: Cue) -> tuple[str, int] | None:
        """What follows cue ``i`` in its sentence: ('comp', j), ('quote', pair) or ('colon', j)."""
        toks = self.toks
        lex = self.lex
        s0, s1 = self._sentence_bounds(i)
        j = i + 1
        words_before_comma = 0
        commas = 0
        while j < s1 and j - i <= lex.max_gap:
            t = toks[j]
            pi = self.pair_first.get(j)
            if pi is not None:
                if self._is_name_quote(pi):
                    j = self.pair_toks[pi][1] + 1
                    continue
                if j - i > lex.max_quote_gap:
                    return None
                return ("quote", pi)
            n = t.norm
            aside = self._aside_end(j)
            if aside is not None:
                j = aside  # أبلغ مصدر قبلي (عكاظ) أن …: a short aside in parentheses
                continue
            if n == ":":
                return ("colon", j)
            if t.text in _FAMILY and j not in self.in_pair and cue.cls == "speech":
                if _role(self.text, t.start, lex) in ("open", "amb"):
                    return ("unpaired", j)  # an opening mark never closed: quote to sentence end
                return None
            k = self.comp_kind(t)
            if k in (lex.comp_that, lex.comp_bi_that):
                if self._comp_allowed(cue, j, k):
                    return ("comp", j)
                return None
            if k == "coord":
                return None
            if j in self.cues or n in lex.copulas:
                return None
            if n in lex.commas:
                if self._opens_writers_clause(j):
                    return None  # ، الأمر الذي من شأنه أن …: the writer's clause, not the report
                commas += 1
            elif t.is_word and commas == 0:
                words_before_comma += 1
                if words_before_comma > lex.max_head:
                    return None
            elif n in lex.scan_stops:
                return None
            j += 1
        return None

    def _aside_end(self, j: int) -> int | None:
        """The token after a short aside in parentheses opening at ``j`` ((عكاظ)، لـ(عكاظ)),
        or None."""
        toks = self.toks
        lex = self.lex
        if toks[j].norm != lex.aside[0]:
            return None
        k = j + 1
        while k < len(toks) and k - j <= lex.max_aside_words + 1 and toks[k].sentence == toks[j].sentence:
            if toks[k].norm == lex.aside[1]:
                return k + 1 if k > j + 1 else None
            if not toks[k].is_word:
                return None
            k += 1
        return None

    def _noun_content(self, i: int, cue: Cue) -> int | None:
        """First token of a noun content of cue ``i`` (أكد الوزير بدء الدراسة، كشف المصدر عن
        انشقاقات، أفاد المرصد بمقتل …): after the verb's subject, an addressee (لـ«اليوم») and
        adverbs (أمس، في وقت سابق،), the verb's object, or what follows one of its object
        prepositions (the cue's ``objects``; "" for a direct object, "ب" also as a proclitic)."""
        toks = self.toks
        lex = self.lex
        objs = cue.objects
        s0, s1 = self._sentence_bounds(i)
        head = self._head(i)
        j = i + 1
        if head is not None:
            j = head[1]
            # a named subject ends the head: what follows it is the object (أكد الحاكم محمد
            # خان حصيلة القتلى، أفاد المرصد السوري لحقوق الإنسان بمقتل …)
            ms = self.mentions_in(toks[head[0]].start, toks[head[1] - 1].end)
            pers = [m for m in ms if m[3] == "PER"] or [m for m in ms if m[3] == "ORG"]
            if pers and self.tok_at(pers[-1][1] - 1) + 1 < head[1]:
                j = self.tok_at(pers[-1][1] - 1) + 1
        direct = "" in objs
        in_phrase = False  # inside an adverbial phrase (في وقت سابق) or an addressee, to a comma
        while j < s1 and j - i <= lex.max_gap:
            t = toks[j]
            n = t.norm
            aside = self._aside_end(j)
            if aside is not None:
                j = aside  # كشف مصدر لـ(عكاظ) عن …
                in_phrase = False
                continue
            pi = self.pair_first.get(j)
            if pi is not None:
                if j > 0 and (toks[j - 1].norm in lex.stop_preps or self._is_name_quote(pi)):
                    j = self.pair_toks[pi][1] + 1  # لـ«اليوم»: an addressee
                    in_phrase = False
                    continue
                return None
            if j in self.in_pair or j in self.cues or n in lex.scan_stops or self.comp_kind(t):
                return None
            if n and n in objs:
                return j + 1 if j + 1 < s1 and toks[j + 1].is_word else None
            if (lex.bi in objs and t.prefixes[:1] == (lex.bi,) and lex.art not in t.prefixes
                    and not self.mentions_in(t.start, t.end)):
                return j  # بمقتل
            if n in lex.commas:
                in_phrase = False
            elif n in lex.stop_preps or lex.li in t.prefixes or lex.bi in t.prefixes:
                in_phrase = True  # في وقت سابق، للصحفيين، بشكل كبير: not the object
            elif t.is_word and n not in lex.non_subject and not in_phrase and direct:
                if n in lex.copulas or n in lex.head_stops:
                    return None
                return j
            j += 1
        return None

    def _head(self, i: int) -> tuple[int, int] | None:
        """Token range of the speaker written after cue ``i`` (its subject), if any."""
        cue = self.cues[i][0] if i in self.cues else None
        if cue is not None and cue.form in ("participle", "masdar"):
            return None
        return self._head_from(i + 1)

    def _prep_pronoun(self, n: str) -> bool:
        for suf in self.lex.pronouns:
            if n.endswith(suf) and len(n) > len(suf):
                stem = n[: -len(suf)]
                if stem in self.lex.stop_preps or stem in self.lex.pronoun_preps:
                    return True
        return False

    def _head_from(self, j0: int, limit: int | None = None) -> tuple[int, int] | None:
        toks = self.toks
        lex = self.lex
        if j0 >= len(toks):
            return None
        limit = limit or lex.max_head_tokens
        sent = toks[j0 - 1].sentence if j0 > 0 else 0
        j = j0
        # leading words that are not the subject (أيضا، الثلاثاء، بدوره)
        while j < len(toks) and toks[j].sentence == sent and toks[j].norm in lex.non_subject:
            j += 1
        a = j
        while j < len(toks) and toks[j].sentence == sent and j - a < limit:
            t = toks[j]
            n = t.norm
            if not t.is_word or j in self.in_pair or j in self.cues:
                break
            if j > a and n in lex.demonstratives and toks[j - 1].norm in lex.title_links:
                j += 1  # المتحدثة باسم هذه المنظمة: the demonstrative opens the title's complement
                continue
            if n in lex.stop_preps or n in lex.non_subject or n in lex.copulas or self.comp_kind(t):
                break
            if n in lex.head_stops or (n[:1] in lex.conj and n[1:] in lex.head_stops):
                break
            if self._prep_pronoun(n) and not (j > a and toks[j - 1].norm in lex.unnamed):
                break  # عنها، له، إليه (after مصدر, قبلي is an adjective: مصدر قبلي)
            if j == a and lex.bi in t.prefixes and not self.mentions_in(t.start, t.end):
                break  # بصراحة، بدوره: a manner adverb, not the subject
            if lex.li in t.prefixes and j > a:
                named = self._title_complement_name(a, j, limit)
                if named is not None:
                    j = named  # الأمين العام للجنة الوطنية … عبد الإله الشريف: the title's complement
                break  # an addressee: للصحفيين، لوكالة …
            if j == a and lex.li in t.prefixes and not (self.mentions_in(t.start, t.end)):
                break
            j += 1
        if j == a:
            return None
        return (a, j)

    def _title_complement_name(self, a: int, j: int, limit: int) -> int | None:
        """After a title that opens a subject (toks[a]) and a word with ل at ``j``: the end of
        a person's name written within the subject's reach with words only between (the ل
        word is then the title's complement, not an addressee); None if there is none."""
        toks = self.toks
        lex = self.lex
        first = {toks[a].norm, toks[a].base}
        if not first & (lex.titles | lex.entity_titles):
            return None
        e = min(len(toks), a + limit)
        k = j
        while k < e and toks[k].is_word and k not in self.in_pair and k not in self.cues:
            k += 1
        if k == j:
            return None
        for m in self.mentions_in(toks[j].start, toks[k - 1].end):
            if m[3] == "PER" and m[0] >= toks[j].end:
                return self.tok_at(m[1] - 1) + 1
        return None

    def _anchor_for_cue(self, i: int, claimed: set[int]) -> _Anchor | None:
        cue, cut = self.cues[i]
        toks = self.toks
        found = self._scan(i, cue)
        if found is None:
            j = self._noun_content(i, cue) if cue.objects else None
            if j is None or (i > 0 and toks[i - 1].norm in self.lex.relative):  # ما كشف عن …
                return None
            head = self._head(i)
            return _Anchor(i, "indirect", [], toks[i].sentence, self._cue_span(i, cut), head, start_tok=j)
        what, j = found
        head = self._head(i)
        via = None
        if head is not None and head[1] + 1 < len(toks):
            h = head[1]
            skip = 0
            through = self.lex.quoted_through
            if tuple(t.norm for t in toks[h : h + len(through)]) == through:
                skip = len(through)  # ذكرت صحيفة X نقلا عن مصادر …: the sources speak, through X
            elif toks[h].norm in cue.via:
                skip = 1  # نقلت وكالة X عن مسؤولين أن …
            inner = self._head_from_marker(h + skip) if skip else None
            if inner is not None:
                head, via = inner, head
        elif cue.form == "masdar":
            # نقلت وكالة X عن Y قوله إن …: Y speaks, through the subject of نقل
            head, via = self._masdar_speaker(i)
        sent = toks[i].sentence
        if what == "comp":
            if head is None and i > 0 and toks[i - 1].norm in self.lex.relative and cue.form != "participle":
                return None  # ما تقول إنه …: a relative clause, not a report
            return _Anchor(i, "indirect", [], sent, self._cue_span(i, cut), head, start_tok=j, via=via)
        if cue.form == "masdar":
            return None
        if what == "unpaired":
            s0, s1 = self._sentence_bounds(i)
            if not self._words_at_least(j + 1, s1, 3) or self._pair_in(j, s1):
                return None
            end = self._capped_end(j, self._trim_end(j + 1, s1 - 1))
            return _Anchor(i, "direct", [(toks[j].start, end)], sent, self._cue_span(i, cut), head,
                           start_tok=j, open_end=True)
        if what == "colon":
            nxt = j + 1
            if nxt < len(toks) and nxt in self.pair_first and self.pair_first[nxt] not in claimed:
                pi = self.pair_first[nxt]
                if self.paragraph(toks[nxt].start) - self.paragraph(toks[j].start) <= 1:
                    return self._direct(i, cut, cue, head, pi, claimed, colon=True)
            if cue.cls != "speech":
                return None
            s0, s1 = self._sentence_bounds(i)
            if not self._words_at_least(j + 1, s1, 3) or self._pair_in(j + 1, s1):
                return None
            end = self._capped_end(j + 1, self._trim_end(j + 1, s1 - 1))
            start = toks[j + 1].start
            if end <= start:
                return None
            return _Anchor(i, "direct", [(start, end)], sent, self._cue_span(i, cut), head,
                           start_tok=j + 1, open_end=True)
        pi = j
        if pi in claimed:
            return None
        return self._direct(i, cut, cue, head, pi, claimed, colon=False)

    def _words_at_least(self, a: int, b: int, n: int) -> bool:
        """Do tokens ``a..b-1`` hold ``n`` words or more? (stops counting at ``n``)"""
        toks = self.toks
        for k in range(a, b):
            if toks[k].is_word:
                n -= 1
                if n <= 0:
                    return True
        return n <= 0

    def _pair_in(self, a: int, b: int) -> bool:
        """Is any of tokens ``a..b-1`` inside quotation marks?"""
        k = bisect.bisect_left(self.pair_tok_list, a)
        return k < len(self.pair_tok_list) and self.pair_tok_list[k] < b

    def _capped_end(self, a: int, end: int) -> int:
        """``end`` of a content from token ``a``, cut to at most ``max_quote_chars``."""
        start = self.toks[a].start
        if end - start > self.lex.max_quote_chars:
            b = self.tok_at(start + self.lex.max_quote_chars) - 1
            end = self._trim_end(a, max(a, b))
        return end

    def _end_open_contents(self, anchors: list[_Anchor]) -> None:
        """A direct content after a colon (or an unclosed mark) ends before the next verb of
        its sentence that opens such a content of its own (وأضاف: … وأضاف: …), so these
        contents never nest in one another (and their total stays linear in the text)."""
        cue_toks = sorted(an.cue_tok for an in anchors if an.open_end)
        toks = self.toks
        for an in anchors:
            if not an.open_end:
                continue
            k = bisect.bisect_right(cue_toks, an.cue_tok)
            if k == len(cue_toks) or toks[cue_toks[k]].sentence != an.sentence:
                continue
            stop, a = cue_toks[k], an.start_tok
            start = an.content[0][0]
            if toks[stop].start >= an.content[0][1]:
                continue
            end = self._trim_end(a, stop - 1)
            an.content = [(start, end)] if end > start and self._words_at_least(a + 1, stop, 3) else []

    def _masdar_speaker(self, i: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        toks = self.toks
        s0, _ = self._sentence_bounds(i)
        for k in range(i - 1, max(s0, i - 8) - 1, -1):
            if toks[k].norm == self.lex.masdar_from:
                if k + 1 >= i:
                    return None, None
                via = None
                for c in range(k - 1, s0 - 1, -1):
                    if c in self.cues:
                        via = self._head(c)
                        break
                return (k + 1, i), via
        return None, None

    def _direct(self, i: int, cut: int, cue: Cue, head, pi: int, claimed: set[int], colon: bool) -> _Anchor | None:
        kind = "direct" if cue.cls == "speech" else "partial"
        chain = [pi]
        if kind == "partial" and self.pairs[pi][1] - self.pairs[pi][0] > self.lex.max_fragment_chars:
            return None
        if kind == "direct":
            chain = self._chain_forward(pi, claimed)
            if self._words(chain) < (2 if colon else 3):
                return None  # كشف تقرير «ساما»: a quoted name, not a statement
        for p in chain:
            claimed.add(p)
        return _Anchor(
            i, kind, [self.pairs[p] for p in chain], self.toks[i].sentence, self._cue_span(i, cut), head,
            pairs=chain,
        )

    def _words(self, chain: list[int]) -> int:
        n = 0
        for p in chain:
            a, b = self.pair_toks[p]
            n += sum(1 for t in self.toks[a : b + 1] if t.is_word)
        return n

    def _adjacent(self, p: int, q: int) -> bool:
        """Are pairs ``p`` and ``q`` consecutive segments of one statement (“…”. “…”)?"""
        between = self.text[self.pairs[p][1] : self.pairs[q][0]]
        return "\n" not in between and all(ch in self.lex.between_segments for ch in between)

    def _chain_forward(self, pi: int, claimed: set[int]) -> list[int]:
        chain = [pi]
        q = pi + 1
        while q < len(self.pairs) and q not in claimed and self._adjacent(chain[-1], q):
            chain.append(q)
            q += 1
        return chain

    # ---------------------------------------------------------------- indirect content

    def _trim_end(self, a: int, b: int) -> int:
        """End offset of tokens ``a..b`` without trailing punctuation (closing marks kept)."""
        toks = self.toks
        while b >= a and not toks[b].is_word and b not in self.in_pair:
            b -= 1
        return toks[b].end if b >= a else toks[a].start

    def _breaks(self, an: _Anchor) -> bool:
        """Does anchor ``an`` start a new clause (and so end an indirect content before it)?

        A verb joined by و/ف or after a comma, or a participle (، مشيرا إلى أن), starts a new
        report; a verb inside the reported clause (قال إن الدراسات أشارت إلى أن …) does not.
        """
        if an.cue_tok < 0 or an.cue_tok not in self.cues:
            return True
        cue, cut = self.cues[an.cue_tok]
        prev = self.toks[an.cue_tok - 1].norm if an.cue_tok > 0 else ""
        return (cut > 0 or prev in self.lex.clause_signs or prev in self.lex.clause_openers
                or cue.form == "participle")

    def _opens_writers_clause(self, i: int) -> bool:
        """Does the comma at token ``i`` open the writer's own clause (، في حين …، الأمر الذي …)?"""
        toks = self.toks
        if i + 1 >= len(toks):
            return False
        for phrase in self.lex.clause_breaks.get(toks[i + 1].norm, ()):
            if tuple(x.norm for x in toks[i + 1 : i + 1 + len(phrase)]) == phrase:
                return True
        return False

    def _clause_breaks(self) -> list[int]:
        """Commas that start the writer's own clause (، في حين …، فيما …، عندما …)."""
        toks = self.toks
        out = []
        for i, t in enumerate(toks[:-1]):
            if t.norm in self.lex.commas and i not in self.in_pair:
                for phrase in self.lex.clause_breaks.get(toks[i + 1].norm, ()):
                    k = len(phrase)
                    if tuple(x.norm for x in toks[i + 1 : i + 1 + k]) == phrase:
                        out.append(i)
                        break
        return out

    def _through_quotes(self, start: int, end: int) -> int:
        """``end``, moved to the closing mark of a quotation opened in ``[start, end)``."""
        k = bisect.bisect_right(self.pair_starts, end - 1) - 1
        if k >= 0 and self.pairs[k][0] >= start and self.pairs[k][1] > end:
            return self.pairs[k][1]
        return end

    def _indirect_contents(self, anchors: list[_Anchor]) -> None:
        toks = self.toks
        bounds = sorted(
            [an.cue_tok for an in anchors if self._breaks(an)]
            + [i for i in self.markers if i > 0 and not self.toks[i - 1].is_word]
            + self._clause_breaks()
        )
        for an in anchors:
            if an.kind != "indirect":
                continue
            a = an.start_tok
            s0, s1 = self._sentence_bounds(a)
            k = bisect.bisect_right(bounds, a)
            stop = s1
            if k < len(bounds) and bounds[k] < s1:
                stop = bounds[k]
            start = toks[a].start
            end = self._trim_end(a, stop - 1)
            end = self._through_quotes(start, end)
            if end - start > self.lex.max_quote_chars:
                cap = start + self.lex.max_quote_chars
                b = self.tok_at(cap) - 1
                end = self._trim_end(a, max(a, b))
            an.content = [(start, end)] if end > start and self._words_at_least(a, stop, 2) else []

    # ---------------------------------------------------------------- quotes without a cue before

    def _unclaimed_pairs(self, anchors: list[_Anchor], claimed: set[int]) -> list[_Anchor]:
        used_cues = {an.cue_tok for an in anchors}
        out: list[_Anchor] = []
        pi = 0
        while pi < len(self.pairs):
            if pi in claimed:
                pi += 1
                continue
            chain = [pi]
            q = pi + 1
            while q < len(self.pairs) and q not in claimed and self._adjacent(chain[-1], q):
                chain.append(q)
                q += 1
            last_tok = self.pair_toks[chain[-1]][1]
            first_tok = self.pair_toks[chain[0]][0]
            an = self._speaker_after(chain, last_tok, used_cues)
            if an is None and not self._is_name_quote(chain[0]):
                an = self._partial_before(chain[0], first_tok, used_cues)
                if an is not None:
                    chain = chain[:1]
            if an is None:
                an = self._continuation(chain, first_tok, anchors + out)
            if an is not None:
                out.append(an)
                used_cues.add(an.cue_tok)
                claimed.update(chain)
            pi = chain[-1] + 1
        return out

    def _speaker_after(self, chain: list[int], last_tok: int, used: set[int]) -> _Anchor | None:
        """“…”، كما قال X — the speech verb right after the quote."""
        toks = self.toks
        j = last_tok + 1
        while j < len(toks) and toks[j].norm in self.lex.after_quote_signs:
            j += 1
        if j < len(toks) and toks[j].norm in self.lex.after_particles:
            j += 1
        if j >= len(toks) or j not in self.cues or j in used:
            return None
        if self.paragraph(toks[j].start) != self.paragraph(toks[last_tok].start):
            return None
        cue, cut = self.cues[j]
        if cue.cls != "speech" or cue.form == "participle":
            return None
        found = self._scan(j, cue)
        if found is not None and found[0] in ("comp", "colon"):
            return None  # the verb introduces its own quote
        if found is not None and found[0] == "quote" and found[1] not in chain:
            return None
        head = self._head(j)
        return _Anchor(
            j, "direct", [self.pairs[p] for p in chain], toks[j].sentence, self._cue_span(j, cut), head,
            speaker_after=True, pairs=list(chain),
        )

    def _partial_before(self, pi: int, first_tok: int, used: set[int]) -> _Anchor | None:
        """A quoted fragment in the clause of an earlier verb of the same sentence."""
        toks = self.toks
        ps, pe = self.pairs[pi]
        if pe - ps > self.lex.max_fragment_chars:
            return None
        if not any(0x0600 <= ord(ch) <= 0x06FF for ch in self.text[ps:pe]):  # no Arabic letter
            return None
        s0, _ = self._sentence_bounds(first_tok)
        for i in range(first_tok - 1, max(s0, first_tok - 12) - 1, -1):
            if i in used:
                return None
            if i in self.cues:
                cue, cut = self.cues[i]
                if cue.cls != "partial":
                    return None
                return _Anchor(
                    i, "partial", [self.pairs[pi]], toks[i].sentence, self._cue_span(i, cut), self._head(i),
                    pairs=[pi],
                )
        return None

    def _continuation(self, chain: list[int], first_tok: int, anchors: list[_Anchor]) -> _Anchor | None:
        """A quotation opening a paragraph right after a paragraph that quoted someone."""
        ps = self.pairs[chain[0]][0]
        line_start = self.text.rfind("\n", 0, ps) + 1
        if self.text[line_start:ps].strip():
            return None
        words = sum(1 for k in range(*self.pair_toks[chain[0]]) if self.toks[k].is_word)
        if words < 4:
            return None
        par = self.paragraph(ps)
        prev = [an for an in anchors if an.kind == "direct" and an.content and an.content[-1][1] <= ps]
        if not prev:
            return None
        last = max(prev, key=lambda an: an.content[-1][1])
        if par - self.paragraph(last.content[-1][1]) != 1:
            return None
        an = _Anchor(first_tok, "direct", [self.pairs[p] for p in chain], self.toks[first_tok].sentence,
                     None, None, pairs=list(chain))
        an.cue_tok = -1
        return an

    # ---------------------------------------------------------------- sources (حسبما، وفقا لـ …)

    def _marker_head(self, i: int) -> tuple[tuple[int, int] | None, bool, int]:
        """(speaker tokens, whether a speech verb follows the marker, index after the head)."""
        toks = self.toks
        j = i + 1
        has_cue = False
        while j < len(toks) and toks[j].sentence == toks[i].sentence:
            n = toks[j].norm
            if n in self.lex.marker_skip:
                j += 1
            elif j in self.cues:
                has_cue = True
                j += 1
            else:
                break
        if j >= len(toks) or toks[j].sentence != toks[i].sentence:
            return None, has_cue, j
        # لوكالة …: the head starts after the preposition
        head = self._head_from_marker(j)
        return head, has_cue, (head[1] if head else j)

    def _head_from_marker(self, j: int) -> tuple[int, int] | None:
        toks = self.toks
        lex = self.lex
        a = j
        while j < len(toks) and toks[j].sentence == toks[a].sentence and j - a < 8:
            t = toks[j]
            if not t.is_word or j in self.in_pair or j in self.cues:
                break
            if j > a and (t.norm in lex.stop_preps or t.norm in lex.non_subject or self.comp_kind(t)):
                break
            j += 1
        return (a, j) if j > a else None

    def _valid_source(self, head: tuple[int, int], has_cue: bool) -> bool:
        if has_cue:
            return True
        toks = self.toks
        a, b = head
        if any(m[3] in ("PER", "ORG") for m in self.mentions_in(toks[a].start, toks[b - 1].end)):
            return True
        first = toks[a]
        words = {first.norm, first.base}
        return bool(words & (self.lex.unnamed | self.lex.org_heads | self.lex.name_heads))

    def _source_markers(self, anchors: list[_Anchor]) -> list[_Anchor]:
        toks = self.toks
        lex = self.lex
        out: list[_Anchor] = []
        by_sentence: dict[int, list[_Anchor]] = {}
        for an in anchors:
            by_sentence.setdefault(an.sentence, []).append(an)
        for i in self.markers:
            head, has_cue, after = self._marker_head(i)
            if head is None or not self._valid_source(head, has_cue):
                continue
            sent = toks[i].sentence
            pos = toks[i].start
            before = [an for an in by_sentence.get(sent, ()) if an.content and an.content[-1][1] <= pos
                      and an.content[0][0] < pos]
            if before:
                an = max(before, key=lambda an: an.content[-1][1])
                if an.head is None and an.kind != "indirect":
                    an.head = head
                elif an.reported_by is None:
                    sp, ent = self._speaker_from_head(head)
                    an.reported_by = ent
                continue
            s0, s1 = self._sentence_bounds(i)
            # وبحسب X، فإن …: the clause after the source phrase
            first_word = i == s0 or toks[i - 1].norm in lex.commas or (i == s0 + 1 and not toks[s0].is_word)
            a = None
            if first_word and after < s1:
                if toks[after].norm in lex.commas and after + 1 < s1:
                    a = after + 1
                elif self.comp_kind(toks[after]) in (lex.comp_that, "coord") and toks[after].norm[:1] != lex.and_:
                    a = after  # وبحسب X فإن …
            if a is not None:
                end = self._through_quotes(toks[a].start, self._trim_end(a, s1 - 1))
                if end > toks[a].start and sum(1 for t in toks[a:s1] if t.is_word) >= 3:
                    out.append(_Anchor(i, "indirect", [(toks[a].start, end)], sent,
                                       self._marker_span(i), head, start_tok=a))
                continue
            # … ، حسبما قال X: the clause before the marker
            if has_cue and i > s0:
                a = s0
                while a < i and (not toks[a].is_word or toks[a].norm in lex.conj_words):
                    a += 1
                end = self._trim_end(a, i - 1)
                if a < i and end > toks[a].start and sum(1 for t in toks[a:i] if t.is_word) >= 3:
                    out.append(_Anchor(i, "indirect", [(toks[a].start, end)], sent,
                                       self._marker_span(i), head, start_tok=a))
        return out

    def _marker_span(self, i: int) -> Span:
        t = self.toks[i]
        cut = 1 if t.norm not in self.lex.markers else 0
        return self._cue_span(i, cut)

    # ---------------------------------------------------------------- speakers

    def _speaker_from_head(self, head: tuple[int, int]) -> tuple[Span | None, str | None]:
        """The speaker span and entity of a written subject; (None, None) if not a subject."""
        toks = self.toks
        lex = self.lex
        a, b = head
        hs, he = toks[a].start, toks[b - 1].end
        if toks[a].prefixes[:1] == (lex.li,) and toks[a].prefixes[1:2] != (lex.art,):
            hs = self.cut_letters(toks[a], 1)  # وفقا لمسؤولين → مسؤولين
        ms = []
        for m in self.mentions_in(hs, he):
            t = toks[self.tok_at(m[0])]
            if t.start >= hs and any(p == lex.li or p == lex.bi for p in t.prefixes) and t.index > a:
                continue  # an addressee or a modifier (لكيم، بالكرملين)
            if t.start <= m[0] and t.end >= m[1] and (t.norm in lex.unnamed or t.base in lex.unnamed):
                continue  # a one-word mention that is an unnamed source's noun (مديرو), not a name
            ms.append(m)
        pers = [m for m in ms if m[3] == "PER"]
        first = toks[a]
        first_words = {first.norm, first.base}
        if pers:
            m = pers[-1]
            return self.span(m[0], m[1]), m[2]
        if first_words & lex.unnamed:
            e = b
            while e - a > 4:
                e -= 1
            if e == b and b + 1 < len(toks) and toks[b].norm in lex.affiliation_preps and \
                    toks[b].sentence == toks[a].sentence and lex.art in toks[b + 1].prefixes:
                e = b + 1  # جنرال في القوات الجوية الأفغانية: the source's affiliation
                while e < len(toks) and e - b <= 4 and toks[e].sentence == toks[a].sentence and \
                        toks[e].is_word and lex.art in toks[e].prefixes and e not in self.cues:
                    e += 1
            return self.span(hs, toks[e - 1].end), None
        if ms and ms[0][0] <= first.end and ms[0][1] > first.start:
            m = ms[0]
            return self.span(m[0], m[1]), m[2]
        orgs = [m for m in ms if m[3] == "ORG"]
        if orgs:
            m = orgs[0]
            return self.span(m[0], m[1]), m[2]
        # a nominal reference the resolver linked (الزعيم الكوري الشمالي)
        ref = self._reference(hs, he)
        if first_words & (lex.titles | lex.entity_titles):
            e = self._title_phrase_end(a, b)
            span = self.span(hs, toks[e - 1].end)
            if ref is not None:
                return span, ref
            named = self._name_after_title(a, e, b)
            if named is not None:
                return self.span(hs, toks[named - 1].end), None
            if first_words & lex.titles:  # a leader's title, not a spokesman's or a reporter's
                return span, self._antecedent(a, e)
            return span, None
        if ref is not None:
            return self.span(hs, he), ref
        if all(t.norm in lex.non_subject for t in toks[a:b]):
            return None, None
        short = self._short_name(a, hs)
        if short is not None:
            return self.span(hs, first.end), short
        return self.span(hs, toks[min(b, a + 4) - 1].end), None

    def _short_name(self, a: int, pos: int) -> str | None:
        """The organisation a definite noun stands for when it is the first word of one named
        earlier (وقال المرصد … after المرصد السوري لحقوق الإنسان; الأمانة after الأمانة العامة
        لهيئة كبار العلماء): the latest such mention before ``pos``, by one bisection."""
        t = self.toks[a]
        if self.lex.art not in t.prefixes:
            return None
        if self._org_first is None:
            self._org_first = {}
            for m in self.mentions:
                if m[3] == "ORG" and m[2] is not None:
                    k = self.tok_at(m[0])
                    if self.toks[k].end < m[1]:  # a name of more than one word
                        self._org_first.setdefault(self.toks[k].base, []).append(m)
        cands = self._org_first.get(t.base)
        if not cands:
            return None
        k = bisect.bisect_left(cands, (pos,)) - 1
        return cands[k][2] if k >= 0 else None

    def _reference(self, start: int, end: int) -> str | None:
        for r in self.a.references:
            if r.start < end and r.end > start and r.entities:
                return r.entities[0]
        for e in self.a.entities:
            for r in e.references:
                if r.start < end and r.end > start:
                    return e.id
        return None

    def _title_phrase_end(self, a: int, b: int) -> int:
        """End of a title phrase: the title and its definite modifiers (الزعيم الكوري الشمالي)."""
        toks = self.toks
        lex = self.lex
        e = a + 1
        while e < b:
            n = toks[e].norm
            construct = not toks[e - 1].norm.startswith(lex.art) and toks[e - 1].norm not in lex.title_links
            if n.startswith(lex.art) or n in lex.title_links or n in lex.titles:
                e += 1
            elif construct and n not in lex.first_names:
                e += 1  # رئيس بلدية الرياض: a title in construct with its complement
            else:
                break
        return e

    def _name_after_title(self, a: int, e: int, b: int) -> int | None:
        """A name written after the title (الرئيس الأمريكي جو بايدن), by first names."""
        toks = self.toks
        lex = self.lex
        honorific = toks[e - 1].norm in lex.titles or toks[e - 1].norm in lex.entity_titles
        if e < b and (honorific or toks[e].norm in lex.first_names or _rare(toks[e].norm)):
            k = e + 1
            while k < b and k - e < 3 and not toks[k].norm.startswith(lex.art):
                k += 1
            return k
        return None

    def _antecedent(self, a: int, e: int) -> str | None:
        """The person a bare title phrase refers to: the latest person mentioned before it,
        of the title's nationality when it has one, other than the sentence's own speaker."""
        toks = self.toks
        start = toks[a].start
        par = self.paragraph(start)
        iso = None
        for k in range(a + 1, e):
            iso = iso or self.lex.demonyms.get(toks[k].norm)
        cands = [m for m in self._persons_before(start, par) if m[2]]  # the latest first
        if not cands:
            return None
        exclude = self._sentence_speakers.get(toks[a].sentence, set())
        if iso:
            for m in cands:
                if self.countries.get(m[2]) == iso:
                    return m[2]
        for m in cands:
            if m[2] not in exclude:
                return m[2]
        return cands[0][2]

    def _persons_before(self, pos: int, par: int):
        """Person mentions ending by ``pos`` in paragraphs ``par - 2 .. par``, the latest
        first, at most ``_MAX_MENTIONS_BACK`` of them (a work budget: a bisection and a walk
        back, not a pass over every mention of the article for each quote)."""
        k = bisect.bisect_left(self.person_starts, pos) - 1
        budget = _MAX_MENTIONS_BACK
        while k >= 0 and budget > 0:
            m = self.persons[k]
            k -= 1
            if par - self.paragraph(m[0]) > 2:
                return  # earlier mentions are in earlier paragraphs still
            if m[1] <= pos:
                budget -= 1
                yield m

    def _sentence_subject(self, i: int) -> tuple[Span | None, str | None]:
        """The named subject of the sentence of token ``i``, written before it: the first
        person or organisation mentioned near the sentence start (وعبّر الرئيس السابق أحمد
        الرزوقي عن …، متمنيا أن …؛ لكن حركة طالبان تبنت العملية قائلة إن …); a person named
        right after an organisation is preferred (عضو شرف الأهلي أحمد الغامدي)."""
        toks = self.toks
        lex = self.lex
        s0, _ = self._sentence_bounds(i)
        e = min(i, s0 + lex.max_head_tokens + 4)
        for k in range(s0, e):
            n = toks[k].norm
            if n == ":" or (k > s0 and n in lex.head_stops and n not in lex.clause_openers):
                e = k  # quoted words after a colon, a relative clause (بالدور الذي تضطلع به …)
                break
        if e <= s0:
            return None, None
        first = None
        for m in self.mentions_in(toks[s0].start, toks[e - 1].end):
            k = self.tok_at(m[0])
            if m[2] is None or m[3] not in ("PER", "ORG") or k in self.in_pair or k >= i:
                continue
            if k > s0 and (lex.li in toks[k].prefixes or lex.bi in toks[k].prefixes):
                continue  # an addressee or a modifier (للزويهري، بالكرملين)
            if first is None:
                first = (m, k)
                if m[3] == "PER":
                    break
                continue
            if m[3] == "PER" and k - self.tok_at(first[0][1] - 1) <= 5 and not any(
                    t.norm in lex.clause_signs for t in toks[first[1] : k]):
                first = (m, k)
            break
        if first is None:
            return None, None
        m = first[0]
        return self.span(m[0], m[1]), m[2]

    def _cue_subject(self, i: int) -> tuple[Span | None, str | None]:
        """The named subject of cue ``i``: written after it, or for a participle the
        sentence's subject."""
        cue = self.cues[i][0]
        if cue.form == "masdar":
            return None, None
        if cue.form == "participle":
            return self._sentence_subject(i)
        head = self._head(i)
        if head is None:
            return None, None
        return self._speaker_from_head(head)

    def _resolve_speakers(self, anchors: list[_Anchor]) -> None:
        self._sentence_speakers = {}
        self._anchor_cues = {an.cue_tok for an in anchors}
        self._anchor_by_cue = {an.cue_tok: an for an in anchors}
        last: _Anchor | None = None
        # the latest cue with no quote of its own whose subject is named (وأكد حاكم المقاطعة
        # محمد قاسم خان حصيلة القتلى. وأضاف أن …): a later unwritten speaker is that subject
        # rather than the previous quote's speaker; one merge of the cues with the anchors
        cue_list = sorted(self.cues)
        k = 0
        recent: _Anchor | None = None
        for an in anchors:
            upto = an.cue_tok if an.cue_tok >= 0 else self.tok_at(an.pos)
            while k < len(cue_list) and cue_list[k] < upto:
                i = cue_list[k]
                k += 1
                if i in self._anchor_cues:
                    continue
                sp, ent = self._cue_subject(i)
                if ent is not None:
                    t = self.toks[i]
                    recent = _Anchor(i, "", [(t.start, t.end)], t.sentence, speaker=sp, entity=ent)
            sp, ent = (None, None)
            if an.head is not None:
                sp, ent = self._speaker_from_head(an.head)
            if sp is not None:
                an.speaker, an.entity = sp, ent
            else:
                prev = last
                if recent is not None and (last is None or recent.cue_tok > last.cue_tok):
                    prev = recent
                self._inherit(an, prev)
            if an.via is not None and an.reported_by is None:
                an.reported_by = self._speaker_from_head(an.via)[1]
            if an.entity:
                self._sentence_speakers.setdefault(an.sentence, set()).add(an.entity)
            if an.speaker is not None or an.entity is not None:
                last = an

    def _pluperfect_subject(self, i: int) -> tuple[Span | None, str | None]:
        """The subject of a verb in the pluperfect frame كان … قد + verb (وكان X قد أعلن أن …):
        the words between the form of كان and the particle, within a subject's reach."""
        toks = self.toks
        lex = self.lex
        if i < 2 or i not in self.cues or toks[i - 1].norm not in lex.perfect_particles:
            return None, None
        s0, _ = self._sentence_bounds(i)
        lo = max(s0, i - 2 - lex.max_head_tokens)
        for k in range(i - 2, lo - 1, -1):
            n = toks[k].norm
            if n in lex.copulas or (n[:1] in lex.conj and n[1:] in lex.copulas):
                if k + 1 < i - 1:
                    return self._speaker_from_head((k + 1, i - 1))
                break
            if not toks[k].is_word or k in self.in_pair or k in self.cues:
                break
        return None, None

    def _inherit(self, an: _Anchor, last: _Anchor | None) -> None:
        """A speaker not written after the verb: an earlier subject in the sentence, the
        previous quote's speaker, or the last person mentioned."""
        toks = self.toks
        lex = self.lex
        sp, ent = self._pluperfect_subject(an.cue_tok)
        if sp is not None:
            an.speaker, an.entity = sp, ent
            return
        # a subject written before the verb (الخبراء يقولون إن …، الرئيس قال إن …)
        if an.cue_tok > 0 and an.cue_tok in self.cues and self.cues[an.cue_tok][1] == 0:
            if self.cues[an.cue_tok][0].form in ("past", "present", "extra"):
                prev = toks[an.cue_tok - 1]
                if prev.sentence == toks[an.cue_tok].sentence and prev.is_word:
                    for m in self.mentions_in(prev.start, prev.end):
                        if m[1] >= prev.end and m[3] in ("PER", "ORG"):
                            an.speaker, an.entity = self.span(m[0], m[1]), m[2]
                            return
                    if prev.base in lex.unnamed or prev.norm in lex.unnamed:
                        an.speaker, an.entity = self.span(prev.start, prev.end), None
                        return
        # an earlier verb of the same sentence with a written subject (وعرض كيم … وتعهد بأن)
        if an.cue_tok >= 0:
            s0, _ = self._sentence_bounds(an.cue_tok)
            budget = _MAX_CUES_BACK
            for i in range(an.cue_tok - 1, s0 - 1, -1):
                if i in self.cues:
                    budget -= 1
                    if budget < 0:
                        break
                    done = self._anchor_by_cue.get(i)
                    if done is not None and done.head is not None and done.speaker is not None:
                        an.speaker, an.entity = done.speaker, done.entity  # as resolved there
                        return
                    head = self._head(i)
                    if head is not None:
                        sp, ent = self._speaker_from_head(head)
                        if sp is not None and (ent is not None or i in self._anchor_cues):
                            an.speaker, an.entity = sp, ent
                            return
            if an.cue_tok in self.cues and self.cues[an.cue_tok][0].form == "participle":
                sp, ent = self._sentence_subject(an.cue_tok)
                if ent is not None:  # a circumstantial participle: the main verb's subject
                    an.speaker, an.entity = sp, ent
                    return
            if last is not None and last.sentence == an.sentence:
                an.speaker, an.entity = last.speaker, last.entity
                return
        pos = an.pos
        par = self.paragraph(pos)
        if last is not None and par - self.paragraph(last.pos) <= 3:
            an.speaker, an.entity, an.anaphoric = last.speaker, last.entity, True
            return
        m = next(self._persons_before(pos, par), None)
        if m is not None:
            an.speaker, an.entity, an.anaphoric = self.span(m[0], m[1]), m[2], True
