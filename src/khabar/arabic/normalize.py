"""Arabic normalization for matching, as a view with an offset map.

The original text is never changed. :func:`normalize_view` returns a :class:`NormView`
whose ``text`` is the folded form (harakat, tatweel and invisible controls removed; alef
forms, ى/ي, ة/ه and Arabic-Indic digits folded) and which maps every normalized index back
to the original string, so that a match found in the view becomes a span of the original.

The folding rules are data: ``khabar/data/charmap.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import unicodedata

from khabar.resources import load_json

__all__ = ["NormView", "normalize", "normalize_view", "charmap", "is_deleted"]


@lru_cache(maxsize=1)
def charmap() -> dict[str, str]:
    """The character table: original char -> replacement ('' deletes)."""
    data = load_json("charmap.json")
    table = {ch: "" for ch in data["delete"]}
    table.update(data["map"])
    return table


@lru_cache(maxsize=1)
def _translate_table() -> dict[int, str]:
    return {ord(k): v for k, v in charmap().items()}


def is_deleted(ch: str) -> bool:
    """True if normalization removes this character (harakat, tatweel, controls)."""
    return charmap().get(ch, None) == ""


def normalize(text: str) -> str:
    """Fold ``text`` for matching (no offsets kept). Use for lexicon keys and queries."""
    return " ".join(text.translate(_translate_table()).split())


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
    """Harakat and tatweel belong to the letter before them; invisible controls do not."""
    return ch == "\u0640" or unicodedata.category(ch) == "Mn"


def normalize_view(original: str) -> NormView:
    """Build the normalized view of ``original`` with its offset map."""
    table = charmap()
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(original):
        rep = table.get(ch)
        if rep is None:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
        elif rep == "":
            # deleted mark: extend the previous character's end so that a span ending on
            # a letter keeps its harakat/tatweel (but never across whitespace)
            if ends and ends[-1] == i and not out[-1].isspace() and _attaches(ch):
                ends[-1] = i + 1
        else:
            for c in rep:
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
    return NormView(original, "".join(out), tuple(starts), tuple(ends))
