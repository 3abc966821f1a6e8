"""``khabar stats --db DB``: what a corpus database holds."""

from __future__ import annotations

import json
import sys

from khabar.cli.ingest import add_db_argument, db_of


def register(sub) -> None:
    p = sub.add_parser("stats", help="counts of articles, entities, quotes and events in a corpus database")
    add_db_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.store import open_store

    with open_store(db_of(args), create=False) as store:
        stats = store.stats()
    if args.format == "json":
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"{stats['database']} (schema {stats['schema_version']})")
    print(f"  articles  {stats['articles']:>9}  ({stats['analyzed']} analysed; dates {stats['first_date']} … {stats['last_date']})")
    types = ", ".join(f"{k} {v}" for k, v in stats["entity_types"].items())
    print(f"  entities  {stats['entities']:>9}  ({types}; {stats['mentions']} mentions, {stats['aliases']} aliases)")
    print(f"  quotes    {stats['quotes']:>9}")
    top = ", ".join(f"{k} {v}" for k, v in list(stats["event_types"].items())[:8])
    print(f"  events    {stats['events']:>9}" + (f"  ({top})" if top else ""))
    print(f"  dates     {stats['times']:>9}")
    return 0
