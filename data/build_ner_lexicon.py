"""Build ``src/khabar/data/models/ner_lexicon.tsv.gz``: self-trained name lexicon for the NER model.

Run from the repository root::

    nice python data/build_ner_lexicon.py --train ../shared/data/anercorp/ANERCorp_CamelLab_train.txt \
        --dev-frac 0.1 --jobs 2 [--articles 31030] [--min-count 2]   # or --model FIRST_PASS.crfsuite

(the shipped file was built exactly so: first pass on the first 90% of train, all 31,030
articles, two processes, ~8 min on the shared 2-core machine; ``--save-counts``/``--load-counts``
re-threshold without tagging again).

A first-pass CRF (trained here on the ANERcorp *train* split only -- without its last
``--dev-frac`` when that is given, to keep a dev split honest -- and without this lexicon) tags the
``content`` of the first ``--articles`` SaudiNewsNet articles.  For each normalized word type seen
``--min-count`` times we count how often it was tagged PERS / ORG / LOC / MISC (B- or I-) vs O,
plus corpus-context evidence: how often it follows a title trigger word (الرئيس، وزير ...), and
how often it precedes a speech verb (قال ...).  Output lines (only derived statistics)::

    word<TAB>log2-count-bucket<TAB>pPERS pORG pLOC pMISC (0-4 levels)<TAB>title-level<TAB>speech-level

Levels: 0 <5%, 1 <25%, 2 <50%, 3 <80%, 4 >=80% of the word's occurrences.

Words that are almost never tagged as a name and never seen in those contexts are left out.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/data/saudinewsnet/saudinewsnet.jsonl.gz")
OUT = ROOT / "src" / "khabar" / "data" / "models" / "ner_lexicon.tsv.gz"
TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s]")
END = {".", "!", "?", "؟", "…"}
TYPES = ("PERS", "ORG", "LOC", "MISC")


def level(p: float) -> int:
    return 0 if p < 0.05 else 1 if p < 0.25 else 2 if p < 0.5 else 3 if p < 0.8 else 4


def sentences(path: Path, n_articles: int, skip: int = 0):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        k = 0
        for line in fh:
            if not line.strip():
                continue
            k += 1
            if k <= skip:
                continue
            if k > skip + n_articles:
                break
            text = json.loads(line).get("content") or ""
            for para in text.split("\n"):
                cur: list[str] = []
                for tok in TOKEN_RE.findall(para):
                    cur.append(tok)
                    if tok in END or len(cur) >= 80:
                        if len(cur) >= 3:
                            yield cur
                        cur = []
                if len(cur) >= 3:
                    yield cur


def _count(model: str, corpus: str, skip: int, n_articles: int) -> dict[str, list[int]]:
    """Tag ``n_articles`` articles after the first ``skip``; per-word counts
    ``[n, PERS, ORG, LOC, MISC, after-title, before-speech]``."""
    from khabar.models.ner import NerTagger

    t0 = time.time()
    tagger = NerTagger(model)
    feat = tagger.featurizer
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    batch: list[list[str]] = []
    ntok = 0

    def flush() -> None:
        nonlocal ntok
        for toks, tags in zip(batch, tagger.tag(batch)):
            bases = [feat._analyse(t) for t in toks]
            for i, (t, y) in enumerate(zip(toks, tags)):
                b = bases[i]
                if not b["alpha"]:
                    continue
                c = counts[b["n"]]
                c[0] += 1
                if y != "O":
                    c[1 + TYPES.index(y[2:])] += 1
                if i > 0 and "title" in bases[i - 1]["trig"]:
                    c[5] += 1
                if i + 1 < len(toks) and "speech" in bases[i + 1]["trig"]:
                    c[6] += 1
            ntok += len(toks)
        batch.clear()

    for s in sentences(Path(corpus), n_articles, skip):
        batch.append(s)
        if len(batch) >= 500:
            flush()
    flush()
    print(f"[{time.time() - t0:6.1f}s] articles {skip}..{skip + n_articles}: {ntok:,} tokens",
          file=sys.stderr, flush=True)
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", help="first-pass CRF (trained without the lexicon)")
    ap.add_argument("--train", help="CoNLL train file: train the first-pass CRF here")
    ap.add_argument("--dev-frac", type=float, default=0.0,
                    help="with --train: leave out this last fraction of the sentences")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--articles", type=int, default=31030, help="first N articles (default: all)")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--jobs", type=int, default=1, help="tagging processes (at most 2)")
    ap.add_argument("--save-counts", type=Path, help="also pickle the raw per-word counts here")
    ap.add_argument("--load-counts", type=Path, help="reuse pickled counts (no tagging)")
    args = ap.parse_args(argv)

    t0 = time.time()
    if not args.model and not args.train and not args.load_counts:
        ap.error("give --model or --train")
    model = args.model
    if args.train and not args.load_counts:
        import tempfile

        from khabar.models.conll import read_conll
        from khabar.models.ner import DEFAULT_CONFIG, Featurizer, NerResources
        from khabar.models.train_ner import DEFAULT_PARAMS, _write_sidecar, train_crf

        sents, tags = read_conll(args.train, need_tags=True)
        cut = len(sents) - int(round(len(sents) * args.dev_frac))
        cfg = dict(DEFAULT_CONFIG, lexicon=False)
        res = NerResources()
        res.paths["lexicon"] = None
        res.lexicon = {}
        model = str(Path(tempfile.mkdtemp()) / "first_pass.crfsuite")
        train_crf(sents[:cut], tags[:cut], Featurizer(res, cfg), Path(model),
                  c1=DEFAULT_PARAMS["c1"], c2=DEFAULT_PARAMS["c2"], max_iter=DEFAULT_PARAMS["max_iter"],
                  log=lambda m: print(m, file=sys.stderr))
        _write_sidecar(Path(model), cfg, res, dict(DEFAULT_PARAMS), args.train, cut)
        print(f"[{time.time() - t0:6.1f}s] first-pass model on {cut} sentences", file=sys.stderr)
    import pickle

    jobs = max(1, min(args.jobs, 2))
    per = -(-args.articles // jobs)
    work = [(model, str(args.corpus), k * per, min(per, args.articles - k * per)) for k in range(jobs)]
    if args.load_counts:
        parts = [pickle.loads(args.load_counts.read_bytes())]
    elif jobs == 1:
        parts = [_count(*work[0])]
    else:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool:
            parts = pool.starmap(_count, work)
    counts = parts[0]
    for part in parts[1:]:
        for w, c in part.items():
            acc = counts.setdefault(w, [0] * 7)
            for i, x in enumerate(c):
                acc[i] += x
    if args.save_counts:
        args.save_counts.write_bytes(pickle.dumps(counts))
    print(f"[{time.time() - t0:6.1f}s] tagged {args.articles:,} articles, {len(counts):,} types",
          file=sys.stderr)

    buf = io.StringIO()
    kept = 0
    for w, c in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        n = c[0]
        if n < args.min_count:
            continue
        ps = [x / n for x in c[1:5]]
        ctx = [level(c[5] / n), level(c[6] / n)]
        if max(ps) < 0.05 and max(ctx) == 0:
            continue
        buf.write(f"{w}\t{min(int(math.log2(n)), 12)}\t{''.join(str(level(p)) for p in ps)}"
                  f"\t{ctx[0]}{ctx[1]}\n")
        kept += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    args.out.write_bytes(raw.getvalue())
    print(f"[{time.time() - t0:6.1f}s] wrote {args.out} ({kept:,} words, "
          f"{len(raw.getvalue()) / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
