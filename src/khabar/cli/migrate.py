"""``khabar migrate --from corpus.db --to postgresql://…``: copy a corpus to another database."""

from __future__ import annotations

import sys

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "migrate",
        help="copy a corpus database into another (e.g. an SQLite file into PostgreSQL)",
        description="Copy every article of the corpus at --from, with its analysis, into the database "
        "at --to (an SQLite file or a postgresql://user@host:port/dbname URL; created or upgraded as "
        "needed). Corpus entities are rebuilt the same way, in the same order. Articles already in the "
        "target are skipped, so an interrupted copy is finished by running it again.",
    )
    p.add_argument("--from", dest="source", required=True, metavar="DB", help="the corpus to copy")
    p.add_argument("--to", dest="target", required=True, metavar="DB", help="where to copy it")
    p.add_argument("--batch-size", type=int, default=500, help="articles per committed transaction (default: 500)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.store import open_store
    from khabar.store.copy import copy_store

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.source == args.target:
        raise UsageError("--from and --to are the same database")

    def progress(read: int, copied: int) -> None:
        if not args.quiet:
            print(f"\r  {read} read, {copied} copied", end="", file=sys.stderr, flush=True)

    with open_store(args.source, create=False) as src, open_store(args.target) as dst:
        summary = copy_store(src, dst, batch_size=args.batch_size, progress=progress)
        if not args.quiet and summary["read"]:
            print(file=sys.stderr)
        total = dst.stats()["articles"]
        where = dst.location
    print(f"{summary['copied']} articles copied, {summary['skipped']} already there -> {where} ({total} articles)")
    return 0
