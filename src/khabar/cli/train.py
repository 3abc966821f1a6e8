"""`khabar train ner`: train the CRF named-entity model from a CoNLL file."""

from __future__ import annotations

import sys

from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("train", help="train a statistical model (ner)",
                       description="Train a statistical model. Models: ner (CRF, python-crfsuite).")
    models = p.add_subparsers(dest="model", metavar="MODEL")
    n = models.add_parser(
        "ner",
        help="CRF named-entity model from CoNLL 'token tag' data",
        description="Train the CRF NER model on a CoNLL file (token, tag; blank line between "
        "sentences). Uses the shipped word clusters, gazetteer, first names and trigger lists "
        "when present. Writes the model to --out and its feature settings to <out>.json.",
    )
    n.add_argument("--train", required=True, metavar="FILE", help="CoNLL training file")
    n.add_argument("--out", required=True, metavar="PATH", help="where to write the model")
    n.add_argument("--clusters", metavar="PATH", default=None,
                   help="word clusters (clusters.tsv.gz from data/build_clusters.py); "
                   "default: the shipped file")
    n.add_argument("--c1", type=float, default=None, help="L1 penalty (default 0.05)")
    n.add_argument("--c2", type=float, default=None, help="L2 penalty (default 0.05)")
    n.add_argument("--max-iter", type=int, default=None, help="L-BFGS iterations (default 200)")
    n.add_argument("--dev-frac", type=float, default=0.0,
                   help="hold out this last fraction of sentences, report dev scores, then "
                   "retrain on all (default 0: no dev run)")
    n.add_argument("--dev-only", action="store_true",
                   help="with --dev-frac: stop after the dev run (no model written)")
    n.set_defaults(func=run_ner)
    p.set_defaults(func=run)


def run(args) -> int:
    raise UsageError("khabar train: name a model, e.g. 'khabar train ner --train FILE --out PATH'")


def run_ner(args) -> int:
    from khabar.models.train_ner import DEFAULT_PARAMS, train_ner

    if args.dev_only and not args.dev_frac:
        raise UsageError("--dev-only needs --dev-frac")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    summary = train_ner(
        args.train,
        args.out,
        clusters=args.clusters,
        c1=DEFAULT_PARAMS["c1"] if args.c1 is None else args.c1,
        c2=DEFAULT_PARAMS["c2"] if args.c2 is None else args.c2,
        max_iter=DEFAULT_PARAMS["max_iter"] if args.max_iter is None else args.max_iter,
        dev_frac=args.dev_frac,
        dev_only=args.dev_only,
        log=log,
    )
    if "model" in summary:
        print(f"wrote {summary['model']} ({summary['size_bytes'] / 1e6:.2f} MB) "
              f"in {summary['seconds']:.0f}s")
    return 0
