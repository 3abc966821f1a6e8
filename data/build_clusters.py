"""Build ``src/khabar/data/models/clusters.tsv.gz``: word clusters for the NER model.

Run from the repository root (needs the ``[build]`` extra: gensim, numpy)::

    nice python data/build_clusters.py [--corpus PATH] [--dim 100] [--epochs 5] \
        [--ks 64,256,1024] [--min-count 5] [--max-words 120000] [--workers 2]

Steps:

1. every SaudiNewsNet article's ``content`` is normalized with
   :func:`khabar.arabic.normalize.normalize` and tokenized with the segmenter's token regex
   (:data:`khabar.stages.segment.TOKEN_RE`); each paragraph is one word2vec "sentence";
2. gensim word2vec (skip-gram, window 5) learns vectors for words seen ``--min-count`` times;
3. the ``--max-words`` most frequent alphabetic words are clustered by spherical k-means
   (numpy, cosine on unit vectors) once per granularity in ``--ks``.

Output lines: ``word<TAB>c1<TAB>c2<TAB>...`` (one cluster id per granularity, in ``--ks``
order); a first comment line ``#ks<TAB>64<TAB>256<TAB>1024`` records the granularities.
Only derived cluster ids are written: the corpus itself is never shipped.  Timings go to
stderr.  Seeds are fixed; with ``--workers 1`` the output is deterministic (gensim's
multi-threaded training is not bit-reproducible, so ids may differ between runs).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

from khabar.arabic.normalize import normalize  # noqa: E402
from khabar.stages.segment import TOKEN_RE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/data/saudinewsnet/saudinewsnet.jsonl.gz")
OUT = ROOT / "src" / "khabar" / "data" / "models" / "clusters.tsv.gz"


def log(msg: str, t0: float) -> None:
    print(f"[{time.time() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


def read_sentences(path: Path) -> list[list[str]]:
    out: list[list[str]] = []
    pool: dict[str, str] = {}  # share one string object per word type (memory)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            text = json.loads(line).get("content") or ""
            for para in text.split("\n"):
                toks = TOKEN_RE.findall(normalize(para))
                if len(toks) >= 3:
                    out.append([pool.setdefault(t, t) for t in toks])
    return out


def spherical_kmeans(X, k: int, iters: int = 25, seed: int = 0, chunk: int = 16384):
    """Cluster unit-norm rows of ``X`` (float32) into ``k`` groups; returns labels."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = X.shape[0]
    # k-means++-lite: seed from frequent words spread over the list
    idx = rng.choice(n, size=k, replace=False)
    C = X[idx].copy()
    labels = np.zeros(n, dtype=np.int32)
    for it in range(iters):
        for s in range(0, n, chunk):
            labels[s : s + chunk] = np.argmax(X[s : s + chunk] @ C.T, axis=1)
        newC = np.zeros_like(C)
        np.add.at(newC, labels, X)
        counts = np.bincount(labels, minlength=k)
        empty = np.where(counts == 0)[0]
        if len(empty):  # re-seed empty clusters with random points
            newC[empty] = X[rng.choice(n, size=len(empty), replace=False)]
        norms = np.linalg.norm(newC, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        C = (newC / norms).astype(np.float32)
    return labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--max-words", type=int, default=120000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--save-vectors", type=Path, default=None,
                    help="also save the gensim KeyedVectors here (not shipped)")
    args = ap.parse_args(argv)
    if args.workers > 2:
        ap.error("use at most 2 worker threads (shared machine)")
    ks = [int(k) for k in args.ks.split(",")]

    import numpy as np
    from gensim.models import Word2Vec

    t0 = time.time()
    sents = read_sentences(args.corpus)
    log(f"read {len(sents):,} paragraphs, {sum(map(len, sents)):,} tokens", t0)
    model = Word2Vec(
        sentences=sents, vector_size=args.dim, window=args.window, min_count=args.min_count,
        sg=1, negative=5, sample=1e-4, workers=args.workers, epochs=args.epochs, seed=1,
    )
    log(f"word2vec: {len(model.wv):,} words x {args.dim}", t0)
    if args.save_vectors:
        model.wv.save(str(args.save_vectors))
    words = [w for w in model.wv.index_to_key if w.isalpha()][: args.max_words]
    X = np.stack([model.wv[w] for w in words]).astype(np.float32)
    X /= np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-8)
    all_labels = []
    for k in ks:
        all_labels.append(spherical_kmeans(X, k, seed=k))
        log(f"k-means k={k} done", t0)
    buf = io.StringIO()
    buf.write("#ks\t" + "\t".join(map(str, ks)) + "\n")
    for i, w in enumerate(words):
        buf.write(w + "\t" + "\t".join(str(int(lab[i])) for lab in all_labels) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    args.out.write_bytes(raw.getvalue())
    log(f"wrote {args.out} ({len(words):,} words, {len(raw.getvalue()) / 1e6:.2f} MB)", t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
