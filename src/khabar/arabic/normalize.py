"""Arabic normalization for matching, as a view with an offset map.

The original text is never changed. :func:`normalize_view` returns a :class:`NormView`
whose ``text`` is the folded form (harakat, tatweel and invisible controls removed; alef
forms, ى/ي, ة/ه and Arabic-Indic digits folded) and which maps every normalized index back
to the original string, so that a match found in the view becomes a span of the original.

The folding rules are data: ``khabar/data/charmap.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
import unicodedata

from khabar.errors import DataError

__all__ = ["NormView", "normalize", "normalize_view", "charmap", "is_deleted", "CharTables", "char_tables"]

CHARMAP_NAME = "charmap.json"


class CharTables:
    """The folding table of one :class:`~khabar.arabic.lexicon.Lexicon` (``charmap.json``)
    and what the fast paths compile from it; built once per lexicon by :func:`char_tables`."""

    def __init__(self, lexicon) -> None:
        data = lexicon.table(CHARMAP_NAME)
        try:
            table = {ch: "" for ch in data["delete"]}
            table.update(data["map"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"corrupt data file khabar/data/{CHARMAP_NAME} ({exc!r}); reinstall khabar") from None
        #: original char -> replacement ('' deletes)
        self.charmap: dict[str, str] = table
        self.translate: dict[int, str] = {ord(k): v for k, v in table.items()}
        self.pairs: tuple[tuple[str, str], ...] = tuple(sorted(table.items()))
        # the one-to-one pairs, a pattern finding the characters that are deleted or expand to
        # several (handled one by one), and the deleted characters that attach to the letter
        # before them
        self.one: tuple[tuple[str, str], ...] = tuple(sorted((k, v) for k, v in table.items() if len(v) == 1))
        special = "".join(sorted(k for k, v in table.items() if len(v) != 1))
        self.special_re: "re.Pattern[str] | None" = re.compile("[" + re.escape(special) + "]") if special else None
        self.attach: frozenset[str] = frozenset(k for k, v in table.items() if v == "" and _attaches(k))
        self.one_table: dict[int, str] = {ord(k): v for k, v in self.one}
        # can the table be applied as a chain of ``str.replace`` (no replacement produces a
        # character that is itself replaced)? Then the chain gives what ``str.translate`` gives
        self.chainable: bool = not any(c in table for v in table.values() for c in v)


def char_tables(lexicon=None) -> CharTables:
    """The folding tables of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    if lexicon is None:
        from khabar.arabic.lexicon import Lexicon

        lexicon = Lexicon.default()
    return lexicon.memo("arabic.normalize", lambda: CharTables(lexicon))


def charmap(lexicon=None) -> dict[str, str]:
    """The character table: original char -> replacement ('' deletes)."""
    return char_tables(lexicon).charmap


def _translate_table(lexicon=None) -> dict[int, str]:
    return char_tables(lexicon).translate


def is_deleted(ch: str, lexicon=None) -> bool:
    """True if normalization removes this character (harakat, tatweel, controls)."""
    return char_tables(lexicon).charmap.get(ch, None) == ""


def normalize(text: str, lexicon=None) -> str:
    """Fold ``text`` for matching (no offsets kept). Use for lexicon keys and queries."""
    return " ".join(_fold(text, char_tables(lexicon)).split())


#: below this length ``str.translate`` beats the chain of ``str.replace``
_CHAIN_MIN = 64


def _fold(text: str, tables: CharTables) -> str:
    """``text.translate(tables.translate)``, as a chain of ``str.replace`` over the
    characters present (several times faster on Arabic text; same result, see
    :attr:`CharTables.chainable`)."""
    if len(text) < _CHAIN_MIN or not tables.chainable:  # short: translate is faster
        return text.translate(tables.translate)
    for a, b in tables.pairs:
        if a in text:
            text = text.replace(a, b)
    return text


@dataclass(frozen=True)
class NormView:
    """A normalized view of ``original``.

    ``starts[i]`` is the original index of normalized character ``i``; ``ends[i]`` is the
    original index just after it (after any deleted marks that follow it in the same
    word), so ``original[to_orig(a, b)]`` covers what ``text[a:b]`` was made from.
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span ``[start, end)`` to a span of the original text."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _attaches(ch: str) -> bool:
    """Harakat (combining marks) and modifier letters (tatweel) belong to the letter before
    them; invisible controls do not."""
    return unicodedata.category(ch) in ("Mn", "Lm")


def _fold_one_to_one(text: str, tables: CharTables) -> str:
    """``text`` with the one-to-one replacements applied (same length, same positions).

    A chain of ``str.replace`` over the characters present is several times faster than
    ``str.translate`` with a dict on non-ASCII text."""
    if len(text) < _CHAIN_MIN or not tables.chainable:  # short: translate is faster
        return text.translate(tables.one_table)
    for a, b in tables.one:
        if a in text:
            text = text.replace(a, b)
    return text


_IDENT_CAP = 1 << 16


@lru_cache(maxsize=1)
def _identity() -> tuple[int, ...]:
    # a shared table of offsets (no language data)
    return tuple(range(_IDENT_CAP + 1))


def _range(a: int, b: int) -> tuple[int, ...] | range:
    """``a, a+1, … b-1`` without allocating int objects (a slice of a shared tuple)."""
    return _identity()[a:b] if b <= _IDENT_CAP else range(a, b)


def normalize_view(original: str, lexicon=None) -> NormView:
    """Build the normalized view of ``original`` with its offset map.

    Characters that map one to one are folded in bulk (same positions, an identity offset
    map); only deleted marks and multi-character expansions (the lam-alef ligatures) are
    handled one by one.
    """
    tables = char_tables(lexicon)
    special_re, attach = tables.special_re, tables.attach
    n = len(original)
    folded = _fold_one_to_one(original, tables)
    if special_re is None or special_re.search(original) is None:
        return NormView(original, folded, tuple(_range(0, n)), tuple(_range(1, n + 1)))
    table = tables.charmap
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = ""  # last normalized character written
    pos = 0
    for m in special_re.finditer(original):
        i = m.start()
        if i > pos:
            out.append(folded[pos:i])
            starts.extend(_range(pos, i))
            ends.extend(_range(pos + 1, i + 1))
            last = folded[i - 1]
        ch = original[i]
        rep = table[ch]
        if rep == "":
            # deleted mark: extend the previous character's end so that a span ending on
            # a letter keeps its harakat/tatweel (but never across whitespace)
            if ends and ends[-1] == i and ch in attach and not last.isspace():
                ends[-1] = i + 1
        else:
            out.append(rep)
            starts.extend([i] * len(rep))
            ends.extend([i + 1] * len(rep))
            last = rep[-1]
        pos = i + 1
    if pos < n:
        out.append(folded[pos:])
        starts.extend(_range(pos, n))
        ends.extend(_range(pos + 1, n + 1))
    return NormView(original, "".join(out), tuple(starts), tuple(ends))
