"""A database that may not be written is still searched and served (issue #17, item 10):
opened with ``mode=ro``, no migration and no write; an old schema there is a clear error."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from khabar.errors import StoreError
from khabar.io import Record
from khabar.store import open_store

TEXT = "قال الرئيس الروسي فلاديمير بوتين إن الأمم المتحدة مهمة."


@pytest.fixture
def corpus(tmp_path, make_article):
    path = tmp_path / "ro" / "c.db"
    path.parent.mkdir()
    art = make_article(TEXT, entities=[("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين"])])
    with open_store(path) as st:
        st.add(art, Record(TEXT, "a1", "x.jsonl:1", date="2015-07-20"))
    return path


def _no_write_access(monkeypatch, folder: Path):
    """What a read-only file in a read-only folder looks like to this process, also for root
    (who may write anything): os.access says no, and the folder's files are chmod 444."""
    real = os.access

    def access(path, mode, *a, **kw):
        if mode & os.W_OK and Path(path).resolve().is_relative_to(folder.resolve()):
            return False
        return real(path, mode, *a, **kw)

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_database_is_searched_without_a_write(corpus, monkeypatch):
    before = corpus.read_bytes()
    _no_write_access(monkeypatch, corpus.parent)
    with open_store(corpus, create=False) as st:
        assert st.read_only
        assert [h["id"] for h in st.search("بوتين")] == ["a1"]
        assert st.entity("بوتين")["name_en"] == "Vladimir Putin"
        assert st.stats()["articles"] == 1
        with pytest.raises(StoreError):
            st.add_text(Record("نص آخر تماما", "a2", "y"))
    assert corpus.read_bytes() == before  # not a byte written


def test_really_read_only_files(corpus):
    folder = corpus.parent
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.access(corpus, os.W_OK):
            pytest.skip("this user writes read-only files (root)")
        with open_store(corpus, create=False) as st:
            assert st.read_only and [h["id"] for h in st.search("بوتين")] == ["a1"]
    finally:
        folder.chmod(0o755)
        for p in folder.iterdir():
            p.chmod(0o644)


def test_an_old_schema_that_may_not_be_written_is_a_clear_error(tmp_path, monkeypatch):
    from khabar.store.sqlite import migrate

    path = tmp_path / "ro" / "old.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=1)
    conn.close()
    _no_write_access(monkeypatch, path.parent)
    with pytest.raises(StoreError, match="cannot be upgraded"):
        open_store(path, create=False)


def test_the_cli_searches_a_read_only_database(corpus, monkeypatch, capsys):
    from khabar.cli.main import main

    _no_write_access(monkeypatch, corpus.parent)
    assert main(["search", "بوتين", "--db", str(corpus)]) == 0
    assert "a1" in capsys.readouterr().out


def test_the_api_serves_a_read_only_database(corpus, monkeypatch):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from khabar.api.app import create_app

    _no_write_access(monkeypatch, corpus.parent)
    with TestClient(create_app(str(corpus))) as client:
        r = client.get("/api/search", params={"q": "بوتين"})
        assert r.status_code == 200 and [h["id"] for h in r.json()["items"]] == ["a1"]


def test_a_new_database_in_a_read_only_folder_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    _no_write_access(monkeypatch, folder)
    with pytest.raises(StoreError, match="not writable"):
        open_store(folder / "new.db")
