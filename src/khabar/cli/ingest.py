"""``khabar ingest PATH... --db DB``: analyse articles and store them, once each."""

from __future__ import annotations

import json
import os
import sys

from khabar.cli.options import MAX_WORKERS, number
from khabar.errors import UsageError
from khabar.pipeline import MAX_ARTICLE_CHARS
from khabar.cli.records import add_record_arguments, record_fields

#: failures printed in the text summary (all of them go to --failures FILE)
SHOWN = 20


def add_db_argument(p) -> None:
    p.add_argument(
        "--db", default=os.environ.get("KHABAR_DB"),
        help="the corpus database: an SQLite file, or postgresql://user@host:port/dbname (default: $KHABAR_DB)",
    )


def db_of(args) -> str:
    if not args.db:
        raise UsageError("no database given; pass --db FILE (or set KHABAR_DB)")
    return args.db


def register(sub) -> None:
    p = sub.add_parser(
        "ingest",
        help="analyse articles (files, folders, HTML, JSONL[.gz]) and store them in a corpus database",
        description="Analyse every article under PATH (text and HTML files, folders of them, JSON, "
        "JSONL and JSONL.gz records) and store it with all its annotations. Articles already stored "
        "(same id, or same normalized text) are skipped, so a rerun after an interruption only adds "
        "what is missing. Bad records are reported with their line number and skipped.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    add_db_argument(p)
    add_record_arguments(p)
    p.add_argument("--workers", type=number(MAX_WORKERS), default=None,
                   help="analysing processes (default: the number of CPUs; 0: in this process)")
    p.add_argument("--batch-size", type=number(), default=200, help="articles per committed transaction (default: 200)")
    p.add_argument("--no-analyze", action="store_true",
                   help="store text and metadata only (searchable, no entities/quotes/events); fast")
    p.add_argument("--max-chars", type=number(MAX_ARTICLE_CHARS), default=MAX_ARTICLE_CHARS,
                   help=f"longer articles are reported as failed (default and most: {MAX_ARTICLE_CHARS})")
    p.add_argument("--reindex", action="store_true",
                   help="rebuild the search index from the stored texts (after a khabar upgrade changed "
                   "spelling rules); PATHs are optional then")
    p.add_argument("--failures", metavar="FILE", help="write every failed record as JSON lines to FILE")
    p.add_argument("--format", choices=("text", "json"), default="text", help="summary format (default: text)")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="show a progress bar (default: on a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.store import open_store
    from khabar.store.ingest import ingest

    db = db_of(args)
    if args.workers is not None and args.workers < 0:
        raise UsageError("--workers must be 0 or more")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.max_chars < 1:
        raise UsageError("--max-chars must be at least 1")
    if not args.paths:
        if not args.reindex:
            raise UsageError("nothing to ingest; give files or folders (or --reindex to rebuild the search index)")
        with open_store(db, create=False) as store:
            n = store.reindex()
        print(f"search index rebuilt: {n} articles -> {db}")
        return 0
    fields = record_fields(args)
    # opened first: a --failures FILE that cannot be written stops the run before any work
    failures = open(args.failures, "w", encoding="utf-8") if args.failures else None
    try:
        return _ingest(args, db, fields, failures)
    finally:
        if failures is not None:
            failures.close()


def _ingest(args, db, fields, failures) -> int:
    from khabar.store import open_store
    from khabar.store.ingest import ingest

    with open_store(db) as store:
        if args.reindex and store.index_is_current():
            store.reindex()
        summary = ingest(
            args.paths, store, fields, workers=args.workers, progress=args.progress,
            batch_size=args.batch_size, analyze=not args.no_analyze, max_chars=args.max_chars,
        )
    if failures is not None:
        for f in summary["failures"]:
            failures.write(json.dumps(f, ensure_ascii=False) + "\n")
    if args.format == "json":
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from khabar.store import display_location

        print(render_summary(summary, display_location(db)))
    if summary["interrupted"]:
        return 130
    for w in summary.get("warnings", ()):
        print(f"khabar: warning: {w}", file=sys.stderr)
    for u in summary.get("unreadable", ()):
        where = f"{u['source']}:{u['line']}" if u.get("line") else u["source"]
        print(f"khabar: warning: {where}: {u['reason']}", file=sys.stderr)
    if summary.get("unreadable"):
        return 1  # an input was cut short: what was read is stored, the rest is missing
    if summary["failed"] and not (summary["stored"] or summary["duplicates"]):
        return 1
    return 0


def render_summary(s: dict, db: str) -> str:
    lines = [
        f"{s['stored']} stored, {s['duplicates']} skipped as duplicate, {s['failed']} failed"
        f" ({s['records']} records in {s['seconds']:.1f} s, {s['rate']:.1f} articles/s) -> {db}"
    ]
    if not s["analyzed"]:
        lines[0] += " [text only: not analysed]"
    if s.get("reindexed"):
        lines.append(f"search index rebuilt for {s['reindexed']} stored articles (spelling rules changed)")
    if s["interrupted"]:
        lines.append("interrupted: what was analysed is stored; rerun the same command to add the rest")
    for f in s["failures"][:SHOWN]:
        where = f["source"] + (f":{f['line']}" if f.get("line") else "")
        lines.append(f"  failed {where}: {f['reason']}")
    more = s["failed"] - min(SHOWN, len(s["failures"]))
    if more > 0:
        lines.append(f"  … and {more} more failures (list them all with --failures FILE or --format json)")
    return "\n".join(lines)
