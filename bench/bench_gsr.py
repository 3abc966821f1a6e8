"""Score sentence-level event detection on the OEDA Arabic event gold standard (dev half).

    PYTHONPATH=src python bench/bench_gsr.py [--gsr ../shared/data/arabic_event_gsr/dev.jsonl]

As ../shared/data/README.md describes it: a sentence counts as positive for its
``event_type`` when ``khabar.analyze`` on the sentence alone emits an event of that type
without a negated/hypothetical context; precision, recall and F1 per type. Note: the ASSAULT
sentence filter (data/build_event_classifier.py) is trained on this dev half, so the figure
here is in-sample; the build script prints a 5-fold cross-validated one.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gsr", default=str(ROOT.parent / "shared" / "data" / "arabic_event_gsr" / "dev.jsonl"))
    args = ap.parse_args(argv)
    import khabar

    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])  # tp fp fn
    for line in Path(args.gsr).open(encoding="utf-8"):
        row = json.loads(line)
        art = khabar.analyze(row["text"])
        pos = any(e.type == row["event_type"] and not ({"negated", "hypothetical"} & set(e.context))
                  for e in art.events)
        gold = row["label"] == "yes"
        c = counts[row["event_type"]]
        if pos and gold:
            c[0] += 1
        elif pos:
            c[1] += 1
        elif gold:
            c[2] += 1
    print("| type | tp | fp | fn | P | R | F1 |")
    print("|---|---|---|---|---|---|---|")
    for typ, (tp, fp, fn) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {typ} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
