"""API benchmark: latency of ``GET /api/search`` (and a few pages) against a corpus database.

    python bench/bench_api.py --db corpus.db                 # real HTTP on loopback (default)
    python bench/bench_api.py --db corpus.db --inprocess     # FastAPI TestClient, no sockets

Starts ``khabar serve --db DB`` on a free loopback port in a separate process, warms it up,
then times ``--queries`` (100) searches one after another over one keep-alive connection:
the 10 named queries of ``bench_store.py`` and one-to-three-word runs from random titles
(seed 7), ``limit=20``. The same queries are also timed directly on ``Store.search`` in this
process, so the API's own overhead (routing, validation, JSON) shows. Then 30 article pages
(``/articles/{id}``, HTML), 30 ``/api/articles/{id}`` and 30 ``/api/entities/{id}``.

Writes ``bench/results/api.md`` (or ``--out``). The database is only read.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from _common import queries  # noqa: E402 (bench/ is on sys.path)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "api.md"


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "median": statistics.median(ms), "p95": pct(ms, 95), "mean": statistics.fmean(ms),
            "max": max(ms)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HTTP:
    """A keep-alive loopback client (stdlib, so the client adds little of its own)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", path)
            r = self.conn.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request("GET", path)
            r = self.conn.getresponse()
        return r.status, r.read()


class InProcess:
    def __init__(self, db: str):
        from fastapi.testclient import TestClient

        from khabar.api import create_app

        self.client = TestClient(create_app(db))

    def get(self, path: str) -> tuple[int, bytes]:
        r = self.client.get(path)
        return r.status_code, r.content


def start_server(db: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar.cli.main", "serve", "--db", db, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"khabar serve exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("khabar serve did not start within 60 s")


def timed(client, paths: list[str]) -> tuple[list[float], list[int]]:
    ms, statuses = [], []
    for p in paths:
        t = time.perf_counter()
        status, _ = client.get(p)
        ms.append((time.perf_counter() - t) * 1000)
        statuses.append(status)
    return ms, statuses


def fmt(s: dict) -> str:
    return f"median **{s['median']:.1f} ms**, p95 {s['p95']:.1f} ms, mean {s['mean']:.1f} ms, max {s['max']:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="the corpus database (only read)")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--inprocess", action="store_true", help="FastAPI TestClient instead of real HTTP")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--note", default="", help="a line about the database, written into the results")
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        sys.exit(f"{args.db}: no such database")

    from khabar.store import open_store

    store = open_store(args.db, create=False)
    stats = store.stats()
    arts = store.list_articles(limit=100_000)
    titles = [a["title"] for a in arts if a.get("title")]
    qs = queries(titles, args.queries)
    rnd = random.Random(11)
    sample_ids = [a["id"] for a in rnd.sample(arts, min(30, len(arts)))]
    ents = store.entities(limit=300)
    sample_ents = [e["id"] for e in rnd.sample(ents, min(30, len(ents)))]

    proc = None
    if args.inprocess:
        client, mode = InProcess(args.db), "in-process (FastAPI TestClient)"
    else:
        proc, port = start_server(args.db)
        client, mode = HTTP(port), "HTTP on loopback (`khabar serve`, uvicorn, one keep-alive connection)"
    try:
        search_paths = ["/api/search?" + urlencode({"q": q, "limit": 20}) for q in qs]
        timed(client, search_paths[:10] + ["/api/stats", "/"])  # warm-up, not counted
        # pass 1: each query once, as a user would send it (the number reported)
        api_ms, statuses = timed(client, search_paths)
        # pass 2: each query again through the API and on Store.search in this process,
        # interleaved (same cache state, same load on a shared machine): the API's own cost
        for q in qs[:10]:
            store.search(q, limit=20)
        api2_ms, store_ms, nhits = [], [], []
        for path, q in zip(search_paths, qs):
            ms, st = timed(client, [path])
            api2_ms += ms
            statuses += st
            t = time.perf_counter()
            nhits.append(len(store.search(q, limit=20)))
            store_ms.append((time.perf_counter() - t) * 1000)
        bad = [s for s in statuses if s != 200]
        page_ms, ps = timed(client, ["/articles/" + quote(i, safe="") for i in sample_ids])
        art_ms, as_ = timed(client, ["/api/articles/" + quote(i, safe="") for i in sample_ids])
        ent_ms, es = timed(client, [f"/api/entities/{i}" for i in sample_ents]) if sample_ents else ([], [])
        entpage_ms, eps = timed(client, [f"/entities/{i}" for i in sample_ents]) if sample_ents else ([], [])
        bad += [s for s in ps + as_ + es + eps if s != 200]
    finally:
        store.close()
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()

    s_api, s_api2, s_store = summary(api_ms), summary(api2_ms), summary(store_ms)
    slow = sorted(zip(api_ms, qs), reverse=True)[:5]
    size_mb = os.path.getsize(args.db) / 1e6
    lines = [
        "# API benchmark",
        "",
        f"`python bench/bench_api.py --db {Path(args.db).name}` — CPython {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared with other work), SQLite {sqlite3.sqlite_version}; "
        f"{time.strftime('%Y-%m-%d')}. Mode: {mode}. Load average at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine shows up as spread).",
        "",
        f"Database: {stats['articles']:,} articles ({stats.get('analyzed', 0):,} analysed), "
        f"{stats['entities']:,} entities, {stats['quotes']:,} quotes, {stats['events']:,} events; "
        f"{size_mb:.0f} MB." + (f" {args.note}" if args.note else ""),
        "",
        "| request | latency |",
        "|---|---|",
        f"| `GET /api/search?q=…&limit=20`, {len(qs)} queries | {fmt(s_api)} |",
        f"| the same queries again through the API (warm) | {fmt(s_api2)} |",
        f"| the same queries again on `Store.search` directly (no HTTP; interleaved with the row above) | {fmt(s_store)} |",
        f"| `GET /articles/{{id}}` (HTML reader page), {len(page_ms)} articles | {fmt(summary(page_ms))} |",
        f"| `GET /api/articles/{{id}}`, {len(art_ms)} articles | {fmt(summary(art_ms))} |",
    ]
    if ent_ms:
        lines.append(f"| `GET /api/entities/{{id}}`, {len(ent_ms)} of the 300 most mentioned | {fmt(summary(ent_ms))} |")
        lines.append(f"| `GET /entities/{{id}}` (HTML, with chart), same entities | {fmt(summary(entpage_ms))} |")
    lines += [
        "",
        f"API overhead on search (warm, median API − median store): {s_api2['median'] - s_store['median']:.1f} ms. "
        f"Hits per query: median {statistics.median(nhits):.0f}; {sum(1 for n in nhits if n == 0)} queries with none. "
        f"Non-200 answers: {len(bad)}.",
        "",
        "Queries: the 10 named ones of `bench_store.py` (الأمم المتحدة، السعودية، داعش …) and one-to-three-word "
        "runs from random titles (seed 7), so common words are included. Requests are sequential; the search "
        "latency includes cutting snippets and the JSON encoding.",
        "",
        "Slowest searches: " + "; ".join(f"{q} ({ms:.0f} ms)" for ms, q in slow) + ".",
        "",
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(json.dumps({"search": s_api, "search_warm": s_api2, "store": s_store}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
