"""`khabar tag`: named-entity tags for tokenized text (CoNLL in, CoNLL out)."""

from __future__ import annotations

import sys

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "tag",
        help="tag tokens with named entities (CoNLL in and out)",
        description="Read CoNLL (first column the token, blank line between sentences, other "
        "columns ignored) and write 'token<TAB>tag' lines with ANERcorp tags "
        "(B-/I- PERS, ORG, LOC, MISC; O), keeping the blank lines.",
    )
    p.add_argument("file", metavar="FILE", help="CoNLL file, or - for stdin")
    p.add_argument("--format", default="conll", choices=["conll"],
                   help="input/output format (only conll)")
    p.add_argument("--model", metavar="PATH", default=None,
                   help="a model from 'khabar train ner' (default: the shipped model)")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.models.conll import read_conll, write_conll
    from khabar.models.ner import get_tagger, load_tagger

    if args.format != "conll":
        raise UsageError(f"unsupported --format {args.format!r}; use conll")
    sents, _ = read_conll(args.file)
    tagger = load_tagger(args.model) if args.model else get_tagger()
    tags = tagger.tag(sents)
    out = sys.stdout
    write_conll(sents, tags, out)
    out.flush()
    return 0
