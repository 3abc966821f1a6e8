"""`khabar train ner`: train the named-entity model (BiLSTM-CRF or CRF) from a CoNLL file."""

from __future__ import annotations

import sys

from khabar.cli.options import number
from khabar.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("train", help="train a statistical model (ner)",
                       description="Train a statistical model. Models: ner (BiLSTM-CRF in torch, "
                       "or a CRF with python-crfsuite).")
    models = p.add_subparsers(dest="model", metavar="MODEL")
    n = models.add_parser(
        "ner",
        help="named-entity model from CoNLL 'token tag' data",
        description="Train the NER model on a CoNLL file (token, tag; blank line between "
        "sentences). --arch bilstm (default; needs the [train] extra: torch) writes one .npz "
        "that tags with numpy alone and needs --vectors (gensim KeyedVectors from "
        "data/build_clusters.py --save-vectors). --arch crf writes a python-crfsuite model and "
        "<out>.json. Both use the shipped gazetteer, first names, trigger lists and "
        "self-trained name lexicon when present.",
    )
    n.add_argument("--arch", choices=("bilstm", "crf"), default="bilstm",
                   help="model type (default bilstm)")
    n.add_argument("--train", required=True, metavar="FILE", help="CoNLL training file")
    n.add_argument("--out", required=True, metavar="PATH", help="where to write the model")
    n.add_argument("--clusters", metavar="PATH", default=None,
                   help="crf: word clusters (clusters.tsv.gz from data/build_clusters.py); "
                   "default: the shipped file")
    n.add_argument("--vectors", metavar="PATH", default=None,
                   help="bilstm: word2vec KeyedVectors learned on unlabelled news "
                   "(data/build_clusters.py --save-vectors PATH)")
    n.add_argument("--epochs", type=number(100_000), default=None, help="bilstm: training epochs (default 30)")
    n.add_argument("--hidden", type=number(65_536), default=None, help="bilstm: LSTM units per direction")
    n.add_argument("--seed", type=number(2**32 - 1), default=None, help="bilstm: random seed (default 1)")
    n.add_argument("--augment", type=float, default=None,
                   help="bilstm: add copies of this share of the training sentences with their "
                   "names swapped for others of the same type (default 0: none; 0.5 lost 2 points on dev)")
    n.add_argument("--members", type=number(1000), default=1,
                   help="bilstm: train this many networks (other seeds) and average them (default 1)")
    n.add_argument("--o-bias", type=float, default=0.0,
                   help="bilstm: taken off the O score when tagging; > 0 trades precision for "
                   "recall (default 0)")
    n.add_argument("--c1", type=float, default=None, help="crf: L1 penalty (default 0.05)")
    n.add_argument("--c2", type=float, default=None, help="crf: L2 penalty (default 0.05)")
    n.add_argument("--max-iter", type=number(10_000_000), default=None, help="crf: L-BFGS iterations (default 200)")
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

    if args.arch == "bilstm":
        return _run_bilstm(args, log)
    if (args.vectors or args.epochs or args.hidden or args.seed is not None or args.members != 1
            or args.o_bias or args.augment is not None):
        raise UsageError("--vectors/--epochs/--hidden/--seed/--augment/--members/--o-bias are for "
                         "--arch bilstm")

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


def _run_bilstm(args, log) -> int:
    from khabar.models.train_neural import train_ner_bilstm

    if args.c1 is not None or args.c2 is not None or args.max_iter is not None or args.clusters:
        raise UsageError("--c1/--c2/--max-iter/--clusters are for --arch crf")
    if not args.vectors:
        raise UsageError("--arch bilstm needs --vectors PATH (gensim KeyedVectors; make them with "
                         "'python data/build_clusters.py --save-vectors PATH')")
    hp = {k: v for k, v in (("epochs", args.epochs), ("hidden", args.hidden), ("seed", args.seed),
                            ("augment", args.augment)) if v is not None}
    summary = train_ner_bilstm(args.train, args.out, vectors=args.vectors, hparams=hp,
                               members=args.members, o_bias=args.o_bias,
                               dev_frac=args.dev_frac, dev_only=args.dev_only, log=log)
    if "model" in summary:
        print(f"wrote {summary['model']} ({summary['size_bytes'] / 1e6:.2f} MB) "
              f"in {summary['seconds']:.0f}s")
    return 0
