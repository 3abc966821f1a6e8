"""``khabar search QUERY --db DB``: Arabic-aware full-text search over a corpus database."""

from __future__ import annotations

import json
import sys

from khabar.cli.options import number
from khabar.cli.ingest import add_db_argument, db_of


def register(sub) -> None:
    p = sub.add_parser(
        "search",
        help="search the stored articles (Arabic-normalized, clitic-aware)",
        description="Full-text search. Spelling variants fold together (harakat, tatweel, أ/إ/آ/ا, "
        "ى/ي, ة/ه), and words are found with or without attached و/ف/ب/ل/ك/ال. All words must "
        "appear; text in double quotes must appear as a phrase. Quotes, brackets and operators are "
        "searched for as text, never errors.",
    )
    p.add_argument("query", nargs="+", help="words to search for")
    add_db_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--entity", metavar="NAME", help="only articles mentioning this entity (name, alias or id)")
    p.add_argument("--speaker", metavar="NAME", help="only articles quoting this speaker")
    p.add_argument("--event", metavar="TYPE", help="only articles with an event of this PLOVER type (e.g. CONSULT)")
    p.add_argument("--since", metavar="DATE", help="articles dated on or after DATE (YYYY[-MM[-DD]])")
    p.add_argument("--until", metavar="DATE", help="articles dated on or before DATE (YYYY[-MM[-DD]])")
    p.add_argument("--limit", type=number(), default=20, help="hits to show (default: 20)")
    p.add_argument("--offset", type=number(), default=0, help="skip this many hits (paging)")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.store import open_store
    from khabar.validate import parse_date_bound

    query = " ".join(args.query)
    # checked before the database is opened, and named as the options are
    since = parse_date_bound(args.since, "--since")
    until = parse_date_bound(args.until, "--until")
    with open_store(db_of(args), create=False) as store:
        if not store.index_is_current():
            print(
                "khabar: warning: the search index was built with other spelling rules; some hits may be "
                f"missing. Rebuild it: khabar ingest --reindex --db {args.db}",
                file=sys.stderr,
            )
        hits = store.search(
            query, entity=args.entity, speaker=args.speaker, event=args.event, since=since,
            until=until, limit=args.limit, offset=args.offset,
        )
    if args.format == "json":
        json.dump(hits, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        if not hits:
            print("no hits", file=sys.stderr)
        for i, h in enumerate(hits, args.offset + 1):
            print(f"{i:>3}. {h['score']:>7.3f}  {h['date'] or '----------'}  {h['id']}  {h['title'] or ''}")
            print(f"     {h['snippet']}")
    return 0
