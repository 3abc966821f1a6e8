"""Benchmark the shipped NER model: tagging speed, load time, size, accuracy.

    python bench/bench_ner.py [--test ../shared/data/anercorp/ANERCorp_CamelLab_test.txt]
                              [--out bench/results/ner.md] [--model PATH]

Measures, in one process on one thread (BLAS limited to one thread before numpy loads):
model load time (fresh process, ``load_tagger``), the time of ``khabar tag --format conll``
on the test split (read, features with cold caches, BiLSTM-CRF forward pass and decoding,
writing), the same through the tagger's ``tag`` alone with cold and warm caches, the on-disk
size of the model and the resources it reads, and exact-span micro-F1 (conlleval rules).
Not a timed test: run it by hand and commit the markdown table.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported (here and in subprocesses)

ROOT = Path(__file__).resolve().parent.parent
TEST = ROOT.parent / "shared" / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"
BIG = TEST.with_name("ANERCorp_CamelLab_train.txt")  # a larger file, for the CLI end to end


def load_time(model: str | None, repeats: int = 3) -> float:
    """Median seconds to import khabar.models.ner and load the model, in a fresh process."""
    code = (
        "import time; t=time.perf_counter();"
        "from khabar.models.ner import load_tagger;"
        f"load_tagger({model!r});"
        "print(time.perf_counter()-t)"
    )
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip()))
    return sorted(times)[len(times) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--test", type=Path, default=TEST)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ner.md")
    ap.add_argument("--model", default=None)
    ap.add_argument("--big", type=Path, default=BIG,
                    help="a larger CoNLL file for `khabar tag` in a new process (default: the train split)")
    args = ap.parse_args(argv)
    if not args.test.exists():
        print(f"test file not found: {args.test}", file=sys.stderr)
        return 2

    from khabar.cli.main import main as khabar_main
    from khabar.models.conll import read_conll, score_ner, TYPES
    from khabar.models.ner import CLUSTERS_NAME, LEXICON_NAME, MODEL_NAME, load_tagger
    from khabar.resources import data_path

    model_path = Path(args.model) if args.model else data_path(MODEL_NAME)
    neural = model_path.suffix == ".npz"
    lt = load_time(args.model)

    sents, gold = read_conll(args.test, need_tags=True)
    ntok = sum(map(len, sents))

    # 0) `khabar tag` on a larger file in a new process: start-up and load weigh less there
    big_row = []
    if args.big and args.big.exists():
        nbig = sum(map(len, read_conll(args.big)[0]))
        cmd = [sys.executable, "-m", "khabar.cli.main", "tag", "--format", "conll", str(args.big)]
        t0 = time.perf_counter()
        subprocess.run(cmd + (["--model", args.model] if args.model else []), check=True,
                       stdout=subprocess.DEVNULL)
        t_big = time.perf_counter() - t0
        big_row = [(f"`khabar tag --format conll` on {args.big.name} ({nbig:,} tokens), new process",
                    f"{nbig / t_big:,.0f} tokens/s ({t_big:.2f} s)")]

    # 1) the CLI end to end (read, tag with cold caches, write), in this process
    argv_tag = ["tag", "--format", "conll", str(args.test)] + (["--model", args.model] if args.model else [])
    buf = io.StringIO()
    t0 = time.perf_counter()
    with redirect_stdout(buf):
        rc = khabar_main(argv_tag)
    t_cli = time.perf_counter() - t0
    assert rc == 0

    # 2) the tagger's tag() on a fresh tagger (cold caches, load excluded), then warm
    tagger = load_tagger(args.model)
    t0 = time.perf_counter()
    pred = tagger.tag(sents)
    t_cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    tagger.tag(sents)
    t_warm = time.perf_counter() - t0

    res = score_ner(gold, pred, types=TYPES)
    size_model = model_path.stat().st_size
    # the CRF reads the word clusters; the BiLSTM-CRF carries its word vectors inside the .npz
    size_clusters = 0 if neural else data_path(CLUSTERS_NAME).stat().st_size
    try:
        size_lexicon = data_path(LEXICON_NAME).stat().st_size
    except Exception:  # noqa: BLE001 - optional resource
        size_lexicon = 0
    side = Path(str(model_path) + ".json")
    size_side = side.stat().st_size if side.exists() else 0

    rows = [
        ("test split", f"{args.test.name}: {len(sents)} sentences, {ntok:,} tokens"),
        ("`khabar tag --format conll` (incl. model load, I/O)", f"{ntok / t_cli:,.0f} tokens/s ({t_cli:.2f} s)"),
        *big_row,
        ("`tagger.tag`, cold caches (load excluded)", f"{ntok / t_cold:,.0f} tokens/s ({t_cold:.2f} s)"),
        ("`tagger.tag`, warm caches", f"{ntok / t_warm:,.0f} tokens/s ({t_warm:.2f} s)"),
        ("model load (fresh process, import + load, median of 3)", f"{lt:.2f} s"),
        (f"model size ({model_path.name}{'' if neural else ' + sidecar'})",
         f"{(size_model + size_side) / 1e6:.2f} MB"),
        *([] if neural else [("word clusters (clusters.tsv.gz)", f"{size_clusters / 1e6:.2f} MB")]),
        ("self-trained name lexicon (ner_lexicon.tsv.gz)", f"{size_lexicon / 1e6:.2f} MB"),
        ("total shipped", f"{(size_model + size_side + size_clusters + size_lexicon) / 1e6:.2f} MB"),
        ("micro P / R / F1 (exact span, conlleval)",
         f"{res['micro']['precision']:.2f} / {res['micro']['recall']:.2f} / {res['micro']['f1']:.2f}"),
    ]
    for t in TYPES:
        v = res["per_type"][t]
        rows.append((f"{t} P / R / F1", f"{v['precision']:.2f} / {v['recall']:.2f} / {v['f1']:.2f}"))
    rows.append(("macro F1", f"{res['macro_f1']:.2f}"))

    lines = [
        f"# NER benchmark ({'BiLSTM-CRF, numpy' if neural else 'CRF, python-crfsuite'})",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs "
        f"(shared), Python {platform.python_version()}; one process, one thread. "
        f"Written by `bench/bench_ner.py` on {time.strftime('%Y-%m-%d')}.",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {a} | {b} |" for a, b in rows],
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
