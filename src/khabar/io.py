"""Reading articles: text files (UTF-8 or Windows-1256), HTML, stdin, JSON/JSONL(.gz) records.

Everything that reads input goes through here, so the CLI, the store and batch agree on
what a "good" and a "bad" record is. Bad input raises :class:`~khabar.errors.InputError`
(single files) or comes back as a :class:`BadRecord` (record streams: never fatal).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from khabar.errors import EncodingError, InputError, TooLargeError

__all__ = [
    "decode_bytes",
    "clean_text",
    "html_to_text",
    "read_input",
    "Record",
    "BadRecord",
    "iter_records",
    "text_hash",
    "RecordFields",
]

_HTML_RE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: the largest file (or stdin) :func:`read_input` reads, in bytes: room for an HTML page
#: around an article; a larger input (``/dev/zero``) is refused with a TooLargeError
MAX_INPUT_BYTES = 16 * 1024 * 1024
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > max(8, len(sample) // 50)


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode article bytes: BOM/UTF-8 first, then Windows-1256. Raises on binary data."""
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; give an article as UTF-8 or Windows-1256 text, HTML or JSONL")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{name}: neither UTF-8 nor Windows-1256; convert it to UTF-8") from exc
    # Windows-1256 decodes almost anything: insist that it gave mostly Arabic letters
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    if letters and arabic < 0.3 * len(letters):
        raise EncodingError(f"{name}: not valid UTF-8, and as Windows-1256 it is not Arabic text; convert it to UTF-8")
    return text


def clean_text(text: str) -> str:
    """Unify line ends and drop a BOM. Nothing else: harakat, tatweel, controls stay (the
    normalized view ignores them), so offsets index what the user gave."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Main article text (and title/date if found) of an HTML page, via trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise InputError("HTML input needs trafilatura: pip install trafilatura") from exc
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    meta: dict[str, Any] = {}
    try:
        md = trafilatura.extract_metadata(html)
        if md is not None:
            if md.title:
                meta["title"] = md.title
            if md.date:
                meta["date"] = md.date
    except Exception:  # metadata is a bonus; never fail the article for it
        pass
    if not text:
        # fall back to the visible text of the page
        stripped = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", html)
        stripped = re.sub(r"(?s)<[^>]+>", " ", stripped)
        import html as _html

        text = "\n".join(line.strip() for line in _html.unescape(stripped).splitlines() if line.strip())
    return text or "", meta


def _check_nonempty(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: is empty; give an article with some text")
    return text


def read_input(path: str | os.PathLike) -> tuple[str, dict[str, Any]]:
    """Read one article from a file path or ``-`` (stdin). Returns ``(text, meta)``.

    HTML files (by suffix or content) are reduced to their article text.
    """
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "stdin"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a folder; give a file (or use 'khabar ingest'/'khabar batch' for folders)")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise TooLargeError(
            f"{name}: is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, the limit for one article; "
            "split it (or use 'khabar batch' for a corpus)"
        )
    if not data.strip():
        raise InputError(f"{name}: is empty; give an article with some text")
    text = clean_text(decode_bytes(data, name))
    meta: dict[str, Any] = {}
    if Path(name).suffix.lower() in _HTML_SUFFIXES or _HTML_RE.match(data[:512]):
        text, meta = html_to_text(text)
        text = clean_text(text)
    return _check_nonempty(text, name), meta


def text_hash(text: str) -> str:
    """Stable id of an article's content: sha1 of its normalized, whitespace-folded text."""
    from khabar.arabic.normalize import normalize

    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Record:
    """One good input record."""

    text: str
    id: str
    source: str  # file (and line) it came from
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD when parseable
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class BadRecord:
    """A record that could not be read, with why."""

    source: str
    line: int | None
    reason: str
    #: the file could not be read on from here (a corrupt gzip stream): the rest of it is lost
    stream_error: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason}


@dataclass
class RecordFields:
    """Which JSON keys hold what (``--text-field`` etc.)."""

    text: str = "content"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    id: str | None = None


_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_of(value: Any) -> str | None:
    if value is None:
        return None
    m = _DATE_RE.search(str(value))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    try:
        from datetime import date

        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _record_from_obj(obj: Any, fields: RecordFields, source: str, line: int | None) -> Record | BadRecord:
    if not isinstance(obj, dict):
        return BadRecord(source, line, f"not a JSON object ({type(obj).__name__})")
    text = obj.get(fields.text)
    if text is None:
        return BadRecord(source, line, f"no {fields.text!r} field (choose it with --text-field)")
    if not isinstance(text, str):
        return BadRecord(source, line, f"field {fields.text!r} is {type(text).__name__}, not a string")
    text = clean_text(text)
    if not text.strip():
        return BadRecord(source, line, f"field {fields.text!r} is empty")
    rid = obj.get(fields.id) if fields.id else None
    title = obj.get(fields.title)
    date_field = fields.date
    date_val = obj.get(date_field)
    if date_val is None and date_field == "date":
        for alt in ("date_extracted", "published", "pubdate"):
            if obj.get(alt) is not None:
                date_val = obj.get(alt)
                break
    return Record(
        text=text,
        id=str(rid) if rid not in (None, "") else text_hash(text),
        source=source if line is None else f"{source}:{line}",
        title=title if isinstance(title, str) else None,
        date=_date_of(date_val),
        url=obj.get(fields.url) if isinstance(obj.get(fields.url), str) else None,
        meta={k: v for k, v in obj.items() if k not in {fields.text} and isinstance(v, (str, int, float, bool))},
    )


def _lone_surrogate(value: Any) -> bool:
    """Does a string (or a string in a dict or list) hold a lone surrogate (``"\\ud800"``)?
    JSON allows the escape; such a string cannot be written as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_lone_surrogate(v) for v in value)
    return False


def _parse_line(line: str) -> Any:
    """The JSON value of one line; ``ValueError`` with a short reason for a bad one (not
    JSON, nested too deeply, an integer of too many digits, a lone surrogate)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except ValueError as exc:  # an integer over sys.get_int_max_str_digits() digits
        raise ValueError(f"not readable JSON ({exc})") from None
    try:  # only an escape can make one (a raw surrogate is not UTF-8, the line was decoded)
        lone = ("\\ud" in line or "\\uD" in line) and _lone_surrogate(obj)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if lone:
        raise ValueError("a string holds a lone surrogate escape (such as \\ud800): not valid Unicode")
    return obj


def _iter_jsonl(path: Path, fields: RecordFields) -> Iterator[Record | BadRecord]:
    """The records of a JSONL(.gz) file. A bad line is a BadRecord; a file that cannot be
    read on (a corrupt gzip stream) ends with one BadRecord saying where, after every record
    read before it."""
    opener = gzip.open if path.suffix == ".gz" else open
    source = str(path)
    lineno = 0
    try:
        with opener(path, "rb") as fh:
            while True:
                # a line is read up to the size limit, never whole (a huge line, /dev/zero)
                raw = fh.readline(MAX_INPUT_BYTES + 1)
                if not raw:
                    break
                lineno += 1
                if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = fh.readline(1 << 20)
                    yield BadRecord(source, lineno, f"line longer than {MAX_INPUT_BYTES:,} bytes, "
                                    "the limit for one record; split it")
                    continue
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield BadRecord(source, lineno, "line is not valid UTF-8")
                    continue
                try:
                    obj = _parse_line(line)
                except ValueError as exc:
                    yield BadRecord(source, lineno, str(exc))
                    continue
                yield _record_from_obj(obj, fields, source, lineno)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        if lineno:
            yield BadRecord(source, lineno + 1, f"cannot read on after line {lineno} ({exc}); "
                            f"the {lineno} lines before were read", stream_error=True)
        else:
            yield BadRecord(source, None, f"cannot read file ({exc})", stream_error=True)


def _iter_file(path: Path, fields: RecordFields) -> Iterator[Record | BadRecord]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        yield from _iter_jsonl(path, fields)
        return
    if name.endswith(".json"):
        try:
            obj = json.loads(decode_bytes(path.read_bytes(), str(path)))
        except (InputError, ValueError, OSError) as exc:  # JSONDecodeError, too many digits
            yield BadRecord(str(path), None, f"not readable JSON ({exc})")
            return
        except RecursionError:
            yield BadRecord(str(path), None, "not readable JSON (nested too deeply)")
            return
        objs = obj if isinstance(obj, list) else [obj]
        for i, o in enumerate(objs, 1):
            line = i if isinstance(obj, list) else None
            try:
                lone = _lone_surrogate(o)
            except RecursionError:
                yield BadRecord(str(path), line, "JSON nested too deeply")
                continue
            if lone:
                yield BadRecord(str(path), line, "a string holds a lone surrogate escape: not valid Unicode")
                continue
            yield _record_from_obj(o, fields, str(path), line)
        return
    try:
        text, meta = read_input(path)
    except InputError as exc:
        yield BadRecord(str(path), None, str(exc).split(": ", 1)[-1])
        return
    yield Record(text=text, id=text_hash(text), source=str(path), title=meta.get("title"), date=_date_of(meta.get("date")))


def _expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                n = child.name.lower()
                if child.is_file() and not n.startswith(".") and (
                    child.suffix.lower() in _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | {".json"}
                    or n.endswith((".jsonl.gz", ".ndjson.gz"))
                ):
                    yield child
        else:
            yield path


def iter_records(paths: Iterable[str | os.PathLike], fields: RecordFields | None = None) -> Iterator[Record | BadRecord]:
    """Stream records from files, folders (recursively) and JSONL(.gz) files, in order.

    Never raises for bad content: each problem comes back as a :class:`BadRecord`.
    """
    fields = fields or RecordFields()
    for path in _expand(paths):
        if not path.exists():
            yield BadRecord(str(path), None, "no such file")
            continue
        yield from _iter_file(path, fields)
