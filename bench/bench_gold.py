"""Time `khabar analyze` on the founding gold article and write bench/results/gold.md.

Measures the command end to end (process start, imports, lazy loads) and the pipeline alone
(warm, per stage), plus the `khabar eval` table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "gold" / "kim-putin-vostochny"


def main() -> int:
    article = GOLD / "article.txt"
    if not article.exists():
        print("../shared/gold not found", file=sys.stderr)
        return 1
    cmd = [sys.executable, "-m", "khabar.cli.main", "analyze", str(article), "--date", "2023-09-13"]
    walls = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
    import khabar
    from khabar.pipeline import default_pipeline

    text = article.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    art = khabar.analyze(text, date="2023-09-13")
    first = time.perf_counter() - t0
    pipe = default_pipeline()
    for k in pipe.timings:
        pipe.timings[k] = 0.0
    n = 20
    t0 = time.perf_counter()
    for _ in range(n):
        khabar.analyze(text, date="2023-09-13")
    warm = (time.perf_counter() - t0) / n
    ntok = len(art.tokens)
    ev = subprocess.run([sys.executable, "-m", "khabar.cli.main", "eval", str(GOLD)],
                        check=True, capture_output=True, text=True).stdout
    lines = [
        "# The gold article (`bench/bench_gold.py`)", "",
        f"`khabar analyze` on kim-putin-vostochny ({len(text):,} characters, {ntok:,} tokens).", "",
        "| measure | result |", "|---|---|",
        f"| `khabar analyze FILE` end to end (new process, median of 5) | {statistics.median(walls):.2f} s |",
        f"| first `khabar.analyze` in a process (lazy loads of lexicons and model) | {first:.2f} s |",
        f"| warm `khabar.analyze` (mean of {n}) | {warm * 1000:.0f} ms ({ntok / warm:,.0f} tokens/s) |",
    ]
    for name, secs in pipe.timings.items():
        lines.append(f"| stage `{name}` (warm) | {secs / n * 1000:.1f} ms |")
    lines += ["", "```", ev.strip(), "```", ""]
    (REPO / "bench" / "results" / "gold.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
