"""`khabar eval`: gold folders scored in text or JSON; `khabar eval ner` needs a test file."""

from __future__ import annotations

import json

from khabar.cli.main import main

TEXT = "قال الرئيس الروسي فلاديمير بوتين إن روسيا تدعم الحل."


def _gold(folder, date="2023-09-13"):
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("فلاديمير بوتين")
    gold = {
        "document": {"id": folder.name, "date": date},
        "entities": [{"start": start, "end": start + len("فلاديمير بوتين"), "text": "فلاديمير بوتين",
                      "type": "PER", "entity": "Vladimir Putin"}],
        "quotes": [], "events": [], "times": [],
    }
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_eval_a_folder_of_gold_folders_as_json(tmp_path, capsys):
    _gold(tmp_path / "gold" / "a")
    _gold(tmp_path / "gold" / "b")
    assert main(["eval", str(tmp_path / "gold"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"a", "b", "ALL", "MEAN"}
    assert report["MEAN"]["entities"]["r"] == 1.0 and report["MEAN"]["entities"]["articles_r"] == 2
    ents = report["ALL"]["entities"]
    assert report["ALL"]["span_errors"] == 0 and ents["r"] == 1.0  # both names found


def test_eval_text_report_and_missing_folder(tmp_path, capsys):
    _gold(tmp_path / "one")
    assert main(["eval", str(tmp_path / "one"), "--date", "2015-01-01"]) == 0
    out = capsys.readouterr().out
    assert "entities (span+type)" in out and "one" in out and "span errors" in out
    assert main(["eval", str(tmp_path / "none")]) == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["eval", str(tmp_path / "empty")]) == 2
    assert "no gold folders" in capsys.readouterr().err


def test_eval_ner_needs_a_test_file(capsys):
    assert main(["eval", "ner"]) == 2
    assert "--test FILE" in capsys.readouterr().err


def test_eval_gsr_text_and_json(tmp_path, capsys):
    rows = [
        {"id": "a1", "event_type": "ASSAULT", "label": "yes", "text": "شنت إسرائيل غارات على غزة."},
        {"id": "a2", "event_type": "ASSAULT", "label": "easy no", "text": "زار الوزير المعرض أمس."},
        {"id": "p1", "event_type": "PROTEST", "label": "yes", "text": "قتل مسلحون خمسة جنود في هجوم على نقطة تفتيش."},
    ]
    f = tmp_path / "dev.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["eval", "gsr", str(f), "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["sentences"] == 3 and set(rep["types"]) == {"ASSAULT", "PROTEST"} and "errors" not in rep
    a, p = rep["types"]["ASSAULT"], rep["types"]["PROTEST"]
    assert a["tp"] + a["fn"] == 1 and a["fp"] + a["tn"] == 1 and p["tp"] + p["fn"] == 1
    assert {"p", "r", "f1"} <= set(a)
    assert main(["eval", "gsr", str(f), "--errors", "2"]) == 0
    out = capsys.readouterr().out
    assert "ASSAULT" in out and "PROTEST false negatives" in out and "3 sentences" in out
    assert main(["eval", "gsr"]) == 2
    assert "needs one FILE" in capsys.readouterr().err
