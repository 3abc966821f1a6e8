"""Run every benchmark in bench/ and assemble BENCHMARKS.md from bench/results/*.md.

    python bench/run_all.py            # all benchmarks (long: tens of minutes on 2 cores)
    python bench/run_all.py --collect  # only rebuild BENCHMARKS.md from the existing results

Each bench_*.py writes its own table to bench/results/<topic>.md; the figures are measured on
the machine that runs them (2 shared cores here), never asserted in unit tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["ner", "gold", "events", "batch", "store", "pg", "api"]


def collect() -> Path:
    parts = ["# Benchmarks\n",
             "Written by `python bench/run_all.py` from `bench/results/*.md`; each section comes from "
             "the `bench/bench_<topic>.py` script named in it. Figures are from a 2-core shared "
             "machine (Python 3.11, CPU only).\n"]
    results = sorted((HERE / "results").glob("*.md"),
                     key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else 99, p.stem))
    for p in results:
        text = p.read_text(encoding="utf-8").strip()
        if text.startswith("# "):
            text = "#" + text  # one level down under the page title
        parts.append(text + "\n")
    out = HERE.parent / "BENCHMARKS.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if "--collect" not in argv:
        for script in sorted(HERE.glob("bench_*.py")):
            print(f"== {script.name}", flush=True)
            subprocess.run([sys.executable, str(script)], check=False)
    print(collect())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
