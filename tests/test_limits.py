"""The documented size limits (issue #17): an article over MAX_ARTICLE_CHARS characters and
a file over MAX_INPUT_BYTES bytes are refused with a TooLargeError that says what to do;
reading never takes more than the limit (``khabar analyze /dev/zero`` ends)."""

from __future__ import annotations

import os

import pytest

import khabar
from khabar.errors import InputError, TooLargeError
from khabar.pipeline import MAX_ARTICLE_CHARS, Pipeline, make_article


def test_an_article_over_the_limit_is_refused_before_any_stage():
    with pytest.raises(TooLargeError, match="split it"):
        make_article("ب" * (MAX_ARTICLE_CHARS + 1))
    assert issubclass(TooLargeError, InputError)
    nlp = Pipeline(["normalize", "segment"])
    assert len(nlp.analyze("ب " * (MAX_ARTICLE_CHARS // 2)).tokens) == MAX_ARTICLE_CHARS // 2  # at the limit: fine
    with pytest.raises(TooLargeError):
        nlp.analyze("ب" * (MAX_ARTICLE_CHARS + 1))


def test_reading_a_file_stops_at_the_size_limit(tmp_path, monkeypatch):
    from khabar import io

    monkeypatch.setattr(io, "MAX_INPUT_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("قال " * 400, encoding="utf-8")
    with pytest.raises(TooLargeError, match="larger than"):
        io.read_input(big)
    small = tmp_path / "small.txt"
    small.write_text("قال " * 50, encoding="utf-8")
    assert io.read_input(small)[0].startswith("قال")


class _Endless:
    """A file object that never ends (like /dev/zero) and counts what is read."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, n=-1):
        if n is None or n < 0:
            raise AssertionError("read everything from an endless input")
        self.read_bytes += n
        return b"\0" * n


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_analyze_dev_zero_ends_with_one_error_line(capsys):
    from khabar.cli.main import main

    assert main(["analyze", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("khabar: error: /dev/zero: is larger than") and err.count("\n") == 1


def test_stdin_is_read_up_to_the_limit(monkeypatch):
    import sys

    from khabar import io

    endless = _Endless()
    fake = type("Stdin", (), {"buffer": endless})()
    monkeypatch.setattr(sys, "stdin", fake)
    with pytest.raises(TooLargeError):
        io.read_input("-")
    assert endless.read_bytes <= io.MAX_INPUT_BYTES + 1


def test_ingest_refuses_what_the_pipeline_refuses():
    from khabar.store.ingest import MAX_CHARS

    assert MAX_CHARS == MAX_ARTICLE_CHARS
    assert khabar.TooLargeError is TooLargeError


def test_a_jsonl_line_over_the_limit_is_a_bad_record_and_never_read_whole(tmp_path, monkeypatch):
    import json

    from khabar import io
    from khabar.io import BadRecord, Record, iter_records

    monkeypatch.setattr(io, "MAX_INPUT_BYTES", 2000)
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"content": "نص قصير"}, ensure_ascii=False),
             json.dumps({"content": "ب" * 5000}, ensure_ascii=False),
             json.dumps({"content": "نص آخر"}, ensure_ascii=False)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = list(iter_records([src]))
    assert [type(r) for r in recs] == [Record, BadRecord, Record]
    assert recs[1].line == 2 and "longer than" in recs[1].reason
    assert recs[2].source.endswith(":3")
