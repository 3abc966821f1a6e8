import json
import subprocess
import sys

import pytest

from khabar.cli.main import main

SAMPLE = "وقال وزير الخارجية الروسي سيرغي لافروف أمس إن موسكو لن تتراجع."


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_json_contract(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    code, out, err = run(["analyze", str(p), "--date", "2023-09-13"], capsys)
    assert code == 0
    d = json.loads(out)
    assert set(d) >= {"text", "entities", "times", "quotes", "events"}
    assert d["text"] == SAMPLE
    for e in d["entities"]:
        assert set(e) >= {"id", "type", "name", "name_en", "mentions"}
        for m in e["mentions"]:
            assert d["text"][m["start"]:m["end"]] == m["text"]


def test_analyze_text_format(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    code, out, _ = run(["analyze", str(p), "--format", "text"], capsys)
    assert code == 0 and "Entities" in out


@pytest.mark.parametrize("content", [b"", b"\x00\xff\x00\xfe" * 100])
def test_bad_input_gives_one_line_error(tmp_path, content):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = subprocess.run([sys.executable, "-m", "khabar.cli.main", "analyze", str(p)], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.startswith("khabar: error:") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.stderr


def test_missing_file_and_bad_date(tmp_path, capsys):
    code, _, err = run(["analyze", str(tmp_path / "none.txt")], capsys)
    assert code == 2 and "no such file" in err
    p = tmp_path / "a.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    code, _, err = run(["analyze", str(p), "--date", "13/09/2023"], capsys)
    assert code == 2 and "YYYY-MM-DD" in err


def test_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.encode("cp1256")), encoding="cp1256"))
    code, out, _ = run(["analyze", "-"], capsys)
    assert code == 0 and json.loads(out)["text"] == SAMPLE


def test_one_bad_byte_is_a_warning_not_mojibake(tmp_path, capsys):
    data = ("\n".join([SAMPLE] * 30)).encode("utf-8")
    cut = data.index("موسكو".encode()) + 2
    p = tmp_path / "a.txt"
    p.write_bytes(data[:cut] + b"\xff" + data[cut:])
    code, out, err = run(["analyze", str(p)], capsys)
    assert code == 0
    assert err.startswith("khabar: warning:") and "1 invalid UTF-8 byte sequence" in err
    d = json.loads(out)
    assert "لافروف" in d["text"] and "Moscow" in {e["name_en"] for e in d["entities"]}
