"""khabar.threads: one BLAS thread per process unless the user chose otherwise."""

from __future__ import annotations

from khabar.threads import BLAS_THREAD_VARS, one_blas_thread


def test_one_blas_thread_defaults_but_respects_the_user(monkeypatch):
    for var in BLAS_THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "4")
    one_blas_thread()
    import os

    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and os.environ["OMP_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "4"


def test_cli_sets_it(monkeypatch, capsys):
    import os

    from khabar.cli.main import main

    for var in BLAS_THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    main([])
    capsys.readouterr()
    assert all(os.environ[v] == "1" for v in BLAS_THREAD_VARS)


def test_live_limit_when_numpy_is_loaded(monkeypatch):
    import numpy  # noqa: F401  (loaded: the limit must be applied at run time)
    from threadpoolctl import threadpool_info, threadpool_limits

    for var in BLAS_THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    with threadpool_limits(limits=2, user_api="blas"):  # restored afterwards
        one_blas_thread()
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
