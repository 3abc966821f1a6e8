"""Helpers shared by the benchmark scripts (run as ``python bench/bench_*.py``)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_CANDIDATES = [
    ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz",
    Path("/work/shared/data/saudinewsnet/saudinewsnet.jsonl.gz"),
]
#: search queries every search benchmark starts with
NAMED_QUERIES = [
    "الأمم المتحدة", "الامم المتحده", "السعودية", "داعش", "اليمن", "وزارة الداخلية",
    "خادم الحرمين الشريفين", "الرياض", "إيران", "الحوثيين",
]


def find_corpus(given: str | None) -> Path:
    """The SaudiNewsNet file: ``given``, else the shared data folder beside the repo."""
    for p in ([Path(given)] if given else CORPUS_CANDIDATES):
        if p.exists():
            return p
    sys.exit("SaudiNewsNet not found: give --corpus PATH (saudinewsnet.jsonl.gz)")


def queries(titles: list[str], n: int, seed: int = 7) -> list[str]:
    """The named queries, then one-to-three-word runs from random titles (reproducible)."""
    rnd = random.Random(seed)
    qs = list(NAMED_QUERIES)
    while len(qs) < n and titles:
        words = [w for w in rnd.choice(titles).split() if len(w) > 2]
        if not words:
            continue
        k = rnd.choice([1, 1, 2, 2, 3])
        i = rnd.randrange(max(1, len(words) - k + 1))
        qs.append(" ".join(words[i : i + k]))
    return qs[:n]


def every_nth(corpus: Path, n: int, step: int) -> list[tuple[int, object]]:
    """``(record index, Record)`` for every ``step``-th record from the start, good records
    only, ``n`` of them at most."""
    from khabar.io import Record, iter_records

    out = []
    for i, rec in enumerate(iter_records([corpus])):
        if i % step == 0 and isinstance(rec, Record):
            out.append((i, rec))
            if len(out) == n:
                break
    return out
