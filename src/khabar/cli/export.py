"""``khabar export events --format plover|csv [--db DB | FILE...] [--date D] [--out PATH]``.

Sources of analysed articles:

* ``FILE`` — an article (text, HTML, ``-`` for stdin), analysed on the fly; or a ``.jsonl``
  (``.ndjson``, ``.jsonl.gz``) file of already-analysed article dicts (lines with an
  ``"events"`` key; other lines are skipped with a note on stderr);
* ``--db DB`` — every analysis in a khabar store.

``--format plover`` writes PLOVER-style JSON records (JSON Lines, one event a line),
``--format csv`` a flat table with a header row (see :mod:`khabar.events_export`).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from khabar.cli.options import Parser
from khabar.errors import InputError, UsageError

_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


class _IntermixedParser(Parser):
    """Lets FILEs and options come in any order (``export events --format csv a.txt --date 2023``)."""

    _inner = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inner:
            return super().parse_known_args(args, namespace)
        self._inner = True
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self._inner = False


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export events as PLOVER-style JSON records or a CSV table",
        description="Export the PLOVER events of analysed articles. Give article files (analysed "
        "on the fly), .jsonl files of analysed article dicts, or --db DB for a khabar store.",
    )
    p.add_argument("what", choices=("events",), help="what to export (events)")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="article files (text/HTML, - for stdin) or .jsonl files of analysed articles")
    p.add_argument("--format", choices=("plover", "csv"), default="plover",
                   help="plover: JSON records, one a line (default); csv: a flat table")
    p.add_argument("--db", help="read the analyses of a khabar store (SQLite file)")
    p.add_argument("--date", help="keep events dated D: YYYY, YYYY-MM, YYYY-MM-DD, or START/END")
    p.add_argument("--article-date", dest="article_date",
                   help="date of article FILEs analysed on the fly (YYYY-MM-DD; default: from HTML metadata)")
    p.add_argument("--out", help="write to PATH instead of stdout")
    p.set_defaults(func=run)
    p.__class__ = _IntermixedParser


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(_JSONL)


def _iter_jsonl(path: str) -> Iterator[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    opener = gzip.open if path.lower().endswith(".gz") else open
    skipped = 0
    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if isinstance(obj, dict) and isinstance(obj.get("events"), list):
                yield obj
            else:
                skipped += 1
    if skipped:
        print(f"khabar export: {path}: skipped {skipped} line(s) that are not analysed articles "
              "(no \"events\" list); analyse them first (khabar batch / khabar analyze)", file=sys.stderr)


def _iter_article(path: str, date: str | None) -> Iterator[dict[str, Any]]:
    from khabar.io import read_input
    from khabar.pipeline import analyze

    from khabar.cli.analyze import warn_about

    text, meta = read_input(path)
    warn_about(meta)
    when = date or meta.get("date")
    try:
        art = analyze(text, date=when, title=meta.get("title"), id=Path(path).name if path != "-" else "stdin")
    except UsageError:
        if date:
            raise
        art = analyze(text, title=meta.get("title"), id=Path(path).name if path != "-" else "stdin")
    yield art.to_dict()


def iter_articles(files: list[str], db: str | None, article_date: str | None = None) -> Iterator[dict[str, Any]]:
    """Analysed article dicts from a store or from files."""
    if db:
        from khabar.store import open_store

        store = open_store(db, create=False)
        try:
            yield from store.iter_analyses()
        finally:
            store.close()
        return
    for f in files:
        if _is_jsonl(f):
            yield from _iter_jsonl(f)
        else:
            yield from _iter_article(f, article_date)


def run(args) -> int:
    from khabar.events_export import iter_plover, write_csv, write_jsonl

    if args.db and args.files:
        raise UsageError("give either --db DB or FILEs, not both")
    if not args.db and not args.files:
        raise UsageError("nothing to export: give article or .jsonl FILEs, or --db DB")
    records = iter_plover(iter_articles(args.files, args.db, args.article_date), date=args.date)
    write = write_csv if args.format == "csv" else write_jsonl
    if args.out:
        try:
            fh = open(args.out, "w", encoding="utf-8", newline="" if args.format == "csv" else None)
        except OSError as exc:
            raise UsageError(f"{args.out}: cannot write ({exc.strerror})") from exc
        with fh:
            n = write(records, fh)
        print(f"khabar export: {n} event(s) written to {args.out}", file=sys.stderr)
    else:
        write(records, sys.stdout)
    return 0
