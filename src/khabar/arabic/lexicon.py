"""The one language layer: closed word classes and the stages' language tables, as data.

Every closed word class (prepositions, copulas, negations, speech verbs, clitics, month
names, titles …) is one file, ``khabar/data/lexicon/<class>.txt``: one entry a line,
written naturally (``على``, ``إن``), ``#`` starts a comment. Each class exists once; a stage
that needs it asks the :class:`Lexicon` it was built with:

    >>> lex = Lexicon.default()
    >>> "علي" in lex.words("prepositions")      # normalized, as tokens' ``norm`` are
    True

Structured tables (PLOVER patterns, quote cues, date words …) are JSON files under
``khabar/data/`` read with :meth:`Lexicon.table`. Nothing is read until asked; each file is
read once per :class:`Lexicon`. A missing or corrupt file raises
:class:`~khabar.errors.DataError` naming it: there is no silent fallback.

A user lexicon can add words to a class: ``Lexicon(extra={"titles": ["المستشار"]})``, or
replace whole files: ``Lexicon(root="my_data/")`` looks there first.
"""

from __future__ import annotations

import gzip
import json
import threading
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from khabar.errors import DataError

__all__ = ["Lexicon", "Memo", "WordMemo", "table_entry"]


def _shipped_root() -> Path:
    return Path(str(resources.files("khabar") / "data"))


def table_entry(data: Any, name: str, *path: str) -> Any:
    """``data[path[0]][path[1]]…`` of the table read from ``name`` (as loaded, or as a stage
    compiled it); a missing entry is a :class:`DataError` naming the file and the entry."""
    try:
        for key in path:
            data = data[key]
        return data
    except (KeyError, TypeError, IndexError) as exc:
        raise DataError(f"corrupt data file khabar/data/{name} (no {'.'.join(map(str, path))!r}); "
                        "reinstall khabar") from exc


class Memo:
    """Values made once per key and kept, safe across threads: a lexicon's classes and
    tables, a gazetteer's indexes."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._lock = threading.RLock()

    def get(self, key, make):
        """The value of ``key``, made by ``make()`` the first time it is asked for."""
        try:
            return self._values[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._values:
                self._values[key] = make()
            return self._values[key]

    def keys(self):
        return self._values.keys()


class WordMemo(dict):
    """``memo[word]`` is ``make(word)``, made once and kept until ``limit`` words are kept, then
    the memo starts afresh (bounded memory over a corpus). For per-word answers on hot paths: a
    hit is a plain dict lookup (``get`` does not make a missing word)."""

    __slots__ = ("make", "limit")

    def __init__(self, make: Callable[[str], Any], limit: int) -> None:
        super().__init__()
        self.make = make
        self.limit = limit

    def __missing__(self, word: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.make(word)
        return value


class Lexicon:
    """Closed word classes and language tables, loaded lazily from data files.

    ``root``: a folder searched before the shipped ``khabar/data`` (same layout);
    ``extra``: words added to classes, ``{"class": [word, …]}``.
    """

    _default: "Lexicon | None" = None
    _default_lock = threading.Lock()

    def __init__(self, root: str | Path | None = None, extra: Mapping[str, Iterable[str]] | None = None):
        self.root = Path(root) if root is not None else None
        self.extra = {k: tuple(v) for k, v in (extra or {}).items()}
        self._cache = Memo()

    @classmethod
    def default(cls) -> "Lexicon":
        """The shipped lexicon (one per process; stages built without one share it)."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def __repr__(self) -> str:
        where = f" root={str(self.root)!r}" if self.root else ""
        return f"<Lexicon{where} classes_loaded={sum(1 for k in self._cache.keys() if k[0] == 'raw')}>"

    # ------------------------------------------------------------------ files
    def path(self, name: str) -> Path:
        """The file ``name`` (relative to the data folder): the user root first, then shipped."""
        if self.root is not None and (self.root / name).exists():
            return self.root / name
        path = _shipped_root() / name
        if not path.exists():
            raise DataError(f"shipped data file missing: khabar/data/{name}; reinstall khabar")
        return path

    def memo(self, key: str, make):
        """``make()`` once per lexicon: what a stage compiles from its word classes and
        tables (patterns, regexes, sets) lives as long as the lexicon it came from."""
        return self._cached("memo", key, make)

    def _cached(self, kind: str, name: str, make):
        return self._cache.get((kind, name), make)

    def text_lines(self, name: str) -> tuple[str, ...]:
        """Non-empty, non-comment lines of a text data file (``.gz`` read transparently)."""

        def make():
            path = self.path(name)
            try:
                opener = gzip.open if path.suffix == ".gz" else open
                with opener(path, "rt", encoding="utf-8") as fh:
                    return tuple(
                        ln.rstrip("\n") for ln in fh if ln.strip() and not ln.lstrip().startswith("#")
                    )
            except (OSError, UnicodeDecodeError, EOFError) as exc:
                raise DataError(f"cannot read data file khabar/data/{name} ({exc}); reinstall khabar") from exc

        return self._cached("lines", name, make)

    def table(self, name: str) -> Any:
        """A parsed JSON data file, e.g. ``table("lexicons/plover.json")`` (do not modify it)."""

        def make():
            path = self.path(name)
            try:
                opener = gzip.open if path.suffix == ".gz" else open
                with opener(path, "rt", encoding="utf-8") as fh:
                    return json.load(fh)
            except (OSError, UnicodeDecodeError, EOFError, ValueError) as exc:
                raise DataError(f"corrupt data file khabar/data/{name} ({exc}); reinstall khabar") from exc

        return self._cached("table", name, make)

    def entry(self, name: str, *path: str) -> Any:
        """``table(name)[path[0]][path[1]]…``; a missing entry is a :class:`DataError` naming
        the file and the entry (a stage's table is incomplete: reinstall, or fix a user root)."""
        return table_entry(self.table(name), name, *path)

    # ------------------------------------------------------------------ word classes
    def raw(self, cls: str) -> tuple[str, ...]:
        """A word class as written in ``lexicon/<cls>.txt`` (first column), in file order,
        with the user's extra words after."""

        def make():
            words = [ln.split("\t", 1)[0].strip() for ln in self.text_lines(f"lexicon/{cls}.txt")]
            return tuple(dict.fromkeys(words + list(self.extra.get(cls, ()))))

        return self._cached("raw", cls, make)

    def seq(self, cls: str) -> tuple[str, ...]:
        """A word class normalized, in file order (order matters for e.g. longest-first clitics)."""
        from khabar.arabic.normalize import normalize

        return self._cached("seq", cls, lambda: tuple(dict.fromkeys(normalize(w) for w in self.raw(cls))))

    def words(self, cls: str) -> frozenset[str]:
        """A word class as a set of normalized words (what tokens' ``norm`` are compared to)."""
        return self._cached("words", cls, lambda: frozenset(self.seq(cls)))

    def union(self, *classes: str) -> frozenset[str]:
        """Several classes as one set of normalized words."""
        return self._cached("union", "|".join(classes),
                            lambda: frozenset().union(*(self.words(c) for c in classes)))

    def pairs(self, cls: str) -> dict[str, str]:
        """A two-column class (``word<TAB>value``), normalized word → value."""
        from khabar.arabic.normalize import normalize

        def make():
            out: dict[str, str] = {}
            for ln in self.text_lines(f"lexicon/{cls}.txt"):
                word, _, value = ln.partition("\t")
                out[normalize(word.strip())] = value.strip()
            return out

        return self._cached("pairs", cls, make)

    def tagged(self, cls: str, tag: str) -> tuple[str, ...]:
        """The entries of a class whose second column (space-separated tags) has ``tag``,
        normalized, in file order: one class, several uses (``tagged("enclitics", "verb")``).
        The user's ``extra`` words of the class come last, in every use."""
        from khabar.arabic.normalize import normalize

        def make():
            out = []
            for ln in self.text_lines(f"lexicon/{cls}.txt"):
                word, _, tags = ln.partition("\t")
                if tag in tags.split():
                    out.append(normalize(word.strip()))
            out += [normalize(w) for w in self.extra.get(cls, ())]
            return tuple(dict.fromkeys(out))

        return self._cached("tagged", f"{cls}\t{tag}", make)

    def classes(self) -> list[str]:
        """The word classes available (shipped and the user's root)."""
        names = {p.stem for p in (_shipped_root() / "lexicon").glob("*.txt")}
        if self.root is not None and (self.root / "lexicon").is_dir():
            names |= {p.stem for p in (self.root / "lexicon").glob("*.txt")}
        return sorted(names | set(self.extra))
