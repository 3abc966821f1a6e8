"""Build ``src/khabar/data/vocab.tsv.gz``: word frequencies from SaudiNewsNet.

Run from the repository root::

    python data/build_vocab.py [--corpus PATH] [--min-count 3] [--max-bytes 2000000]

Each article's ``content`` is normalized with :func:`khabar.arabic.normalize.normalize`,
split with the segmenter's token regex (:data:`khabar.stages.segment.TOKEN_RE`), and the
alphabetic tokens (``str.isalpha()``) are counted. Output lines are ``word<TAB>count``
sorted by count (descending) then word; words seen fewer than ``--min-count`` times are
dropped, and if the gzip file would exceed ``--max-bytes`` the minimum count is raised
until it fits. Only derived counts are written: the corpus itself is never shipped.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from khabar.arabic.normalize import normalize
from khabar.stages.segment import TOKEN_RE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/data/saudinewsnet/saudinewsnet.jsonl.gz")
OUT = ROOT / "src" / "khabar" / "data" / "vocab.tsv.gz"


def _count(lines: list[str]) -> Counter:
    c: Counter = Counter()
    for line in lines:
        text = json.loads(line).get("content") or ""
        c.update(t for t in TOKEN_RE.findall(normalize(text)) if t.isalpha())
    return c


def _chunks(path: Path, size: int = 1000):
    buf: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                buf.append(line)
                if len(buf) >= size:
                    yield buf
                    buf = []
    if buf:
        yield buf


def _render(items: list[tuple[str, int]]) -> bytes:
    text = "".join(f"{w}\t{n}\n" for w, n in items)
    out = io.BytesIO()
    # mtime=0 and no filename: byte-identical output for identical input
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--max-bytes", type=int, default=2_000_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    t0 = time.time()
    total: Counter = Counter()
    with Pool(args.workers) as pool:
        for c in pool.imap_unordered(_count, _chunks(args.corpus)):
            total.update(c)
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    min_count = args.min_count
    while True:
        items = [(w, n) for w, n in ranked if n >= min_count]
        data = _render(items)
        if len(data) <= args.max_bytes:
            break
        min_count += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(items)} words (count >= {min_count}), {len(data) / 1024:.0f} KB, "
          f"{sum(total.values())} tokens, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
