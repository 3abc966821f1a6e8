"""Analyses do not depend on PYTHONHASHSEED nor on the engine (issue #17, item 9): SaudiNewsNet
articles through ``khabar batch`` in fresh processes, locally under two hash seeds, inline
and on Dask, give byte-identical analyses, also in chunks of other sizes (issue #18: a chunk is tagged as one
batch). (bench/bench_engines.py does it on 400.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import saudinewsnet_path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench():
    import sys

    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_engines", BENCH / "bench_engines.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        from _common import every_nth
    finally:
        sys.path.remove(str(BENCH))
    return mod, every_nth


def test_seeds_and_engines_give_identical_analyses(tmp_path):
    pytest.importorskip("distributed")
    corpus = saudinewsnet_path()
    if corpus is None:
        pytest.skip("SaudiNewsNet is not in ../shared")
    bench, every_nth = _bench()
    recs = [{"id": f"r{i}", "content": r.text, "date": r.date, "title": r.title}
            for i, r in every_nth(corpus, 16, 1913)]
    runs = {
        "local-seed0": (["--engine", "local", "--workers", "2"], "0"),
        "inline-seed12345": (["--workers", "0"], "12345"),
        "dask": (["--engine", "dask", "--workers", "2"], "random"),
        # the model tags a chunk's sentences together: chunks of other sizes, the same bits
        "local-chunk1": (["--engine", "local", "--workers", "2", "--chunk-size", "1"], "0"),
        "inline-chunk5": (["--workers", "0", "--chunk-size", "5"], "0"),
    }
    same, total, differ = bench.compare(recs, tmp_path, runs)
    assert total == 16 and same == 16
    assert differ == {"inline-seed12345": [], "dask": [], "local-chunk1": [], "inline-chunk5": []}
