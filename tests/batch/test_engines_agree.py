"""Analyses do not depend on PYTHONHASHSEED nor on the engine (issue #17, item 9): SaudiNewsNet
articles through ``khabar batch`` in fresh processes, locally under two hash seeds, inline
and on Dask, give byte-identical analyses. (bench/bench_engines.py does it on 400.)"""

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
    }
    same, total, differ = bench.compare(recs, tmp_path, runs)
    assert total == 16 and differ == {"inline-seed12345": [], "dask": []} and same == 16
