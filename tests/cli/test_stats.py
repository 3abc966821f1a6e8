"""`khabar stats` on a small hand-made corpus."""

from __future__ import annotations

import json

from khabar.cli.main import main


def test_stats_command(db, capsys):
    assert main(["stats", "--db", db, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert {k: stats[k] for k in ("articles", "entities", "quotes", "events")} == {
        "articles": 3, "entities": 2, "quotes": 1, "events": 1
    }
    assert main(["stats", "--db", db]) == 0
    assert "articles" in capsys.readouterr().out


def test_stats_text_lists_types_and_dates(db, capsys):
    assert main(["stats", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "(schema " in out and "2015-07-20 … 2015-08-02" in out
    assert "ORG 1, PER 1" in out and "CONSULT 1" in out
    assert main(["stats", "--db", db + ".missing"]) == 2
