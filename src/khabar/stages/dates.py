"""Stage ``dates``: time expressions normalized to ISO 8601 (TIMEX3-style values).

Matching runs on the normalized view (``article.norm.text``: no harakat/tatweel, one alef,
ي for ى, ه for ة, ASCII digits) with a few regexes compiled once per
:class:`~khabar.arabic.lexicon.Lexicon`, on first use, from its language data: the word
classes ``months_gregorian``, ``months_hijri`` and ``weekdays`` and the tables of
``khabar/data/lexicons/dates.json`` (down to the clitic letters of the word-edge
look-behinds); matches are mapped back to the original text with ``article.norm.to_orig``. Candidates from all patterns compete and the longest wins,
so ``article.times`` never holds overlapping expressions. Spans are tight: clitics (و، ف، ب،
ل) and introducing words (في، من) stay outside, ``يوم`` in ``يوم السبت`` and ``منذ``/``قبل``
in ``منذ ثلاثة أيام`` stay inside.

Values (``TimeExpr.value``) and kinds (``TimeExpr.kind``):

* ``date``: ``2023-09-13``, ``2023-09`` (month), ``2023`` (year), ``2023-W36`` (ISO week),
  ``2022-SU`` (season), ranges ``1950/1953`` and ``2023-09-10/2023-09-15``. A Hijri date
  with a day is its Gregorian date (Umm al-Qura, via ``hijridate``). A Hijri month or year
  without a day (``رمضان 1444``، ``1444 هـ``) is the Gregorian interval it covers
  (``2023-03-23/2023-04-20``, ``2022-07-30/2023-07-18``): a Hijri year straddles two
  Gregorian years, so neither a bare year nor 1 Muharram would be right.
* ``duration``: ``P3Y``, ``P18M``, ``P2W``, ``P2D``, ``PT2H``, ``PT30M``, ``PT1H30M``,
  ranges ``PT4H/PT6H``.
* ``time``: ``T10:00``, ``T15:30``.
* ``set``: ``P1D`` (كل يوم، يوميا), ``P1W``, ``P4Y`` (كل أربع سنوات), ``XXXX-WXX-5`` (كل جمعة).

Relative expressions (weekdays, أمس، الأسبوع الماضي، منذ ثلاثة أيام, a month or day without a
year) resolve against ``article.date``; without a date they are left out, never emitted
with an empty value. A weekday alone is the nearest such day on or before the article date
(``المقبل``/``القادم``: the next one after it; ``الماضي``: the one strictly before it), or on
or after it when the clause before it is in the future (سيعقد، سوف، من المقرر، a present verb
of a scheduled event: the ``_tense`` entries of dates.json). After a day word the weekday
names the day the word points to: ``بعد غد الاثنين`` is the Monday after the article date,
``أمس الأحد`` the Sunday before it, ``اليوم الأربعاء`` the nearest Wednesday.
A month or day without a year is in the article's year, or the year before when that
would be after the article date (in a future clause: the next one on or after it). A Hijri
day or month without a year takes the Hijri year from the article date: الجاري the current
one, المقبل/الماضي the next or last occurrence, else as the clause's tense tells, else the
nearest occurrence. Islamic holidays (عيد الفطر، أول أيام العيد) and the edges of a Hijri month
(نهاية رمضان) are resolved the same way. A bare number is a year only as 19xx/20xx after an
introducing word (في، منذ، حتى ...) and not before a quantity noun (حتى 2000 دولار), or
right before punctuation after a word that does not announce a count (انتخابات 2016،).
Clock times with a period of the day (عصرا، مساء، ليلا ...) are read in its hours.
Known names that hold a date word (عين اليوم، المصري اليوم; from the curated organizations)
and a day word alone in quotes (لـ «اليوم») are not time expressions.

Speed: one cheap regex finds keyword hits at word starts (month and weekday names, units,
digits ...); each pattern then runs only in small windows around the hits that concern it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date, timedelta
from typing import Callable

from khabar.arabic.clitics import proclitics
from khabar.arabic.lexicon import Lexicon
from khabar.arabic.normalize import normalize
from khabar.doc import Article, TimeExpr

__all__ = ["Dates", "find_times"]

# whitespace inside one line (expressions never run across a line break)
S = r"[^\S\n]+"
S0 = r"[^\S\n]*"
# right edge of a word; left edge of a word
R = r"(?![^\W_])"
_B = r"(?<![^\W_])"

_PREV_WORD = re.compile(r"([^\W_]+)[^\S\n]*$")
_NEXT_WORD = re.compile(r"[^\S\n]*([^\W_]+)")


def _cls(chars: str) -> str:
    """A regex for one of ``chars`` (a character class, or the character itself)."""
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


@dataclass(frozen=True)
class _Letters:
    """The letters and signs the patterns are built from (``letters`` in dates.json)."""

    conj: str  # one-letter conjunctions (و، ف)
    prep: str  # one-letter prepositions after them (ب، ل)
    art: str  # the article (ال)
    lil: str  # ل + ال (لل)
    dec: str  # decimal separators besides "."
    commas: str
    signs: str  # signs after which a keyword starts a word
    yest_prep: str  # prepositions before الأمس (بالأمس)

    @classmethod
    def of(cls, data: dict, lexicon: Lexicon) -> "_Letters":
        d = data["letters"]
        pro = proclitics(lexicon)
        return cls(
            conj="".join(pro.conjunctions), prep=d["prepositions"], art=pro.article, lil=pro.lam_article,
            dec=d["decimal_separators"], commas=d["commas"], signs=d["word_start_signs"],
            yest_prep=d["yesterday_prepositions"],
        )

    @property
    def L(self) -> str:
        """Left edge of a word, optionally after a conjunction and one preposition (or لل)."""
        cp, c, p, lil = _cls(self.conj + self.prep), _cls(self.conj), _cls(self.prep), re.escape(self.lil)
        return (
            rf"(?:{_B}|(?<={cp})(?:(?<={_B}{cp})|(?<={_B}{c}{p})|(?<={_B}{lil})|(?<={_B}{c}{lil})))"
        )

    @property
    def L_CONJ(self) -> str:
        """Left edge allowing only a conjunction (for words like امس that a ل would turn
        into another word)."""
        return rf"(?:{_B}|(?<={_B}{_cls(self.conj)}))"

    @property
    def L_NUM(self) -> str:
        """Left edge for numbers: also after the article (الـ18 شهرا)."""
        art, cp = re.escape(self.art), _cls(self.conj + self.prep)
        return rf"(?:{self.L}|(?<={art})(?:(?<={_B}{art})|(?<={_B}{cp}{art})))"

    @property
    def NOT_NUM_AFTER(self) -> str:
        return rf"(?![.,{''.join(map(re.escape, self.dec))}]?\d)"


def _alt(words, *, sep=S) -> str:
    """A regex alternation of normalized words (longest first; spaces become ``sep``)."""
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(sep.join(map(re.escape, w.split())) for w in uniq) + ")"


def _trie(words) -> str:
    """A regex matching any of ``words`` (longest at each position), factored as a trie so
    that the engine tries few alternatives per position."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return emit(root)


def _trigger_words(phrases, art: str, weak: frozenset[str]) -> list[str]:
    """One word per phrase to look for: the longest that is neither ال-word nor common."""
    out = []
    for p in phrases:
        words = p.split()
        good = [w for w in words if not w.startswith(art) and w not in weak]
        out.append(max(good or words, key=len))
    return out


def _rel_unit_words(data) -> list[str]:
    return [normalize(w) for ws in data["rel_units"].values() for w in ws]


def _first(*word_lists, digits: bool = False) -> str:
    """A lookahead for the characters a match can start with (a cheap first test that
    spares the engine the boundary look-behinds at most positions)."""
    chars = {w[0] for ws in word_lists for w in ws if w}
    cls = "".join(sorted(re.escape(c) for c in chars))
    return f"(?=[{cls}{'0-9' if digits else ''}])"


def _key(s: str) -> str:
    return " ".join(s.split())


@dataclass
class _Lex:
    letters: _Letters
    art: str  # the article (ال)
    dec: str  # decimal separators
    months: dict[str, int]
    months_ambiguous: frozenset[str]
    months_intro: frozenset[str]
    weekdays: dict[str, int]
    weekdays_ambiguous: frozenset[str]
    weekdays_punct_after: frozenset[str]
    weekday_context: frozenset[str]
    weekday_after_ok: frozenset[str]
    rel: dict[str, str]  # word -> past/next/current
    day_words: dict[str, str]  # اليوم/أمس/غدا/بعد غد ... -> today/yesterday/tomorrow ...
    tense_window: int
    tense_stops: frozenset[str]
    future_cues: frozenset[str]
    future_present: frozenset[str]
    past_cues: frozenset[str]
    not_future: frozenset[str]
    future_letters: frozenset[str]
    future_next: frozenset[str]
    lexicon: Lexicon
    name_quotes: tuple[str, ...]  # opening + closing quote
    rel_units: dict[str, str]
    today_block_before: frozenset[str]
    today_block_after: frozenset[str]
    today_sure_before: frozenset[str]
    year_punct: frozenset[str]
    not_year_before: frozenset[str]
    year_introducers: frozenset[str]
    year_pair_keywords: frozenset[str]
    and_words: frozenset[str]
    between: frozenset[str]
    this: frozenset[str]
    not_after_year: frozenset[str]
    hijri_months: dict[str, int]
    hijri_need_year: frozenset[str]
    seasons: dict[str, str]
    ordinals: dict[str, int]
    numbers: dict[str, int]
    fractions: dict[str, float]
    units: dict[str, tuple[str, int, str]]  # form -> (letter, factor, sg/pl/dual)
    dual_alone: frozenset[str]
    single_unit_intro: frozenset[str]
    anchor_after: frozenset[str]
    set_adverbs: dict[str, str]
    set_block_after: frozenset[str]
    hour_words: dict[str, int]
    minute_fractions: dict[str, int]
    day_parts: dict[str, tuple[int, int]]  # period of the day -> hours [from, to)
    holidays: dict[str, tuple[int, int]]  # name -> Hijri (month, day)
    holiday_day_of: dict[str, int]  # أول أيام -> 0
    month_edges: dict[str, str]  # بداية -> start, نهاية -> end
    generic_holidays: tuple[str, ...]
    patterns: list[tuple[re.Pattern, str]]
    margins: list[tuple[int, int]]
    trigger: re.Pattern
    trigger_start: re.Pattern
    trigger_cats: dict[str, frozenset[int]]
    digit_cats: frozenset[int]


def _norm_list(xs) -> list[str]:
    return [normalize(x) for x in xs]


def _norm_map(d) -> dict[str, int]:
    return {normalize(k): v for k, v in d.items()}


def _numbered(lexicon: Lexicon, cls: str) -> dict[str, int]:
    """A ``word<TAB>number`` word class (months, weekdays): normalized word → number."""
    return {w: int(v) for w, v in lexicon.pairs(cls).items()}


def _compiled(lexicon: Lexicon) -> _Lex:
    """The dates patterns and tables of ``lexicon`` (compiled once per lexicon)."""
    return lexicon.memo("dates.compiled", lambda: _compile(lexicon))


def _compile(lexicon: Lexicon) -> _Lex:
    data = lexicon.table("lexicons/dates.json")
    n = _norm_list
    lt = _Letters.of(data, lexicon)
    L, L_CONJ, L_NUM, _NOT_NUM_AFTER = lt.L, lt.L_CONJ, lt.L_NUM, lt.NOT_NUM_AFTER
    ART = re.escape(lt.art)
    COMMA = _cls(lt.commas)
    months = _numbered(lexicon, "months_gregorian")
    weekdays = _numbered(lexicon, "weekdays")
    rel = {normalize(w): kind for kind, ws in data["relative"].items() for w in ws}
    hijri = _numbered(lexicon, "months_hijri")
    numbers = _norm_map(data["numbers"])
    units: dict[str, tuple[str, int, str]] = {}
    dual_alone = set()
    for u in data["units"].values():
        for form in ("sg", "pl", "dual"):
            for w in n(u[form]):
                units[w] = (u["letter"], u["factor"], form)
                if form == "dual" and u["dual_alone"]:
                    dual_alone.add(w)
    ordinals = _norm_map(data["ordinal_days"])
    ord_tens = _norm_map(data["ordinal_day_tens"])
    ord_round = _norm_map(data["ordinal_day_round"])
    ordinals_all = dict(ordinals)
    ordinals_all.update(ord_tens)
    ordinals_all.update(ord_round)
    hour_words = _norm_map(data["hour_words"])
    minute_fractions = _norm_map(data["minute_fractions"])
    day_parts = {normalize(k): (int(v[0]), int(v[1])) for k, v in data["day_parts"].items()}
    seasons = {normalize(k): v for k, v in data["seasons"].items()}
    set_adverbs = {normalize(k): v for k, v in data["set_adverbs"].items()}

    REL = _alt(rel)
    MONTH = _alt(months)
    WD = _alt(weekdays)
    WD_BARE = _alt(w[len(lt.art):] for w in weekdays)
    HMONTH = _alt(hijri)
    HMARK = _alt(n(data["hijri_marks"]))
    GMARK = rf"(?:{S0}{_alt(n(data['gregorian_mark']))}{R}\.?)?"
    ORD = (
        rf"(?:{_alt(ordinals)}(?:{S}{_alt(ord_tens)})?|{_alt(ord_round)}){R}"
    )
    # number words: standalone ones, teens (ثلاثة عشر), units + tens (خمسة وعشرين)
    teen_only = set(n(data["numbers_teen_only"]))
    fw = data["function_words"]
    AND = _alt(n(fw["and"]))
    tens = set(n(data["numbers_tens"]))
    small = [w for w, v in numbers.items() if v < 10 and w not in teen_only]
    alone = [w for w in numbers if w not in teen_only]
    teen_tail = _alt(n(data["numbers_teen_tail"]))
    NUMW = (
        rf"(?:{ART})?(?:{_alt(small)}{S}{AND}{S0}(?:{ART})?{_alt(tens)}"
        rf"|{_alt(list(small) + list(teen_only))}{S}{teen_tail}"
        rf"|{_alt(alone)}){R}"
    )
    NUM = rf"(?:\d+(?:[.{''.join(map(re.escape, lt.dec))}]\d+)?{_NOT_NUM_AFTER}|{NUMW})"
    UNIT = _alt(units) + R
    UNIT_SG = _alt(w for w, (_, _, f) in units.items() if f == "sg") + R
    UNIT_DUAL = _alt(dual_alone) + R
    UNIT_PL = _alt(w for w, (_, _, f) in units.items() if f == "pl") + R
    ONE = _alt(n(data["numbers_one_after_unit"])) + R
    HALF = _alt(n(data["and_half"])) + R
    FRAC = _alt(n(data["fractions"])) + R
    AGO = _alt(n(data["ago"]))
    APPROX = _alt(n(data["approx"]))
    RANGE = rf"(?:{S0}[-–—]{S0}|{S}{_alt(n(data['range_words']))}{S})"
    YKW = _alt(n(data["year_keywords"] + data["year_pair_keywords"]))
    THIS = _alt(n(data["this"]))
    REL_UNIT = _alt(w for ws in data["rel_units"].values() for w in n(ws))
    YEAR4 = rf"\d{{4}}{_NOT_NUM_AFTER}"
    DAYW = _alt(n(fw["day"]))
    MONTHW = _alt(n(fw["month"]))
    OF = _alt(n(fw["of"]))
    OF_IN = _alt(n(fw["of"] + fw["in"]))
    YEARW = _alt(n(fw["year"]))  # عام، سنة
    DEF_YEARW = _alt(lt.art + w for w in n(fw["year"]))  # العام، السنة
    EVERY = _alt(n(data["every"]))
    YRANGE = _alt(n(data["range_words"]))

    # explicit dates: [يوم] [weekday،] [يوم] [d0 -] day|ordinal [من] [شهر] MONTH[/MONTH] [year|rel]
    monthx = (
        rf"(?P<mx>(?P<m1>{MONTH}){R}"
        rf"(?:{S0}[/\\]{S0}(?P<m2>{MONTH}){R}|{S0}\({S0}(?P<m3>{MONTH}){S0}\))?)"
    )
    yearspec = (
        rf"(?:{S}(?:{OF_IN}{S})?(?:(?:{ART})?{YEARW}{S})?(?P<y>{YEAR4}){GMARK}"
        rf"|{S}(?:{OF}{S})?(?P<yrel>{THIS}{S}{DEF_YEARW}{R}|{DEF_YEARW}{S}{REL}{R})"
        rf"|{S}(?P<mrel>{REL}){R})?"
    )
    ordinal_words = list(ordinals_all)
    date_re = (
        rf"{_first(weekdays, n(fw['day'] + fw['month']), ordinal_words, months, digits=True)}{L_NUM}"
        rf"(?:(?:(?P<yawm0>{DAYW}){S})?(?:(?P<wd>{WD}){R}{S0}{COMMA}?{S0})?(?:(?P<yawm>{DAYW}){S})?"
        rf"(?:(?:(?P<d0>\d{{1,2}})|(?P<od0>{ORD})){RANGE})?(?:(?P<d>\d{{1,2}})(?!\d)|(?P<od>{ORD})){S0}(?:{OF}{S})?)?"
        rf"(?:(?P<shahr>{MONTHW}){S})?{monthx}{yearspec}"
    )
    numdate_re = (
        r"(?=[0-9])(?<![\d/.-])(?:(?P<a>\d{1,2})(?P<s1>[/.-])(?P<b>\d{1,2})(?P=s1)(?P<c>\d{4})"
        r"|(?P<ya>\d{4})(?P<s2>[/.-])(?P<mb>\d{1,2})(?P=s2)(?P<dc>\d{1,2}))(?![\d/.-]?\d)"
    )
    hijri_re = (
        rf"{_first(ordinal_words, n(fw['month'] + fw['year']), [lt.art], hijri, digits=True)}"
        rf"(?:{L_NUM}(?:(?:(?P<hwd>{WD}){R}{S0}{COMMA}?{S0})?"
        rf"(?:(?P<hd>\d{{1,2}})(?!\d)|(?P<hod>{ORD})){S0}(?:{OF}{S})?)?(?:{MONTHW}{S})?"
        rf"(?P<hm>{HMONTH}){R}(?:{S}(?:{OF}{S})?(?:(?:{ART})?{YEARW}{S})?(?P<hy>\d{{3,4}})(?!\d)"
        rf"(?:{S0}(?P<hmark>{HMARK}){R}\.?)?|{S}(?P<hrel>{REL}){R})?"
        rf"|{L_NUM}(?:(?:{ART})?{YEARW}{S})?(?:(?P<hy1>\d{{3,4}}){S0}[-–—/]{S0})?(?P<hy2>\d{{3,4}})(?!\d){S0}{HMARK}{R}\.?)"
    )
    # holidays and the edges of a Hijri month: عيد الفطر (الحالي)، أول أيام العيد، نهاية رمضان
    holidays = {normalize(k): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()}
    day_of = _norm_map(data["holiday_day_of"])
    edges = {normalize(w): k for k, ws in data["month_edges"].items() for w in ws}
    hol_generic = n(data["holiday_generic"])
    holiday_re = (
        rf"{_first(holidays, day_of, edges, hijri, hol_generic)}{L}"
        rf"(?:(?P<edge>{_alt(edges)}){S}(?:{MONTHW}{S})?|(?P<dayof>{_alt(day_of)}){S})?"
        rf"(?:(?P<hol>{_alt(holidays)})|(?P<hmon>{HMONTH})|(?P<hgen>{_alt(hol_generic)})){R}"
        rf"(?:{S}(?P<holrel>{REL}){R})?"
    )
    season_re = (
        rf"{_first(seasons)}{L}(?P<season>{_alt(seasons)}){S}(?:(?:{ART})?{YEARW}{S})?"
        rf"(?P<sy>{YEAR4}){GMARK}"
    )
    year_re = (
        rf"{_first(n(data['year_keywords'] + data['year_pair_keywords']), digits=True)}{L_NUM}"
        rf"(?:(?P<kw>{YKW}){S})?(?P<y1>\d{{3,4}}){_NOT_NUM_AFTER}{GMARK}"
        rf"(?:(?P<sep>{S0}[-–—/]{S0}|{S}{YRANGE}{S}|{S}{AND}{S0})(?:(?:{ART})?{YEARW}{S})?"
        rf"(?P<y2>\d{{3,4}}){_NOT_NUM_AFTER}{GMARK})?"
    )
    # "اليوم الخميس", "أمس الثلاثاء", "غدا الجمعة": the weekday names the day
    day_words = n(
        data["today"] + data["yesterday"] + data["tomorrow"] + data["day_before_yesterday"]
        + data["day_after_tomorrow"]
    )
    DWORD = _alt(day_words)
    weekday_re = (
        rf"{_first(weekdays, n(fw['day']), day_words)}{L}"
        rf"(?:(?P<dword>{DWORD}){S0}(?P<par>\()?{S0}(?<=[\s(]))?(?:(?P<yawm>{DAYW}){S})?(?P<wd>{WD}){R}"
        rf"(?(par){S0}\))(?:{S}(?P<rel>{REL}){R})?"
    )
    rel_words = (
        n(data["day_before_yesterday"]) + n(data["day_after_tomorrow"]) + n(data["last_night"])
        + n(data["this"]) + _rel_unit_words(data) + n(data["yesterday"]) + n(data["today"])
        + n(data["tomorrow"])
    )
    YP = _cls(lt.yest_prep)
    rel_re = (
        rf"{_first(rel_words)}(?:{L_CONJ}(?P<dby>{_alt(n(data['day_before_yesterday']))}){R}"
        rf"|{L_CONJ}(?P<lastnight>{_alt(n(data['last_night']))}){R}"
        rf"|{L_CONJ}(?P<dat>{_alt(n(data['day_after_tomorrow']))}){R}"
        rf"|(?:{L_CONJ}|(?<={_B}{YP})(?={ART})|(?<={_B}{_cls(lt.conj)}{YP})(?={ART}))"  # أمس، وأمس، بالأمس
        rf"(?P<yest>{_alt(n(data['yesterday']))}){R}"
        rf"|{L_CONJ}(?P<tmrw>{_alt(n(data['tomorrow']))}){R}"
        rf"|{L}(?P<today>{_alt(n(data['today']))}){R}"
        rf"|{L}(?:(?P<this>{THIS}){S})?(?P<ru>{REL_UNIT}){R}"
        rf"(?:{S}(?P<bp>{_alt(n(data['before_past']))})|{S}(?P<rr>{REL}))?{R})"
    )
    dur_re = (
        rf"{_first(n(data['ago']), numbers, [lt.art], units, n(data['fractions']), digits=True)}"
        rf"{L_NUM}(?:(?P<ago>{AGO}){S}(?:{APPROX}{S})?)?(?:"
        rf"(?P<n0>{NUM}){RANGE}(?P<n1>{NUM}){S}(?P<u1>{UNIT})"
        rf"|(?P<n>{NUM}){S}(?P<u>{UNIT})(?:{S}(?P<half>{HALF}))?"
        rf"|{ART}(?P<udr>{_alt(w for w, (_, _, f) in units.items() if f == 'dual')}){S}{_alt(n(data['dual_relative']))}{R}"
        rf"|(?P<ud>{UNIT_DUAL})(?:{S}(?P<half2>{HALF}))?"
        rf"|(?P<us1>{UNIT_SG}){S}(?:{ONE}|(?P<half3>{HALF}))"
        rf"|{ART}(?P<upl>{UNIT_PL}){S}(?P<npl>{NUMW}|{ART}{S0}\d+{_NOT_NUM_AFTER})"
        rf"|(?P<frac>{FRAC}){S}(?P<uf>{UNIT_SG})"
        rf"|(?P<us>{UNIT_SG})(?!{S0}\d)"
        rf")"
    )
    set_re = (
        rf"{_first(n(data['every']), set_adverbs)}{L}"
        rf"(?:{EVERY}{S}(?:(?P<sn>{NUM}){S}(?P<su>{UNIT})"
        rf"|(?P<sd>{UNIT_DUAL})|(?P<syawm>{DAYW}{S})?(?P<swd>{WD_BARE}){R}|(?P<ss>{UNIT_SG}))"
        rf"|(?P<adv>{_alt(set_adverbs)}){R})"
    )
    HOURW = _alt(hour_words) + R
    time_re = (
        rf"{_first(n(data['hour_keyword']), hour_words, digits=True)}{L}"
        rf"(?:(?P<sa>{_alt(n(data['hour_keyword']))}){S})?"
        rf"(?:(?P<hd>\d{{1,2}})(?::(?P<mi>\d{{2}})|{_cls(data['time_separators'])}(?P<mi2>\d{{2}}))?(?![\d:])"
        rf"|(?P<hw>{HOURW}))"
        rf"(?:{S}(?:(?P<fr>{_alt(minute_fractions)}){R}"
        rf"|{AND}{S0}(?P<fm>\d{{1,2}}){S}{_alt(n(data['minute_words']))}{R}))?"
        rf"(?:{S}(?:{_alt(n(data['day_part_of']))}{S})?(?P<ap>{_alt(day_parts)}){R})?"
    )
    # (pattern, handler name, trigger keywords, chars searched before / after a keyword)
    weak = frozenset(n(data["weak_trigger_words"]))

    def longest(phrases):
        return _trigger_words(phrases, lt.art, weak)

    unit_words = list(units)
    digits = ["0"]  # stands for any run of digits in the trigger
    specs = [
        (date_re, "date", longest(months), 45, 45),
        (numdate_re, "numdate", digits, 12, 12),
        (hijri_re, "hijri", longest(hijri) + digits, 40, 30),
        (season_re, "season", list(seasons), 12, 20),
        (holiday_re, "holiday", longest(holidays) + longest(hijri) + hol_generic, 30, 25),
        (year_re, "year", digits, 30, 30),
        (weekday_re, "weekday", list(weekdays), 20, 20),
        (
            rel_re,
            "rel",
            longest([w for w in rel_words if w not in n(data["this"])])
            + list(_rel_unit_words(data)),
            20,
            25,
        ),
        (dur_re, "dur", unit_words + [lt.art + w for w, u in units.items() if u[2] in ("pl", "dual")], 45, 25),
        (set_re, "set", n(data["every"]) + list(set_adverbs), 10, 40),
        (time_re, "time", longest(n(data["hour_keyword"]) + list(day_parts) + list(hour_words)) + digits, 30, 30),
    ]
    patterns = [(re.compile(rx), name) for rx, name, _, _, _ in specs]
    margins = [(back, fwd) for _, _, _, back, fwd in specs]
    kw_cats: dict[str, set[int]] = {}
    for i, (_, _, kws, _, _) in enumerate(specs):
        for k in kws:
            kw_cats.setdefault(k, set()).add(i)
    digit_cats = frozenset(kw_cats.pop("0"))
    # a hit also stands for every keyword inside it (الساعات holds ساعات)
    trigger_cats = {
        k: frozenset(set().union(*(v for k2, v in kw_cats.items() if k2 in k)))
        for k in kw_cats
    }
    # whole keywords at the start of a word (after و/ف/ب/ل clitics); the leading character
    # class lets the regex engine skip quickly to word starts
    body = rf"{_cls(lt.conj + lt.prep)}{{0,2}}(\d+|{_trie(kw_cats)}{R})"
    trigger = re.compile(rf"[\s{''.join(map(re.escape, lt.signs))}]{body}")
    trigger_start = re.compile(body)
    return _Lex(
        letters=lt,
        art=lt.art,
        dec=lt.dec,
        months=months,
        months_ambiguous=frozenset(n(data["months_ambiguous"])),
        months_intro=frozenset(n(data["months_intro"])),
        weekdays=weekdays,
        weekdays_ambiguous=frozenset(n(data["weekdays_ambiguous"])),
        weekdays_punct_after=frozenset(n(data["weekdays_ambiguous_punct_after"])),
        weekday_context=frozenset(n(data["weekday_context"])),
        weekday_after_ok=frozenset(n(data["weekday_after_ok"])),
        rel=rel,
        day_words={
            normalize(w): k
            for k in ("today", "yesterday", "tomorrow", "day_before_yesterday", "day_after_tomorrow")
            for w in data[k]
        },
        tense_window=int(data["tense_window"]),
        tense_stops=frozenset(data["tense_stops"]),
        future_cues=frozenset(n(data["future_cues"])),
        future_present=frozenset(n(data["future_present_verbs"])),
        past_cues=frozenset(n(data["past_cues"])),
        not_future=frozenset(n(data["not_future_verbs"])),
        future_letters=frozenset(proclitics(lexicon).future),
        future_next=frozenset(lexicon.table("lexicons/clitics.json")["future_next"]),
        lexicon=lexicon,
        name_quotes=tuple(q for q in data["name_quotes"] if len(q) == 2),
        rel_units={normalize(w): u for u, ws in data["rel_units"].items() for w in ws},
        today_block_before=frozenset(n(data["today_block_before"])),
        today_block_after=frozenset(n(data["today_block_after"])),
        today_sure_before=frozenset(n(data["today_sure_before"])),
        year_punct=frozenset(data["year_punct"]),
        not_year_before=frozenset(n(data["not_year_before"])),
        year_introducers=frozenset(n(data["year_introducers"])),
        year_pair_keywords=frozenset(n(data["year_pair_keywords"])),
        and_words=frozenset(n(fw["and"])),
        between=frozenset(n(fw["between"])),
        this=frozenset(n(data["this"])),
        not_after_year=frozenset(n(data["not_after_year"])),
        hijri_months=hijri,
        hijri_need_year=frozenset(n(data["hijri_months_need_year"])),
        seasons=seasons,
        ordinals=ordinals_all,
        numbers=numbers,
        fractions={normalize(k): v for k, v in data["fractions"].items()},
        units=units,
        dual_alone=frozenset(dual_alone),
        single_unit_intro=frozenset(n(data["single_unit_intro"])),
        anchor_after=frozenset(n(data["anchor_after"])),
        set_adverbs=set_adverbs,
        set_block_after=frozenset(n(data["set_block_after"])),
        hour_words=hour_words,
        minute_fractions=minute_fractions,
        day_parts=day_parts,
        holidays=holidays,
        holiday_day_of=day_of,
        month_edges=edges,
        generic_holidays=tuple(normalize(w) for w in data["generic_holidays"]),
        patterns=patterns,
        margins=margins,
        trigger=trigger,
        trigger_start=trigger_start,
        trigger_cats=trigger_cats,
        digit_cats=digit_cats,
    )


# ---------------------------------------------------------------- value helpers


def _iso_week(d: Date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _num(s: str, lex: _Lex) -> float | None:
    """Value of a number written in digits or words (ثلاثة، خمسة وعشرين، ثلاث عشرة)."""
    art = lex.art
    for sep in lex.dec:
        s = s.replace(sep, ".")
    if s.startswith(art) and s[len(art):].lstrip()[:1].isdigit():  # الـ24
        s = s[len(art):].lstrip()
    if s[:1].isdigit():
        try:
            return float(s)
        except ValueError:
            return None
    total = 0.0
    for w in s.split():
        if w in lex.and_words:
            continue
        v = lex.numbers.get(w)
        if v is None and w.startswith(art):
            v = lex.numbers.get(w[len(art):])
        if v is None and w[:1] in lex.and_words:  # وعشرين، والعشرين
            v = lex.numbers.get(w[1:])
            if v is None and w[1:].startswith(art):
                v = lex.numbers.get(w[1 + len(art):])
        if v is None:
            return None
        total += v
    return total or None


def _fmt_num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _duration(n: float, letter: str, factor: int) -> str | None:
    """ISO 8601 duration for ``n`` units (fractions go to the next smaller unit)."""
    n = n * factor
    if n <= 0:
        return None
    whole, frac = int(n), n - int(n)
    if letter in ("H", "MIN", "S"):
        des = {"H": "H", "MIN": "M", "S": "S"}[letter]
        if frac == 0:
            return f"PT{whole}{des}"
        if letter == "H" and (frac * 60) == int(frac * 60):
            return "PT" + (f"{whole}H" if whole else "") + f"{int(frac * 60)}M"
        if letter == "MIN" and (frac * 60) == int(frac * 60):
            return "PT" + (f"{whole}M" if whole else "") + f"{int(frac * 60)}S"
        return f"PT{_fmt_num(n)}{des}"
    if frac == 0:
        return f"P{whole}{letter}"
    if letter == "Y" and (frac * 12) == int(frac * 12):
        return "P" + (f"{whole}Y" if whole else "") + f"{int(frac * 12)}M"
    if letter == "D" and (frac * 24) == int(frac * 24):
        return "P" + (f"{whole}D" if whole else "") + f"T{int(frac * 24)}H"
    return f"P{_fmt_num(n)}{letter}"


def _ago(d: Date, n: float, letter: str, factor: int) -> str | None:
    """The date ``n`` units before ``d``, at the unit's granularity."""
    if n != int(n):
        return None
    k = int(n) * factor
    try:
        if letter == "D":
            return (d - timedelta(days=k)).isoformat()
        if letter == "W":
            return _iso_week(d - timedelta(weeks=k))
        if letter == "M":
            y, m = _add_months(d.year, d.month, -k)
            return f"{y:04d}-{m:02d}"
        if letter == "Y":
            return f"{d.year - k:04d}"
        if letter in ("H", "MIN", "S"):
            secs = k * {"H": 3600, "MIN": 60, "S": 1}[letter]
            return (d - timedelta(days=secs // 86400)).isoformat()
    except (OverflowError, ValueError):
        return None
    return None


def _hijri_to_greg(y: int, m: int, d: int) -> Date | None:
    from hijridate import Hijri

    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return Date(g.year, g.month, g.day)


def _hijri_month_span(y: int, m: int) -> str | None:
    from hijridate import Hijri

    try:
        first = Hijri(y, m, 1)
        last = Hijri(y, m, first.month_length())
        a, b = first.to_gregorian(), last.to_gregorian()
    except (ValueError, OverflowError):
        return None
    return f"{a.isoformat()}/{b.isoformat()}"


def _hijri_year_span(y: int) -> str | None:
    a = _hijri_to_greg(y, 1, 1)
    b = _hijri_to_greg(y + 1, 1, 1)
    if a is None or b is None:
        return None
    return f"{a.isoformat()}/{(b - timedelta(days=1)).isoformat()}"


def _today_hijri(d: Date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


# ---------------------------------------------------------------- matching

Cand = tuple[int, int, str, str]  # norm start, norm end, value, kind


class _Ctx:
    __slots__ = ("text", "date", "lex")

    def __init__(self, text: str, d: Date | None, lex: _Lex):
        self.text = text
        self.date = d
        self.lex = lex

    def prev_word(self, pos: int) -> str:
        m = _PREV_WORD.search(self.text, max(0, pos - 40), pos)
        return m.group(1) if m else ""

    def next_word(self, pos: int) -> str:
        m = _NEXT_WORD.match(self.text, pos)
        return m.group(1) if m else ""

    def prev_char(self, pos: int) -> str:
        """The last non-space character before ``pos`` on its line ("\\n" at a line start)."""
        i = pos - 1
        t = self.text
        while i >= 0 and t[i] in " \t\u200f\u200e":
            i -= 1
        return t[i] if i >= 0 and t[i] != "\n" else "\n"

    def next_char(self, pos: int) -> str:
        i = pos
        t = self.text
        n = len(t)
        while i < n and t[i] in " \t\u200f\u200e":
            i += 1
        return t[i] if i < n else "\n"


def _is_punct(ch: str) -> bool:
    return ch == "\n" or not (ch.isalnum() or ch == "_")


def _strip_conj(w: str, lex: _Lex) -> str:
    """``w`` without a one-letter conjunction (و، ف)."""
    return w[1:] if len(w) > 2 and w[0] in lex.letters.conj else w


def _month_value(c: _Ctx, m: int, day: int | None, year: int | None, rel: str | None) -> str | None:
    if year is not None:
        try:
            return Date(year, m, day).isoformat() if day else f"{year:04d}-{m:02d}"
        except ValueError:
            return None
    d = c.date
    if d is None:
        return None
    y = d.year
    key = (m, day or 0)
    now = (d.month, d.day if day else 0)
    if rel == "next":
        if key <= now:
            y += 1
    elif rel == "past":
        if key >= now:
            y -= 1
    elif rel == "current":
        pass
    elif rel == "future":  # a future clause: on or after the article date
        if key < now:
            y += 1
    elif key > now:
        y -= 1
    try:
        return Date(y, m, day).isoformat() if day else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


def _rel_year(c: _Ctx, this: bool, rr: str | None, bp: bool) -> int | None:
    if c.date is None:
        return None
    if bp:
        return c.date.year - 2
    kind = c.lex.rel.get(rr) if rr else ("current" if this else None)
    if kind is None:
        return None
    return c.date.year + {"past": -1, "next": 1, "current": 0}[kind]


def _h_date(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    m1 = _key(g("m1"))
    month = lex.months[m1]
    other = g("m2") or g("m3")
    if other and lex.months.get(_key(other)) != month:
        other = None
    start, end = m.start(), m.end()
    day = None
    if g("d"):
        day = int(g("d"))
    elif g("od"):
        day = sum(lex.ordinals.get(w, 0) for w in g("od").split())
        # "النصف الثاني من سبتمبر", "الأسبوع الأول من": an ordinal adjective, not a day
        if not g("wd") and c.prev_word(m.start("od")).startswith(lex.art):
            day = None
    if day is not None and not 1 <= day <= 31:
        day = None
    if day is None:  # keep the month (and what follows it) only
        start = m.start("shahr") if g("shahr") else m.start("mx")
    year = None
    rel = None
    if g("y"):
        year = int(g("y"))
        if not 1000 <= year <= 2199:
            year = None
            end = m.end("mx")
    elif g("yrel"):
        words = g("yrel").split()
        this = words[0] in lex.this
        rr = words[-1] if not this else None
        year = _rel_year(c, this, rr, False)
        if year is None:
            return []
    elif g("mrel"):
        rel = lex.rel.get(g("mrel"))
    if m1 in lex.months_ambiguous and not (day or year or other or rel or g("shahr")):
        if _strip_conj(c.prev_word(start), lex) not in lex.months_intro:
            return []
    if day is not None and rel is None and year is None and c.date is not None and _tense(c, start) == "future":
        rel = "future"
    if day is not None and (g("d0") or g("od0")):
        d0 = int(g("d0")) if g("d0") else sum(lex.ordinals.get(w, 0) for w in g("od0").split())
        a = _month_value(c, month, d0, year, rel)
        b = _month_value(c, month, day, int(a[:4]), rel) if a else None
        if a and b and a < b:
            return [(start, end, f"{a}/{b}", "date")]
        return []
    value = _month_value(c, month, day, year, rel)
    if value is None:
        return []
    return [(start, end, value, "date")]


def _h_numdate(m: re.Match, c: _Ctx) -> list[Cand]:
    g = m.group
    try:
        if g("a"):
            d = Date(int(g("c")), int(g("b")), int(g("a")))
        else:
            d = Date(int(g("ya")), int(g("mb")), int(g("dc")))
    except ValueError:
        return []
    if not 1000 <= d.year <= 2199:
        return []
    return [(m.start(), m.end(), d.isoformat(), "date")]


def _h_hijri(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    if g("hy1"):  # a season or school year across two Hijri years: 1436-1437 هـ
        y1, y2 = int(g("hy1")), int(g("hy2"))
        a, b = _hijri_to_greg(y1, 7, 1), _hijri_to_greg(y2, 7, 1)
        if not (a and b and y1 < y2 <= y1 + 10):
            return []
        return [(m.start(), m.end(), f"{a.year:04d}/{b.year:04d}", "date")]
    if g("hy2"):
        v = _hijri_year_span(int(g("hy2")))
        return [(m.start(), m.end(), v, "date")] if v else []
    hm = _key(g("hm"))
    month = lex.hijri_months[hm]
    day = None
    if g("hd"):
        day = int(g("hd"))
    elif g("hod"):
        if not g("hwd") and c.prev_word(m.start("hod")).startswith(lex.art):
            return []
        day = sum(lex.ordinals.get(w, 0) for w in g("hod").split())
    if day is not None and not 1 <= day <= 30:
        return []
    year = int(g("hy")) if g("hy") else None
    if year is not None and not g("hmark") and not 1300 <= year <= 1500:
        return []
    rel = lex.rel.get(g("hrel")) if g("hrel") else None
    if year is None and ((day is None and rel is None) or hm in lex.hijri_need_year):
        return []
    start, end = m.start(), m.end()
    if year is None:
        if c.date is None:
            return []
        year = _hijri_year_near(c, month, day, rel, m.start())
        if year is None:
            return []
    if day is None:
        v = _hijri_month_span(year, month)
    else:
        gd = _hijri_to_greg(year, month, day)
        v = gd.isoformat() if gd else None
    return [(start, end, v, "date")] if v else []


def _hijri_year_near(
    c: _Ctx, month: int, day: int | None, rel: str | None, pos: int, tense: bool = True
) -> int | None:
    """The Hijri year of a month (and day) written without one, from the article date: the
    current year for الجاري، the next occurrence for المقبل، the last for الماضي; else as the
    clause's tense tells (future: on or after the date, past: on or before), else the nearest."""
    today = _today_hijri(c.date)
    if today is None:
        return None
    ty = today[0]
    if rel == "current":
        return ty
    d = c.date
    cands = []
    for y in (ty - 1, ty, ty + 1):
        if day is None:
            a = _hijri_to_greg(y, month, 1)
            b = _hijri_to_greg(y + 1, 1, 1) if month == 12 else _hijri_to_greg(y, month + 1, 1)
            if a and b:
                cands.append((y, a, b - timedelta(days=1)))
        else:
            g = _hijri_to_greg(y, month, day)
            if g:
                cands.append((y, g, g))
    if not cands:
        return None
    if rel == "next":
        fut = [y for y, a, _ in cands if a > d]
        return fut[0] if fut else None
    if rel == "past":
        past = [y for y, _, b in cands if b < d]
        return past[-1] if past else None
    tense = _tense(c, pos) if tense else None
    if tense == "future":
        fut = [y for y, _, b in cands if b >= d]
        if fut:
            return fut[0]
    elif tense == "past":
        past = [y for y, a, _ in cands if a <= d]
        if past:
            return past[-1]

    def dist(x):
        _, a, b = x
        return 0 if a <= d <= b else min(abs((a - d).days), abs((b - d).days))

    return min(cands, key=lambda x: (dist(x), x[1] > d))[0]


def _h_holiday(m: re.Match, c: _Ctx) -> list[Cand]:
    """عيد الفطر (الحالي)، بداية عيد الأضحى، أول أيام العيد، نهاية رمضان: the day it names."""
    if c.date is None:
        return []
    lex = c.lex
    g = m.group
    rel = lex.rel.get(g("holrel")) if g("holrel") else None
    edge = lex.month_edges.get(_key(g("edge"))) if g("edge") else None
    offset = lex.holiday_day_of.get(_key(g("dayof")), 0) if g("dayof") else 0
    if g("hmon"):  # نهاية رمضان: the first or last day of the month
        if edge is None or g("hmon") in lex.hijri_need_year:
            return []
        month = lex.hijri_months[_key(g("hmon"))]
        y = _hijri_year_near(c, month, None, rel, m.start())
        if y is None:
            return []
        a = _hijri_to_greg(y, month, 1)
        b = _hijri_to_greg(y + 1, 1, 1) if month == 12 else _hijri_to_greg(y, month + 1, 1)
        if not (a and b):
            return []
        v = a if edge == "start" else b - timedelta(days=1)
        return [(m.start(), m.end(), v.isoformat(), "date")]
    if edge == "end":
        return []  # the end of a feast of several days: no one day
    if g("hgen"):  # أول أيام العيد: the nearest of the feasts
        if not g("dayof"):
            return []
        best = None
        for name in lex.generic_holidays:
            month, day = lex.holidays[name]
            y = _hijri_year_near(c, month, day, rel, m.start(), tense=False)
            gd = _hijri_to_greg(y, month, day) if y is not None else None
            if gd and (best is None or abs((gd - c.date).days) < abs((best - c.date).days)):
                best = gd
        if best is None:
            return []
        return [(m.start(), m.end(), (best + timedelta(days=offset)).isoformat(), "date")]
    month, day = lex.holidays[_key(g("hol"))]
    # a feast (and the holiday around it) lasts days: the nearest one, whatever the tense
    y = _hijri_year_near(c, month, day, rel, m.start(), tense=False)
    gd = _hijri_to_greg(y, month, day) if y is not None else None
    if gd is None:
        return []
    return [(m.start(), m.end(), (gd + timedelta(days=offset)).isoformat(), "date")]


def _h_season(m: re.Match, c: _Ctx) -> list[Cand]:
    y = int(m.group("sy"))
    if not 1000 <= y <= 2199:
        return []
    return [(m.start(), m.end(), f"{y:04d}-{c.lex.seasons[m.group('season')]}", "date")]


def _single_year(c: _Ctx, kw: str | None, ytext: str, start: int, end: int) -> list[Cand]:
    lex = c.lex
    y = int(ytext)
    if kw:
        return [(start, end, f"{y:04d}", "date")] if 100 <= y <= 2199 else []
    # a bare number is a year only as 19xx/20xx after في/منذ/حتى... and not before a noun
    # that makes it a quantity (حتى 2000 دولار)
    if not (len(ytext) == 4 and 1900 <= y <= 2099):
        return []
    prev = c.prev_word(start)
    yend = start + len(ytext)
    if prev not in lex.year_introducers and _strip_conj(prev, lex) not in lex.year_introducers:
        # انتخابات 2016، / مونديال 2022: a year right before punctuation, after a word
        before = _WORD.findall(c.text, max(0, start - 40), start)[-3:]
        if not (
            yend < len(c.text) and c.text[yend] in lex.year_punct and prev
            and c.prev_char(start).isalpha()
            and not any(w in lex.not_year_before or _strip_conj(w, lex) in lex.not_year_before for w in before)
        ):
            return []
    nxt = c.next_word(yend)
    if nxt in lex.not_after_year or _strip_conj(nxt, lex) in lex.not_after_year or c.next_char(yend) == "%":
        return []
    return [(start, end, f"{y:04d}", "date")]


def _h_year(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    kw = g("kw")
    pair = kw in lex.year_pair_keywords  # عامي 1950 و1953
    start = m.start()
    if g("y2"):
        y1, y2 = int(g("y1")), int(g("y2"))
        sep = g("sep").strip()
        ok = len(g("y1")) == len(g("y2")) == 4 and y1 < y2 <= 2199 and y2 - y1 <= 300
        if sep in lex.and_words:
            ok = ok and (pair or c.prev_word(start) in lex.between)
        elif not kw:
            nxt = c.next_word(m.end())
            ok = ok and y1 >= 1800 and nxt not in lex.not_after_year and _strip_conj(nxt, lex) not in lex.not_after_year
        if ok:
            return [(start, m.end(), f"{y1:04d}/{y2:04d}", "date")]
        if pair or not (kw or sep in lex.and_words):
            return []
        out = _single_year(c, kw, g("y1"), m.start("y1") if not kw else start, m.end("y1"))
        if out and sep in lex.and_words and 1900 <= y2 <= 2099:  # في 1950 و1953: two years
            out.append((m.start("y2"), m.end(), f"{y2:04d}", "date"))
        return out
    if pair:
        return []
    return _single_year(c, kw, g("y1"), start if kw else m.start("y1"), m.end())


def _weekday_ok(c: _Ctx, wd: str, start: int, end: int, has_yawm: bool, rel: str | None) -> bool:
    lex = c.lex
    if has_yawm or rel or wd not in lex.weekdays_ambiguous:
        return True
    if _strip_conj(c.prev_word(start), lex) in lex.weekday_context:
        return True
    before = _is_punct(c.prev_char(start))
    if before:
        return True
    if wd in lex.weekdays_punct_after and _is_punct(c.next_char(end)):
        return True
    # "قال الاثنين إن" / "قال الاثنين، إن"
    after = end
    if c.next_char(end) in lex.letters.commas:
        after = c.text.index(c.next_char(end), end) + 1
    return c.next_word(after) in lex.weekday_after_ok


def _resolve_weekday(d: Date, target: int, rel: str | None) -> Date:
    """The weekday ``target`` near ``d``: ``next`` strictly after, ``past`` strictly before,
    ``future`` on or after, ``near`` the nearest (within three days), else on or before."""
    if rel == "next":
        return d + timedelta(days=(target - d.weekday()) % 7 or 7)
    if rel == "past":
        return d - timedelta(days=(d.weekday() - target) % 7 or 7)
    if rel == "future":
        return d + timedelta(days=(target - d.weekday()) % 7)
    back = (d.weekday() - target) % 7
    if rel == "near" and back > 3:
        return d + timedelta(days=7 - back)
    return d - timedelta(days=back)


_WORD = re.compile(r"[^\W\d_]+")


def _future_verb(w: str, lex: _Lex) -> bool:
    """``w`` is a verb with the future prefix (سيعقد: س, an imperfect prefix, and the rest a
    word the corpus counts know better than the whole: not سيارة; not a not_future_verbs word)."""
    if len(w) < 4 or w in lex.not_future or w[0] not in lex.future_letters or w[1] not in lex.future_next:
        return False
    from khabar.arabic.clitics import clitics

    cl = clitics(lex.lexicon)
    stem = cl.count(w[1:])
    return stem >= 20 and stem > cl.count(w)


def _tense(c: _Ctx, pos: int) -> str | None:
    """``future`` or ``past`` as the clause before ``pos`` tells (see ``_tense`` in dates.json),
    or None."""
    lex = c.lex
    t = c.text
    i = pos
    lo = max(0, pos - 300)
    while i > lo and t[i - 1] not in lex.tense_stops:
        i -= 1
    words = _WORD.findall(t, i, pos)[-lex.tense_window:]
    for w in reversed(words):
        w0 = _strip_conj(w, lex)
        if w in lex.past_cues or w0 in lex.past_cues:
            return "past"
        if w in lex.future_cues or w0 in lex.future_cues or w0 in lex.future_present:
            return "future"
        if _future_verb(w0, lex):
            return "future"
    return None


def _h_weekday(m: re.Match, c: _Ctx) -> list[Cand]:
    if c.date is None:
        return []
    lex = c.lex
    wd = m.group("wd")
    rel = lex.rel.get(m.group("rel")) if m.group("rel") else None
    dword = m.group("dword")
    if dword and not rel:
        # the weekday names the day the day word points to (أمس الأحد: the Sunday before)
        rel = {
            "yesterday": "past", "day_before_yesterday": "past", "tomorrow": "next",
            "day_after_tomorrow": "next", "today": "near",
        }.get(lex.day_words.get(_key(dword), ""))
    end = m.end()
    if rel == "current":
        rel, end = None, m.end("wd")
    if rel in (None, "near"):
        # وقال اليوم الجمعة: on or before; يبدأ اليوم الاثنين: on or after; else the nearest
        tense = _tense(c, m.start())
        if tense == "future":
            rel = "future"
        elif tense == "past" and rel == "near":
            rel = None
    if not _weekday_ok(c, wd, m.start("wd"), m.end("wd"), bool(m.group("yawm") or dword), rel):
        return []
    v = _resolve_weekday(c.date, lex.weekdays[wd], rel)
    return [(m.start(), end, v.isoformat(), "date")]


def _h_rel(m: re.Match, c: _Ctx) -> list[Cand]:
    d = c.date
    if d is None:
        return []
    lex = c.lex
    g = m.group
    s, e = m.start(), m.end()
    if g("dby"):
        return [(s, e, (d - timedelta(days=2)).isoformat(), "date")]
    if g("lastnight") or g("yest"):
        return [(s, e, (d - timedelta(days=1)).isoformat(), "date")]
    if g("dat"):
        return [(s, e, (d + timedelta(days=2)).isoformat(), "date")]
    if g("tmrw"):
        return [(s, e, (d + timedelta(days=1)).isoformat(), "date")]
    if g("today"):
        prev = _strip_conj(c.prev_word(s), lex)
        nxt = c.next_word(e)
        if prev in lex.today_block_before or c.prev_word(s) in lex.today_block_before:
            return []
        if nxt.startswith(lex.art) or nxt[:1].isdigit():
            return []
        if nxt in lex.today_block_after and prev not in lex.today_sure_before:
            return []
        # "في اليوم" / "لليوم" / "باليوم" are phrases about a day, not today
        lt = lex.letters
        if s > 0 and c.text[s - 1] in lt.prep and (s < 2 or not c.text[s - 2].isalpha() or c.text[s - 2] in lt.conj):
            return []
        # «اليوم» alone between quotes: a name (the newspaper), not today
        if c.prev_char(s) + c.next_char(e) in lex.name_quotes:
            return []
        return [(s, e, d.isoformat(), "date")]
    unit = lex.rel_units[g("ru")]
    this = bool(g("this"))
    rr = g("rr")
    bp = bool(g("bp"))
    kind = lex.rel.get(rr) if rr else None
    if bp:
        shift = -2
    elif kind is not None:
        shift = {"past": -1, "next": 1, "current": 0}[kind]
    elif this:
        shift = 0
    else:
        return []
    if unit == "W":
        v = _iso_week(d + timedelta(weeks=shift))
    elif unit == "M":
        y, mo = _add_months(d.year, d.month, shift)
        v = f"{y:04d}-{mo:02d}"
    else:
        v = f"{d.year + shift:04d}"
    return [(s, e, v, "date")]


def _h_dur(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    start, end = m.start(), m.end()
    ago = g("ago")
    core_start = m.start("n0") if g("n0") else None
    if g("n0"):
        a, b = _num(g("n0"), lex), _num(g("n1"), lex)
        letter, factor, _ = lex.units[g("u1")]
        if a is None or b is None or not a < b:
            return []
        va, vb = _duration(a, letter, factor), _duration(b, letter, factor)
        if not (va and vb):
            return []
        return [(m.start("n0"), end, f"{va}/{vb}", "duration")]
    if g("n"):
        n = _num(g("n"), lex)
        letter, factor, _ = lex.units[g("u")]
        if g("half"):
            n = n + 0.5 if n is not None else None
        core_start = m.start("n")
    elif g("udr"):  # اليومين الماضيين: the two days (a duration)
        if ago:
            return []
        letter, factor, _ = lex.units[g("udr")]
        v = _duration(2, letter, factor)
        return [(m.start(), end, v, "duration")] if v else []
    elif g("ud"):
        letter, factor, _ = lex.units[g("ud")]
        n = 2.5 if g("half2") else 2.0
        core_start = m.start("ud")
    elif g("us1"):
        letter, factor, _ = lex.units[g("us1")]
        n = 1.5 if g("half3") else 1.0
        core_start = m.start("us1")
    elif g("upl"):  # السنوات الخمس (الماضية)
        if not g("npl").startswith(lex.art):
            return []
        letter, factor, _ = lex.units[g("upl")]
        n = _num(g("npl"), lex)
        core_start = m.start()
    elif g("frac"):
        letter, factor, _ = lex.units[g("uf")]
        n = lex.fractions[g("frac")]
        core_start = m.start("frac")
    else:  # a bare singular unit: منذ عام، قبل أسبوع، لمدة شهر
        letter, factor, _ = lex.units[g("us")]
        n = 1.0
        core_start = m.start("us")
        if not ago:
            if _strip_conj(c.prev_word(core_start), lex) not in lex.single_unit_intro:
                return []
            if c.next_word(end).startswith(lex.art) or c.next_word(end) in lex.weekdays:
                return []
    if n is None:
        return []
    if c.text[core_start - len(lex.art) : core_start] == lex.art and not c.text[core_start].isdigit():
        return []  # الساعة، العام: not a duration (الـ18 شهرا is)
    if ago:
        nxt = c.next_word(end)
        if g("us") and (nxt in lex.weekdays or nxt.startswith(lex.art)):
            return []  # قبل يوم الأحد، منذ عام الحرب
        if nxt not in lex.anchor_after:
            if c.date is None:
                return []
            v = _ago(c.date, n, letter, factor)
            return [(start, end, v, "date")] if v else []
        if g("us"):
            return []
        # "قبل ثلاثة أيام من الانتخابات": anchored elsewhere, just the duration
    v = _duration(n, letter, factor)
    return [(core_start, end, v, "duration")] if v else []


def _h_set(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    s, e = m.start(), m.end()
    if g("adv"):
        return [(s, e, lex.set_adverbs[g("adv")], "set")]
    nxt = c.next_word(e)
    if g("sn"):
        n = _num(g("sn"), lex)
        letter, factor, _ = lex.units[g("su")]
        v = _duration(n, letter, factor) if n else None
        return [(s, e, v, "set")] if v else []
    if g("sd"):
        letter, factor, _ = lex.units[g("sd")]
        v = _duration(2, letter, factor)
        return [(s, e, v, "set")] if v else []
    if g("swd"):
        wd = g("swd")
        if lex.art + wd in lex.weekdays_ambiguous and not g("syawm"):
            return []  # كل أحد: everyone; كل اثنين: every two
        iso = lex.weekdays[lex.art + wd] + 1
        return [(s, e, f"XXXX-WXX-{iso}", "set")]
    if nxt in lex.set_block_after or nxt.startswith(lex.art):
        return []  # كل يوم من أيام ..., كل عام وأنتم بخير
    letter, factor, _ = lex.units[g("ss")]
    v = _duration(1, letter, factor)
    return [(s, e, v, "set")] if v else []


def _h_time(m: re.Match, c: _Ctx) -> list[Cand]:
    lex = c.lex
    g = m.group
    sa, ap = g("sa"), g("ap")
    if g("hd"):
        h = int(g("hd"))
        mi = int(g("mi") or g("mi2") or 0)
        if not (sa or ap or g("mi")):
            return []
    else:
        h = lex.hour_words[_key(g("hw"))]
        mi = 0
        if not (sa or ap):
            return []
    if g("fr"):
        mi += lex.minute_fractions[_key(g("fr"))]
    elif g("fm"):
        mi += int(g("fm"))
    if mi < 0:
        h, mi = h - 1, mi + 60
    part = lex.day_parts.get(_key(ap)) if ap else None
    if part is not None and 0 <= h <= 12:
        h = _in_day_part(h, part)
    if not (0 <= h <= 24 and 0 <= mi <= 59) or (h == 24 and mi):
        return []
    return [(m.start(), m.end(), f"T{h:02d}:{mi:02d}", "time")]


def _in_day_part(h: int, part: tuple[int, int]) -> int:
    """A 12-hour clock hour read in a period of the day (its hours [from, to), ``to`` past 24
    for the night): h, h+12 or h+24, the first in the range, mod 24 (h itself if none is)."""
    lo, hi = part
    for c in (h % 12, h % 12 + 12, h % 12 + 24):
        if lo <= c < hi:
            return c % 24
    return h


_HANDLERS: dict[str, Callable[[re.Match, _Ctx], list[Cand]]] = {
    "date": _h_date,
    "numdate": _h_numdate,
    "hijri": _h_hijri,
    "season": _h_season,
    "holiday": _h_holiday,
    "year": _h_year,
    "weekday": _h_weekday,
    "rel": _h_rel,
    "dur": _h_dur,
    "set": _h_set,
    "time": _h_time,
}


_SPACE = re.compile(r"\s")


def _merge(wins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    wins.sort()
    out = [list(wins[0])]
    for a, b in wins[1:]:
        if a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _first_column(lexicon: Lexicon, name: str) -> list[str]:
    """Normalized names of a curated TSV data file (its first column; no header)."""
    out = []
    for ln in lexicon.text_lines(name):
        w = ln.split("\t", 1)[0].strip()
        if w and w != "name":
            out.append(normalize(w))
    return out


def _name_mask(lexicon: Lexicon) -> re.Pattern | None:
    """A regex of the known names in which the stage finds a time (see ``_names`` in dates.json)."""

    def make():
        data = lexicon.table("lexicons/dates.json")
        from khabar.arabic.gazetteer import Gazetteer
        from khabar.arabic.lexicons import demonyms

        gaz = Gazetteer.for_lexicon(lexicon)
        adjectives = demonyms(lexicon)
        names = set()
        probe = Date(2000, 1, 1)
        for f in data["name_files"]:
            for w in _first_column(lexicon, f):
                found = _find(w, probe, lexicon, mask=False)
                if not found:
                    continue
                rest = (w[: found[0][0]] + " " + w[found[-1][1]:]).strip()
                if rest in adjectives or any(e.type == "LOC" for e in gaz.get(rest) or ()):
                    names.update(normalize(h) + " " + w for h in data["name_heads"])
                    names.update(q[0] + w + q[1] for q in data["name_quotes"] if len(q) == 2)
                    continue
                names.add(w)
        if not names:
            return None
        lt = _compiled(lexicon).letters
        return re.compile(rf"{_first(names)}{lt.L}{_alt(names)}{R}")

    return lexicon.memo("dates.name_mask", make)


def find_times(ntext: str, d: Date | None, lexicon: Lexicon | None = None) -> list[Cand]:
    """Time expressions in a normalized text: non-overlapping ``(start, end, value, kind)``
    in normalized offsets, sorted by start (``lexicon``: the shipped one if not given)."""
    return _find(ntext, d, lexicon or Lexicon.default())


def _find(ntext: str, d: Date | None, lexicon: Lexicon, mask: bool = True) -> list[Cand]:
    lex = _compiled(lexicon)
    c = _Ctx(ntext, d, lex)
    cands: list[tuple[int, int, int, str, str]] = []
    n = len(ntext)
    # windows around trigger keywords, per pattern; the patterns only run inside them
    wins: list[list[tuple[int, int]]] = [[] for _ in lex.patterns]
    margins = lex.margins
    first = lex.trigger_start.match(ntext)
    hits = [first] if first else []
    hits.extend(lex.trigger.finditer(ntext))
    for h in hits:
        w = h.group(1)
        cats = lex.digit_cats if w[0].isdigit() else lex.trigger_cats.get(w, ())
        hs, he = h.span(1)
        for i in cats:
            back, fwd = margins[i]
            wins[i].append((hs - back if hs > back else 0, he + fwd))
    for prio, (pat, name) in enumerate(lex.patterns):
        if not wins[prio]:
            continue
        handler = _HANDLERS[name]
        for ws, we in _merge(wins[prio]):
            # end the window at the end of a word, so that "not followed by a letter" holds
            if we >= n:
                we = n
            else:
                sp = _SPACE.search(ntext, we)
                we = sp.start() if sp else n
            for m in pat.finditer(ntext, ws, we):
                try:
                    found = handler(m, c)
                except (OverflowError, ValueError):  # date arithmetic out of range
                    continue
                for s, e, v, k in found:
                    # never let trailing spaces widen a span
                    while e > s and ntext[e - 1] in " \t":
                        e -= 1
                    if e > s and v:
                        cands.append((s, e, prio, v, k))
    if mask and cands:
        names = _name_mask(lexicon)
        if names is not None:
            spans = [m.span() for m in names.finditer(ntext)]
            if spans:
                cands = [c for c in cands if not any(c[0] < ne and ns < c[1] for ns, ne in spans)]
    cands.sort(key=lambda x: (x[0] - x[1], x[2], x[0]))
    taken: list[tuple[int, int]] = []
    out: list[Cand] = []
    for s, e, _, v, k in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append((s, e, v, k))
    out.sort()
    return out


class Dates:
    """Finds ``article.times`` in the normalized view (``article.norm``): it reads nothing
    else of the article but its text and date, so it requires only ``norm``."""

    name = "dates"
    requires = frozenset({"norm"})
    provides = frozenset({"times"})

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or Lexicon.default()

    def __call__(self, article: Article) -> None:
        view = article.norm
        text = article.text
        times = []
        for s, e, v, k in find_times(view.text, article.date, self.lexicon):
            a, b = view.to_orig(s, e)
            times.append(TimeExpr(a, b, text[a:b], value=v, kind=k))
        article.times = times
