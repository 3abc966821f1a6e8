"""khabar.validate: one check of a date bound for the store, the API and the command line."""

from __future__ import annotations

import pytest

from khabar.errors import UsageError
from khabar.validate import parse_date_bound, parse_day


@pytest.mark.parametrize("value,want", [
    (None, None), ("", None), ("   ", None), ("2015", "2015"), (" 2015-07 ", "2015-07"),
    ("2016-02-29", "2016-02-29"), ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"),
    ("٢٠١٥-٠٧", "2015-07"),  # Arabic-Indic digits are dates too, given back in ASCII
])
def test_accepted_bounds(value, want):
    assert parse_date_bound(value, "since") == want


@pytest.mark.parametrize("value", [
    "15-01-01", "2015-1-1", "2015/01/01", "tomorrow", "2015-07-01T00:00", "2015-", "20150701", "2015-07-01x",
    "2015 07", "x" * 40,
])
def test_refused_forms_name_the_option_and_the_value(value):
    with pytest.raises(UsageError) as exc:
        parse_date_bound(value, "--since")
    msg = str(exc.value)
    assert msg.startswith("--since must be a date: YYYY-MM-DD (or YYYY or YYYY-MM), got ")
    assert len(msg) < 100  # a long value is cut, never echoed whole


@pytest.mark.parametrize("value", ["2015-02-30", "2015-13", "2015-00", "2015-04-31", "2015-01-00", "0000"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(UsageError, match=f"^until: no such date: {value}$"):
        parse_date_bound(value, "until")


def test_without_a_name_the_message_is_the_problem_alone():
    with pytest.raises(UsageError, match="^must be a date: YYYY-MM-DD \\(or YYYY or YYYY-MM\\)$"):
        parse_date_bound("2015/01")
    with pytest.raises(UsageError, match="^no such date: 2015-02-30$"):
        parse_date_bound("2015-02-30")


def test_parse_day_needs_year_month_and_day():
    assert parse_day(" 2023-09-13 ") == "2023-09-13" and parse_day(None) is None and parse_day("") is None
    for bad in ("2023", "2023-09", "2023-9-13"):
        with pytest.raises(UsageError, match="must be a date: YYYY-MM-DD"):
            parse_day(bad, "date")
    with pytest.raises(UsageError, match="no such date"):
        parse_day("2023-02-29")


def test_the_store_and_the_cli_use_it(tmp_path, capsys):
    from khabar.cli.main import main
    from khabar.store import open_store

    db = tmp_path / "c.db"
    with open_store(db) as st:
        with pytest.raises(UsageError, match="^since: no such date: 2015-02-30$"):
            st.search("x", since="2015-02-30")
        with pytest.raises(UsageError, match="^until must be a date"):
            st.events(until="2015/02")
        with pytest.raises(UsageError, match="^since: no such date"):
            st.list_articles(since="2015-02-30")
    assert main(["search", "x", "--db", str(db), "--until", "2015-13"]) == 2
    assert "--until: no such date: 2015-13" in capsys.readouterr().err


# --- ids (issue #17, item 6: str.isdigit() is true for ² and ①, which int() refuses) ----------

def test_parse_id_takes_ascii_digits_only():
    from khabar.validate import MAX_ID, parse_id

    assert parse_id("12") == 12 and parse_id(" 7 ") == 7 and parse_id(5) == 5
    for odd in ("²", "①", "¹²", "𝟙", "٣", "1.0", "-1", "", "بوتين", None, True, 2.0):
        assert parse_id(odd) is None, odd
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) == parse_id("9" * 400) == parse_id(2**70) == -1
