"""The gazetteer: known names (places, organizations, people …) with their type and English name.

:class:`Gazetteer` is an object the entity stage is given (``Entities(gazetteer=…)``):

    >>> gaz = Gazetteer.default()                     # the shipped one (CLDR, pycountry, GeoNames, arwikicats)
    >>> gaz.get("موسكو")[0].name_en
    'Moscow'
    >>> mine = Gazetteer.from_tsv("my_names.tsv")    # a user's names over the shipped ones

A user gazetteer is a TSV file, one name a line: ``name<TAB>type<TAB>name_en`` and an
optional ``<TAB>country`` (ISO 3166 alpha-3); ``#`` starts a comment line and a header line
(``name<TAB>type<TAB>name_en…``) may come first. Types are ``PER``, ``ORG``, ``LOC`` and
``MISC``. Names are normalized as tokens are; a user name whose normalized form is already
in the base gazetteer replaces all of its entries there. User entries carry the source
``user`` (mentions found by them: ``gazetteer:user``), and the entity stage lets them win
over every other detector.

The shipped file is read with two curated TSV files in the user format, ``organizations.tsv``
(news outlets and agencies, state and international bodies, parties, armed groups, companies;
source ``orgs``) and ``places.tsv`` (places the news names often, country spellings; source
``places``): their entries come first among a name's entries and replace the built ones of
their type.

The shipped file is read on the first lookup, once per :class:`~khabar.arabic.lexicon.Lexicon`
(``Gazetteer.default()`` is the shipped lexicon's). Lookups and what a stage derives from the
names (:meth:`Gazetteer.memo`) are memoized per instance.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator, Mapping

from khabar.arabic.lexicon import Lexicon, Memo
from khabar.errors import DataError, UsageError

__all__ = ["GazEntry", "Gazetteer", "GAZETTEER_NAME", "ORGS_NAME", "ORGS", "PLACES_NAME", "PLACES", "CURATED",
           "TYPES", "USER"]

GAZETTEER_NAME = "gazetteer.tsv.gz"
#: the curated organizations (news outlets, state bodies, parties, armed groups, companies),
#: a TSV in the user format read with the shipped gazetteer
ORGS_NAME = "organizations.tsv"
#: the source of the curated organizations' entries (mentions: ``gazetteer:orgs``)
ORGS = "orgs"
#: curated places (cities and regions the news names often; country spellings)
PLACES_NAME = "places.tsv"
PLACES = "places"
#: the curated files read with the shipped gazetteer, each with the source of its entries
CURATED = ((ORGS_NAME, ORGS), (PLACES_NAME, PLACES))
#: the entity types a gazetteer entry may have
TYPES = ("PER", "ORG", "LOC", "MISC")
#: the source of a user's entries
USER = "user"
_HEADER = ("name", "type", "name_en", "country")
_COUNTRY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class GazEntry:
    key: str  # normalized Arabic name
    type: str  # PER, ORG, LOC, MISC
    name_en: str
    country: str | None
    source: str


Table = dict[str, tuple[GazEntry, ...]]
#: the memo key of the table itself (no caller's key can equal it)
_TABLE = object()


class Gazetteer:
    """Normalized name → its entries (one per type), read lazily by ``load``.

    Use :meth:`default`, :meth:`for_lexicon` or :meth:`from_tsv` rather than the constructor;
    ``Gazetteer(entries)`` wraps a ready ``{key: (GazEntry, …)}`` table (tests, tools)."""

    def __init__(self, entries: Mapping[str, tuple[GazEntry, ...]] | None = None, *,
                 load: Callable[[], Table] | None = None, name: str = "gazetteer") -> None:
        if entries is None and load is None:
            raise UsageError("Gazetteer needs entries or a loader; use Gazetteer.default() or Gazetteer.from_tsv(path)")
        self.name = name
        self._load = load
        self._table: Table | None = {k: tuple(v) for k, v in entries.items()} if entries is not None else None
        self._memo = Memo()

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> "Gazetteer":
        """The shipped gazetteer (of the shipped lexicon; one per process, read on first lookup)."""
        return cls.for_lexicon(Lexicon.default())

    @classmethod
    def for_lexicon(cls, lexicon: Lexicon) -> "Gazetteer":
        """The gazetteer file as ``lexicon`` finds it (its root first, then the shipped one);
        one per lexicon, read on first lookup. A missing or corrupt file raises
        :class:`~khabar.errors.DataError` then."""
        return lexicon.memo("arabic.gazetteer", lambda: cls(load=lambda: _read_shipped(lexicon),
                                                              name=f"khabar/data/{GAZETTEER_NAME}"))

    @classmethod
    def from_tsv(cls, path: str | Path, base: "Gazetteer | None" = None) -> "Gazetteer":
        """A user's gazetteer file over ``base`` (default: the shipped gazetteer).

        The file is read and checked now: a missing or unreadable file, or a bad line (not
        3 or 4 columns, an unknown type, a country that is not three letters, an empty
        name), raises :class:`~khabar.errors.UsageError` naming the file and line. The base
        is read on the first lookup."""
        path = Path(path)
        user = _read_user(path)
        base = base if base is not None else cls.default()

        def load() -> Table:
            table = dict(base.table)
            table.update(user)  # a user key replaces the base's entries of that key
            return table

        gaz = cls(load=load, name=str(path))
        gaz.user_keys = frozenset(user) | base.user_keys
        return gaz

    #: keys whose entries come from users' files (this one's and its base's)
    user_keys: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        state = f"{len(self._table)} names" if self._table is not None else "not read yet"
        return f"<Gazetteer {self.name} ({state})>"

    # ------------------------------------------------------------------ lookups
    @property
    def table(self) -> Table:
        """The whole table, normalized name → entries (read on first use; do not modify)."""
        if self._table is None:
            self._table = self._memo.get(_TABLE, self._load)
        return self._table

    def get(self, key: str) -> tuple[GazEntry, ...] | None:
        """The entries of a normalized name, or None."""
        return self.table.get(key)

    def __getitem__(self, key: str) -> tuple[GazEntry, ...]:
        return self.table[key]

    def __contains__(self, key: object) -> bool:
        return key in self.table

    def __len__(self) -> int:
        return len(self.table)

    def __bool__(self) -> bool:
        return bool(self.table)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def keys(self):
        return self.table.keys()

    def items(self):
        return self.table.items()

    @property
    def max_len(self) -> int:
        """The most words a name has."""
        return self.memo("max_len", lambda: max((k.count(" ") + 1 for k in self.table), default=1))

    @property
    def first_words(self) -> frozenset[str]:
        """The first word of every name (a cheap pre-filter for longest match)."""
        return self.memo("first_words", lambda: frozenset(k.split(" ", 1)[0] for k in self.table))

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()`` once per gazetteer: indexes a stage derives from the names (give
        ``key`` the lexicon too when the index depends on it)."""
        return self._memo.get(key, make)


def _read_shipped(lexicon: Lexicon) -> Table:
    """``gazetteer.tsv.gz``: key (normalized), type, English name, country, source."""
    path = lexicon.path(GAZETTEER_NAME)
    table: dict[str, list[GazEntry]] = {}
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 5:
                    continue
                key, typ, name_en, country, source = parts[:5]
                table.setdefault(key, []).append(GazEntry(key, typ, name_en, country or None, source))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"corrupt data file khabar/data/{GAZETTEER_NAME} ({exc}); reinstall khabar") from None
    # the curated names come first among a name's entries (an organization wins over a place
    # or person of the same name: مرسيدس the company, not a town), and replace the built
    # entries of their type
    for name, source in CURATED:
        try:
            curated = _read_user(lexicon.path(name), source=source)
        except UsageError as exc:
            raise DataError(f"corrupt data file khabar/data/{name} ({exc}); reinstall khabar") from None
        for key, entries in curated.items():
            types = {e.type for e in entries}
            table[key] = list(entries) + [e for e in table.get(key, ()) if e.type not in types]
    return {k: tuple(v) for k, v in table.items()}


def _read_user(path: Path, source: str = USER) -> Table:
    from khabar.arabic.normalize import normalize

    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise UsageError(f"gazetteer file not found: {path}") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read gazetteer file {path}: {exc}") from None
    table: dict[str, list[GazEntry]] = {}
    first = True
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if first:
            first = False
            if tuple(p.lower() for p in parts) == _HEADER[: len(parts)] and len(parts) >= 3:
                continue  # the header line
        where = f"{path}, line {no}"
        if len(parts) not in (3, 4):
            raise UsageError(f"{where}: expected name<TAB>type<TAB>name_en[<TAB>country], got {len(parts)} "
                             f"column{'s' if len(parts) != 1 else ''}")
        name, typ, name_en = parts[:3]
        country = parts[3] if len(parts) == 4 else ""
        key = normalize(name)
        if not key:
            raise UsageError(f"{where}: empty name")
        typ = typ.upper()
        if typ not in TYPES:
            raise UsageError(f"{where}: unknown type {parts[1]!r}; use one of {', '.join(TYPES)}")
        country = country.upper()
        if country and not _COUNTRY.fullmatch(country):
            raise UsageError(f"{where}: country {parts[3]!r} is not an ISO 3166 alpha-3 code (e.g. RUS)")
        entries = table.setdefault(key, [])
        entries[:] = [e for e in entries if e.type != typ]  # a later line of one name and type wins
        entries.append(GazEntry(key, typ, name_en, country or None, source))
    return {k: tuple(v) for k, v in table.items()}
