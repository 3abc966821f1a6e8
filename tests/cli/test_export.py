"""``khabar export events``: from article files, .jsonl files of analysed articles, or a store."""

import csv
import io
import json

import pytest

from khabar.cli.main import main

SAMPLE = "وفرض الاتحاد الأوروبي عقوبات جديدة على روسيا. واتهمت باكستان الهند بانتهاك وقف إطلاق النار."

ANALYSED = {
    "id": "s1", "date": "2024-03-10", "text": "x", "entities": [
        {"id": "e1", "type": "LOC", "name": "إيران", "name_en": "Iran", "country": "IRN", "mentions": []}],
    "events": [{"type": "THREATEN", "mode": None, "context": [], "date": "2024-03-09", "location": None,
                "source": {"entities": [], "country": "USA", "sector": "GOV"},
                "target": {"entities": ["e1"], "country": "IRN", "sector": None},
                "evidence": {"start": 0, "end": 1, "text": "x"}}],
}


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_article_file_analysed_on_the_fly(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    code, out, _ = run(["export", "events", str(p), "--article-date", "2024-03-10"], capsys)
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    assert recs and all(r["article_id"] == "a.txt" for r in recs)
    assert {"SANCTION", "ACCUSE"} <= {r["event_type"] for r in recs}


def test_jsonl_of_analysed_articles_to_csv_file(tmp_path, capsys):
    src = tmp_path / "done.jsonl"
    src.write_text(json.dumps(ANALYSED, ensure_ascii=False) + "\n" + json.dumps({"text": "not analysed"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "ev.csv"
    # options before and after the file
    code, _, err = run(["export", "events", "--format", "csv", str(src), "--out", str(out)], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["event_type"], r["source_code"], r["target_name"]) for r in rows] == [("THREATEN", "USAGOV", "Iran")]
    assert "skipped 1 line" in err and "1 event(s) written" in err


def test_date_filter_on_event_dates(tmp_path, capsys):
    src = tmp_path / "done.jsonl"
    src.write_text(json.dumps(ANALYSED) + "\n", encoding="utf-8")
    _, out, _ = run(["export", "events", str(src), "--date", "2024-03"], capsys)
    assert len(out.splitlines()) == 1
    _, out, _ = run(["export", "events", str(src), "--date", "2023"], capsys)
    assert out == ""


def test_store_is_read_through_iter_analyses(tmp_path, capsys, monkeypatch):
    import khabar.store

    class FakeStore:
        closed = False

        def iter_analyses(self):
            yield ANALYSED

        def close(self):
            FakeStore.closed = True

    seen = {}

    def fake_open(db, create=True):
        seen["db"], seen["create"] = db, create
        return FakeStore()

    monkeypatch.setattr(khabar.store, "open_store", fake_open)
    code, out, _ = run(["export", "events", "--db", str(tmp_path / "c.db"), "--format", "csv"], capsys)
    assert code == 0 and seen == {"db": str(tmp_path / "c.db"), "create": False} and FakeStore.closed
    assert "THREATEN" in out.splitlines()[1]


@pytest.mark.parametrize("argv", [
    ["export", "events"],
    ["export", "events", "a.jsonl", "--db", "c.db"],
    ["export", "events", "missing.jsonl"],
    ["export", "events", "missing.txt"],
])
def test_usage_and_input_errors_are_one_line(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith("khabar: error:") and "Traceback" not in err
