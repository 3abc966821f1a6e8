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
