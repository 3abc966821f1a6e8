"""kill -9 of ``khabar batch`` / ``khabar ingest`` leaves no process behind (issue #17):
the workers and the fork server die with the main process (khabar.batch.lifeline)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")

SRC = str(Path(__file__).resolve().parents[2] / "src")
MAIN = "import sys; from khabar.cli.main import main; sys.exit(main())"


def _ppid_and_state(pid: int) -> tuple[int, str] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0]


def descendants(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            got = _ppid_and_state(int(p.name))
            if got:
                kids.setdefault(got[0], []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), ()):
            out.append(c)
            todo.append(c)
    return out


def alive(pids: list[int]) -> list[int]:
    out = []
    for p in pids:
        got = _ppid_and_state(p)
        if got and got[1] != "Z":
            out.append(p)
    return out


def _kill9_leaves_nothing(tmp_path: Path, argv: list[str], n_workers: int) -> None:
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(5000):
            rec = {"content": f"قال وزير الخارجية إن المملكة تدعم الحل السياسي في اليمن، الخبر {i}."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", MAIN, *[a.replace("IN", str(src)) for a in argv]],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: list[int] = []
    try:
        deadline = time.monotonic() + 120
        # the workers are up (fork server, resource tracker, workers) and working
        while time.monotonic() < deadline and len(kids) < n_workers + 2:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
            kids = descendants(proc.pid)
        assert len(kids) >= n_workers + 2, kids
        time.sleep(1.0)
        kids = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15  # "within a few seconds": they poll every 0.5 s
        while alive(kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(kids) == []
    finally:
        for p in alive(kids):
            os.kill(p, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


def test_kill_9_of_batch_ends_its_workers(tmp_path):
    _kill9_leaves_nothing(tmp_path, ["batch", "IN", "--out", str(tmp_path / "out"), "--workers", "2", "--quiet"], 2)


def test_kill_9_of_ingest_ends_its_workers(tmp_path):
    _kill9_leaves_nothing(tmp_path, ["ingest", "IN", "--db", str(tmp_path / "c.db"), "--workers", "2",
                                     "--no-progress"], 2)


def test_an_orphan_exits(tmp_path):
    # a process that called die_with_parent exits when its parent is killed
    code = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'from khabar.batch.lifeline import die_with_parent; die_with_parent(); import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    env = dict(os.environ, PYTHONPATH=SRC)
    middle = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
    child = int(middle.stdout.readline())
    try:
        time.sleep(1.0)  # the child has started its watch
        assert alive([child]) == [child]
        os.kill(middle.pid, signal.SIGKILL)
        middle.wait()
        deadline = time.monotonic() + 15
        while alive([child]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive([child]) == []
    finally:
        for p in alive([child]):
            os.kill(p, signal.SIGKILL)
