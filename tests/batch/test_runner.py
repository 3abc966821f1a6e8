"""The engine-independent parts: chunking, bounded ordered results, analysing a chunk."""

from __future__ import annotations

import json
import threading

import pytest

from khabar.batch import runner
from khabar.batch.runner import analyze_chunk, chunk_records, ordered_results
from khabar.errors import UsageError
from khabar.io import BadRecord, Record


def rec(i: int, text: str | None = None) -> Record:
    return Record(text=text or f"قال الوزير إن الخبر رقم {i} صحيح.", id=f"r{i}", source=f"c.jsonl:{i}")


def test_chunk_records_sizes_bad_and_skip():
    items = [rec(1), BadRecord("c.jsonl", 2, "not JSON"), rec(3), rec(4), rec(5), rec(6)]
    bad = []
    chunks = list(chunk_records(items, 2, bad.append, skip=lambda r: r.id == "r4"))
    assert [[r.id for r in c] for c in chunks] == [["r1", "r3"], ["r5", "r6"]]
    assert [b.line for b in bad] == [2]


def test_chunk_records_char_budget():
    items = [rec(i, "ا" * 100) for i in range(5)]
    chunks = list(chunk_records(items, 10, lambda b: None, max_chars=250))
    assert [len(c) for c in chunks] == [3, 2]


class _Fut:
    def __init__(self, value, log):
        self.value, self.log = value, log

    def result(self):
        self.log.append(("result", self.value))
        return self.value


def test_ordered_results_keeps_order_and_bound():
    log: list = []
    in_flight = 0
    peak = 0

    def submit(x):
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        return _Fut(x, log)

    out = []
    for v in ordered_results(submit, range(10), 3):
        in_flight -= 1
        out.append(v)
    assert out == list(range(10))
    assert peak == 3


def test_ordered_results_consumes_input_lazily():
    pulled = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    gen = ordered_results(lambda x: _Fut(x, []), items(), 4)
    assert next(gen) == 0
    assert len(pulled) == 4  # never reads ahead of what is in flight


def test_ordered_results_rejects_zero():
    with pytest.raises(UsageError):
        list(ordered_results(lambda x: _Fut(x, []), [1], 0))


def test_analyze_chunk_real_pipeline():
    res = analyze_chunk([rec(1), rec(2)], tables=True)
    assert res["ids"] == ["r1", "r2"]
    assert res["errors"] == []
    docs = [json.loads(line) for line in res["lines"]]
    assert [d["id"] for d in docs] == ["r1", "r2"]
    assert docs[0]["meta"]["input"] == "c.jsonl:1"
    assert res["tokens"] > 10
    assert set(res["timings"]) >= {"normalize", "segment"}
    assert res["peak_rss_kb"] > 0
    assert set(res["tables"]) == {"entities", "quotes", "events"}


def test_analyze_chunk_turns_a_failing_article_into_an_error(monkeypatch):
    from khabar.pipeline import Pipeline

    class Boom:  # a stage that fails on one article of the chunk
        name = "boom"
        requires: frozenset = frozenset()
        provides = frozenset({"tokens"})

        def __call__(self, art):
            if "رقم 2" in art.text:
                raise ValueError("kaboom")
            art.tokens = []

    monkeypatch.setattr(runner, "_pipeline", lambda: Pipeline([Boom()]))
    res = analyze_chunk([rec(1), rec(2), rec(3)])
    assert res["ids"] == ["r1", "r3"]
    assert res["errors"] == [
        {"source": "c.jsonl", "line": 2, "id": "r2", "reason": "analysis failed: ValueError: kaboom"}
    ]


def test_pipeline_per_thread_and_default_once():
    from khabar.pipeline import default_pipeline

    first = runner._pipeline()
    assert runner._pipeline() is first
    box = []
    t = threading.Thread(target=lambda: box.append(runner._pipeline()))
    t.start()
    t.join()
    assert box[0] is not first
    if runner._PIPE_OWNER == threading.get_ident():
        assert first is default_pipeline()


def test_table_rows_from_an_analysis():
    cols = runner.empty_tables()
    d = {
        "id": "a1",
        "entities": [
            {"id": "e1", "type": "PER", "name": "سلمان", "name_en": "Salman", "country": "SAU",
             "mentions": [{"start": 0, "end": 5, "text": "سلمان"}, {"start": 9, "end": 14, "text": "سلمان"}]},
        ],
        "quotes": [
            {"speaker": {"entity": "e1", "start": 0, "end": 5, "text": "سلمان"}, "cue": {"start": 6, "end": 9, "text": "قال"},
             "kind": "direct", "content": [{"start": 20, "end": 25, "text": "أهلاً"}, {"start": 30, "end": 33, "text": "بكم"}],
             "reported_by": None, "anaphoric": False},
        ],
        "events": [
            {"type": "CONSULT", "mode": None, "context": ["diplomatic"],
             "source": {"entities": ["e1"], "country": "SAU", "sector": "GOV"},
             "target": {"entities": [], "country": None, "sector": None},
             "date": "2015-07-20", "location": None, "evidence": {"start": 0, "end": 14, "text": "x"}, "trigger": None},
        ],
    }
    runner._table_rows(d, cols)
    assert cols["entities"]["start"] == [0, 9]
    assert cols["entities"]["country"] == ["SAU", "SAU"]
    assert cols["quotes"]["text"] == ["أهلاً … بكم"]
    assert cols["quotes"]["start"] == [20] and cols["quotes"]["end"] == [33]
    assert cols["events"]["source_entities"] == [["e1"]]
    assert cols["events"]["trigger_text"] == [None]
    for name, columns in runner.TABLE_COLUMNS.items():
        lengths = {len(cols[name][c]) for c in columns}
        assert len(lengths) == 1, name


def test_local_engine_and_make_engine():
    from khabar.batch.local import InlineEngine, LocalEngine
    from khabar.batch.runner import BatchConfig, local_engine, make_engine

    assert isinstance(local_engine(0), InlineEngine)
    eng = local_engine(1, warm=False, what="ingest")
    try:
        assert isinstance(eng, LocalEngine) and eng.workers == 1 and eng.what == "ingest"
    finally:
        eng.close()
    assert isinstance(make_engine(BatchConfig(["x"], None, workers=0)), InlineEngine)
    with pytest.raises(UsageError, match="--scheduler needs --engine dask"):
        make_engine(BatchConfig(["x"], None, scheduler="tcp://h:1"))
    with pytest.raises(UsageError, match="unknown engine"):
        make_engine(BatchConfig(["x"], None, engine="spark"))
