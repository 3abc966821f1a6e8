"""Versioned schema: a new store is at the latest version; an older one is upgraded on open;
a newer or foreign database is refused with a message."""

from __future__ import annotations

import sqlite3

import pytest

from khabar.errors import StoreError
from khabar.store import open_store
from khabar.store.migrations import SQLITE_MIGRATIONS, latest
from khabar.store.sqlite import SCHEMA_VERSION, migrate


def test_migrations_are_numbered_in_order():
    versions = [v for v, _, _ in SQLITE_MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert latest() == SCHEMA_VERSION >= 2


def test_new_store_is_latest(tmp_path):
    with open_store(tmp_path / "n.db") as st:
        assert st.stats()["schema_version"] == SCHEMA_VERSION
    conn = sqlite3.connect(tmp_path / "n.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_older_database_is_upgraded(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, upto=1) == 1
    conn.execute(
        "INSERT INTO articles (id, hash, title, date, text, added) VALUES ('old1', 'h', 'قديم', '2015-01-01', 'نص قديم عن الرياض', 'x')"
    )
    conn.execute("INSERT INTO articles_fts (rowid, title, body, stems) VALUES (1, 'قديم', 'نص قديم عن الرياض', 'نص قديم عن رياض')")
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ingest_runs'").fetchone()[0] == 0
    conn.close()
    with open_store(db) as st:
        assert st.version == SCHEMA_VERSION
        assert st.get_article("old1")["title"] == "قديم"
        assert [h["id"] for h in st.search("الرياض")] == ["old1"]
        st.log_run({"started": "a", "finished": "b", "stored": 1})  # the v2 table exists
        assert st.stats()["ingest_runs"] == 1
        assert st.integrity_check() == "ok"


def test_newer_database_is_refused(tmp_path):
    db = tmp_path / "future.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer khabar"):
        open_store(db)


def test_foreign_sqlite_database_is_refused(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a khabar store"):
        open_store(db)


def test_garbage_file_is_refused(tmp_path):
    db = tmp_path / "garbage.db"
    db.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreError, match="not a khabar database"):
        open_store(db)


def test_missing_database_for_reading(tmp_path):
    with pytest.raises(StoreError, match="khabar ingest"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "dir.db")
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://user:pw@host/db")


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    import khabar.store.sqlite as sq

    broken = list(SQLITE_MIGRATIONS) + [(SCHEMA_VERSION + 1, "broken", "CREATE TABLE ok_t (x INTEGER);\nNOT SQL AT ALL;")]
    monkeypatch.setattr(sq, "SQLITE_MIGRATIONS", broken)
    monkeypatch.setattr(sq, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    db = tmp_path / "m.db"
    with pytest.raises(StoreError):
        open_store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ok_t'").fetchone()[0] == 0


def test_index_fingerprint_change_triggers_reindex(tmp_path, monkeypatch):
    from khabar.io import Record
    from khabar.store.ingest import ingest_records

    db = tmp_path / "f.db"
    with open_store(db) as st:
        st.add_text(Record("خبر عن الرياض", "r1", "x"))
        assert st.index_is_current()
        st.conn.execute("UPDATE meta SET value = 'old-rules' WHERE key = 'index_fingerprint'")
        st.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")  # a stale index
        assert not st.index_is_current() and st.search("الرياض") == []
        s = ingest_records([Record("خبر آخر عن جدة", "r2", "x")], st, workers=0, analyze=False)
        assert s["reindexed"] == 1
        assert st.index_is_current()
        assert [h["id"] for h in st.search("الرياض")] == ["r1"]
        assert st.stats()["index_current"] is True


def test_upgraded_store_is_marked_for_reindex(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, upto=1)
    conn.execute("INSERT INTO articles (id, hash, text, added) VALUES ('a', 'h', 'نص', 'x')")
    conn.close()
    with open_store(db) as st:
        assert not st.index_is_current()
        assert st.reindex() == 1
        assert st.index_is_current()


def test_each_script_splits_into_the_statements_sqlite_sees(tmp_path):
    """The store runs a migration statement by statement (khabar.store.sqlite._statements, which
    relies on the scripts keeping '--' and ';' out of literals): the schema must be the one
    SQLite's own executescript makes of the same text."""
    from khabar.store.sqlite import _statements

    split = sqlite3.connect(tmp_path / "split.db")
    whole = sqlite3.connect(tmp_path / "whole.db")
    for version, description, sql in SQLITE_MIGRATIONS:
        assert description.strip() and sql.strip(), version
        for stmt in _statements(sql):
            split.execute(stmt)
        whole.executescript(sql)
    schema = "SELECT type, name, tbl_name FROM sqlite_master ORDER BY name"
    assert split.execute(schema).fetchall() == whole.execute(schema).fetchall()
    tables = {r[0] for r in split.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "articles_fts", "entities", "entity_aliases", "article_entities", "quotes", "events",
            "event_actors", "ingest_runs", "meta"} <= tables


def test_version_2_database_gains_event_confidence(tmp_path):
    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, upto=2) == 2
    cols = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert "confidence" not in cols
    conn.close()
    with open_store(db) as st:
        assert st.version == SCHEMA_VERSION >= 3
    conn = sqlite3.connect(db)
    assert "confidence" in {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    conn.close()
