"""The README's extension example runs as written (issue #12)."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def block(name: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- example: {name} -->\n```\w+\n(.*?)```", readme, re.S)
    assert m, f"README has no example {name!r}"
    return m.group(1)


def env():
    e = dict(os.environ)
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    return e


def test_cli_example_gazetteer_and_missing_model():
    first, second = [ln for ln in block("extend-cli").splitlines() if ln.strip()]
    out = subprocess.run(first, shell=True, cwd=REPO, env=env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "ORG  The Kremlin [RUS] — الكرملين" in out.stdout
    assert "Dmitry Peskov" in out.stdout
    bad = subprocess.run(second, shell=True, cwd=REPO, env=env(), capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.splitlines() == ["khabar: error: NER model file not found: no-such-model.npz"]


def test_python_example_runs():
    out = subprocess.run([sys.executable, "-c", block("extend-python")], cwd=REPO, env=env(),
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == (
        "Pipeline(['normalize', 'segment', 'dates', 'entities', 'resolve', 'quotes', 'headline'])")
    assert out.stdout.splitlines()[1].startswith("<Article id='k1' date=2024-03-10 ")
