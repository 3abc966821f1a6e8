"""``khabar entity NAME --db DB``: one entity across the corpus (aliases, articles, quotes, events)."""

from __future__ import annotations

import json
import sys

from khabar.cli.options import number
from khabar.cli.ingest import add_db_argument, db_of


def register(sub) -> None:
    p = sub.add_parser(
        "entity",
        help="an entity across the corpus: aliases, mentions, articles, quotes by it, events",
        description="Look an entity up by Arabic name or alias (any spelling, with or without "
        "و/ب/ل…), English name, or numeric id, and list what the corpus says about it.",
    )
    p.add_argument("name", nargs="+", help="name, alias or id")
    add_db_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--limit", type=number(), default=20, help="articles, quotes and events to list (default: 20)")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.errors import UsageError
    from khabar.store import open_store

    name = " ".join(args.name)
    if args.limit < 0:
        raise UsageError("--limit must not be negative")
    with open_store(db_of(args), create=False) as store:
        ent = store.entity(name, limit=args.limit)
    if ent is None:
        print(f"khabar: no entity named {name!r} in {args.db}; try another spelling, or khabar search", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(ent, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(render(ent))
    return 0


def _brief(e) -> str:
    if not e:
        return "?"
    return f"{e['name']} ({e['name_en']})" if e.get("name_en") else e["name"]


def render(ent: dict) -> str:
    country = f" [{ent['country']}]" if ent.get("country") else ""
    lines = [f"#{ent['id']} {ent['type']} {ent['name']} — {ent['name_en'] or '(no English name)'}{country}"]
    lines.append(f"  {ent['mentions']} mentions in {ent['article_count']} articles; "
                 f"{ent['quote_count']} quotes; {ent['event_count']} events")
    lines.append("  aliases: " + "، ".join(f"{a['text']} ×{a['count']}" for a in ent["aliases"][:15]))
    if ent["articles"]:
        lines.append("articles:")
        for a in ent["articles"]:
            lines.append(f"  {a['date'] or '----------'}  {a['id']}  {a['title'] or ''}  (×{a['mentions']})")
    if ent["quotes"]:
        lines.append("quotes:")
        for q in ent["quotes"]:
            lines.append(f"  {q['date'] or '----------'}  [{q['kind']}] {q['cue'] or ''}: {q['content']}")
    if ent["events"]:
        lines.append("events:")
        for ev in ent["events"]:
            src = ", ".join(_brief(e) for e in ev["source"]["entities"]) or ev["source"]["country"] or "?"
            tgt = ", ".join(_brief(e) for e in ev["target"]["entities"]) or ev["target"]["country"] or "?"
            lines.append(f"  {ev['date'] or ev['article_date'] or '----------'}  {ev['type']}: {src} → {tgt}  «{ev['evidence']}»")
    if ent["cooccurring"]:
        lines.append("often with: " + "، ".join(f"{_brief(c)} ×{c['articles']}" for c in ent["cooccurring"][:10]))
    if ent["other_matches"]:
        lines.append("other entities with this name: "
                     + "، ".join(f"#{o['id']} {o['type']} {_brief(o)}" for o in ent["other_matches"]))
    return "\n".join(lines)
