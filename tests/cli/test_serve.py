"""``khabar serve``: options checked before anything starts, the app handed to uvicorn, a
clear message without the api extra."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


@pytest.fixture
def corpus_db(tmp_path):
    """A corpus database with one text-only article."""
    from khabar.io import Record
    from khabar.store import open_store

    db = tmp_path / "corpus.db"
    with open_store(db) as store:
        assert store.add_text(Record(text="نص عن الطقس في جدة.", id="a-1", source="tests", date="2015-08-01"))
    return db


def test_serve_command(monkeypatch, corpus_db, capsys):
    import uvicorn

    from khabar.cli.main import main

    seen = {}

    def fake_run(app, **kw):
        seen.update(kw, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert main(["serve", "--db", str(corpus_db), "--port", "0"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 0
    assert main(["serve", "--db", str(corpus_db), "--host", "0.0.0.0"]) == 0
    assert "anyone who can reach" in capsys.readouterr().err
    assert main(["serve", "--db", str(corpus_db) + ".missing"]) == 2
    assert main(["serve", "--db", str(corpus_db), "--port", "70000"]) == 2
    monkeypatch.delenv("KHABAR_DB", raising=False)
    assert main(["serve"]) == 2


def test_serve_without_api_extra(monkeypatch, corpus_db, capsys):
    import sys

    from khabar.cli.main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    assert main(["serve", "--db", str(corpus_db)]) == 2
    assert "pip install 'khabar[api]'" in capsys.readouterr().err


def test_serve_passes_the_options_to_uvicorn(monkeypatch, corpus_db, capsys):
    import uvicorn

    from khabar.cli.main import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", str(corpus_db), "--host", "::1", "--port", "8123", "--max-body", "10",
                 "--log-level", "warning"]) == 0
    assert (seen["host"], seen["port"], seen["log_level"]) == ("::1", 8123, "warning")
    assert seen["server_header"] is False and seen["proxy_headers"] is False
    assert seen["app"].state.max_body == 10
    err = capsys.readouterr().err
    assert "http://[::1]:8123/" in err and "anyone who can reach" not in err  # loopback: no warning


def test_serve_refuses_a_zero_body_limit(corpus_db, capsys):
    from khabar.cli.main import main

    assert main(["serve", "--db", str(corpus_db), "--max-body", "0"]) == 2
    assert "--max-body must be at least 1 byte" in capsys.readouterr().err
