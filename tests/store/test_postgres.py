"""What only the PostgreSQL backend has: the SQL dialect it translates, its index and query
text, connection errors, migrations, several writers at once, a killed ingest rerun, copying
a corpus between backends (``khabar migrate``), and the CLI and the API over a URL.

(The behaviour both backends share is tested once, on both, by the ``store`` fixture.)
Tests that need a server use ``pg_url`` and skip without one (see conftest.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from khabar.errors import StoreError
from khabar.io import Record
from khabar.store import open_store
from khabar.store.postgres import (
    SCHEMA_VERSION, _translate, display_url, index_columns, tsquery_literal, tsvector_literal,
)

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _rec(text, id, date=None, title=None):
    return Record(text=text, id=id, source="t.jsonl:1", title=title, date=date)


# --- no server needed ----------------------------------------------------------------------


def test_sqlite_sql_is_translated():
    sql, ret = _translate("INSERT OR IGNORE INTO articles (id, hash) VALUES (?,?)")
    assert sql == "INSERT INTO articles (id, hash) VALUES (%s,%s) ON CONFLICT DO NOTHING RETURNING pk" and ret
    sql, ret = _translate("INSERT INTO entities (type) VALUES (?)")
    assert sql.endswith("RETURNING id") and ret
    sql, ret = _translate("INSERT OR IGNORE INTO event_actors (event) VALUES (?)")
    assert sql.endswith("ON CONFLICT DO NOTHING") and not ret
    sql, _ = _translate("SELECT id FROM entities WHERE name_key LIKE '% %' AND id = ?")
    assert sql == "SELECT id FROM entities WHERE name_key LIKE '%% %%' AND id = %s"
    sql, _ = _translate("INSERT INTO entity_aliases (entity, count) VALUES (?,?)"
                        " ON CONFLICT(entity, key) DO UPDATE SET count = count + excluded.count")
    assert "SET count = entity_aliases.count + excluded.count" in sql


def test_tsvector_has_the_fts5_words_and_weights():
    v = tsvector_literal("عنوان", "قال ROCK الامم 1,5", "عنوان قال rock امم 1,5")
    assert v.split() == ["'عنوان':1A,8C", "'قال':3B,9C", "'rock':4B,10C", "'الامم':5B", "'1,5':6B,12C", "'امم':11C"]
    assert tsvector_literal("", "it's", "") == "'it':2B 's':3B"  # WORD_RE cuts at the apostrophe
    long = tsvector_literal("", "كلمة " * 20000, "")
    assert long.count(",") == 255 and long.endswith(",257B")  # PostgreSQL keeps 256 positions a lexeme


def test_index_columns_count_hits_per_field_for_bm25():
    tsv, tf, dl = index_columns("عنوان", "قال عنوان قال", "عنوان قال عنوان قال")
    assert json.loads(tf) == {"عنوان": [1, 1, 2], "قال": [0, 2, 2]} and dl == 8


def test_tsquery_quotes_every_word():
    q = tsquery_literal([["الامم", "المتحده"], ["وبالرياض"]])
    assert q == ("(('الامم':AB <-> 'المتحده':AB) | ('امم':C <-> 'متحده':C))"
                 " & (('وبالرياض':AB) | ('رياض':C))")
    assert tsquery_literal([["o'neil"]]).startswith("(('o''neil':AB)")


def test_display_url_hides_the_password():
    assert display_url("postgresql://ann:s3cret@db.example:5432/news") == "postgresql://ann@db.example:5432/news"
    assert display_url("postgresql://ann@db/news") == "postgresql://ann@db/news"


def test_unreachable_server_is_a_clear_error():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL server") as e:
        open_store("postgresql://ann:s3cret@/news?host=/nonexistent-khabar&port=1")
    assert "s3cret" not in str(e.value) and "README" in str(e.value)


def test_missing_driver_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"khabar\[postgres\]"):
        open_store("postgresql://ann@localhost/news")


# --- a server ------------------------------------------------------------------------------


def test_create_false_and_migrations(pg_url):
    with pytest.raises(StoreError, match="khabar ingest"):
        open_store(pg_url, create=False)
    with open_store(pg_url) as st:
        assert st.version == SCHEMA_VERSION and st.stats()["schema_version"] == SCHEMA_VERSION
        st.add_text(_rec("نص عن الرياض", "x1"))
    with open_store(pg_url, create=False) as st:  # reopening migrates nothing, keeps the data
        assert st.version == SCHEMA_VERSION and st.stats()["articles"] == 1
        assert st.conn.execute("SELECT count(*) FROM khabar_schema").fetchone()[0] == 1


def test_bm25_totals_follow_the_index(pg_url):
    with open_store(pg_url) as st:
        st.add_text(_rec("نص عن الرياض", "x1"))
        st.add_text(_rec("نص آخر عن جدة والرياض", "x2"))
        with pytest.raises(RuntimeError), st.batch():
            st.add_text(_rec("نص لا يبقى", "x3"))
            raise RuntimeError
        want = st.conn.execute("SELECT count(*), sum(dl) FROM articles").fetchone()
        assert st.conn.execute("SELECT docs, words FROM index_totals").fetchone() == want == (2, 16)  # 3 + 5 words, body and stems
        st.conn.execute("UPDATE index_totals SET docs = 0, words = 0")
        assert st.reindex() == 2
        assert st.conn.execute("SELECT docs, words FROM index_totals").fetchone() == want


def test_a_foreign_articles_table_is_refused(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("CREATE TABLE articles (x int)")
    with pytest.raises(StoreError, match="not a khabar store"):
        open_store(pg_url)


def test_nul_characters_keep_offsets(pg_url):
    with open_store(pg_url) as st:
        assert st.add_text(_rec("قبل\x00بعد الرياض", "nul"))
        got = st.get_article("nul")["text"]
        assert got == "قبل\ufffdبعد الرياض" and len(got) == len("قبل\x00بعد الرياض")


def test_two_writers_at_once_store_each_record_once(pg_url, make_article):
    names = [("فلاديمير بوتين", "Vladimir Putin"), ("سيرغي لافروف", "Sergei Lavrov"), ("موسكو", "")]
    texts = [f"قال {names[i % 3][0]} كلاما رقم {i}." for i in range(60)]
    errors: list[BaseException] = []

    def writer(order):
        try:
            with open_store(pg_url) as st:
                for start in range(0, len(order), 5):
                    with st.batch():
                        for i in order[start:start + 5]:
                            name, en = names[i % 3]
                            art = make_article(texts[i], entities=[("E1", "PER", name, en, [name])])
                            st.add(art, _rec(texts[i], f"r{i}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    # both writers go through every record (in opposite orders): each is stored once
    threads = [threading.Thread(target=writer, args=(o,)) for o in (list(range(60)), list(range(59, -1, -1)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(pg_url) as st:
        s = st.stats()
        assert (s["articles"], s["entities"], s["mentions"]) == (60, 3, 60)
        assert sorted(d["id"] for d in st.iter_analyses()) == sorted(f"r{i}" for i in range(60))
        assert st.entity("بوتين")["article_count"] == 20


def test_ingest_is_idempotent_and_a_killed_ingest_reruns(pg_url, tmp_path):
    from khabar.store.ingest import ingest

    n = 3000
    path = tmp_path / "in.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"k{i}", "content": f"خبر رقم {i} عن الرياض وجدة"}, ensure_ascii=False) + "\n")
    cmd = [sys.executable, "-m", "khabar.cli.main", "ingest", str(path), "--db", pg_url,
           "--no-analyze", "--workers", "0", "--batch-size", "50", "--no-progress"]
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open_store(pg_url) as st:
        while proc.poll() is None and st.stats()["articles"] < 100:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # mid-batch: the open transaction is lost, nothing else
        proc.wait()
        before = st.stats()["articles"]
        assert before % 50 == 0 or before == n  # whole batches only
        s = ingest([path], st, workers=0, analyze=False)
        assert s["stored"] == n - before and s["failed"] == 0
        again = ingest([path], st, workers=0, analyze=False)
        assert again["stored"] == 0 and again["duplicates"] == n
        assert st.stats()["articles"] == n
        ids = [d["id"] for d in st.iter_analyses()]
        assert len(ids) == len(set(ids)) == n


def test_two_ingest_processes_on_the_same_files(pg_url, tmp_path):
    n = 400
    path = tmp_path / "in.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"content": f"خبر رقم {i} عن مكة والمدينة"}, ensure_ascii=False) + "\n")
    cmd = [sys.executable, "-m", "khabar.cli.main", "ingest", str(path), "--db", pg_url,
           "--no-analyze", "--workers", "0", "--batch-size", "20", "--no-progress", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    summaries = [json.loads(o[0]) for o in outs]
    assert sum(s["stored"] for s in summaries) == n  # each record stored by one of them
    assert all(s["stored"] + s["duplicates"] == n for s in summaries)
    with open_store(pg_url) as st:
        assert st.stats()["articles"] == n
        assert st.stats()["ingest_runs"] == 2


def _sample_corpus(st, make_article):
    t1 = "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة. وأضاف بوتين أن الأمم المتحدة مهمة."
    t2 = "التقى لبوتين وزير الخارجية سيرغي لافروف في موسكو أمس."
    a1 = make_article(t1, entities=[("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "بوتين"]),
                                    ("E2", "ORG", "الأمم المتحدة", "United Nations", ["الأمم المتحدة"])],
                      quotes=[("E1", "فلاديمير بوتين", "قال", "موسكو مستعدة")],
                      events=[("CONSULT", ["E1"], ["E2"], "وأضاف بوتين أن الأمم المتحدة مهمة")])
    a2 = make_article(t2, entities=[("E1", "PER", "بوتين", "Vladimir Putin", ["لبوتين"]),
                                    ("E2", "PER", "سيرغي لافروف", "Sergei Lavrov", ["سيرغي لافروف"])])
    st.add(a1, Record(text=t1, id="a1", source="s:1", title="بوتين", date="2015-07-20", url="http://x/1",
                      meta={"author": "س"}))
    st.add(a2, Record(text=t2, id="a2", source="s:2", date="2015-08-02"))
    st.add_text(_rec("نص بلا تحليل عن موسكو", "t3", "2015-09-01"))


_VOLATILE = ("database", "schema_version", "ingest_runs")


def test_migrate_copies_sqlite_to_postgres_and_back(pg_url, tmp_path, make_article, capsys):
    from khabar.cli.main import main

    src = tmp_path / "src.db"
    with open_store(src) as st:
        _sample_corpus(st, make_article)
        want_stats = {k: v for k, v in st.stats().items() if k not in _VOLATILE}
        want = list(st.iter_analyses())
        want_hits = st.search("موسكو")
    assert main(["migrate", "--from", str(src), "--to", pg_url, "--quiet"]) == 0
    assert "3 articles copied, 0 already there" in capsys.readouterr().out
    assert main(["migrate", "--from", str(src), "--to", pg_url, "--quiet"]) == 0  # a rerun adds nothing
    assert "0 articles copied, 3 already there" in capsys.readouterr().out
    with open_store(pg_url) as pg:
        assert {k: v for k, v in pg.stats().items() if k not in _VOLATILE} == want_stats
        assert list(pg.iter_analyses()) == want  # same texts, analyses, dates, entity ids
        drop = lambda hits: [{k: v for k, v in h.items() if k != "score"} for h in hits]  # noqa: E731
        assert drop(pg.search("موسكو")) == drop(want_hits)  # scores are each backend's own
    back = tmp_path / "back.db"
    assert main(["migrate", "--from", pg_url, "--to", str(back), "--quiet"]) == 0
    with open_store(back) as st:
        assert list(st.iter_analyses()) == want
    assert main(["migrate", "--from", str(src), "--to", str(src)]) == 2
    assert main(["migrate", "--from", str(tmp_path / "none.db"), "--to", pg_url]) == 2


def test_cli_and_api_over_a_url(pg_url, make_article, capsys, monkeypatch, tmp_path):
    from khabar.cli.main import main

    with open_store(pg_url) as st:
        _sample_corpus(st, make_article)
    assert main(["stats", "--db", pg_url, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["articles"], stats["quotes"], stats["events"]) == (3, 1, 1)
    monkeypatch.setenv("KHABAR_DB", pg_url)
    from khabar.cli.main import build_parser

    assert build_parser().parse_args(["search", "x"]).db == pg_url
    assert main(["search", "موسكو", "--db", pg_url, "--format", "json"]) == 0
    assert {h["id"] for h in json.loads(capsys.readouterr().out)} == {"a1", "a2", "t3"}
    assert main(["entity", "بوتين", "--db", pg_url]) == 0
    assert "Vladimir Putin" in capsys.readouterr().out
    # a password in the URL is never printed (the test server trusts local users: any works)
    secret = pg_url.replace("://postgres@", "://postgres:s3cret@", 1)
    assert secret != pg_url
    path = Path(str(tmp_path / "one.jsonl"))
    path.write_text(json.dumps({"content": "خبر قصير عن جدة"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["ingest", str(path), "--db", secret, "--no-analyze", "--workers", "0", "--no-progress"]) == 0
    assert main(["stats", "--db", secret]) == 0
    out = capsys.readouterr()
    assert "s3cret" not in out.out + out.err and "postgresql://postgres@" in out.out

    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from khabar.api.app import create_app

    with TestClient(create_app(pg_url, analyze=lambda *a, **k: None)) as client:
        r = client.get("/api/articles", params={"q": "لافروف"})
        assert r.status_code == 200 and [h["id"] for h in r.json()["items"]] == ["a2"]
        assert client.get("/api/articles/a1").json()["entities"][0]["name_en"] == "Vladimir Putin"
        assert client.get("/search", params={"q": "بوتين"}).status_code == 200
