"""PostgreSQL beside SQLite: the same corpus in both, the same answers, and the speed of each.

    python bench/bench_pg.py --pg postgresql://USER@HOST:PORT/DBNAME       # (or $KHABAR_BENCH_PG)
    python bench/bench_pg.py --pg URL --compare-n 300 --latency-n 3000     # quicker

1. the first ``--compare-n`` (2,000) SaudiNewsNet records ingested with the full pipeline,
   ``--workers`` (2) analysing processes, into a new SQLite file and into PostgreSQL → the
   ingest rate of each; ``stats`` of both compared key by key; ``--overlap-queries`` (20)
   queries (the named ones, then title runs, fixed seed): the overlap of each query's top-10
   article sets (|A ∩ B| / max(|A|, |B|); two empty answers agree);
2. the first ``--latency-n`` (all: 31,030) records ingested text only (the search index is the
   same with or without analysis) into both → ingest rate, then search latency (median, p95,
   max over ``--queries`` (100) queries, limit 20, snippets included, after one warm-up pass)
   and the top-10 overlap again.

PostgreSQL work goes into schemas ``khabar_bench_cmp`` and ``khabar_bench_full`` of the given
database (dropped first); SQLite files into ``bench/out/pg/``. Writes ``bench/results/pg.md``.
SaudiNewsNet is never shipped (``--corpus`` or /work/shared).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import find_corpus, queries  # noqa: E402 (bench/ is on sys.path)

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "pg"
RESULTS = HERE / "results" / "pg.md"
SAME_KEYS = ("articles", "analyzed", "entities", "mentions", "aliases", "quotes", "events", "times",
             "first_date", "last_date", "entity_types", "event_types", "quote_kinds")


def take(corpus: Path, n: int | None, dest: Path) -> tuple[Path, list[str]]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    titles = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if n is not None and i >= n:
                break
            fout.write(line)
            try:
                titles.append(json.loads(line).get("title") or "")
            except ValueError:
                pass
    return dest, [t for t in titles if t]


def fresh_pg(base: str, schema: str) -> str:
    import psycopg

    with psycopg.connect(base, autocommit=True) as c:
        c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        c.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema},public"


def fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return str(path)


def ingest(src: Path, db: str, workers: int, analyze: bool) -> dict:
    args = [sys.executable, "-m", "khabar.cli.main", "ingest", str(src), "--db", db, "--workers", str(workers),
            "--format", "json", "--no-progress"]
    if not analyze:
        args.append("--no-analyze")
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, timeout=7200)
    secs = time.perf_counter() - t0
    if out.returncode not in (0, 1):
        sys.exit(f"ingest into {db} failed: {out.stderr[-2000:]}")
    s = json.loads(out.stdout)
    return {"stored": s["stored"], "duplicates": s["duplicates"], "failed": s["failed"], "seconds": secs,
            "rate": s["stored"] / secs if secs else 0.0}


def top_ids(store, q: str, k: int = 10) -> list[str]:
    return [h["id"] for h in store.search(q, limit=k)]


def overlap(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return len(set(a) & set(b)) / max(len(a), len(b))


def compare(sqlite_db: str, pg_db: str, qs: list[str]) -> dict:
    from khabar.store import open_store

    with open_store(sqlite_db, create=False) as lite, open_store(pg_db, create=False) as pg:
        s1, s2 = lite.stats(), pg.stats()
        diff = {k: (s1[k], s2[k]) for k in SAME_KEYS if s1[k] != s2[k]}
        rows = []
        for q in qs:
            a, b = top_ids(lite, q), top_ids(pg, q)
            rows.append((q, len(a), len(b), overlap(a, b)))
    return {"stats_diff": diff, "stats": {k: s1[k] for k in SAME_KEYS[:8]}, "queries": rows}


def latency(db: str, qs: list[str]) -> dict:
    from khabar.store import open_store

    with open_store(db, create=False) as st:
        for q in qs:  # warm-up pass: caches, planner statistics
            st.search(q, limit=20)
        times = []
        hits = []
        for q in qs:
            t0 = time.perf_counter()
            h = st.search(q, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
            hits.append(len(h))
    times_sorted = sorted(times)
    return {
        "median": statistics.median(times), "p95": times_sorted[int(0.95 * (len(times) - 1))],
        "max": times_sorted[-1], "hits_median": statistics.median(hits),
        "slowest": sorted(zip(times, qs), reverse=True)[:5],
    }


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as c:
        return c.execute("SHOW server_version").fetchone()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg", default=os.environ.get("KHABAR_BENCH_PG"), help="postgresql:// URL of a database to use")
    ap.add_argument("--corpus")
    ap.add_argument("--compare-n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--overlap-queries", type=int, default=20)
    ap.add_argument("--latency-n", type=int, default=None, help="records for the latency corpus (default: all)")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--skip-compare", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    args = ap.parse_args()
    if not args.pg:
        print("bench_pg: skipped; give --pg postgresql://USER@HOST:PORT/DBNAME (or set KHABAR_BENCH_PG)")
        return
    corpus = find_corpus(args.corpus)
    OUT.mkdir(parents=True, exist_ok=True)
    import sqlite3

    lines = [
        "# PostgreSQL beside SQLite (`bench/bench_pg.py`)",
        "",
        f"CPython {platform.python_version()}, {os.cpu_count()} CPUs, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {server_version(args.pg)} (local socket, same machine); {time.strftime('%Y-%m-%d')}.",
        "",
    ]
    if not args.skip_compare:
        src, titles = take(corpus, args.compare_n, OUT / f"first{args.compare_n}.jsonl")
        lite_db = fresh_sqlite(OUT / "cmp.db")
        pg_db = fresh_pg(args.pg, "khabar_bench_cmp")
        r_lite = ingest(src, lite_db, args.workers, analyze=True)
        print("sqlite ingest", r_lite, flush=True)
        r_pg = ingest(src, pg_db, args.workers, analyze=True)
        print("pg ingest", r_pg, flush=True)
        qs = queries(titles, args.overlap_queries)
        c = compare(lite_db, pg_db, qs)
        print(json.dumps(c, ensure_ascii=False), flush=True)
        ov = [r[3] for r in c["queries"]]
        lines += [
            f"## The same {args.compare_n:,} records (full pipeline, {args.workers} workers + 1 writer) in both",
            "",
            "| | SQLite | PostgreSQL |",
            "|---|---|---|",
            f"| ingest rate | {r_lite['rate']:.1f} articles/s ({r_lite['stored']} stored, {r_lite['duplicates']} "
            f"duplicates, {r_lite['failed']} failed in {r_lite['seconds']:.0f} s) | **{r_pg['rate']:.1f} articles/s** "
            f"({r_pg['stored']} stored, {r_pg['duplicates']} duplicates, {r_pg['failed']} failed in {r_pg['seconds']:.0f} s) |",
            "",
            "`stats`: " + ("**the same** on both (" + ", ".join(f"{k} {v}" for k, v in c["stats"].items()) + ")"
                           if not c["stats_diff"] else f"**differ**: {c['stats_diff']}"),
            "",
            f"Top-10 article sets of {len(qs)} queries: overlap **min {min(ov):.0%}, mean {statistics.mean(ov):.0%}**; "
            f"{sum(o >= 0.9 for o in ov)} of {len(ov)} queries at ≥ 90%.",
            "",
            "| query | hits SQLite | hits PostgreSQL | top-10 overlap |",
            "|---|---|---|---|",
            *[f"| {q} | {a} | {b} | {o:.0%} |" for q, a, b, o in c["queries"]],
            "",
        ]
    if not args.skip_latency:
        src, titles = take(corpus, args.latency_n, OUT / "latency.jsonl")
        lite_db = fresh_sqlite(OUT / "full.db")
        pg_db = fresh_pg(args.pg, "khabar_bench_full")
        r_lite = ingest(src, lite_db, 0, analyze=False)
        print("sqlite text-only ingest", r_lite, flush=True)
        r_pg = ingest(src, pg_db, 0, analyze=False)
        print("pg text-only ingest", r_pg, flush=True)
        qs = queries(titles, args.queries)
        l_lite, l_pg = latency(lite_db, qs), latency(pg_db, qs)
        print("latency", l_lite, l_pg, flush=True)
        c = compare(lite_db, pg_db, queries(titles, args.overlap_queries))
        ov = [r[3] for r in c["queries"]]
        lines += [
            f"## Search latency, {r_lite['stored']:,} articles (text only), {len(qs)} queries, limit 20",
            "",
            "| | SQLite (FTS5) | PostgreSQL (tsvector, GIN) |",
            "|---|---|---|",
            f"| ingest, text only, one writer | {r_lite['rate']:.0f} articles/s | {r_pg['rate']:.0f} articles/s |",
            f"| search median | {l_lite['median']:.1f} ms | **{l_pg['median']:.1f} ms** |",
            f"| search p95 | {l_lite['p95']:.1f} ms | **{l_pg['p95']:.1f} ms** |",
            f"| search max | {l_lite['max']:.1f} ms | {l_pg['max']:.1f} ms |",
            f"| hits per query (median) | {l_lite['hits_median']:.0f} | {l_pg['hits_median']:.0f} |",
            "",
            "Slowest on PostgreSQL: " + "; ".join(f"{q} ({t:.0f} ms)" for t, q in l_pg["slowest"]) + ".",
            "",
            f"Top-10 overlap of the first {len(ov)} queries on this corpus: min {min(ov):.0%}, mean "
            f"{statistics.mean(ov):.0%}; `stats` " + ("the same" if not c["stats_diff"] else f"differ: {c['stats_diff']}") + ".",
            "",
        ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
