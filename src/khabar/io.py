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


#: UTF-8 with at most this share of bad sequences per non-ASCII byte is read as UTF-8 (the
#: bad bytes replaced by U+FFFD, with a warning); more than that, and it is Windows-1256
BAD_UTF8_SHARE = 0.01

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _mostly_utf8(data: bytes, name: str, warnings: list[str] | None) -> str | None:
    """``data`` as UTF-8 if it is UTF-8 but for a few bad sequences (each replaced by U+FFFD,
    with a warning added to ``warnings``); ``None`` if it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    # each bad sequence became one U+FFFD; a U+FFFD in the file itself is these three bytes
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = sum(1 for b in data if b >= 0x80)
    if bad > BAD_UTF8_SHARE * non_ascii:
        return None
    if warnings is not None:
        warnings.append(f"{name}: {bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} replaced by "
                        "U+FFFD (the rest is UTF-8); fix the file if that text matters")
    return text


def decode_bytes(data: bytes, name: str = "input", warnings: list[str] | None = None) -> str:
    """Decode article bytes. Never guesses silently:

    * a byte-order mark decides (UTF-8, UTF-16 LE or BE) and is dropped;
    * valid UTF-8 is UTF-8;
    * UTF-8 but for a few bad byte sequences (at most 1% of the non-ASCII bytes) stays UTF-8:
      each bad sequence becomes U+FFFD, and a warning saying how many goes to ``warnings``;
    * anything else must decode as Windows-1256 Arabic, else :class:`EncodingError`.

    Raises :class:`InputError` on binary data.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
                if codec != "utf-8" and _looks_binary(text[:8192].encode("utf-8", "replace")):
                    raise InputError(f"{name}: starts like UTF-16 text but looks like a binary file; give an "
                                     "article as UTF-8, UTF-16 or Windows-1256 text, HTML or JSONL")
                return text
            except UnicodeDecodeError as exc:
                if codec == "utf-8":
                    data = data[len(bom):]
                    break
                raise EncodingError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16; "
                                    "convert it to UTF-8") from exc
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; give an article as UTF-8, UTF-16 or Windows-1256 text, HTML or JSONL")
    text = _mostly_utf8(data, name, warnings)
    if text is not None:
        return text
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

    HTML files (by suffix or content) are reduced to their article text. Warnings about the
    input (bad UTF-8 bytes replaced) come back as ``meta["warnings"]``, a list of lines.
    """
    name = str(path)
    if name == "-":
        name = "stdin"
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError("stdin: is closed; pipe an article in, or give a file name")
        try:
            data = stdin.read(MAX_INPUT_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise InputError(f"stdin: cannot be read ({getattr(exc, 'strerror', None) or exc}); "
                             "pipe an article in, or give a file name") from exc
    else:
        p = Path(path)
        try:
            if not p.exists():
                raise InputError(f"{name}: no such file")
            if p.is_dir():
                raise InputError(f"{name}: is a folder; give a file (or use 'khabar ingest'/'khabar batch' for folders)")
            with p.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise TooLargeError(
            f"{name}: is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, the limit for one article; "
            "split it (or use 'khabar batch' for a corpus)"
        )
    if not data.strip():
        raise InputError(f"{name}: is empty; give an article with some text")
    warnings: list[str] = []
    text = clean_text(decode_bytes(data, name, warnings))
    meta: dict[str, Any] = {}
    if Path(name).suffix.lower() in _HTML_SUFFIXES or _HTML_RE.match(data[:512]):
        text, meta = html_to_text(text)
        text = clean_text(text)
    if warnings:
        meta["warnings"] = warnings
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
    #: what was wrong but mended (bad UTF-8 bytes replaced), one line each
    warnings: list[str] = field(default_factory=list)


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
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a UTF-8 byte-order mark
                if not raw.strip():
                    continue
                warnings: list[str] = []
                line = _mostly_utf8(raw, f"{source}:{lineno}", warnings)
                if line is None:
                    yield BadRecord(source, lineno, "line is not valid UTF-8")
                    continue
                try:
                    obj = _parse_line(line)
                except ValueError as exc:
                    yield BadRecord(source, lineno, str(exc))
                    continue
                rec = _record_from_obj(obj, fields, source, lineno)
                if warnings and isinstance(rec, Record):
                    rec.warnings.extend(warnings)
                yield rec
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
        warnings: list[str] = []
        try:
            obj = json.loads(decode_bytes(path.read_bytes(), str(path), warnings))
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
            rec = _record_from_obj(o, fields, str(path), line)
            if warnings and isinstance(rec, Record):
                rec.warnings.extend(warnings)
            yield rec
        return
    try:
        text, meta = read_input(path)
    except InputError as exc:
        yield BadRecord(str(path), None, str(exc).split(": ", 1)[-1])
        return
    yield Record(text=text, id=text_hash(text), source=str(path), title=meta.get("title"), date=_date_of(meta.get("date")),
                 warnings=list(meta.get("warnings") or []))


def _is_input_name(n: str) -> bool:
    n = n.lower()
    return not n.startswith(".") and (
        Path(n).suffix in _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | {".json"}
        or n.endswith((".jsonl.gz", ".ndjson.gz"))
    )


def _expand(paths: Iterable[str | os.PathLike], on_error=None) -> Iterator[Path]:
    """The input files of ``paths`` (folders walked recursively, in name order). A folder
    that cannot be read is passed to ``on_error(path, reason)`` (else skipped)."""
    for p in paths:
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:  # a name too long: iter_records reports it
            is_dir = False
        if is_dir:
            unreadable: list[OSError] = []
            files = []
            for dirpath, _dirs, names in os.walk(path, onerror=unreadable.append):
                files += [Path(dirpath, n) for n in names if _is_input_name(n)]
            if on_error is not None:
                for exc in unreadable:
                    on_error(exc.filename or str(path), f"folder cannot be read ({exc.strerror or exc}); "
                             "its files were skipped")
            for child in sorted(files):
                if child.is_file():
                    yield child
        else:
            yield path


def iter_records(paths: Iterable[str | os.PathLike], fields: RecordFields | None = None) -> Iterator[Record | BadRecord]:
    """Stream records from files, folders (recursively) and JSONL(.gz) files, in order.

    Never raises for bad content: each problem comes back as a :class:`BadRecord`.
    """
    fields = fields or RecordFields()
    unreadable: list[BadRecord] = []
    for path in _expand(paths, lambda where, why: unreadable.append(BadRecord(str(where), None, why))):
        while unreadable:
            yield unreadable.pop(0)
        try:
            exists = path.exists()
        except OSError as exc:  # a name too long, …
            yield BadRecord(str(path), None, f"cannot be read ({exc.strerror or exc})")
            continue
        if not exists:
            yield BadRecord(str(path), None, "no such file")
            continue
        yield from _iter_file(path, fields)
    yield from unreadable
