"""Store benchmark: ingest rate, idempotence, kill -9 and resume, search latency and folding.

    python bench/bench_store.py                       # everything (≈ 10 min on 2 cores)
    python bench/bench_store.py --ingest-n 1000 --skip-full   # quicker

1. ingest rate with the full pipeline on the first ``--ingest-n`` (5,000) SaudiNewsNet records,
   ``--workers`` (2) analysing processes and one writer;
2. the first 300 records ingested twice → article count;
3. ``kill -9`` of an ingest of 600 records (full pipeline) after its first commits, a rerun →
   article count and ``PRAGMA integrity_check``;
4. search latency (median, p95, max over ``--queries`` queries, 10 named + title n-grams, fixed
   seed) on the whole corpus ingested with ``--no-analyze`` (text only: the full-text index is
   the same as with analysis; its ingest rate is reported too), and الامم المتحده vs الأمم المتحدة.

Writes ``bench/results/store.md``. Needs /work/shared (or ``--corpus``); SaudiNewsNet is never
shipped. Work files go to ``bench/out/store/``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import find_corpus, queries  # noqa: E402 (bench/ is on sys.path)

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "store"
RESULTS = HERE / "results" / "store.md"


def take(corpus: Path, n: int, dest: Path) -> Path:
    """The first ``n`` records (as they come, empty ones included) as JSONL."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(corpus, "rt", encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if i >= n:
                break
            fout.write(line)
    return dest


def fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return db


def cli(*args: str, timeout: float = 3600) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "khabar.cli.main", "ingest", *args, "--format", "json", "--no-progress"],
        capture_output=True, text=True, timeout=timeout,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"ingest failed: {out.stderr}")
    return json.loads(out.stdout)


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def bench_ingest(src: Path, workers: int) -> dict:
    db = fresh(OUT / "ingest.db")
    s = cli(str(src), "--db", str(db), "--workers", str(workers))
    return {"summary": s, "db": db}


def bench_pipeline(src: Path, n: int) -> dict:
    """The pipeline alone in one process, and the store's share of a worker's time
    (prepare: normalization, stems, rows) on the same articles."""
    from khabar.io import Record, iter_records
    from khabar.pipeline import analyze
    from khabar.store.prepare import prepare

    recs = [r for r in iter_records([src]) if isinstance(r, Record)][:n]
    analyze(recs[0].text)  # load models and lexicons
    t = time.perf_counter()
    arts = [analyze(r.text, date=r.date) for r in recs]
    ta = time.perf_counter() - t
    t = time.perf_counter()
    for a, r in zip(arts, recs):
        prepare(a.to_dict(), r)
    tp = time.perf_counter() - t
    return {"n": len(recs), "analyze_rate": len(recs) / ta, "analyze_ms": 1000 * ta / len(recs),
            "prepare_ms": 1000 * tp / len(recs)}


def bench_twice(src: Path, workers: int) -> dict:
    db = fresh(OUT / "twice.db")
    a = cli(str(src), "--db", str(db), "--workers", str(workers))
    b = cli(str(src), "--db", str(db), "--workers", str(workers))
    return {"first": a, "second": b, "articles": count(db), "integrity": integrity(db)}


def bench_kill(src: Path, workers: int, kill_after: int) -> dict:
    db = fresh(OUT / "kill.db")
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar.cli.main", "ingest", str(src), "--db", str(db), "--workers", str(workers),
         "--batch-size", "50", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    t0 = time.monotonic()
    while count(db) < kill_after and proc.poll() is None and time.monotonic() - t0 < 1800:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = count(db)
    check_after_kill = integrity(db)
    rerun = cli(str(src), "--db", str(db), "--workers", str(workers))
    return {
        "killed_at": before, "integrity_after_kill": check_after_kill, "rerun": rerun,
        "articles": count(db), "integrity": integrity(db),
    }


def bench_search(corpus: Path, workers: int, n_queries: int, reuse: bool) -> dict:
    from khabar.store import open_store

    db = OUT / "full.db"
    summary = None
    if not (reuse and db.exists() and count(db) > 0):
        fresh(db)
        summary = cli(str(corpus), "--db", str(db), "--workers", str(workers), "--no-analyze")
    with open_store(db) as st:
        titles = [r[0] for r in st.conn.execute("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY pk")]
        qs = queries(titles, n_queries)
        for q in qs[:5]:  # warm the page cache and the stem tables
            st.search(q)
        times, nhits = [], []
        for q in qs:
            t = time.perf_counter()
            hits = st.search(q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            nhits.append(len(hits))
        # a filtered search (date range) on the same queries
        ftimes = []
        for q in qs:
            t = time.perf_counter()
            st.search(q, since="2015-08-01", until="2015-08-31", limit=20)
            ftimes.append((time.perf_counter() - t) * 1000)
        a = [h["id"] for h in st.search("الامم المتحده", limit=5000)]
        b = [h["id"] for h in st.search("الأمم المتحدة", limit=5000)]
        c = [h["id"] for h in st.search("وبالأمم المتحدة", limit=5000)]
        articles = st.stats()["articles"]
    size = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
    worst = sorted(zip(times, qs), reverse=True)[:5]
    return {
        "summary": summary, "articles": articles, "times": times, "ftimes": ftimes, "nhits": nhits,
        "fold_same": a == b, "fold_n": len(a), "clitic_same": set(c) == set(a),
        "size_mb": size / 1e6, "worst": worst, "queries": qs,
    }


def bench_filtered(db: Path, n_queries: int) -> dict:
    """Search with --entity / --event filters on the analysed articles of the ingest benchmark."""
    from khabar.store import open_store

    with open_store(db, create=False) as st:
        titles = [r[0] for r in st.conn.execute("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY pk")]
        qs = queries(titles, n_queries)
        top = st.entities(limit=1)[0]
        for q in qs[:5]:
            st.search(q, entity=top["id"])
        times = []
        for q in qs:
            t = time.perf_counter()
            st.search(q, entity=top["name"], limit=20)
            times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        ent = st.entity(top["name"])
        entity_ms = (time.perf_counter() - t) * 1000
        articles = st.stats()["articles"]
    return {"times": times, "entity": top["name"], "entity_articles": top["article_count"], "articles": articles,
            "entity_ms": entity_ms, "aliases": len(ent["aliases"])}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus")
    ap.add_argument("--ingest-n", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--skip-full", action="store_true", help="no whole-corpus search benchmark")
    ap.add_argument("--reuse-full", action="store_true", help="reuse bench/out/store/full.db if present")
    ap.add_argument("--ingest-repeat", type=int, default=3, help="ingest runs: the median is shown (3)")
    ap.add_argument("--only", choices=("ingest", "pipeline", "twice", "kill", "search"), action="append")
    args = ap.parse_args()
    corpus = find_corpus(args.corpus)
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(args.only or ("ingest", "pipeline", "twice", "kill", "search"))
    res: dict = {}
    if "ingest" in only:
        src = take(corpus, args.ingest_n, OUT / f"s{args.ingest_n}.jsonl")
        load0 = os.getloadavg()[0]
        got = []
        for _ in range(max(1, args.ingest_repeat)):
            got.append(bench_ingest(src, args.workers))
            print("ingest", {k: v for k, v in got[-1]["summary"].items() if k != "failures"}, flush=True)
        got.sort(key=lambda r: r["summary"]["rate"])
        res["ingest"] = got[len(got) // 2]
        res["ingest"]["rates"] = [r["summary"]["rate"] for r in got]
        res["ingest"]["load"] = [load0, os.getloadavg()[0]]
    if "pipeline" in only:
        res["pipeline"] = bench_pipeline(take(corpus, 300, OUT / "s300.jsonl"), 200)
        print("pipeline", res["pipeline"], flush=True)
    if "twice" in only:
        res["twice"] = bench_twice(take(corpus, 300, OUT / "s300.jsonl"), args.workers)
        print("twice", res["twice"]["articles"], res["twice"]["integrity"], flush=True)
    if "kill" in only:
        res["kill"] = bench_kill(take(corpus, 600, OUT / "s600.jsonl"), args.workers, kill_after=150)
        print("kill", {k: v for k, v in res["kill"].items() if k != "rerun"}, flush=True)
    if "ingest" in res or (OUT / "ingest.db").exists():
        res["filtered"] = bench_filtered(OUT / "ingest.db", args.queries)
        print("filtered", {k: v for k, v in res["filtered"].items() if k != "times"}, flush=True)
    if "search" in only and not args.skip_full:
        res["search"] = bench_search(corpus, args.workers, args.queries, args.reuse_full)
        s = res["search"]
        print("search median %.1f p95 %.1f" % (statistics.median(s["times"]), pct(s["times"], 95)), flush=True)
    # keep the parts not rerun this time (e.g. --only search) from the previous run
    saved = OUT / "results.json"
    merged = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    merged.update(json.loads(json.dumps(res, default=str)))
    saved.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    write(merged, args)


def write(res: dict, args) -> None:
    cpu = os.cpu_count()
    lines = [
        "# Store benchmark",
        "",
        f"`python bench/bench_store.py` — {platform.python_implementation()} {platform.python_version()}, "
        f"{cpu} CPUs (shared with other work), SQLite {sqlite3.sqlite_version}; {time.strftime('%Y-%m-%d')}.",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
    ]
    if "ingest" in res:
        s = res["ingest"]["summary"]
        per_write = 1000 * s["write_seconds"] / max(1, s["stored"])
        lines.append(
            f"| ingest, full pipeline, first {s['records']:,} SaudiNewsNet records, {s['workers']} workers + 1 writer "
            f"| **{s['rate']:.1f} articles/s** ({s['stored']:,} stored, {s['duplicates']} duplicates, "
            f"{s['failed']} failed in {s['seconds']:.0f} s; writer {per_write:.2f} ms/article) | ≥ 100 articles/s |"
        )
        if res["ingest"].get("rates"):
            r = res["ingest"]
            lines.append(
                f"| … its {len(r['rates'])} runs (the median above) | "
                f"{', '.join(f'{x:.1f}' for x in r['rates'])} articles/s; load average "
                f"{r['load'][0]:.1f} before, {r['load'][1]:.1f} after | — |"
            )
    if "pipeline" in res:
        p = res["pipeline"]
        lines.append(
            f"| the pipeline alone, one process, {p['n']} articles | {p['analyze_rate']:.1f} articles/s "
            f"({p['analyze_ms']:.0f} ms/article); the store's work in a worker (normalize, stems, rows): "
            f"{p['prepare_ms']:.1f} ms/article | — |"
        )
    if "twice" in res:
        t = res["twice"]
        lines.append(
            f"| first 300 records ingested twice | **{t['articles']} articles** (2nd run: {t['second']['stored']} stored, "
            f"{t['second']['duplicates']} duplicates); integrity_check {t['integrity']} | 300 |"
        )
    if "kill" in res:
        k = res["kill"]
        lines.append(
            f"| kill -9 of an ingest of 600 (full pipeline) at {k['killed_at']} stored, then rerun "
            f"| **{k['articles']} articles**, integrity_check **{k['integrity']}** (after the kill: "
            f"{k['integrity_after_kill']}; rerun stored {k['rerun']['stored']}, skipped {k['rerun']['duplicates']}) "
            "| 600, ok |"
        )
    if "search" in res:
        s = res["search"]
        t = s["times"]
        if s["summary"]:
            sm = s["summary"]
            lines.append(
                f"| ingest, text only (`--no-analyze`), whole corpus | {sm['rate']:.0f} articles/s ({sm['stored']:,} stored, "
                f"{sm['duplicates']} duplicate texts, {sm['failed']} empty records; {s['size_mb']:.0f} MB) | — |"
            )
        lines.append(
            f"| search latency, {len(t)} queries, limit 20, {s['articles']:,} articles | **median {statistics.median(t):.1f} ms, "
            f"p95 {pct(t, 95):.1f} ms**, max {max(t):.1f} ms | p95 ≤ 50 ms |"
        )
        f = s["ftimes"]
        lines.append(
            f"| same queries with --since/--until (one month) | median {statistics.median(f):.1f} ms, "
            f"p95 {pct(f, 95):.1f} ms | — |"
        )
        lines.append(
            f"| الامم المتحده vs الأمم المتحدة (all hits, in order) | {'**same hits**' if s['fold_same'] else 'DIFFERENT'} "
            f"({s['fold_n']} articles); وبالأمم المتحدة: {'the same set' if s['clitic_same'] else 'a different set'} | same |"
        )
    if "filtered" in res:
        f = res["filtered"]
        t = f["times"]
        lines.append(
            f"| search with `--entity {f['entity']}` ({f['entity_articles']:,} of {f['articles']:,} analysed articles) "
            f"| median {statistics.median(t):.1f} ms, p95 {pct(t, 95):.1f} ms; `khabar entity {f['entity']}` "
            f"lookup {f['entity_ms']:.0f} ms | — |"
        )
    lines.append("")
    if "search" in res:
        s = res["search"]
        lines += [
            "Search queries: 10 named ones (الأمم المتحدة، السعودية، داعش …) and 90 one-to-three-word runs "
            "from random titles (seed 7), so common words (بين، إلى) are included. The search index is the "
            "same whether articles were analysed or not, so the whole corpus was ingested text-only for this "
            "measure. Latency includes cutting the snippets from the original text.",
            "",
            "Slowest queries: " + "; ".join(f"{q} ({ms:.0f} ms)" for ms, q in s["worst"]) + ".",
            "",
        ]
    if "ingest" in res:
        lines += [
            "The ingest rate is bound by the pipeline: each worker analyses chunks of 16 records together "
            "(the model tags their sentences in one go), the store adds the prepare time in each worker and "
            "the writer's ms/article in the parent (in parallel with the workers). The load average before "
            "and after the runs is in the table: 2 or less means nothing else ran.",
            "",
        ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
