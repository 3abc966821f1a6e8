"""ingest(): records in, one stored article each; duplicates skipped; bad records reported
with their line number, never fatal."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from khabar.io import BadRecord, Record, RecordFields
from khabar.store import open_store
from khabar.store.ingest import ingest, ingest_records

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"

TEXTS = [
    "قال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن.",
    "أعلنت الأمم المتحدة عن مؤتمر للمانحين في جنيف الأسبوع المقبل.",
    "ارتفعت أسعار النفط في الأسواق العالمية أمس بعد قرار أوبك.",
    "افتتح أمير منطقة الرياض مشروعا جديدا للإسكان.",
]


def _jsonl(path: Path, lines: list) -> Path:
    with open(path, "wb") as fh:
        for line in lines:
            if isinstance(line, bytes):
                fh.write(line + b"\n")
            elif isinstance(line, str):
                fh.write(line.encode("utf-8") + b"\n")
            else:
                fh.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    return path


def _good(i: int, **extra) -> dict:
    return {"content": TEXTS[i % len(TEXTS)] + f" رقم {i}", "title": f"عنوان {i}", "date_extracted": "2015-07-21 10:22:00", **extra}


def test_ingest_reports_bad_records_and_is_idempotent(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [
        _good(0),
        "{not json",                                   # line 2
        {"title": "no text"},                          # line 3
        {"content": 42},                               # line 4
        b"\xff\xfe\xfa broken bytes",                  # line 5
        _good(1),
        {"content": "   "},                            # line 7
        _good(0),                                      # line 8: same text as line 1
        _good(2),
    ])
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, workers=0)
        assert (s["stored"], s["duplicates"], s["failed"], s["records"]) == (3, 1, 5, 9)
        lines = {f["line"]: f["reason"] for f in s["failures"]}
        assert sorted(lines) == [2, 3, 4, 5, 7]
        assert "not JSON" in lines[2] and "content" in lines[3] and "int" in lines[4] and "UTF-8" in lines[5]
        again = ingest([path], st, workers=0)
        assert (again["stored"], again["duplicates"], again["failed"]) == (0, 4, 5)
        assert st.stats()["articles"] == 3
        assert st.stats()["ingest_runs"] == 2


def test_ingest_fields_dates_and_metadata(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [
        {"body": TEXTS[0], "headline": "عنوان", "published": "2015-08-03T11:20:00+03:00", "link": "http://a", "key": "A-1",
         "author": "كاتب"},
    ])
    fields = RecordFields(text="body", title="headline", date="published", url="link", id="key")
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, fields, workers=0)
        assert s["stored"] == 1
        art = st.get_article("A-1")
        assert (art["title"], art["date"], art["url"]) == ("عنوان", "2015-08-03", "http://a")
        assert art["meta"]["author"] == "كاتب"
        assert art["source"].endswith("in.jsonl:1")
        # relative dates resolve against the record's date
        assert art["analyzed"] is True


def test_ingest_folders_text_html_and_gzip(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "sub" / "b.txt").write_bytes(TEXTS[1].encode("cp1256"))
    (folder / "c.html").write_text(
        f"<html><head><title>صفحة</title></head><body><article><p>{TEXTS[2]}</p></article></body></html>", encoding="utf-8"
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    with gzip.open(folder / "d.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(_good(3), ensure_ascii=False) + "\n")
    with open_store(tmp_path / "c.db") as st:
        s = ingest([folder], st, workers=0, analyze=False)
        assert s["stored"] == 4 and s["failed"] == 1
        assert s["failures"][0]["source"].endswith("empty.txt")
        assert {h["id"] for h in st.search("النفط")}
        assert [h["title"] for h in st.search("أوبك")] == ["صفحة"]


def test_ingest_too_large_is_a_failure(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [_good(0), {"content": "كلمة " * 1000}])
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, workers=0, max_chars=1000, analyze=False)
        assert (s["stored"], s["failed"]) == (1, 1)
        assert s["failures"][0]["line"] == 2 and "too large" in s["failures"][0]["reason"]


def test_ingest_pipeline_failure_is_not_fatal(tmp_path, monkeypatch):
    import khabar.pipeline

    class Flaky:  # a last stage that fails on one article
        name = "flaky"
        requires: frozenset = frozenset()
        provides: frozenset = frozenset()

        def __call__(self, art):
            if "أوبك" in art.text:
                raise ValueError("stage exploded")

    pipe = khabar.pipeline.Pipeline(add=[Flaky()])
    monkeypatch.setattr(khabar.pipeline, "default_pipeline", lambda: pipe)
    path = _jsonl(tmp_path / "in.jsonl", [_good(i) for i in range(4)])
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, workers=0)
        assert (s["stored"], s["failed"]) == (3, 1)
        assert s["failures"][0]["line"] == 3 and "ValueError: stage exploded" in s["failures"][0]["reason"]


def test_ingest_with_worker_processes(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [_good(i) for i in range(12)] + ["bad"])
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, workers=2, batch_size=5)
        assert (s["stored"], s["failed"]) == (12, 1)
        assert st.stats()["analyzed"] == 12
        titles = [d["title"] for d in st.iter_analyses()]
        assert titles == [f"عنوان {i}" for i in range(12)]  # stored in input order


def test_ingest_text_only(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [_good(i) for i in range(3)])
    with open_store(tmp_path / "c.db") as st:
        s = ingest([path], st, workers=0, analyze=False)
        assert s["stored"] == 3 and s["analyzed"] is False
        assert st.stats()["analyzed"] == 0


def test_interrupt_keeps_what_is_done(tmp_path):
    def records():
        for i in range(7):
            yield Record(text=TEXTS[i % 4] + f" {i}", id=f"r{i}", source=f"x:{i + 1}")
        yield BadRecord("x", 8, "bad")
        raise KeyboardInterrupt

    with open_store(tmp_path / "c.db") as st:
        s = ingest_records(records(), st, workers=0, batch_size=5, analyze=False)
        assert s["interrupted"] is True
        assert (s["stored"], s["failed"]) == (7, 1)  # the open batch was committed, not lost
        assert st.stats()["articles"] == 7


def test_no_paths_is_a_usage_error(tmp_path):
    from khabar.errors import UsageError

    with open_store(tmp_path / "c.db") as st, pytest.raises(UsageError):
        ingest([], st)


def _first_records(tmp_path, n: int) -> Path:
    lines = []
    with gzip.open(SHARED, "rt", encoding="utf-8") as fh:
        for line in fh:
            lines.append(line)
            if len(lines) == n:
                break
    path = tmp_path / f"s{n}.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.skipif(not SHARED.exists(), reason="../shared SaudiNewsNet not available")
def test_saudinewsnet_300_twice_gives_300_text_only(tmp_path):
    path = _first_records(tmp_path, 300)
    with open_store(tmp_path / "c.db") as st:
        first = ingest([path], st, workers=2, analyze=False)
        second = ingest([path], st, workers=2, analyze=False)
        assert (first["stored"], first["failed"]) == (300, 0)
        assert (second["stored"], second["duplicates"]) == (0, 300)
        assert st.stats()["articles"] == 300


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared SaudiNewsNet not available")
def test_saudinewsnet_300_twice_gives_300(tmp_path):
    path = _first_records(tmp_path, 300)
    with open_store(tmp_path / "c.db") as st:
        first = ingest([path], st, workers=2)
        second = ingest([path], st, workers=2)
        assert first["failed"] == 0, first["failures"][:3]
        assert first["stored"] == 300
        assert (second["stored"], second["duplicates"]) == (0, 300)
        s = st.stats()
        assert s["articles"] == s["analyzed"] == 300
        assert s["entities"] > 0
        assert st.integrity_check() == "ok"


def test_prepare_chunk_is_one_result_per_record():
    from khabar.store.ingest import prepare_chunk

    recs = [Record(text=TEXTS[0], id="a", source="x:1"), Record(text=None, id="b", source="x:2")]
    got = prepare_chunk(recs, analyze=False)
    assert [status for status, _ in got] == ["ok", "fail"]  # a broken record never raises
    assert got[0][1].id == "a" and got[0][1].analysis is None
    assert got[1][1].startswith("analysis failed: ")


def test_workers_run_on_the_batch_engine(tmp_path, monkeypatch):
    from khabar.batch import runner
    from khabar.batch.local import InlineEngine, LocalEngine

    made = []
    real = runner.local_engine

    def spy(workers, warm=True, **kw):
        engine = real(workers, warm=warm, **kw)
        made.append((workers, warm, kw.get("what"), type(engine)))
        return engine

    monkeypatch.setattr(runner, "local_engine", spy)
    path = _jsonl(tmp_path / "in.jsonl", [_good(i) for i in range(9)])
    with open_store(tmp_path / "c.db") as st:
        assert ingest([path], st, workers=2, analyze=False)["stored"] == 9
        assert ingest([path], st, workers=0, analyze=False)["duplicates"] == 9
        assert [d["title"] for d in st.iter_analyses()] == [f"عنوان {i}" for i in range(9)]
    assert made == [(2, False, "ingest", LocalEngine), (0, False, "ingest", InlineEngine)]


def test_interrupt_with_workers_commits_what_is_analysed(tmp_path):
    import time

    with open_store(tmp_path / "c.db") as st:
        def records():
            for i in range(7):
                yield Record(text=TEXTS[i % 4] + f" {i}", id=f"r{i}", source=f"x:{i + 1}")
            deadline = time.monotonic() + 60
            while st.stats()["articles"] < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            raise KeyboardInterrupt

        s = ingest_records(records(), st, workers=2, batch_size=2, analyze=False)
        assert s["interrupted"] is True
        assert s["stored"] == st.stats()["articles"] == 7  # the open batch was committed
