"""Query parameters and the analyze request: typed, bounded, dates checked by khabar.validate."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from khabar.api.params import AnalyzeRequest, bad_id, check_date, check_day, page  # noqa: E402


@pytest.mark.parametrize("query", [
    "limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5", "offset=-1", "offset=x",
    "offset=99999999999999999999999", "since=2015-02-30", "since=15-01-01", "until=2015-1-1",
    "since=2015/01/01", "until=tomorrow", "event=CON SULT", "event=%3Cscript%3E", "entity=" + "x" * 201,
])
def test_bad_query_params_are_422(client, query):
    for url in ("/api/articles?" + query, "/api/search?q=x&" + query):
        r = client.get(url)
        assert r.status_code == 422, (url, r.text)
        assert r.json()["error"].startswith("invalid request")


def test_check_date_is_the_shared_validator_as_a_422():
    assert check_date(" 2015-07 ") == "2015-07" and check_date("") is None and check_date(None) is None
    with pytest.raises(ValueError, match="^no such date: 2015-02-30$"):
        check_date("2015-02-30")
    with pytest.raises(ValueError, match="must be a date"):
        check_date("2015/01/01")
    with pytest.raises(ValueError, match="must be a date"):  # bounded before it is stripped
        check_date("2015" + " " * 20)


def test_check_day_needs_a_full_date():
    assert check_day("2023-09-13") == "2023-09-13" and check_day("  ") is None
    for bad in ("2023", "2023-09", "2023-02-29", "13-09-2023"):
        with pytest.raises(ValueError):
            check_day(bad)


def test_page_and_bad_id():
    assert page([1, 2], 2, 4, query="q") == {"query": "q", "items": [1, 2], "limit": 2, "offset": 4, "next_offset": 6}
    assert page([1], 2, 0)["next_offset"] is None
    assert bad_id("9" * 20) and not bad_id(str(2**63 - 1)) and not bad_id("بوتين")


def test_analyze_request_model():
    r = AnalyzeRequest(text="نص", date=" 2023-09-13 ")
    assert (r.text, r.date, r.title) == ("نص", "2023-09-13", None)
    for bad in ({"text": "x", "date": "2023-13-01"}, {"text": "x", "extra": 1}, {"text": "\ud800"},
                {"text": "x", "title": "t" * 2001}):
        with pytest.raises(ValueError):
            AnalyzeRequest(**bad)
