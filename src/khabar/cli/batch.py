"""``khabar batch INPUT... --out DIR``: analyse a corpus with worker processes or Dask.

Streams the input (constant memory), writes ``DIR/analyses-*.jsonl`` (one analysis per
good record), ``DIR/errors.jsonl``, ``DIR/stats.json`` and, with ``--format parquet``,
the ``entities``, ``quotes`` and ``events`` tables. See ``docs/batch.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from khabar.cli.options import MAX_WORKERS, number
from khabar.cli.records import add_record_arguments, record_fields


def register(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="analyse a corpus (JSONL(.gz), folders of articles) in parallel, locally or on Dask",
        description="Analyse every record of the inputs in parallel and write one analysis per good "
        "record to OUT/analyses-*.jsonl, bad records (with line and reason) to OUT/errors.jsonl and "
        "statistics to OUT/stats.json. Streams: memory stays constant in the corpus size.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL(.gz)/JSON files, text/HTML files or folders")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--workers", "-j", type=number(MAX_WORKERS), default=None, metavar="N",
                   help="worker processes (default: the CPUs this process may use; 0: in this process)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool (default); dask: dask.distributed")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running scheduler (tcp://host:8786); default: a local cluster")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="parquet: also write the entities, quotes and events tables (needs pyarrow)")
    p.add_argument("--resume", action="store_true", help="go on from the complete shards already in DIR")
    p.add_argument("--overwrite", action="store_true", help="delete earlier batch output in DIR first")
    p.add_argument("--chunk-size", type=number(), default=32, metavar="N", help="records sent to a worker at once (32)")
    p.add_argument("--shard-size", type=number(), default=1000, metavar="N", help="analyses per output shard (1000)")
    add_record_arguments(p)
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None,
                      help="show a progress bar even when stderr is not a terminal (default: only on a terminal)")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    p.set_defaults(func=run)


def run(args) -> int:
    from khabar.batch.runner import BatchConfig, default_workers, run_batch

    config = BatchConfig(
        inputs=list(args.inputs),
        out=Path(args.out),
        fields=record_fields(args),
        workers=default_workers() if args.workers is None else args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        tables=args.format == "parquet",
        resume=args.resume,
        overwrite=args.overwrite,
        chunk_size=args.chunk_size,
        shard_size=args.shard_size,
        progress=False if args.quiet else args.progress,
    )
    stats = run_batch(config)
    if not args.quiet:
        skipped = f", {stats['skipped']} skipped (already written)" if stats["skipped"] else ""
        dups = f", {stats['duplicates']} duplicates" if stats["duplicates"] else ""
        print(
            f"khabar batch: {stats['ok']} analysed, {stats['errors']} errors{skipped}{dups}; "
            f"{stats['tokens']:,} tokens in {stats['seconds']:.1f} s "
            f"({stats['tokens_per_second'] or 0:,.0f} tokens/s) → {config.out}",
            file=sys.stderr,
        )
    for w in stats.get("warnings", ()):
        print(f"khabar: warning: {w}", file=sys.stderr)
    for u in stats.get("unreadable", ()):
        where = f"{u['source']}:{u['line']}" if u.get("line") else u["source"]
        print(f"khabar: warning: {where}: {u['reason']}", file=sys.stderr)
    return 1 if stats.get("unreadable") else 0  # an input was cut short: its rest is missing
