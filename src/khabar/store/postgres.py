"""The PostgreSQL store: a shared corpus server for several readers and ingest writers.

``open_store("postgresql://user@host:port/dbname")`` (or ``--db``/``KHABAR_DB`` with such a
URL) opens one. The driver, ``psycopg`` (``pip install 'khabar[postgres]'``), is imported
only here, when such a URL is opened.

One query layer, two dialects: :class:`PostgresStore` runs the queries of
:class:`~khabar.store.sqlite.SQLiteStore` (the same tables and columns, see
:mod:`khabar.store.migrations.postgres`) through :class:`_Dialect`, which rewrites the few
SQLite forms to PostgreSQL (``?`` placeholders, ``INSERT OR IGNORE``, ``lastrowid``, the FTS5
insert); so every answer (entity merging, filters, ordering, stats) is the same on both, and
the shared store tests check it. Only full-text search is PostgreSQL's own:

* the index is one ``tsvector`` per article, built here from the three strings of
  :func:`~khabar.store.search.index_fields` (normalized title with weight A, body B,
  clitic-free stems C), word by word with :data:`~khabar.store.search.WORD_RE` — the same
  words as the FTS5 index, no PostgreSQL parser or dictionary involved;
* a query (parsed by :func:`~khabar.store.search.parse_query`, never syntax) becomes a
  ``tsquery`` built here from quoted lexemes: each word or phrase matches its normalized form
  in title/body (``:AB``) or its stems in the stems (``:C``), phrases with ``<->``;
* ranking is FTS5's ``bm25(4, 2, 1)`` (title, body, stems), computed from each article's
  word hits per field (``tf``) and word count (``dl``), stored beside the ``tsvector``; a
  phrase's hits are estimated by its rarest word's (FTS5 counts the phrase itself);
* snippets come from :func:`~khabar.store.search.snippet`, as on SQLite.

Writers: every write transaction (:meth:`PostgresStore.batch`) takes one advisory lock, so
that writers from several processes or machines resolve corpus entities one at a time (the
readers never wait); ``id`` and ``hash`` are unique, so a record is stored once whatever
writers race for it, and a ``kill -9`` loses only the open transaction.
"""

from __future__ import annotations

import json
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from math import log
from typing import Any

from khabar.errors import StoreError
from khabar.store.migrations.postgres import MIGRATIONS as PG_MIGRATIONS
from khabar.store.migrations.postgres import OPTIONAL
from khabar.store.search import WORD_RE, index_fingerprint, snippet, stem
from khabar.store.sqlite import SQLiteStore

__all__ = ["PostgresStore", "SCHEMA_VERSION", "tsvector_literal", "tsquery_literal", "display_url"]

SCHEMA_VERSION = max(v for v, _, _ in PG_MIGRATIONS)

#: advisory lock keys (any two constants that no other application is likely to use)
WRITE_LOCK = 0x6B686162  # "khab"
MIGRATE_LOCK = 0x6B686162 + 1

#: tsvector positions stop here (PostgreSQL's limit); later words share the last position
MAX_POS = 16383
#: BM25 as FTS5 computes it: k1, b, and the weights of title (0), body (1), stems (2)
BM25_K1 = 1.2
BM25_B = 0.75
_FIELD_WEIGHT = {0: 4, 1: 2, 2: 1}


def _driver():
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            "a postgresql:// database needs PostgreSQL's psycopg driver: pip install 'khabar[postgres]' "
            "(or pip install 'psycopg[binary]')"
        ) from exc
    return psycopg


def display_url(url: str) -> str:
    """The URL without its password (for messages and ``stats``)."""
    from khabar.store import display_location

    return display_location(url)


# --- the index -----------------------------------------------------------------------------


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def index_columns(title: str, body: str, stems: str) -> tuple[str, str, int]:
    """An article's index columns from its three index strings: the ``tsvector`` text (every
    word at its position with weight A (title), B (body) or C (stems); a gap between title and
    body keeps phrases inside one field, as FTS5 columns do), the JSON of each word's hits in
    title, body and stems, and the number of words (both for BM25)."""
    positions: dict[str, list[str]] = {}
    hits: dict[str, list[int]] = {}
    pos = n = 0
    for col, (text, weight, gap) in enumerate(((title, "A", 0), (body, "B", 1), (stems, "C", 1))):
        pos += gap
        for w in WORD_RE.findall(text):
            pos += 1
            n += 1
            w = w.lower()
            if len(w.encode("utf-8")) >= 2046:
                continue
            hits.setdefault(w, [0, 0, 0])[col] += 1
            lst = positions.setdefault(w, [])
            if len(lst) < 256:
                lst.append(f"{min(pos, MAX_POS)}{weight}")
    tsv = " ".join(f"{_lexeme(w)}:{','.join(p)}" for w, p in positions.items())
    return tsv, json.dumps(hits, ensure_ascii=False, separators=(",", ":")), n


def tsvector_literal(title: str, body: str, stems: str) -> str:
    """The ``tsvector`` text of :func:`index_columns`."""
    return index_columns(title, body, stems)[0]


def _group_tsquery(group: list[str]) -> str:
    exact = " <-> ".join(f"{_lexeme(w.lower())}:AB" for w in group)
    stems = " <-> ".join(f"{_lexeme((stem(w) or w).lower())}:C" for w in group)
    return f"(({exact}) | ({stems}))"


def match_tsquery(groups: list[list[str]]) -> str:
    """:func:`tsquery_literal`, with a one-word group as its word or stem in any field: the
    same articles (a word's stem is among the stems wherever the word is), and the GIN index
    answers it without reading each article's vector."""
    parts = []
    for g in groups:
        if len(g) == 1:
            w = g[0].lower()
            s = (stem(g[0]) or g[0]).lower()
            parts.append(f"({_lexeme(w)} | {_lexeme(s)})" if s != w else _lexeme(w))
        else:
            parts.append(_group_tsquery(g))
    return " & ".join(parts)


def tsquery_literal(groups: list[list[str]]) -> str:
    """All the groups (words, phrases) of a parsed query, each in title/body or in stems."""
    return " & ".join(_group_tsquery(g) for g in groups)


# --- the dialect ---------------------------------------------------------------------------

_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.I)
_INSERT_ID = re.compile(r"^\s*INSERT INTO (articles|entities|quotes|events|ingest_runs)\b", re.I)
_UPSERT_SELF = re.compile(r"INSERT INTO (\w+)(.*ON CONFLICT.*DO UPDATE SET )(\w+) = \3 ", re.I | re.S)
_FTS_INSERT = re.compile(r"^\s*INSERT INTO articles_fts \(rowid, title, body, stems\)", re.I)
_ID_COLUMN = {"articles": "pk"}
_INDEX_UPDATE = "UPDATE articles SET tsv = ?::tsvector, tf = ?::jsonb, dl = ? WHERE pk = ?"


@lru_cache(maxsize=512)
def _translate(sql: str) -> tuple[str, bool]:
    """SQLite's SQL as PostgreSQL's; and whether it returns the new row's id."""
    returning = False
    if _INSERT_OR_IGNORE.match(sql):
        sql = _INSERT_OR_IGNORE.sub("INSERT INTO", sql) + " ON CONFLICT DO NOTHING"
    m = _INSERT_ID.match(sql)
    if m and "ON CONFLICT DO UPDATE" not in sql.upper():
        sql += f" RETURNING {_ID_COLUMN.get(m.group(1).lower(), 'id')}"
        returning = True
    sql = _UPSERT_SELF.sub(lambda m: f"INSERT INTO {m[1]}{m[2]}{m[3]} = {m[1]}.{m[3]} ", sql)
    return sql.replace("%", "%%").replace("?", "%s"), returning


def _clean(value):
    # PostgreSQL text cannot hold NUL; U+FFFD keeps every offset into the text
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


def _friendly(exc: Exception, where: str) -> StoreError:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    name = type(exc).__name__
    if name in ("OperationalError", "InterfaceError") and ("connect" in msg or "closed" in msg or "server" in msg):
        return StoreError(f"{where}: lost the connection to the PostgreSQL server ({msg}); check the server and rerun")
    if name == "InsufficientPrivilege":
        return StoreError(f"{where}: not allowed ({msg}); ask the database's owner for privileges")
    if name == "DiskFull":
        return StoreError(f"{where}: the server's disk is full; free some space and rerun (what was committed is kept)")
    return StoreError(f"{where}: database error: {msg}")


class _Cursor:
    """What :class:`SQLiteStore` uses of an sqlite3 cursor."""

    def __init__(self, cur, lastrowid=None):
        self._cur = cur
        self.lastrowid = lastrowid
        self.rowcount = cur.rowcount

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        return self._cur.fetchall()

    def __iter__(self):
        return iter(self._cur.fetchall())


class _Dialect:
    """A psycopg connection that takes SQLite's SQL (see :func:`_translate`)."""

    def __init__(self, pg, where: str):
        self.pg = pg
        self.where = where

    def _run(self, fn):
        psycopg = _driver()
        try:
            return fn()
        except psycopg.Error as exc:
            raise _friendly(exc, self.where) from exc

    def execute(self, sql: str, params: Any = ()):
        if _FTS_INSERT.match(sql):
            rowid, title, body, stems = params
            cols = index_columns(title, body, stems)
            self.execute(_INDEX_UPDATE, (*cols, rowid))
            return self.execute("UPDATE index_totals SET docs = docs + 1, words = words + ?", (cols[2],))
        text, returning = _translate(sql)
        params = tuple(_clean(p) for p in params)

        def go():
            cur = self.pg.cursor()
            cur.execute(text, params)
            if returning:
                row = cur.fetchone()
                return _Cursor(cur, row[0] if row else None)
            return _Cursor(cur)

        return self._run(go)

    def executemany(self, sql: str, rows) -> None:
        text, _ = _translate(sql)
        rows = [tuple(_clean(p) for p in r) for r in rows]
        if rows:
            self._run(lambda: self.pg.cursor().executemany(text, rows))

    def close(self) -> None:
        self.pg.close()


def migrate(conn: _Dialect, where: str) -> int:
    """Bring the schema to the latest version, one transaction per migration. A session lock
    makes several processes opening a new database at once apply each migration once."""
    conn.execute("SELECT pg_advisory_lock(?)", (MIGRATE_LOCK,))
    try:
        return _migrate(conn, where)
    finally:
        conn.execute("SELECT pg_advisory_unlock(?)", (MIGRATE_LOCK,))


def _migrate(conn: _Dialect, where: str) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS khabar_schema (version INTEGER NOT NULL)")
    version = _version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer khabar (schema {version}, this one knows {SCHEMA_VERSION}); upgrade khabar"
        )
    if version == 0 and conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'articles'"
    ).fetchone():
        raise StoreError(f"{where}: has an 'articles' table that is not a khabar store; give another database")
    for v, _desc, sql in PG_MIGRATIONS:
        if v <= version:
            continue
        conn.execute("BEGIN")
        try:
            conn.execute("SAVEPOINT step")
            try:
                conn.pg.execute(sql)
                conn.execute("RELEASE SAVEPOINT step")
            except Exception as exc:
                if v not in OPTIONAL:
                    raise _friendly(exc, where) from exc
                conn.execute("ROLLBACK TO SAVEPOINT step")
            conn.execute("DELETE FROM khabar_schema")
            conn.execute("INSERT INTO khabar_schema (version) VALUES (?)", (v,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = v
    return version


def _version(conn: _Dialect) -> int:
    row = conn.execute("SELECT max(version) FROM khabar_schema").fetchone()
    return int(row[0] or 0)


class PostgresStore(SQLiteStore):
    """A corpus store in a PostgreSQL database (``postgresql://user@host:port/dbname``).

    It shares :class:`SQLiteStore`'s query layer (see the module's documentation); the
    connection, transactions, migrations, the index and search are its own.
    """

    def __init__(self, url: str, create: bool = True, connect_timeout: int = 10):
        psycopg = _driver()
        self.location = display_url(url)
        self._lock = threading.RLock()
        self._in_tx = False
        self._conn = None
        try:
            pg = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"{self.location}: cannot connect to the PostgreSQL server ({msg}); start it (see the README, "
                "'A shared corpus on PostgreSQL') or check the URL: postgresql://user@host:port/dbname"
            ) from exc
        conn = _Dialect(pg, self.location)
        try:
            exists = conn.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                " AND table_name = 'khabar_schema'"
            ).fetchone()
            if not exists and not create:
                raise StoreError(
                    f"{self.location}: no khabar corpus in this database; create it with: "
                    f"khabar ingest FILES --db {self.location}"
                )
            self.version = migrate(conn, self.location)
            if conn.execute("SELECT 1 FROM meta WHERE key = 'index_fingerprint'").fetchone() is None:
                empty = conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('index_fingerprint', ?)",
                    (index_fingerprint() if empty else "unknown",),
                )
        except BaseException:
            pg.close()
            raise
        self._conn = conn

    # --- plumbing --------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None
                    self._in_tx = False

    @contextmanager
    def batch(self):
        with self._lock:
            if self._in_tx:
                yield self
                return
            self.conn.execute("BEGIN")
            self._in_tx = True
            try:
                # one writer at a time resolves entities; readers never wait
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                yield self
            except BaseException:
                self._in_tx = False
                try:
                    self.conn.execute("ROLLBACK")
                except StoreError:
                    pass
                raise
            else:
                self._in_tx = False
                try:
                    self.conn.execute("COMMIT")
                except StoreError:
                    try:
                        self.conn.execute("ROLLBACK")
                    except StoreError:
                        pass
                    raise

    # --- search ----------------------------------------------------------------------------

    def _bm25(self, groups: list[list[str]]) -> tuple[str, str, list[Any], list[Any]]:
        """FTS5's ``bm25(4, 2, 1)`` on ``a``: for each group, its exact phrase in title and
        body, and its stems phrase in the stems, each with its IDF and its hits (a phrase's
        hits: its rarest word's). Returns a LATERAL join that reads each query word's hits from
        ``tf`` (decompressed once a row), the score over it, and the parameters of each."""
        phrases = []
        for g in groups:
            words = [w.lower() for w in g]
            stems = [(stem(w) or w).lower() for w in g]
            phrases.append((" <-> ".join(f"{_lexeme(w)}:AB" for w in words), words, (0, 1)))
            phrases.append((" <-> ".join(f"{_lexeme(w)}:C" for w in stems), stems, (2,)))
        # documents with each phrase (for its IDF); a one-word phrase is counted by its word
        # in any field: the GIN index answers that without reading the articles' vectors
        counts = []
        for tsq, words, _fields in phrases:
            if len(words) == 1:
                tsq = _lexeme(words[0])
            counts.append(self._one("SELECT count(*) FROM articles WHERE tsv @@ ?::tsquery", (tsq,))[0])
        total, words = self._one("SELECT docs, words FROM index_totals")
        avgdl = (words / total if total else 1.0) or 1.0
        slot: dict[str, int] = {}
        for _tsq, words, _fields in phrases:
            for w in words:
                slot.setdefault(w, len(slot))
        lateral = (
            "CROSS JOIN LATERAL (SELECT "
            + ", ".join(f"x.tf -> ? AS w{i}" for i in range(len(slot)))
            + " FROM (SELECT a.tf || '{}'::jsonb AS tf OFFSET 0) x OFFSET 0) t"
        )
        terms, params = [], []
        for (_tsq, words, fields), n in zip(phrases, counts):
            idf = max(log((total - n + 0.5) / (n + 0.5)), 1e-6)
            f = "(" + " + ".join(
                f"{_FIELD_WEIGHT[field]} * least("
                + ", ".join(f"coalesce((t.w{slot[w]} ->> {field})::int, 0)" for w in words) + ")"
                for field in fields
            ) + ")"
            terms.append(f"? * {f} * {BM25_K1 + 1} / ({f} + {BM25_K1} * ({1 - BM25_B} + {BM25_B} * a.dl / ?))")
            params += [idf, avgdl]
        return lateral, " + ".join(terms), list(slot), params

    def search(self, query, entity=None, speaker=None, event=None, since=None, until=None,
               limit=20, offset=0, mark=("[", "]")) -> list[dict[str, Any]]:
        with self._lock:
            if self._conn is None:
                raise StoreError(f"{self.location}: the store is closed; open it again with open_store()")
            return self._search(query, entity, speaker, event, since, until, limit, offset, mark)

    def _ranked(self, q, conds, params, limit, offset, mark):
        """Articles matching ``q`` (and the filter conditions), best first: the tsvector index
        and the bm25 score of :meth:`_bm25` (the rest of a search is SQLiteStore's)."""
        lateral, score, lparams, sparams = self._bm25(q.groups)
        where = " AND ".join(["a.tsv @@ ?::tsquery", *conds])
        rows = self._q(
            "SELECT a.id, a.title, a.date, a.url, a.source, a.text, r.s FROM ("
            f"SELECT a.pk, {score} AS s FROM articles a {lateral}"
            f" WHERE {where} ORDER BY s DESC, a.pk LIMIT ? OFFSET ?"
            ") r JOIN articles a ON a.pk = r.pk ORDER BY r.s DESC, a.pk",
            (*sparams, *lparams, match_tsquery(q.groups), *params, limit, offset),
        )
        return [
            {"id": r[0], "title": r[1], "date": r[2], "url": r[3], "source": r[4],
             "snippet": snippet(r[5], q, mark=mark), "score": float(f"{max(r[6], 1e-9):.6g}")}
            for r in rows
        ]

    # --- maintenance -----------------------------------------------------------------------

    def integrity_check(self) -> str:
        """``"ok"``, or what is wrong: articles without an index entry."""
        with self._lock:
            n = self._one("SELECT count(*) FROM articles WHERE tsv IS NULL")[0]
        return "ok" if n == 0 else f"{n} articles are not in the search index; run khabar ingest --reindex"

    def optimize(self) -> None:
        """Refresh the planner's statistics (after a big ingest)."""
        with self._lock:
            self.conn.execute("ANALYZE")

    def reindex(self) -> int:
        """Rebuild every article's ``tsvector`` from its stored text. Returns the articles indexed."""
        from khabar.store.search import index_fields

        with self._lock, self.batch():
            n = 0
            last = 0
            while True:
                rows = self._q("SELECT pk, title, text FROM articles WHERE pk > ? ORDER BY pk LIMIT 500", (last,))
                if not rows:
                    break
                for pk, title, text in rows:
                    self.conn.execute(_INDEX_UPDATE, (*index_columns(*index_fields(text, title)), pk))
                    n += 1
                last = rows[-1][0]
            self.conn.execute(
                "UPDATE index_totals SET docs = t.docs, words = t.words"
                " FROM (SELECT count(*) AS docs, coalesce(sum(dl), 0) AS words FROM articles) t"
            )
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('index_fingerprint', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (index_fingerprint(),),
            )
        return n
