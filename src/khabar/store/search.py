"""Arabic-aware full-text search: what gets indexed, how a query becomes an FTS5 expression,
and how a hit's snippet is cut from the original text.

Backend-neutral (no SQL): the SQLite backend feeds :func:`index_fields` into an FTS5 table
with three columns, and matches :meth:`Query.fts`; a PostgreSQL backend can index the same
three strings in ``tsvector`` columns.

* ``title`` and ``body`` hold the :func:`~khabar.arabic.normalize.normalize`-d text: harakat,
  tatweel and invisible marks gone, alef forms, ى/ي, ة/ه and digits folded. Queries are
  normalized the same way, so الامم المتحده finds الأُمَم المتّحدة.
* ``stems`` holds, for every word of title and body in order, its stem without clitics
  (:func:`~khabar.arabic.clitics.split_clitics`: وبالأمم → امم). Each query word matches its
  normalized form in title/body **or** its stem in ``stems``, so الأمم finds وبالأمم and
  للأمم; exact forms score higher (column weights).

User input never reaches FTS5 as syntax: a query is cut into words (letters and digits
only), each word is double-quoted, and the expression is built here. Quotes, parentheses,
``*``, ``:``, ``-``, ``^`` and the words AND/OR/NOT/NEAR are searched for as text (punctuation
is not indexed, so it simply drops out). Text in double quotes («…», “…”, "…") must match
as a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from khabar.arabic.clitics import split_clitics
from khabar.arabic.lexicon import Lexicon
from khabar.arabic.normalize import charmap, normalize
from khabar.errors import DataError

__all__ = [
    "Query",
    "parse_query",
    "index_fields",
    "index_fingerprint",
    "stem",
    "snippet",
    "INDEX_COLUMNS",
]

#: words and phrases of a query beyond this many are ignored
MAX_TERMS = 32

#: the indexed columns, in FTS order
INDEX_COLUMNS = ("title", "body", "stems")

# a word of normalized text: a number (with , or . between digits) or a run of letters/digits
# (the same words the segment stage makes, without punctuation)
WORD_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W_]+")
# opening and closing marks of a quoted phrase in a query
_PHRASE_RE = re.compile(r'"([^"]*)"?|«([^»]*)»?|“([^”]*)”?')

#: this module's data file: the fingerprint's probe words, the punctuation snippets strip
DATA = "lexicons/search.json"
#: stems remembered per lexicon (the cache starts over when it is full)
_STEMS_MAX = 400_000


class _Tables:
    """What search takes from its data, once per :class:`~khabar.arabic.lexicon.Lexicon`:
    the probe text, the snippet punctuation, the spelling-variant classes and a stem cache."""

    def __init__(self, lex: Lexicon):
        table = lex.table(DATA)
        try:
            self.probe = " ".join(table["fingerprint_probe"])
            self.punct = str(table["snippet_punctuation"])
        except (KeyError, TypeError) as exc:
            raise DataError(f"khabar/data/{DATA}: missing or malformed entry {exc}; reinstall khabar") from exc
        self.stems: dict[str, str] = {}
        self._variants: tuple[dict[str, str], str] | None = None

    @property
    def variants(self) -> tuple[dict[str, str], str]:
        """For each normalized character, a regex class of the original characters that fold
        to it; and a class of the characters normalization deletes (harakat, tatweel, controls)."""
        if self._variants is None:
            groups: dict[str, set[str]] = {}
            deleted = []
            for src, dst in charmap().items():
                if dst == "":
                    deleted.append(src)
                elif len(dst) == 1:
                    groups.setdefault(dst, {dst}).add(src)
            classes = {d: "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" for d, chars in groups.items()}
            self._variants = classes, "[" + "".join(re.escape(c) for c in deleted) + "]*"
        return self._variants


def _tables(lexicon: Lexicon | None = None) -> _Tables:
    lex = lexicon or Lexicon.default()
    return lex.memo("store.search", lambda: _Tables(lex))


def _stem(word: str, cache: dict[str, str]) -> str:
    s = cache.get(word)
    if s is None:
        s = split_clitics(word)[1] if word[:1].isalpha() else word
        if len(cache) >= _STEMS_MAX:
            cache.clear()
        cache[word] = s
    return s


def stem(word: str, lexicon: Lexicon | None = None) -> str:
    """The clitic-free stem of one normalized word (وبالامم → امم); numbers are their own stem."""
    return _stem(word, _tables(lexicon).stems)


def index_fields(text: str, title: str | None = None, lexicon: Lexicon | None = None) -> tuple[str, str, str]:
    """The three indexed strings of an article: normalized title, normalized body, stems."""
    cache = _tables(lexicon).stems
    ntitle = normalize(title or "")
    nbody = normalize(text)
    words = WORD_RE.findall(ntitle) + WORD_RE.findall(nbody)
    return ntitle, nbody, " ".join([_stem(w, cache) for w in words])


def index_fingerprint(lexicon: Lexicon | None = None) -> str:
    """A short hash of how text is indexed now (normalization + stems of the probe words of
    ``lexicons/search.json``). A store whose index was built under another fingerprint needs
    a reindex."""
    import hashlib

    probe = _tables(lexicon).probe
    return hashlib.sha1("|".join(index_fields(probe, probe, lexicon)).encode("utf-8")).hexdigest()[:12]


def _quote(term: str) -> str:
    """An FTS5 string literal (a phrase of the tokens in ``term``)."""
    return '"' + term.replace('"', '""') + '"'


@dataclass
class Query:
    """A parsed query: groups of normalized words; a group of one word is a word, a longer
    group a phrase. All groups must match (AND)."""

    text: str
    groups: list[list[str]] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [w for g in self.groups for w in g]

    @property
    def forms(self) -> set[str]:
        return set(self.words)

    @property
    def stems(self) -> set[str]:
        return {stem(w) for w in self.words}

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts(self) -> str:
        """The FTS5 MATCH expression (every term quoted; no user syntax passes through)."""
        parts = []
        for g in self.groups:
            exact = _quote(" ".join(g))
            stems = _quote(" ".join(stem(w) for w in g))
            parts.append(f"({{title body}} : {exact} OR stems : {stems})")
        return " AND ".join(parts)


def parse_query(text: str) -> Query:
    """Cut a user's query into normalized words and phrases (never raises)."""
    q = Query(text=text)
    if not isinstance(text, str):
        return q
    pos = 0
    for m in _PHRASE_RE.finditer(text):
        _add_words(q, text[pos : m.start()])
        inner = next((g for g in m.groups() if g is not None), "")
        words = WORD_RE.findall(normalize(inner))
        if words:
            q.groups.append(words)
        pos = m.end()
    _add_words(q, text[pos:])
    # drop repeated single words (بوتين بوتين)
    seen: set[tuple[str, ...]] = set()
    uniq = []
    for g in q.groups:
        if tuple(g) not in seen:
            seen.add(tuple(g))
            uniq.append(g)
    q.groups = uniq[:MAX_TERMS]
    return q


def _add_words(q: Query, chunk: str) -> None:
    for w in WORD_RE.findall(normalize(chunk)):
        q.groups.append([w])


# --- snippets ------------------------------------------------------------------------------

_WS_RUN = re.compile(r"\s+")


def _loose(word: str, tables: _Tables) -> str:
    """A pattern matching ``word`` (normalized) in original text: any spelling that folds to
    it, with harakat or tatweel between the letters."""
    classes, marks = tables.variants
    return marks.join(classes.get(ch, re.escape(ch)) for ch in word)


def _needles(query: Query, tables: _Tables) -> tuple[frozenset[str], frozenset[str], re.Pattern | None]:
    cached = query.__dict__.get("_needles")
    if cached is None:
        forms, stems = frozenset(query.forms), frozenset(query.stems)
        rx = None
        if stems:
            alts = "|".join(_loose(x, tables) for x in sorted(stems, key=len, reverse=True))
            # a whole whitespace-delimited token that contains one of the stems
            rx = re.compile(r"(?<!\S)\S*?(?:" + alts + r")\S*", re.IGNORECASE)
        cached = query.__dict__["_needles"] = (forms, stems, rx)
    return cached


def _is_match(core: str, forms: frozenset[str], stems: frozenset[str], cache: dict[str, str]) -> bool:
    """Does one token (punctuation stripped) match the query: its normalized form is a query
    word, or one of its words has a query word's stem?"""
    norm = normalize(core).casefold()
    if not norm:
        return False
    if norm in forms:
        return True
    return any(_stem(w, cache) in stems for w in WORD_RE.findall(norm))


def snippet(
    text: str,
    query: Query,
    width: int = 220,
    mark: tuple[str, str] = ("[", "]"),
    max_matches: int = 200,
    lexicon: Lexicon | None = None,
) -> str:
    """About ``width`` characters of the original ``text`` around its densest run of matches,
    on one line, each matching word (or run of adjacent ones) wrapped in ``mark``. Without a
    match, the beginning of the text."""
    if not text:
        return ""
    tables = _tables(lexicon)
    punct = tables.punct
    forms, stems, rx = _needles(query, tables)
    forms = frozenset(f.casefold() for f in forms)
    stems = frozenset(x.casefold() for x in stems)
    spans: list[tuple[int, int]] = []
    if rx is not None:
        for m in rx.finditer(text):
            tok = m.group()
            core = tok.strip(punct)
            if not core:
                continue
            if _is_match(core, forms, stems, tables.stems):
                a = m.start() + tok.find(core)
                spans.append((a, a + len(core)))
                if len(spans) >= max_matches:
                    break
    # the window holding the most matches (the earliest on ties)
    best_i, best_n, j = 0, 0, 0
    for i, (a, _) in enumerate(spans):
        while spans[j][0] < a - width + 40:
            j += 1
        if i - j + 1 > best_n:
            best_n, best_i = i - j + 1, j
    n = len(text)
    if spans:
        lo = max(0, spans[best_i][0] - 30)
        if lo > 0:  # start on a word boundary
            k = _next_space(text, lo)
            lo = k + 1 if k < spans[best_i][0] else lo
    else:
        lo = 0
    hi = min(n, lo + width)
    if hi < n:
        hi = _next_space(text, hi)
    parts: list[str] = []
    pos = lo
    inside = [sp for sp in spans if sp[0] >= lo and sp[1] <= hi]
    k = 0
    while k < len(inside):
        a, b = inside[k]
        # adjacent matches separated only by spaces share one mark: [الأمم المتحدة]
        while k + 1 < len(inside) and not text[b : inside[k + 1][0]].strip():
            k += 1
            b = inside[k][1]
        parts += [text[pos:a], mark[0], text[a:b], mark[1]]
        pos = b
        k += 1
    parts.append(text[pos:hi])
    body = _WS_RUN.sub(" ", "".join(parts)).strip()
    return ("… " if lo > 0 else "") + body + (" …" if hi < n else "")


def _next_space(text: str, pos: int) -> int:
    m = _WS_RUN.search(text, pos)
    return m.start() if m else len(text)
