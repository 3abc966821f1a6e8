"""Time the pipeline, stage by stage, in one process, and write bench/results/pipeline.md.

    python bench/bench_pipeline.py [--corpus saudinewsnet.jsonl.gz] [--n 600] [--label after]

Articles: every 7th SaudiNewsNet record from the start, ``--n`` of them. One warm-up pass
(lazy loads, caches), then the timed passes; the figure per stage is the best of ``--repeat``
passes (CPU time of this process, so that other load on a shared machine moves it less).
With ``--label`` the table is appended to the results file under that label, so that two
versions of khabar (before/after a change) can be compared in one file.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, every_nth, find_corpus  # noqa: E402



def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--label", default=None)
    ap.add_argument("--batch-size", type=int, default=32,
                    help="articles per Pipeline.run_many batch, as khabar batch sends them (1: one by one)")
    args = ap.parse_args(argv)
    from khabar.threads import one_blas_thread

    one_blas_thread()
    import khabar
    from khabar.pipeline import default_pipeline

    arts = [(rec.text, rec.date) for _, rec in every_nth(find_corpus(args.corpus), args.n, 7)]
    items = [{"text": t, "date": str(d) if d else None} for t, d in arts]
    pipe = default_pipeline()
    bs = args.batch_size

    def run() -> int:
        return sum(len(a.tokens) for a in pipe.pipe(items, batch_size=bs))

    t0 = time.perf_counter()
    ntok = run()  # warm-up
    first = time.perf_counter() - t0
    import gc

    from khabar.batch.runner import WORKER_GC_THRESHOLD

    gc.collect()  # as a batch worker does after its warm-up
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    best: dict[str, float] = {}
    totals = []
    for _ in range(args.repeat):
        for k in pipe.timings:
            pipe.timings[k] = 0.0
        c0 = time.process_time()
        run()
        totals.append(time.process_time() - c0)
        for k, v in pipe.timings.items():
            best[k] = min(best.get(k, v), v)
    total = min(totals)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    try:
        import os

        load_avg = "load average %.1f" % os.getloadavg()[0]
    except OSError:
        load_avg = ""
    lines = [
        f"### {args.label or 'pipeline'}: khabar {khabar.__version__} at {commit}",
        "",
        f"{len(arts)} SaudiNewsNet articles (every 7th record), {ntok:,} tokens; Python "
        f"{platform.python_version()}, one process, one BLAS thread, batches of {bs} articles, collector tuned as in a worker; {load_avg}. First pass (cold, "
        f"lazy loads included): {first:.1f} s. Best of {args.repeat} warm passes:",
        "",
        "| stage | ms per article | tokens/s |",
        "|---|---|---|",
    ]
    for k, v in best.items():
        lines.append(f"| {k} | {v / len(arts) * 1000:.2f} | {ntok / v:,.0f} |")
    lines.append(f"| **whole pipeline** (CPU time) | {total / len(arts) * 1000:.2f} | **{ntok / total:,.0f}** |")
    lines.append("")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "results" / "pipeline.md"
    header = ("# Pipeline, stage by stage (`bench/bench_pipeline.py`)\n\n"
              "One process on SaudiNewsNet articles; each table is one version of khabar.\n\n")
    if args.label and out.exists():
        out.write_text(out.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text, encoding="utf-8")
    else:
        out.write_text(header + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
