"""``khabar analyze FILE [--date YYYY-MM-DD] [--format json|text]``: one article in, JSON out."""

from __future__ import annotations

import json
import sys

from khabar.cli.options import number
from khabar.errors import UsageError
from khabar.io import read_input


def register(sub) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse one article (text, HTML or '-' for stdin) and print its annotations",
        description="Analyse one Arabic article. Input: a UTF-8 or Windows-1256 text file, an HTML "
        "page, or '-' for stdin. Output: the JSON contract (see README) or a readable summary.",
    )
    p.add_argument("file", help="article file, or - for stdin")
    p.add_argument("--date", help="the article's date, YYYY-MM-DD (anchors أمس، الأربعاء …)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--indent", type=number(64), default=1, help="JSON indent (0: one line)")
    add_pipeline_options(p)
    p.set_defaults(func=run)


def add_pipeline_options(p) -> None:
    """The options that change the pipeline: user gazetteer, another NER model, stages left out."""
    p.add_argument("--gazetteer", metavar="TSV",
                   help="a user gazetteer (name, type, English name[, ISO-3 country] per line, tab-separated) "
                   "that adds to and overrides the shipped one")
    p.add_argument("--ner-model", metavar="PATH", help="another NER model file instead of the shipped one")
    p.add_argument("--exclude", metavar="STAGE", action="append", default=[],
                   help="leave a stage out (repeatable; e.g. --exclude events)")


def pipeline_from_args(args):
    """The pipeline the options ask for (the shared default one when none is given)."""
    from khabar.pipeline import default_pipeline

    exclude = [s.strip() for x in (args.exclude or []) for s in x.split(",") if s.strip()]
    return default_pipeline(exclude=exclude, gazetteer=args.gazetteer, ner_model=args.ner_model)


def run(args) -> int:
    analyze = pipeline_from_args(args).analyze
    text, meta = read_input(args.file)
    warn_about(meta)
    date = args.date or meta.get("date")
    try:
        article = analyze(text, date=date, title=meta.get("title"))
    except UsageError:
        if args.date:
            raise
        article = analyze(text, title=meta.get("title"))  # unparseable date from HTML metadata
    out = sys.stdout
    if args.format == "json":
        json.dump(article.to_dict(), out, ensure_ascii=False, indent=args.indent or None)
        out.write("\n")
    else:
        out.write(render_text(article))
    return 0


def warn_about(meta: dict) -> None:
    """Say on stderr what was mended in the input (bad UTF-8 bytes replaced, …)."""
    for w in meta.get("warnings") or ():
        print(f"khabar: warning: {w}", file=sys.stderr)


def render_text(article) -> str:
    """A readable summary of an analysed article, for a person."""
    lines: list[str] = []
    if article.title:
        lines.append(article.title)
    lines.append(
        f"{len(article.sentences)} sentences, {len(article.tokens)} tokens; "
        f"date {article.date.isoformat() if article.date else 'unknown'}"
    )
    lines.append("")
    lines.append(f"Entities ({len(article.entities)}):")
    for e in sorted(article.entities, key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0)):
        forms = sorted({m.text for m in e.mentions}, key=len, reverse=True)
        country = f" [{e.country}]" if e.country else ""
        lines.append(f"  {e.type:<4} {e.name_en}{country} — {e.name} ×{len(e.mentions)}  ({'، '.join(forms[:5])})")
    if article.times:
        lines.append("")
        lines.append(f"Dates and durations ({len(article.times)}):")
        for t in article.times:
            lines.append(f"  {t.value:<12} {t.kind:<8} {t.text}")
    if article.quotes:
        lines.append("")
        lines.append(f"Quotes ({len(article.quotes)}):")
        for q in article.quotes:
            ent = article.entity(q.speaker_entity)
            if ent is not None:
                who = f"{ent.name} ({ent.name_en})"
            elif q.speaker is not None:
                who = f"{q.speaker.text} (unnamed)"
            else:
                who = "(unknown)"
            content = " … ".join(c.text for c in q.content)
            lines.append(f"  {who}: {content}  [{q.kind}]")
    if article.events:
        lines.append("")
        lines.append(f"Events ({len(article.events)}):")
        for ev in article.events:
            def actor(a):
                names = [article.entity(i).name_en for i in a.entities if article.entity(i)]
                code = "".join(x for x in (a.country or "", a.sector or "") if x)
                label = ", ".join(names) or (a.text.text if a.text else "?")
                return label + (f" [{code}]" if code else "")

            mode = f"/{ev.mode}" if ev.mode else ""
            ctx = f" ({', '.join(ev.context)})" if ev.context else ""
            conf = f"  [confidence {ev.confidence:.2f}]" if ev.confidence is not None else ""
            lines.append(f"  {ev.type}{mode}{ctx}: {actor(ev.source)} → {actor(ev.target)}  {ev.date or ''}{conf}")
            lines.append(f"      «{ev.evidence.text}»")
    return "\n".join(lines) + "\n"
