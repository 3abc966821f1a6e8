"""Bad records never stop a run (issue #17, item 2): JSON nested deeper than the recursion
limit, an integer of more than 4,300 digits, a lone surrogate escape, bytes that are not
UTF-8, and a corrupt gzip stream. Each is reported with its line; every good record is
read (and stored by ``khabar ingest``, analysed by ``khabar batch``) in one run.

The hostile corpora are built here, in code."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path

import pytest

from khabar.cli.main import main
from khabar.io import BadRecord, Record, iter_records

TEXTS = [
    "قال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن.",
    "أعلنت الأمم المتحدة عن مؤتمر للمانحين في جنيف الأسبوع المقبل.",
    "ارتفعت أسعار النفط في الأسواق العالمية أمس بعد قرار أوبك.",
]

#: the kinds of bad line, built in code: (name, bytes of the line, a fragment of the reason)
BAD_KINDS = [
    ("deep", b'{"content": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    ("digits", b'{"content": "x", "n": ' + b"7" * 5000 + b"}", "4300 digits"),
    ("surrogate", b'{"content": "\\ud800 \xd9\x86\xd8\xb5"}', "lone surrogate"),
    ("surrogate_title", b'{"content": "\xd9\x86\xd8\xb5", "title": "\\udfff"}', "lone surrogate"),
    ("bytes", b'{"content": "\xff\xfe"}', "UTF-8"),
]


def good(i: int) -> bytes:
    rec = {"content": f"{TEXTS[i % len(TEXTS)]} الخبر رقم {i}.", "title": f"خبر {i}", "date": "2015-07-21"}
    return json.dumps(rec, ensure_ascii=False).encode("utf-8")


def hostile_jsonl(n: int) -> tuple[list[bytes], dict[int, str]]:
    """``n`` lines: good records with every BAD_KINDS line mixed in every 97 lines; returns
    the lines and ``{line number: reason fragment}`` of the bad ones."""
    lines, bad = [], {}
    for i in range(n):
        if i % 97 == 50:
            name, line, why = BAD_KINDS[(i // 97) % len(BAD_KINDS)]
            lines.append(line)
            bad[i + 1] = why
        else:
            lines.append(good(i))
    return lines, bad


def write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def corrupt_gzip(path: Path, n: int) -> tuple[int, int]:
    """A gzip file of ``n`` good records whose compressed stream is damaged past its middle.
    Returns (lines a reader gets before the damage is detected, how many of the first of
    them are intact records): the damage may first decompress to a few garbage lines."""
    data = gzip.compress(b"\n".join(good(i) for i in range(n)) + b"\n", compresslevel=1)
    cut = len(data) * 2 // 3
    damaged = data[:cut] + bytes(b ^ 0x5A for b in data[cut : cut + 64]) + data[cut + 64 :]
    path.write_bytes(damaged)
    lines = []
    try:
        for line in gzip.GzipFile(fileobj=io.BytesIO(damaged)):
            lines.append(line)
    except (OSError, EOFError, zlib.error):
        pass
    else:
        raise AssertionError("the damage was not detected")
    intact = 0
    while intact < len(lines) and lines[intact] == good(intact) + b"\n":
        intact += 1
    return len(lines), intact


def test_every_kind_of_bad_line_is_a_bad_record_with_its_line(tmp_path):
    lines, bad = hostile_jsonl(2000)
    src = write(tmp_path / "hostile.jsonl", lines)
    recs = list(iter_records([src]))
    assert len(recs) == 2000
    got = {r.line: r.reason for r in recs if isinstance(r, BadRecord)}
    assert sorted(got) == sorted(bad)
    for line, why in bad.items():
        assert why in got[line], (line, got[line])
    assert sum(isinstance(r, Record) for r in recs) == 2000 - len(bad)
    assert len({name for name, _, _ in BAD_KINDS}) == len(BAD_KINDS) and len(bad) >= 2 * len(BAD_KINDS)


def test_a_json_array_file_with_bad_values(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert "nested too deeply" in next(iter(iter_records([deep]))).reason
    digits = tmp_path / "digits.json"
    digits.write_bytes(b'[{"content": "x", "n": ' + b"7" * 5000 + b"}]")
    assert "digits" in next(iter(iter_records([digits]))).reason
    sur = tmp_path / "sur.json"
    sur.write_bytes(b'[{"content": "\\ud800"}, {"content": "\xd9\x86\xd8\xb5 \xd9\x86\xd8\xb5"}]')
    a, b = list(iter_records([sur]))
    assert isinstance(a, BadRecord) and a.line == 1 and "surrogate" in a.reason and isinstance(b, Record)


def test_a_corrupt_gzip_keeps_the_records_before_the_damage(tmp_path):
    src = tmp_path / "c.jsonl.gz"
    readable, intact = corrupt_gzip(src, 3000)
    assert 0 < intact <= readable < 3000
    recs = list(iter_records([src]))
    assert len(recs) == readable + 1
    assert all(isinstance(r, Record) for r in recs[:intact])
    last = recs[-1]
    assert isinstance(last, BadRecord) and last.stream_error and last.line == readable + 1
    assert f"after line {readable}" in last.reason


def test_khabar_ingest_stores_every_good_record_of_a_hostile_jsonl(tmp_path, capsys):
    lines, bad = hostile_jsonl(2000)
    src = write(tmp_path / "hostile.jsonl", lines)
    db = tmp_path / "c.db"
    rc = main(["ingest", str(src), "--db", str(db), "--workers", "0", "--no-analyze", "--format", "json",
               "--no-progress"])
    summary = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert (summary["stored"], summary["failed"], summary["records"]) == (2000 - len(bad), len(bad), 2000)
    assert {f["line"] for f in summary["failures"]} == set(bad)
    # a rerun finds them all stored: nothing is stuck on a bad line
    assert main(["ingest", str(src), "--db", str(db), "--workers", "0", "--no-analyze", "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["stored"], again["duplicates"], again["failed"]) == (0, 2000 - len(bad), len(bad))


def test_khabar_ingest_analyses_around_bad_records(tmp_path, capsys):
    lines, bad = hostile_jsonl(300)
    src = write(tmp_path / "hostile.jsonl", lines)
    rc = main(["ingest", str(src), "--db", str(tmp_path / "c.db"), "--workers", "0", "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert rc == 0 and (summary["stored"], summary["failed"]) == (300 - len(bad), len(bad))


def test_khabar_ingest_of_a_corrupt_gzip_keeps_what_it_read_and_says_so(tmp_path, capsys):
    src = tmp_path / "c.jsonl.gz"
    readable, intact = corrupt_gzip(src, 3000)
    db = tmp_path / "c.db"
    rc = main(["ingest", str(src), "--db", str(db), "--workers", "0", "--no-analyze", "--format", "json"])
    cap = capsys.readouterr()
    summary = json.loads(cap.out)
    assert rc == 1
    assert intact <= summary["stored"] and summary["stored"] + summary["failed"] == readable + 1
    warnings = [line for line in cap.err.splitlines() if line.startswith("khabar: warning:")]
    assert len(warnings) == 1 and f"{src}:{readable + 1}:" in warnings[0]
    assert "Traceback" not in cap.err


def test_khabar_batch_goes_on_past_bad_records_and_resumes(tmp_path, capsys):
    lines, bad = hostile_jsonl(300)
    src = write(tmp_path / "hostile.jsonl", lines)
    out = tmp_path / "out"
    argv = ["batch", str(src), "--out", str(out), "--workers", "0", "--quiet", "--shard-size", "100"]
    assert main(argv) == 0
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["line"] for e in errors} == set(bad)
    n_ok = sum(1 for p in out.glob("analyses-*.jsonl") for _ in p.open(encoding="utf-8"))
    assert n_ok == 300 - len(bad)
    assert main(argv + ["--resume"]) == 0
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert (stats["skipped"], stats["ok"], stats["errors"]) == (300 - len(bad), 0, len(bad))


def test_khabar_batch_of_a_corrupt_gzip_keeps_what_it_read_and_says_so(tmp_path, capsys):
    src = tmp_path / "c.jsonl.gz"
    readable, intact = corrupt_gzip(src, 150)
    out = tmp_path / "out"
    rc = main(["batch", str(src), "--out", str(out), "--workers", "0", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1
    assert [x for x in err.splitlines() if x.startswith("khabar: warning:")] != []
    n_ok = sum(1 for p in out.glob("analyses-*.jsonl") for _ in p.open(encoding="utf-8"))
    assert intact <= n_ok <= readable
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors[-1]["line"] == readable + 1


def test_ingest_commits_what_it_analysed_before_an_unexpected_failure(tmp_path):
    # a failure outside any one record (here: the input stream itself) must not lose the
    # records analysed before it: they are committed, so a rerun skips them
    from khabar.io import RecordFields
    from khabar.store import open_store
    from khabar.store.ingest import ingest_records

    recs = [r for r in iter_records([write(tmp_path / "in.jsonl", [good(i) for i in range(30)])], RecordFields())]

    def stream():
        yield from recs
        raise OSError("the network disk went away")

    with open_store(tmp_path / "c.db") as st:
        with pytest.raises(OSError, match="went away"):
            ingest_records(stream(), st, workers=0, analyze=False, batch_size=1000)
        assert sum(1 for r in recs if st.has(r.id)) == 30


def _one_bad_byte_jsonl(tmp_path: Path) -> Path:
    # a long UTF-8 line with one stray byte: kept as UTF-8, the byte replaced, a warning with its line
    text = ("قال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن. " * 20).encode("utf-8")
    broken = b'{"id": "b1", "content": "' + text[:200] + b"\xff" + text[200:] + b'", "date": "2015-07-21"}'
    return write(tmp_path / "mixed.jsonl", [good(0), broken, good(1)])


def test_khabar_ingest_reports_a_repaired_record_with_its_line(tmp_path, capsys):
    src = _one_bad_byte_jsonl(tmp_path)
    rc = main(["ingest", str(src), "--db", str(tmp_path / "c.db"), "--workers", "0", "--no-analyze",
               "--format", "json"])
    cap = capsys.readouterr()
    summary = json.loads(cap.out)
    assert rc == 0 and summary["stored"] == 3
    assert len(summary["warnings"]) == 1 and f"{src}:2:" in summary["warnings"][0]
    assert any(line.startswith("khabar: warning:") and f"{src}:2:" in line for line in cap.err.splitlines())


def test_khabar_batch_reports_a_repaired_record_with_its_line(tmp_path, capsys):
    src = _one_bad_byte_jsonl(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(src), "--out", str(out), "--workers", "0", "--quiet"]) == 0
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["ok"] == 3 and len(stats["warnings"]) == 1 and f"{src}:2:" in stats["warnings"][0]
    assert f"{src}:2:" in capsys.readouterr().err
