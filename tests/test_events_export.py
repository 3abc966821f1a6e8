"""PLOVER-style records and the CSV table, from article dicts (the JSON contract)."""

import csv
import io
import json

from khabar.events_export import CSV_FIELDS, date_matches, flatten, iter_plover, plover_records, write_csv, write_jsonl

ARTICLE = {
    "id": "a1",
    "date": "2024-03-10",
    "text": "وحذر البيت الأبيض إيران من التصعيد في بغداد.",
    "entities": [
        {"id": "e1", "type": "LOC", "name": "إيران", "name_en": "Iran", "country": "IRN", "mentions": []},
        {"id": "e2", "type": "LOC", "name": "بغداد", "name_en": "Baghdad", "country": "IRQ", "mentions": []},
    ],
    "events": [
        {
            "type": "THREATEN", "mode": None, "context": [],
            "source": {"entities": [], "country": "USA", "sector": "GOV", "text": {"start": 5, "end": 17, "text": "البيت الأبيض"}},
            "target": {"entities": ["e1"], "country": "IRN", "sector": None},
            "date": "2024-03-09", "location": "e2",
            "evidence": {"start": 0, "end": 31, "text": "وحذر البيت الأبيض إيران من التصعيد"},
            "trigger": {"start": 0, "end": 4, "text": "وحذر"},
        },
        {
            "type": "CONSULT", "mode": "visit", "context": ["negated"],
            "source": {"entities": ["e1"], "country": "IRN", "sector": "MIL/GOV"},
            "target": {"entities": [], "country": None, "sector": None},
            "date": None, "location": None,
            "evidence": {"start": 0, "end": 4, "text": "وحذر"},
        },
    ],
}


def test_records_carry_type_actors_codes_and_evidence():
    recs = plover_records(ARTICLE)
    assert [r["event_id"] for r in recs] == ["a1-0", "a1-1"]
    r = recs[0]
    assert (r["event_type"], r["event_date"], r["article_date"]) == ("THREATEN", "2024-03-09", "2024-03-10")
    assert r["source"]["code"] == "USAGOV" and r["source"]["name"] == "البيت الأبيض"
    assert r["target"]["name"] == "Iran" and r["target"]["code"] == "IRN"
    assert r["location"] == {"entity": "e2", "name": "Baghdad", "country": "IRQ"}
    assert r["evidence"]["text"].startswith("وحذر")
    # an undated event takes the article's date; a two-sector code keeps the first
    assert recs[1]["event_date"] == "2024-03-10" and recs[1]["source"]["code"] == "IRNMIL"
    assert recs[1]["context"] == ["negated"] and recs[1]["target"]["code"] is None


def test_date_filter():
    assert date_matches("2024-03-09", "2024") and date_matches("2024-03-09", "2024-03")
    assert not date_matches("2024-03-09", "2024-04") and not date_matches(None, "2024")
    assert date_matches("2024-03-09", "2024-03-01/2024-03-31") and not date_matches("2024-04-01", "2024-03-01/2024-03-31")
    assert date_matches("2024-03-09", None)
    got = list(iter_plover([ARTICLE, dict(ARTICLE, id=None)], date="2024-03-09"))
    assert [r["event_id"] for r in got] == ["a1-0", "article2-0"]


def test_csv_table_has_a_header_and_one_row_per_event():
    buf = io.StringIO()
    n = write_csv(plover_records(ARTICLE), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == 2 and len(rows) == 2
    assert list(rows[0]) == list(CSV_FIELDS)
    assert rows[0]["source_code"] == "USAGOV" and rows[0]["target_name"] == "Iran"
    assert rows[1]["context"] == "negated" and rows[1]["target_code"] == ""
    assert flatten(plover_records(ARTICLE)[0])["evidence_start"] == 0


def test_jsonl_round_trip():
    buf = io.StringIO()
    assert write_jsonl(plover_records(ARTICLE), buf) == 2
    lines = buf.getvalue().splitlines()
    assert json.loads(lines[0])["event_type"] == "THREATEN"


def test_articles_without_events_give_no_records():
    assert plover_records({"id": "x", "text": "", "entities": [], "events": []}) == []


def test_confidence_travels_to_records_and_csv():
    art = json.loads(json.dumps(ARTICLE))
    art["events"][0]["confidence"] = 0.9
    recs = plover_records(art)
    assert [r["confidence"] for r in recs] == [0.9, None]
    buf = io.StringIO()
    write_csv(recs, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert CSV_FIELDS[-1] == "confidence" and [r["confidence"] for r in rows] == ["0.9", ""]
