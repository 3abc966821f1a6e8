"""`khabar search` on a small hand-made corpus."""

from __future__ import annotations

import json

from khabar.cli.main import main


def test_search_json(db, capsys):
    assert main(["search", "الامم", "المتحده", "--db", db, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["id"] for h in hits} == {"a1", "a2"}
    for h in hits:
        assert set(h) >= {"id", "title", "date", "snippet", "score"}
        assert "[" in h["snippet"]
    assert main(["search", "الأمم المتحدة", "--db", db, "--format", "json"]) == 0
    assert {h["id"] for h in json.loads(capsys.readouterr().out)} == {"a1", "a2"}


def test_search_filters_and_limit(db, capsys):
    def ids(*args):
        assert main(["search", *args, "--db", db, "--format", "json"]) == 0
        return [h["id"] for h in json.loads(capsys.readouterr().out)]

    assert ids("بوتين", "--since", "2015-08") == ["a2"]
    assert ids("بوتين", "--until", "2015-07-31") == ["a1"]
    assert ids("بوتين", "--event", "CONSULT") == ["a2"]
    assert ids("بوتين", "--speaker", "Vladimir Putin") == ["a1"]
    assert ids("نيويورك", "--entity", "بوتين") == ["a2"]
    assert len(ids("بوتين", "--limit", "1")) == 1


def test_search_special_characters_are_not_errors(db, capsys):
    for q in ['"(قليلا', "قليلا)", "NEAR(", "AND", "*", "'"]:
        assert main(["search", q, "--db", db, "--format", "json"]) == 0, q
        json.loads(capsys.readouterr().out)
    assert main(["search", "(قليلا)", "--db", db, "--format", "json"]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)] == ["a3"]


def test_search_text_format_and_errors(db, capsys, tmp_path):
    assert main(["search", "النفط", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "a3" in out and "[النفط]" in out
    assert main(["search", "غائب", "--db", db]) == 0
    assert "no hits" in capsys.readouterr().err
    assert main(["search", "x", "--db", str(tmp_path / "missing.db")]) == 2
    assert "khabar ingest" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
    assert main(["search", "x", "--db", db, "--since", "last week"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_search_checks_dates_before_opening_the_database(tmp_path, capsys):
    missing = tmp_path / "missing.db"
    assert main(["search", "x", "--db", str(missing), "--since", "2015-02-30"]) == 2
    assert "--since: no such date: 2015-02-30" in capsys.readouterr().err
    assert main(["search", "x", "--db", str(missing), "--until", "2015/02"]) == 2
    assert "--until must be a date" in capsys.readouterr().err
    assert not missing.exists()


def test_search_paging_numbers_the_hits(db, capsys):
    assert main(["search", "بوتين", "--db", db, "--offset", "1", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.lstrip().startswith("2.") and "1." not in out.split()[0]
