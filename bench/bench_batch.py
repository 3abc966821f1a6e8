"""Batch benchmark: end-to-end and per-stage speed, scaling, memory, start-up, peers.

    python bench/bench_batch.py                 # 5,000 SaudiNewsNet articles, 1 and 2 workers
    python bench/bench_batch.py --n 1000 --peers 300 --no-dask   # quicker

Writes ``bench/results/batch.md`` (and ``bench/results/batch_profile.txt`` with
``--profile N``). Needs /work/shared (or ``--corpus``): SaudiNewsNet is never shipped.
Peers (optional, skipped when missing): ``pip install pyarabic dateparser`` and
``pip install --no-deps camel-tools emoji regex six`` (camel-tools' utils only: its full
install pulls torch and transformers, and its data needs downloads that fail offline).

Tokens are always khabar's (``len(article.tokens)``) of the same text, so the tokens/s of
a peer is directly comparable: ratio = khabar tokens/s ÷ peer tokens/s (> 1: khabar faster).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import find_corpus  # noqa: E402 (bench/ is on sys.path)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = "قال الرئيس إن الاجتماع عقد أمس في الرياض."


def take(corpus: Path, n: int, dest: Path) -> Path:
    """The first ``n`` articles with content, as JSONL (the batch input)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    k = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for line in fin:
            if k >= n:
                break
            if json.loads(line).get("content", "").strip():
                fout.write(line)
                k += 1
    return dest


def best_wall(cmd: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def startup() -> dict[str, float]:
    py = sys.executable
    khabar_cmd = [shutil.which("khabar")] if shutil.which("khabar") else [py, "-m", "khabar.cli.main"]
    first = (
        "import time; t=time.perf_counter(); import khabar; a=khabar.analyze(%r, date='2015-07-21'); "
        "print(time.perf_counter()-t)" % SAMPLE
    )
    runs = [float(subprocess.run([py, "-c", first], check=True, capture_output=True, text=True).stdout)
            for _ in range(3)]
    return {
        "python -c pass": best_wall([py, "-c", "pass"]),
        "import khabar": best_wall([py, "-c", "import khabar"]),
        "khabar --version": best_wall(khabar_cmd + ["--version"]),
        "first analysis (import + pipeline load + 1 article)": min(runs),
    }


def batch_run(inp: Path, out: Path, workers: int, engine: str, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, "-m", "khabar.cli.main", "batch", str(inp), "-o", str(out), "-j", str(workers),
           "--engine", engine, "--overwrite", "-q", *extra]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"batch failed: {proc.stderr}")
    stats = json.loads((out / "stats.json").read_text())
    stats["wall_seconds"] = wall
    return stats


def load_texts(inp: Path, n: int) -> list[str]:
    texts = []
    with inp.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["content"])
            if len(texts) >= n:
                break
    return texts


def timed(fn, items) -> float:
    t = time.perf_counter()
    for x in items:
        fn(x)
    return time.perf_counter() - t


def peers(texts: list[str]) -> tuple[list[tuple], int, list[str]]:
    """Rows (task, tool, seconds, tokens/s, found) on the same texts; khabar's tokens."""
    from khabar.arabic.normalize import normalize_view
    from khabar.pipeline import make_article
    from khabar.stages import build_stage
    from khabar.stages.segment import tokenize

    seg, dates = build_stage("segment"), build_stage("dates")
    # warm caches and lazy loads before timing
    for st in (seg, dates):
        st(_prepared(make_article(SAMPLE, "2015-07-21"), seg))
    arts = [make_article(t, "2015-07-21") for t in texts]
    for a in arts:
        a.norm  # noqa: B018
    seg_s = timed(seg, arts)
    tokens = sum(len(a.tokens) for a in arts)
    rows: list[tuple] = []
    notes: list[str] = []

    def row(task, tool, seconds, found=None):
        rows.append((task, tool, seconds, tokens / seconds if seconds else float("nan"), found))

    row("normalize", "khabar normalize_view (with offset map)", timed(normalize_view, texts))
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import (
            normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar,
        )

        row("normalize", "camel-tools dediac + 3 normalizers",
            timed(lambda t: normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(t)))), texts))
    except ImportError:
        notes.append("camel-tools not installed: its rows are missing")
    try:
        import pyarabic.araby as araby

        row("normalize", "pyarabic strip_tashkeel+tatweel, normalize_hamza",
            timed(lambda t: araby.normalize_hamza(araby.strip_tatweel(araby.strip_tashkeel(t))), texts))
    except ImportError:
        araby = None
        notes.append("pyarabic not installed: its rows are missing")

    row("tokenize", "khabar segment stage (tokens, sentences, clitics, offsets)", seg_s, tokens)
    row("tokenize", "khabar tokenize() regex only (normalized text)", timed(lambda a: tokenize(a.norm.text), arts))
    try:
        from camel_tools.tokenizers.word import simple_word_tokenize

        row("tokenize", "camel-tools simple_word_tokenize", timed(simple_word_tokenize, texts),
            sum(len(simple_word_tokenize(t)) for t in texts))
    except ImportError:
        pass
    if araby is not None:
        row("tokenize", "pyarabic araby.tokenize", timed(araby.tokenize, texts), sum(len(araby.tokenize(t)) for t in texts))

    t = time.perf_counter()
    for a in arts:
        dates(a)
    row("dates", "khabar dates stage (tokenized article, resolved ISO values)", time.perf_counter() - t,
        sum(len(a.times) for a in arts))
    try:
        from dateparser.search import search_dates

        search_dates(SAMPLE, languages=["ar"])  # load its data first
        found = 0
        t = time.perf_counter()
        for x in texts:
            found += len(search_dates(x, languages=["ar"]) or [])
        row("dates", "dateparser search_dates(languages=['ar'])", time.perf_counter() - t, found)
    except ImportError:
        notes.append("dateparser not installed: its row is missing")
    return rows, tokens, notes


def _prepared(article, seg):
    article.norm  # noqa: B018
    seg(article)
    return article


def profile(texts: list[str], dest: Path) -> list[str]:
    from khabar.pipeline import default_pipeline

    pipe = default_pipeline()
    pipe.analyze(SAMPLE, "2015-07-21")
    prof = cProfile.Profile()
    prof.enable()
    for _ in pipe.pipe(texts, date="2015-07-21", batch_size=32):  # in batches, as khabar batch runs
        pass
    prof.disable()
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime")
    st.print_stats(40)
    buf.write("\n\n=== by cumulative time ===\n")
    st.sort_stats("cumulative").print_stats(40)
    dest.write_text(buf.getvalue(), encoding="utf-8")
    top = []
    for (file, line, fn), (cc, nc, tt, ct, _) in sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:12]:
        top.append(f"| `{fn}` ({file}:{line}) | {tt:.2f} | {ct:.2f} | {nc:,} |")
    return top


def fmt(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=5000, help="articles for the end-to-end runs (5000)")
    ap.add_argument("--peers", type=int, default=1000, help="articles for the side-by-side (1000)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--profile", type=int, default=200, help="articles to profile with cProfile (0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each engine and worker count: the median is shown (3)")
    ap.add_argument("--results", default=str(HERE / "results" / "batch.md"))
    args = ap.parse_args()

    corpus = find_corpus(args.corpus)
    work = HERE / "out"
    inp = take(corpus, max(args.n, args.peers, args.profile), work / "bench_input.jsonl")
    if args.n < max(args.peers, args.profile):
        inp_e2e = take(corpus, args.n, work / "bench_e2e.jsonl")
    else:
        inp_e2e = inp
    results = Path(args.results)
    results.parent.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()

    print("start-up …", file=sys.stderr)
    start = startup()
    runs = []
    all_runs: dict[tuple[str, int], list[float]] = {}

    def median_run(engine: str, w: int) -> dict:
        got = []
        for r in range(args.repeat):
            print(f"batch {engine}, {w} worker(s), {args.n} articles, run {r + 1}/{args.repeat} …", file=sys.stderr)
            got.append(batch_run(inp_e2e, work / f"{engine}{w}", w, engine))
        got.sort(key=lambda st: st["tokens_per_second"])
        all_runs[(engine, w)] = [st["tokens_per_second"] for st in got]
        return got[len(got) // 2]

    for w in args.workers:
        runs.append(("local", w, median_run("local", w)))
    if not args.no_dask:
        w = max(args.workers)
        try:
            runs.append(("dask", w, median_run("dask", w)))
        except SystemExit as exc:
            print(exc, file=sys.stderr)
    print("peers …", file=sys.stderr)
    texts = load_texts(inp, args.peers)
    peer_rows, peer_tokens, notes = peers(texts)
    top = []
    if args.profile:
        print("profile …", file=sys.stderr)
        top = profile(load_texts(inp, args.profile), results.parent / "batch_profile.txt")
    load1 = os.getloadavg()

    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        rev, dirty = "?", ""
    import khabar

    L: list[str] = []
    L.append("# Batch benchmark")
    L.append("")
    L.append(f"Written by `bench/bench_batch.py` on {time.strftime('%Y-%m-%d %H:%M %Z')}; khabar {khabar.__version__} "
             f"at {rev}{' + uncommitted changes' if dirty else ''}; Python {platform.python_version()}, "
             f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), shared with other work: "
             f"load average {load0[0]:.1f} before, {load1[0]:.1f} after. Corpus: the first {args.n:,} SaudiNewsNet "
             "articles with content. Tokens = `len(article.tokens)`.")
    L.append("")
    L.append("## End to end (`khabar batch`, JSONL out)")
    L.append("")
    L.append("| engine | workers | articles | tokens | seconds | tokens/s | articles/s | tokens per worker CPU-s | first result s | peak RSS per worker MB | main RSS MB |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    base = None
    for eng, w, s in runs:
        L.append(f"| {eng} | {w} | {s['ok']:,} | {s['tokens']:,} | {s['seconds']:.1f} | **{fmt(s['tokens_per_second'])}** | "
                 f"{fmt(s['articles_per_second'], 1)} | {fmt(s.get('tokens_per_cpu_second'))} | {fmt(s['first_result_seconds'], 2)} | "
                 f"{', '.join(fmt(x) for x in s['peak_rss_mb_per_worker'])} | {fmt(s['peak_rss_mb_main'])} |")
        if eng == "local" and w == 1:
            base = s
    L.append("")
    L.append(f"Each row is the median of {args.repeat} runs by tokens/s; all runs' tokens/s: " + "; ".join(
        f"{eng} × {w}: {', '.join(fmt(x) for x in v)}" for (eng, w), v in all_runs.items()) + ".")
    local_best = {w: s for eng, w, s in runs if eng == "local"}
    for eng, w, s in runs:
        if eng == "dask" and w in local_best:
            L.append(f"Dask ÷ local, {w} workers: {s['tokens_per_second'] / local_best[w]['tokens_per_second']:.2f}.")
    L.append("")
    L.append("tokens/s is wall-clock, end to end (start-up, reading, writing included); \"tokens per worker "
             "CPU-s\" divides by the CPU time the workers spent analysing, so it does not depend on other "
             "load on the machine.")
    L.append("")
    for eng, w, s in runs:
        if base and eng == "local" and w > 1:
            L.append(f"Scaling, local, 1 → {w} workers: ×{s['tokens_per_second'] / base['tokens_per_second']:.2f} "
                     f"({fmt(base['tokens_per_second'])} → {fmt(s['tokens_per_second'])} tokens/s).")
    L.append("")
    if runs:
        s = runs[0][2]
        L.append(f"## Per stage (one worker: tokens/s of each stage alone, from `Pipeline.timings`, run: {runs[0][0]} × {runs[0][1]})")
        L.append("")
        L.append("| stage | seconds | share | tokens/s |")
        L.append("|---|---|---|---|")
        total = sum(s["stage_seconds"].values()) or 1
        for k, v in s["stage_seconds"].items():
            L.append(f"| {k} | {v:.2f} | {100 * v / total:.1f}% | {fmt(s['stage_tokens_per_second'].get(k))} |")
        L.append(f"| all stages | {total:.2f} | 100% | {fmt(s['tokens'] / total)} |")
        L.append("")
    L.append("## Start-up (best wall time, seconds)")
    L.append("")
    L.append("| what | seconds |")
    L.append("|---|---|")
    for k, v in start.items():
        L.append(f"| {k} | {v:.3f} |")
    for eng, w, s in runs:
        L.append(f"| batch to first result ({eng}, {w} worker(s): pool start, pipeline load, first chunk) | {fmt(s['first_result_seconds'], 3)} |")
    L.append("")
    L.append(f"## Peers side by side ({len(texts):,} articles, {peer_tokens:,} khabar tokens, one process)")
    L.append("")
    L.append("| task | tool | seconds | tokens/s | khabar ÷ peer | found |")
    L.append("|---|---|---|---|---|---|")
    kh = {}
    for task, tool, sec, tps, found in peer_rows:
        if tool.startswith("khabar") and task not in kh:
            kh[task] = tps
    for task, tool, sec, tps, found in peer_rows:
        ratio = "" if tool.startswith("khabar") else f"{kh[task] / tps:.2f}"
        L.append(f"| {task} | {tool} | {sec:.2f} | {fmt(tps)} | {ratio} | {'' if found is None else f'{found:,}'} |")
    L.append("")
    L.append("The tasks differ in what they give: khabar's normalize builds an offset map back to the original; "
             "its segment stage also finds sentences, clitics and offsets; its dates stage resolves values to "
             "ISO dates. \"found\" counts tokens (tokenizers) or dates found (dates).")
    for n in notes:
        L.append(f"- {n}")
    if top:
        L.append("")
        L.append(f"## Profile (cProfile, {args.profile} articles, in one process; top by own time)")
        L.append("")
        L.append("| function | own s | cumulative s | calls |")
        L.append("|---|---|---|---|")
        L.extend(top)
        L.append("")
        L.append("Full listing: `bench/results/batch_profile.txt`.")
    results.write_text("\n".join(L) + "\n", encoding="utf-8")
    print(f"wrote {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
