"""Are analyses independent of PYTHONHASHSEED and of the batch engine? (issue #17, item 9)

Runs ``khabar batch`` on N SaudiNewsNet articles (every STEP-th record) four times: the
local engine under two hash seeds, the Dask engine, and inline (``--workers 0``), and
compares the analyses line by line. Prints how many are byte-identical across all runs.

    python bench/bench_engines.py [--n 400] [--step 97] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, every_nth, find_corpus  # noqa: E402

RUNS = {
    "local-seed0": (["--engine", "local", "--workers", "2"], "0"),
    "local-seed12345": (["--engine", "local", "--workers", "2"], "12345"),
    "dask": (["--engine", "dask", "--workers", "2"], "random"),
    "inline-seed7": (["--workers", "0"], "7"),
}


def analyses(out: Path) -> dict[str, str]:
    """article id -> its analysis line, from every shard in ``out``."""
    got = {}
    for shard in sorted(out.glob("analyses-*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            got[json.loads(line)["id"]] = line
    return got


def compare(records: list[dict], workdir: Path, runs=RUNS) -> tuple[int, int, dict[str, list[str]]]:
    """(identical, total, ids that differ per run) for ``records`` (dicts with id, text, date)."""
    src = workdir / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    results = {}
    for name, (opts, seed) in runs.items():
        out = workdir / name
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        subprocess.run([sys.executable, "-c", "import sys; from khabar.cli.main import main; sys.exit(main())", "batch", str(src), "--out", str(out), "--quiet", "--id-field", "id",
                        *opts], check=True, env=env)
        results[name] = analyses(out)
    names = list(results)
    ref = results[names[0]]
    differ = {n: sorted(k for k in ref if results[n].get(k) != ref[k]) for n in names[1:]}
    if not ref:
        raise SystemExit(f"no analyses in {workdir / names[0]}: see its errors.jsonl")
    bad = set().union(*differ.values()) if differ else set()
    return len(ref) - len(bad), len(records), differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--step", type=int, default=97)
    ap.add_argument("--corpus")
    args = ap.parse_args()
    recs = [
        {"id": f"r{i}", "content": r.text, "date": r.date, "title": r.title}
        for i, r in every_nth(find_corpus(args.corpus), args.n, args.step)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        same, total, differ = compare(recs, Path(tmp))
    print(f"{same} of {total} analyses byte-identical across {', '.join(RUNS)}")
    for name, ids in differ.items():
        if ids:
            print(f"  {name}: {len(ids)} differ, e.g. {ids[:5]}")


if __name__ == "__main__":
    main()
