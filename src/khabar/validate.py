"""Checks of the values people hand khabar: command options, API parameters, store filters.

One function per kind of value, shared by every door it comes in through (``khabar search
--since``, ``/api/articles?since=``, :meth:`~khabar.store.base.Store.search`), so that
they all accept and refuse the same things with the same words. A refused value raises
:class:`~khabar.errors.UsageError`; the CLI prints it as a one-line error, the API answers
it with its usual 422.
"""

from __future__ import annotations

import re
from datetime import date as Date

from khabar.errors import UsageError

__all__ = ["parse_date_bound", "parse_day", "parse_id", "DATE_BOUND_FORMS", "MAX_DATE_CHARS", "MAX_ID"]

#: the forms a ``since``/``until`` bound may take, as messages name them
DATE_BOUND_FORMS = "YYYY-MM-DD (or YYYY or YYYY-MM)"
#: longer values are refused without being echoed back
MAX_DATE_CHARS = 20

#: the largest integer SQLite stores (ids, limits and offsets above it cannot match anything)
MAX_ID = 2**63 - 1

_ASCII_DIGITS = re.compile(r"[0-9]+")

# \d: the digits of any script (٢٠١٥ as well as 2015); the value is returned in ASCII digits
_DATE_BOUND_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _shown(value: str) -> str:
    return repr(value if len(value) <= MAX_DATE_CHARS else value[:MAX_DATE_CHARS] + "…")


def parse_date_bound(value: object, what: str | None = None) -> str | None:
    """A date range bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date,
    returned without surrounding spaces and in ASCII digits; ``None`` and blank give
    ``None`` (no bound).

    Anything else raises :class:`~khabar.errors.UsageError`. ``what`` names the option in
    the message (``since must be a date: YYYY-MM-DD (or YYYY or YYYY-MM), got '2015/01/01'``);
    without it the message is the problem alone, for callers that name the parameter
    themselves (the API's 422 lists it).

        >>> parse_date_bound(" 2015-07 ")
        '2015-07'
        >>> parse_date_bound("2015-02-30", "since")
        Traceback (most recent call last):
        ...
        khabar.errors.UsageError: since: no such date: 2015-02-30
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > MAX_DATE_CHARS or not _DATE_BOUND_RE.fullmatch(text):
        problem = f"must be a date: {DATE_BOUND_FORMS}"
        raise UsageError(f"{what} {problem}, got {_shown(text)}" if what else problem)
    parts = [int(x) for x in text.split("-")]
    try:
        Date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        raise UsageError(f"{what}: no such date: {text}" if what else f"no such date: {text}") from None
    return "-".join(f"{n:0{w}d}" for n, w in zip(parts, (4, 2, 2)))


def parse_day(value: object, what: str | None = None) -> str | None:
    """A full ``YYYY-MM-DD`` date naming a real day (an article's publication date), as
    :func:`parse_date_bound` returns it; ``None`` and blank give ``None``. Anything else
    raises :class:`~khabar.errors.UsageError`."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) != 10:
        problem = "must be a date: YYYY-MM-DD"
        raise UsageError(f"{what} {problem}, got {_shown(text)}" if what else problem)
    return parse_date_bound(text, what)


def parse_id(value: object) -> int | None:
    """A numeric id: ``value`` if it is an int, or a str of ASCII digits 0-9 (spaces around
    allowed), within what a database row can have; else ``None`` (a name, not an id).

    ``str.isdigit`` is not the test: it is true for ``²`` and ``①``, which ``int`` refuses.
    A number too large to be any row's id is ``-1`` (matches nothing)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else -1
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    if len(text) > 19 or int(text) > MAX_ID:
        return -1
    return int(text)

