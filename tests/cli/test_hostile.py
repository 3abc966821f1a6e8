"""Hostile arguments to every sub-command end in one error line and a status, never a
traceback (issue #17, item 6). The cases are made here, in code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from khabar.cli.main import main

HUGE = str(2**70)
#: digits for str.isdigit() that int() refuses
ODD_DIGITS = ["²", "①", "¹²", "𝟙"]


def _long_name(tmp_path, suffix=".txt"):
    return str(tmp_path / ("ا" * 200 + suffix))  # 400+ bytes: over the 255-byte limit of a name


def _cases(db, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("قال الرئيس فلاديمير بوتين إن المحادثات بناءة.", encoding="utf-8")
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"content": "قال بوتين إن المحادثات بناءة."}) + "\n", encoding="utf-8")
    long = _long_name(tmp_path)
    nowhere = str(tmp_path / "no" / "such" / "folder" / "x")
    yield from (["entity", d, "--db", db] for d in ODD_DIGITS)
    yield from (["search", "بوتين", "--db", db, "--entity", d] for d in ODD_DIGITS)
    yield from (["search", "بوتين", "--db", db, "--speaker", d] for d in ODD_DIGITS)
    yield ["entity", HUGE, "--db", db]
    yield ["search", "بوتين", "--db", db, "--entity", HUGE]
    yield ["search", "بوتين", "--db", db, "--speaker", HUGE]
    for opt in ("--limit", "--offset"):
        yield ["search", "بوتين", "--db", db, opt, HUGE]
    yield ["entity", "بوتين", "--db", db, "--limit", HUGE]
    yield ["analyze", str(art), "--indent", HUGE]
    yield ["ingest", str(jl), "--db", str(tmp_path / "n.db"), "--workers", HUGE]
    yield ["ingest", str(jl), "--db", str(tmp_path / "n.db"), "--workers", "0", "--failures", nowhere]
    yield ["ingest", str(jl), "--db", str(tmp_path / "n.db"), "--workers", "0", "--failures", long]
    yield ["ingest", str(jl), "--db", long, "--workers", "0"]
    yield ["batch", str(jl), "--out", nowhere, "-j", "0", "-q"]
    yield ["batch", str(jl), "--out", long, "-j", "0", "-q"]
    yield ["batch", str(jl), "--out", str(tmp_path / "b"), "-j", "0", "-q", "--chunk-size", HUGE]
    yield ["stats", "--db", long]
    yield ["serve", "--db", long]
    yield ["analyze", long]
    yield ["export", "events", _long_name(tmp_path, ".jsonl")]
    yield ["tag", long]
    yield ["eval", long]
    yield ["eval", "ner", "--test", long]
    bin_gsr = tmp_path / "gsr.jsonl"
    bin_gsr.write_bytes(b'{"id": "1", "text": "\xd0\xff"}\n')
    yield ["eval", "gsr", str(bin_gsr)]


def test_hostile_arguments_end_in_one_error_line(db, tmp_path, capsys):
    n = 0
    for argv in _cases(db, tmp_path):
        n += 1
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse refused the value: its usage and one error line
            rc = exc.code
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert rc in (0, 1, 2), (argv, rc, err)
        assert rc == 0 or lines and ("error:" in lines[-1] or lines[-1].startswith("khabar: no entity")), (argv, err)
        assert "Traceback" not in err
    assert n > 30


def _cli(args, **kw):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run([sys.executable, "-m", "khabar.cli.main", *args], env=env, timeout=300, **kw)


@pytest.mark.parametrize("cmd", [["stats"], ["search", "بوتين"], ["entity", "بوتين", "--format", "json"]])
def test_a_full_stdout_is_one_error_line(db, cmd):
    with open("/dev/full", "w") as full:
        r = _cli([*cmd, "--db", db], stdout=full, stderr=subprocess.PIPE)
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.startswith("khabar: error: cannot write the output") and err.count("\n") == 1, err


@pytest.mark.parametrize("cmd", [["analyze", "-"], ["tag", "-"]])
def test_a_closed_stdin_is_one_error_line(cmd):
    r = _cli(cmd, stdin=None, capture_output=True, preexec_fn=lambda: os.close(0))
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.startswith("khabar: error: stdin") and err.count("\n") == 1, err
