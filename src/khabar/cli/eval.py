"""``khabar eval DIR...``: score the pipeline on gold folders; ``khabar eval ner --test FILE``:
score the NER model on a CoNLL file (conlleval rules); ``khabar eval gsr FILE``: score
sentence-level event detection on the Arabic event gold standard (a JSONL file)."""

from __future__ import annotations

import json
import sys

from khabar.cli.options import number


def register(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="score khabar on gold folders (or 'eval ner --test FILE' for the NER model, "
        "'eval gsr FILE' for sentence-level events)",
        description="khabar eval DIR... scores each gold folder (article.txt + gold.json), "
        "DIR being one folder or a folder of them. khabar eval ner --test FILE scores the "
        "NER model on a CoNLL file with conlleval's exact-span rules. khabar eval gsr FILE "
        "scores event detection on sentences (JSONL: id, event_type, label, text), each "
        "analysed alone: P/R/F1 per event type.",
    )
    p.add_argument("targets", nargs="+", metavar="DIR", help="gold folder(s), or 'ner', or 'gsr FILE'")
    p.add_argument("--date", help="override the article date for every gold article")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--test", help="(eval ner) CoNLL test file")
    p.add_argument("--model", help="(eval ner) model file; default: the shipped model")
    p.add_argument("--errors", type=number(), default=0, metavar="N",
                   help="(eval gsr) show N false negatives and N false positives per type")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.targets[0] == "ner":
        return _run_ner(args)
    if args.targets[0] == "gsr":
        return _run_gsr(args)
    from khabar.evaluate import evaluate_dirs, format_report, report_dict

    scores = evaluate_dirs(args.targets, date=args.date)
    if args.format == "json":
        json.dump(report_dict(scores), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_report(scores))
    return 0


def _run_ner(args) -> int:
    from khabar.errors import UsageError
    from khabar.models.conll import eval_ner, format_ner_report

    if not args.test:
        raise UsageError("khabar eval ner needs --test FILE (a CoNLL file: token, tag per line)")
    report = eval_ner(args.test, model_path=args.model)
    if args.format == "json":
        json.dump(report, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_ner_report(report))
    return 0


def _run_gsr(args) -> int:
    from khabar.errors import UsageError
    from khabar.evaluate import evaluate_gsr, format_gsr_report

    if len(args.targets) != 2:
        raise UsageError("khabar eval gsr needs one FILE (JSONL: id, event_type, label, text a line)")
    if args.errors < 0:
        raise UsageError("--errors N needs N >= 0")
    report = evaluate_gsr(args.targets[1])
    if args.format == "json":
        errs = report.pop("errors")
        if args.errors:
            report["errors"] = {t: {k: v[: args.errors] for k, v in e.items()} for t, e in errs.items()}
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_gsr_report(report, errors=args.errors))
    return 0
