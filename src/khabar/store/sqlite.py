"""The SQLite store: one file, WAL mode, FTS5 full-text index. The only module that speaks SQL.

Writes go through transactions (:meth:`SQLiteStore.batch`); WAL lets readers (search, the
web API) run while an ingest writes. A ``kill -9`` loses at most the open transaction;
SQLite's journal keeps the file intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Iterator

from khabar.errors import StoreError, UsageError
from khabar.store.base import Store
from khabar.store.migrations import SQLITE_MIGRATIONS, latest
from khabar.store.prepare import EntityRow, PreparedArticle, en_key, name_key
from khabar.store.search import index_fingerprint, parse_query, snippet
from khabar.validate import MAX_ID, parse_date_bound, parse_id

__all__ = ["SQLiteStore", "SCHEMA_VERSION", "migrate"]

SCHEMA_VERSION = latest(SQLITE_MIGRATIONS)


def _friendly(exc: sqlite3.Error, where: str) -> StoreError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{where}: the database is busy (another khabar process is writing?); wait and retry")
    if "not a database" in msg or "malformed" in msg:
        return StoreError(f"{where}: not a khabar database or damaged ({msg}); give another --db file")
    if "full" in msg:
        return StoreError(f"{where}: disk full; free some space and rerun (what was committed is kept)")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{where}: cannot write the database ({msg}); check the file's permissions")
    return StoreError(f"{where}: database error: {msg}")


def _guard(method):
    """Serialize calls on the connection and turn sqlite3 errors into StoreError."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            if self._conn is None:
                raise StoreError(f"{self.location}: the store is closed; open it again with open_store()")
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise _friendly(exc, self.location) from exc

    return wrapper


def _generator_guard(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            yield from method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _friendly(exc, self.location) from exc

    return wrapper


def migrate(conn: sqlite3.Connection, upto: int | None = None, where: str = "database") -> int:
    """Bring the schema to version ``upto`` (default: the latest). Returns the version."""
    target = SCHEMA_VERSION if upto is None else upto
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer khabar (schema {version}, this one knows {SCHEMA_VERSION}); upgrade khabar"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]
        if tables:
            raise StoreError(f"{where}: an SQLite database that is not a khabar store; give another --db file")
    for v, _desc, sql in SQLITE_MIGRATIONS:
        if v <= version or v > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            if now >= v:
                conn.execute("COMMIT")
                version = now
                continue
            for stmt in _statements(sql):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {int(v)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = v
    return version


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (our scripts keep '--' and ';' out of literals)."""
    out, cur = [], ""
    for line in sql.splitlines():
        line = line.split("--", 1)[0].rstrip()
        if not line:
            continue
        cur += line + "\n"
        if sqlite3.complete_statement(cur):
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def _writable(p: Path) -> bool:
    """May this process write the database file and its folder (SQLite's journal lives there)?"""
    return os.access(p, os.W_OK) and os.access(p.parent if str(p.parent) else Path("."), os.W_OK)


def _connect_read_only(p: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``). A WAL database whose folder cannot be written
    has no shared-memory file to share: then it is opened as immutable (nobody can be
    writing it there anyway)."""
    from urllib.parse import quote

    uri = "file:" + quote(str(p.resolve()))
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)


def _until_bound(value: str) -> str:
    """Inclusive upper bound for string comparison of YYYY-MM-DD dates."""
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        return value + "-31"
    return value


def _check_page(limit: int, offset: int) -> tuple[int, int]:
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError) as exc:
        raise UsageError("limit and offset must be whole numbers") from exc
    if limit < 0 or offset < 0:
        raise UsageError("limit and offset must not be negative")
    if limit > MAX_ID or offset > MAX_ID:
        raise UsageError(f"limit and offset must be at most {MAX_ID}")
    return limit, offset


class SQLiteStore(Store):
    """A corpus store in one SQLite file (``:memory:`` for a throwaway one)."""

    def __init__(self, path: str | os.PathLike, create: bool = True, timeout: float = 30.0,
                 read_only: bool | None = None):
        """``read_only``: open the file for reading only (no migration, no writes); ``None``
        (the default): when ``create`` is false and the file or its folder is not writable."""
        self.location = str(path)
        self._lock = threading.RLock()
        self._in_tx = False
        self._conn: sqlite3.Connection | None = None
        memory = self.location == ":memory:"
        if not memory:
            p = Path(path)
            try:
                if p.is_dir():
                    raise StoreError(f"{p}: is a folder; give a database file, e.g. {p / 'corpus.db'}")
                exists = p.exists()
            except OSError as exc:  # a name too long, …
                raise StoreError(f"{p}: cannot be opened ({exc.strerror or exc}); give another --db file") from exc
            if not exists:
                if not create:
                    raise StoreError(f"{p}: no such database; create it with: khabar ingest FILES --db {p}")
                if not p.parent.exists():
                    raise StoreError(f"{p}: folder {p.parent} does not exist; create it first")
                if not os.access(p.parent if str(p.parent) else Path("."), os.W_OK):
                    raise StoreError(f"{p}: cannot create the database: folder {p.parent} is not writable; "
                                     "choose another --db path")
            if read_only is None:
                read_only = not create and exists and not _writable(p)
        self.read_only = bool(read_only) and not memory
        try:
            if self.read_only:
                conn = _connect_read_only(Path(path), timeout)
            else:
                conn = sqlite3.connect(self.location, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise _friendly(exc, self.location) from exc
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if self.read_only:
                self.version = self._check_read_only(conn, version)
                self._conn = conn
                return
            if not memory:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA cache_size=-65536")
            self.version = migrate(conn, where=self.location)
            if conn.execute("SELECT 1 FROM meta WHERE key = 'index_fingerprint'").fetchone() is None:
                empty = conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
                # a new store is indexed the current way; an upgraded one is of unknown vintage
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('index_fingerprint', ?)",
                    (index_fingerprint() if empty else "unknown",),
                )
        except sqlite3.Error as exc:
            conn.close()
            raise _friendly(exc, self.location) from exc
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _check_read_only(self, conn: sqlite3.Connection, version: int) -> int:
        """The schema version of a store opened read-only; an error if it needs a migration
        (which would write)."""
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA cache_size=-65536")
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.location}: written by a newer khabar (schema {version}, this one knows "
                                 f"{SCHEMA_VERSION}); upgrade khabar")
            if version == 0:
                raise StoreError(f"{self.location}: not a khabar store (or an empty one), and read-only; "
                                 "give another --db file")
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.location}: made by an older khabar (schema {version}, now {SCHEMA_VERSION}) and "
                    "read-only here, so it cannot be upgraded; make it writable and run any khabar command "
                    "on it once (e.g. khabar stats), or open a writable copy"
                )
        except BaseException:
            conn.close()
            raise
        return version

    # --- plumbing --------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self.location}: the store is closed")
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                if self._in_tx:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    self._in_tx = False
                self._conn.close()
                self._conn = None

    @contextmanager
    def batch(self):
        with self._lock:
            if self._in_tx:
                yield self
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _friendly(exc, self.location) from exc
            self._in_tx = True
            try:
                yield self
            except BaseException:
                self._in_tx = False
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
            else:
                self._in_tx = False
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    raise _friendly(exc, self.location) from exc

    def _q(self, sql: str, params: Any = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Any = ()) -> tuple | None:
        return self.conn.execute(sql, params).fetchone()

    # --- writing ---------------------------------------------------------------------------

    @_guard
    def has(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id = ?", (str(article_id),)) is not None

    @_guard
    def add_prepared(self, p: PreparedArticle) -> bool:
        with self.batch():
            return self._insert(p)

    def _insert(self, p: PreparedArticle) -> bool:
        c = self.conn
        if c.execute("SELECT 1 FROM articles WHERE hash = ? LIMIT 1", (p.hash,)).fetchone():
            return False  # the same text (after normalization) under another id
        cur = c.execute(
            "INSERT OR IGNORE INTO articles (id, hash, title, date, url, source, meta, text, analysis, added, n_times)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (p.id, p.hash, p.title, p.date, p.url, p.source, p.meta, p.text, p.analysis, p.added, p.times),
        )
        if cur.rowcount == 0:
            return False
        pk = cur.lastrowid
        c.execute("INSERT INTO articles_fts (rowid, title, body, stems) VALUES (?,?,?,?)", (pk, *p.index))
        local: dict[str, int] = {}
        seen: set[int] = set()
        for e in p.entities:
            eid = self._resolve_entity(e)
            local[e.local_id] = eid
            first = eid not in seen
            seen.add(eid)
            c.execute(
                "UPDATE entities SET mentions = mentions + ?, articles = articles + ?,"
                " country = coalesce(country, ?), sector = coalesce(sector, ?) WHERE id = ?",
                (e.mentions, 1 if first else 0, e.country, e.sector, eid),
            )
            c.execute(
                "INSERT OR IGNORE INTO article_entities (article, local_id, entity, mentions) VALUES (?,?,?,?)",
                (pk, e.local_id, eid, e.mentions),
            )
            if e.aliases:
                c.executemany(
                    "INSERT INTO entity_aliases (entity, key, alias, count) VALUES (?,?,?,?)"
                    " ON CONFLICT(entity, key) DO UPDATE SET count = count + excluded.count",
                    [(eid, k, v[0], v[1]) for k, v in e.aliases.items()],
                )
        if p.quotes:
            c.executemany(
                "INSERT INTO quotes (article, speaker, speaker_text, speaker_key, reported_by, cue, kind, content,"
                " span_start, span_end, anaphoric) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (pk, local.get(q.speaker) if q.speaker else None, q.speaker_text, q.speaker_key,
                     local.get(q.reported_by) if q.reported_by else None, q.cue, q.kind, q.content,
                     q.start, q.end, int(q.anaphoric))
                    for q in p.quotes
                ],
            )
        for ev in p.events:
            cur = c.execute(
                "INSERT INTO events (article, type, mode, context, date, location, source_country, source_sector,"
                " target_country, target_sector, evidence, span_start, span_end, confidence)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (pk, ev.type, ev.mode, json.dumps(ev.context, ensure_ascii=False), ev.date,
                 local.get(ev.location) if ev.location else None, ev.source_country, ev.source_sector,
                 ev.target_country, ev.target_sector, ev.evidence, ev.start, ev.end, ev.confidence),
            )
            evid = cur.lastrowid
            rows = {(evid, "source", local[x]) for x in ev.source if x in local}
            rows |= {(evid, "target", local[x]) for x in ev.target if x in local}
            if rows:
                c.executemany("INSERT OR IGNORE INTO event_actors (event, role, entity) VALUES (?,?,?)", sorted(rows))
        return True

    def _resolve_entity(self, e: EntityRow) -> int:
        """The corpus entity for one article entity: same type and English name; else same
        type and Arabic name (unless both have different English names); else an alias that
        only one entity of that type has (when this one has no English name); else new."""
        c = self.conn
        if e.en_key:
            row = c.execute("SELECT id FROM entities WHERE type = ? AND en_key = ?", (e.type, e.en_key)).fetchone()
            if row:
                return row[0]
        if e.name_key:
            for eid, ek in c.execute(
                "SELECT id, en_key FROM entities WHERE type = ? AND name_key = ? ORDER BY mentions DESC",
                (e.type, e.name_key),
            ):
                if not ek or not e.en_key:
                    if e.en_key and not ek:
                        c.execute("UPDATE entities SET name_en = ?, en_key = ? WHERE id = ?", (e.name_en, e.en_key, eid))
                    return eid
            if not e.en_key:
                rows = c.execute(
                    "SELECT DISTINCT a.entity FROM entity_aliases a JOIN entities x ON x.id = a.entity"
                    " WHERE a.key = ? AND x.type = ? LIMIT 2",
                    (e.name_key, e.type),
                ).fetchall()
                if len(rows) == 1:
                    return rows[0][0]
        if e.type == "PER" and e.name_key:
            eid = self._person_by_part(e)
            if eid is not None:
                return eid
        cur = c.execute(
            "INSERT INTO entities (type, name, name_en, name_key, en_key, country, sector) VALUES (?,?,?,?,?,?,?)",
            (e.type, e.name, e.name_en, e.name_key, e.en_key, e.country, e.sector),
        )
        return cur.lastrowid

    def _person_by_part(self, e: EntityRow) -> int | None:
        """One person under a short and a full name across articles (بوتين = فلاديمير بوتين):
        a one-word name joins the one person whose fuller name was seen with that word as an
        alias; a full name takes over the one-word entity of its last word when that is its family
        name (not a father's name after بن), if no other full name ends with that word. Never when two people could be meant."""
        c = self.conn
        words = e.name_key.split()
        if len(words) == 1:
            rows = c.execute(
                "SELECT DISTINCT a.entity FROM entity_aliases a JOIN entities x ON x.id = a.entity"
                " WHERE a.key = ? AND x.type = 'PER' AND x.name_key LIKE '% %' LIMIT 2",
                (e.name_key,),
            ).fetchall()
            return rows[0][0] if len(rows) == 1 else None
        last = words[-1]
        from khabar.arabic.lexicons import entity_rules

        if words[-2] in entity_rules()["name_connectors"]:
            return None  # … بن عبدالعزيز: the last word is a father's name, not a family name
        short = c.execute(
            "SELECT id FROM entities WHERE type = 'PER' AND name_key = ? LIMIT 2", (last,)
        ).fetchall()
        if len(short) != 1:
            return None
        others = c.execute(
            "SELECT count(*) FROM entities WHERE type = 'PER' AND (name_key LIKE ? ESCAPE '\\' OR id IN"
            " (SELECT entity FROM entity_aliases WHERE key = ?)) AND id != ?",
            ("%" + _like_escape(" " + last), last, short[0][0]),
        ).fetchone()[0]
        if others:
            return None
        eid = short[0][0]
        # the fuller name becomes the entity's name (and its English name, if it has one)
        c.execute("UPDATE entities SET name = ?, name_key = ? WHERE id = ?", (e.name, e.name_key, eid))
        if e.en_key:
            c.execute("UPDATE entities SET name_en = ?, en_key = ? WHERE id = ?", (e.name_en, e.en_key, eid))
        return eid

    @_guard
    def log_run(self, summary: dict[str, Any]) -> None:
        with self.batch():
            self.conn.execute(
                "INSERT INTO ingest_runs (started, finished, inputs, analyzed, stored, duplicates, failed, seconds)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (summary.get("started", ""), summary.get("finished", ""),
                 json.dumps(summary.get("inputs", []), ensure_ascii=False), int(bool(summary.get("analyzed", True))),
                 summary.get("stored", 0), summary.get("duplicates", 0), summary.get("failed", 0),
                 summary.get("seconds", 0.0)),
            )

    # --- entity lookup ---------------------------------------------------------------------

    def _entity_ids(self, name_or_id: str | int | None) -> list[int] | None:
        """Corpus entities a user's name refers to, best first (None: no filter given)."""
        if name_or_id is None or name_or_id == "":
            return None
        eid = parse_id(name_or_id)
        if eid is not None:
            return [eid] if eid >= 0 and self._one("SELECT 1 FROM entities WHERE id = ?", (eid,)) else []
        text = str(name_or_id).strip()
        key = name_key(text)
        ek = en_key(text)
        ids: dict[int, int] = {}
        for eid, mentions in self._q(
            "SELECT x.id, x.mentions FROM entities x WHERE x.id IN ("
            " SELECT entity FROM entity_aliases WHERE key = ?"
            " UNION SELECT id FROM entities WHERE name_key = ?"
            " UNION SELECT id FROM entities WHERE en_key = ?)",
            (key, key, ek),
        ):
            ids[eid] = mentions
        if not ids and key:
            # a part of a longer name (بوتين → فلاديمير بوتين), whole words only
            like = _like_escape(key)
            for eid, mentions in self._q(
                "SELECT x.id, x.mentions FROM entities x WHERE x.id IN ("
                " SELECT entity FROM entity_aliases WHERE key LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\'"
                " OR key LIKE ? ESCAPE '\\')",
                (f"{like} %", f"% {like}", f"% {like} %"),
            ):
                ids[eid] = mentions
        if not ids and ek and ek.isascii():
            # a part of an English name (Putin → Vladimir Putin), whole words only
            like = _like_escape(ek)
            for eid, mentions in self._q(
                "SELECT id, mentions FROM entities WHERE en_key LIKE ? ESCAPE '\\' OR en_key LIKE ? ESCAPE '\\'"
                " OR en_key LIKE ? ESCAPE '\\'",
                (f"{like} %", f"% {like}", f"% {like} %"),
            ):
                ids[eid] = mentions
        return sorted(ids, key=lambda i: -ids[i])

    def _entity_brief(self, eid: int | None) -> dict[str, Any] | None:
        if eid is None:
            return None
        row = self._one("SELECT id, type, name, name_en FROM entities WHERE id = ?", (eid,))
        if row is None:
            return None
        return {"id": row[0], "type": row[1], "name": row[2], "name_en": row[3]}

    # --- filters ---------------------------------------------------------------------------

    def _filters(self, entity, speaker, event, since, until) -> tuple[list[str], list[Any]] | None:
        """SQL conditions on ``a`` (articles); None when a filter can match nothing."""
        conds: list[str] = []
        params: list[Any] = []
        since = parse_date_bound(since, "since")
        until = parse_date_bound(until, "until")
        if since:
            conds.append("a.date >= ?")
            params.append(since)
        if until:
            conds.append("a.date <= ?")
            params.append(_until_bound(until))
        ids = self._entity_ids(entity)
        if ids is not None:
            if not ids:
                return None
            conds.append(f"a.pk IN (SELECT article FROM article_entities WHERE entity IN ({','.join('?' * len(ids))}))")
            params += ids
        if speaker is not None and speaker != "":
            sids = self._entity_ids(speaker) or []
            skey = name_key(str(speaker))
            sub = "SELECT article FROM quotes WHERE speaker_key = ?"
            sparams: list[Any] = [skey]
            if sids:
                sub += f" OR speaker IN ({','.join('?' * len(sids))})"
                sparams += sids
            conds.append(f"a.pk IN ({sub})")
            params += sparams
        if event:
            conds.append("a.pk IN (SELECT article FROM events WHERE type = ?)")
            params.append(str(event).strip().upper())
        return conds, params

    # --- reading ---------------------------------------------------------------------------

    @_guard
    def search(self, query, entity=None, speaker=None, event=None, since=None, until=None,
               limit=20, offset=0, mark=("[", "]")) -> list[dict[str, Any]]:
        return self._search(query, entity, speaker, event, since, until, limit, offset, mark)

    def _search(self, query, entity, speaker, event, since, until, limit, offset, mark) -> list[dict[str, Any]]:
        """What both backends do: an English name, the filters, a filter-only listing; the
        ranked full-text part is :meth:`_ranked`."""
        limit, offset = _check_page(limit, offset)
        shown = None
        if entity is None and isinstance(query, str) and _is_latin(query):
            # an English name (Faisal bin Farhan): the articles of that entity
            ids = self._entity_ids(query)
            if ids:
                # the snippet shows the entity's Arabic name
                entity, query = ids[0], ""
                shown = parse_query((self._entity_brief(ids[0]) or {}).get("name") or "")
        q = parse_query(query if isinstance(query, str) else "")
        f = self._filters(entity, speaker, event, since, until)
        if f is None or limit == 0:
            return []
        conds, params = f
        if not q:
            if not conds:
                return []
            hits = self._list(conds, params, limit, offset)
            for h in hits:
                text = self._one("SELECT text FROM articles WHERE id = ?", (h["id"],))[0]
                h["snippet"] = snippet(text, shown or q, mark=mark)
                h["score"] = 0.0
            return hits
        return self._ranked(q, conds, params, limit, offset, mark)

    def _ranked(self, q, conds, params, limit, offset, mark) -> list[dict[str, Any]]:
        """Articles matching ``q`` (and the filter conditions), best first: FTS5 and bm25."""
        if conds:
            sql = (
                "SELECT f.rowid, f.rank FROM articles_fts f JOIN articles a ON a.pk = f.rowid"
                f" WHERE articles_fts MATCH ? AND {' AND '.join(conds)} ORDER BY f.rank LIMIT ? OFFSET ?"
            )
            rows = self._q(sql, (q.fts(), *params, limit, offset))
        else:
            rows = self._q(
                "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (q.fts(), limit, offset),
            )
        if not rows:
            return []
        arts = {
            r[0]: r[1:]
            for r in self._q(
                f"SELECT pk, id, title, date, url, source, text FROM articles WHERE pk IN ({','.join('?' * len(rows))})",
                [pk for pk, _ in rows],
            )
        }
        hits = []
        for pk, rank in rows:
            a = arts.get(pk)
            if a is None:  # pragma: no cover - index and table are written together
                continue
            hits.append({
                "id": a[0], "title": a[1], "date": a[2], "url": a[3], "source": a[4],
                "snippet": snippet(a[5], q, mark=mark), "score": float(f"{-rank:.6g}"),
            })
        return hits

    def _list(self, conds, params, limit, offset) -> list[dict[str, Any]]:
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._q(
            f"SELECT a.id, a.title, a.date, a.url, a.source FROM articles a {where}"
            " ORDER BY a.date IS NULL, a.date DESC, a.pk DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [{"id": r[0], "title": r[1], "date": r[2], "url": r[3], "source": r[4]} for r in rows]

    @_guard
    def list_articles(self, limit=20, offset=0, entity=None, speaker=None, event=None, since=None, until=None):
        limit, offset = _check_page(limit, offset)
        f = self._filters(entity, speaker, event, since, until)
        if f is None:
            return []
        return self._list(f[0], f[1], limit, offset)

    _ARTICLE_COLS = "pk, id, title, date, url, source, meta, text, analysis, added"

    def _article_dict(self, row: tuple) -> dict[str, Any]:
        pk, aid, title, date, url, source, meta, text, analysis, added = row
        d: dict[str, Any] = {"id": aid, "title": title, "date": date, "url": url, "source": source}
        d["meta"] = json.loads(meta) if meta else {}
        d["text"] = text
        d["analyzed"] = analysis is not None
        d["added"] = added
        stored = json.loads(analysis) if analysis else {}
        for k in ("entities", "times", "quotes", "events"):
            d[k] = stored.get(k, [])
        if d["entities"]:
            corpus = dict(self._q("SELECT local_id, entity FROM article_entities WHERE article = ?", (pk,)))
            for e in d["entities"]:
                e["corpus_id"] = corpus.get(str(e.get("id")))
        return d

    @_guard
    def get_article(self, article_id: str) -> dict[str, Any] | None:
        row = self._one(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE id = ?", (str(article_id),))
        return self._article_dict(row) if row else None

    @_generator_guard
    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            with self._lock:
                rows = self._q(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE pk > ? ORDER BY pk LIMIT 200", (last,))
                out = [self._article_dict(r) for r in rows]
            if not rows:
                return
            last = rows[-1][0]
            yield from out

    @_guard
    def entity(self, name_or_id, limit: int = 50) -> dict[str, Any] | None:
        limit, _ = _check_page(limit, 0)
        ids = self._entity_ids(name_or_id)
        if not ids:
            return None
        eid = ids[0]
        row = self._one(
            "SELECT id, type, name, name_en, country, sector, mentions, articles FROM entities WHERE id = ?", (eid,)
        )
        d: dict[str, Any] = dict(zip(("id", "type", "name", "name_en", "country", "sector", "mentions", "article_count"), row))
        d["aliases"] = [
            {"text": a, "count": n}
            for a, n in self._q("SELECT alias, count FROM entity_aliases WHERE entity = ? ORDER BY count DESC, alias", (eid,))
        ]
        d["articles"] = [
            {"id": r[0], "title": r[1], "date": r[2], "mentions": r[3]}
            for r in self._q(
                "SELECT a.id, a.title, a.date, sum(ae.mentions) FROM article_entities ae JOIN articles a ON a.pk = ae.article"
                " WHERE ae.entity = ? GROUP BY a.pk ORDER BY a.date IS NULL, a.date DESC, a.pk DESC LIMIT ?",
                (eid, limit),
            )
        ]
        d["quotes"] = self._quotes([eid], None, limit, 0)
        d["quote_count"] = self._one("SELECT count(*) FROM quotes WHERE speaker = ?", (eid,))[0]
        d["events"] = self._events(None, None, None, limit, 0, [eid])
        d["event_count"] = self._one("SELECT count(DISTINCT event) FROM event_actors WHERE entity = ?", (eid,))[0]
        d["cooccurring"] = [
            {"id": r[0], "type": r[1], "name": r[2], "name_en": r[3], "articles": r[4]}
            for r in self._q(
                "SELECT x.id, x.type, x.name, x.name_en, count(DISTINCT o.article) AS n"
                " FROM article_entities me JOIN article_entities o ON o.article = me.article AND o.entity != me.entity"
                " JOIN entities x ON x.id = o.entity WHERE me.entity = ?"
                " GROUP BY x.id ORDER BY n DESC, x.mentions DESC LIMIT 20",
                (eid,),
            )
        ]
        d["other_matches"] = [
            self._entity_brief(o) | {"mentions": self._one("SELECT mentions FROM entities WHERE id = ?", (o,))[0]}
            for o in ids[1:10]
        ]
        return d

    @_guard
    def entities(self, query=None, type=None, limit=50, offset=0) -> list[dict[str, Any]]:
        limit, offset = _check_page(limit, offset)
        conds, params = [], []
        if query:
            ids = self._entity_ids(query) or []
            if not ids:
                return []
            conds.append(f"id IN ({','.join('?' * len(ids))})")
            params += ids
        if type:
            conds.append("type = ?")
            params.append(str(type).upper())
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._q(
            f"SELECT id, type, name, name_en, country, mentions, articles FROM entities {where}"
            " ORDER BY mentions DESC, id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        keys = ("id", "type", "name", "name_en", "country", "mentions", "article_count")
        return [dict(zip(keys, r)) for r in rows]

    def _quotes(self, speaker_ids, speaker_key, limit, offset) -> list[dict[str, Any]]:
        conds, params = [], []
        if speaker_ids is not None or speaker_key:
            alts = []
            if speaker_ids:
                alts.append(f"q.speaker IN ({','.join('?' * len(speaker_ids))})")
                params += list(speaker_ids)
            if speaker_key:
                alts.append("q.speaker_key = ?")
                params.append(speaker_key)
            if not alts:
                return []
            conds.append("(" + " OR ".join(alts) + ")")
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._q(
            "SELECT a.id, a.title, a.date, q.speaker, q.speaker_text, q.reported_by, q.cue, q.kind, q.content,"
            f" q.span_start, q.span_end FROM quotes q JOIN articles a ON a.pk = q.article {where}"
            " ORDER BY a.date IS NULL, a.date DESC, q.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        out = []
        for aid, title, date, sp, sp_text, rep, cue, kind, content, s, e in rows:
            speaker = self._entity_brief(sp) or {}
            out.append({
                "article": aid, "title": title, "date": date,
                "speaker": ({**speaker, "text": sp_text} if (speaker or sp_text) else None),
                "reported_by": self._entity_brief(rep),
                "cue": cue, "kind": kind, "content": content, "start": s, "end": e,
            })
        return out

    @_guard
    def quotes(self, speaker=None, limit=50, offset=0) -> list[dict[str, Any]]:
        limit, offset = _check_page(limit, offset)
        if speaker is None or speaker == "":
            return self._quotes(None, None, limit, offset)
        ids = self._entity_ids(speaker) or []
        key = None if parse_id(speaker) is not None else name_key(str(speaker))
        if not ids and not key:
            return []
        return self._quotes(ids, key, limit, offset)

    def _events(self, type, since, until, limit, offset, entity_ids) -> list[dict[str, Any]]:
        conds, params = [], []
        if type:
            conds.append("e.type = ?")
            params.append(str(type).strip().upper())
        since = parse_date_bound(since, "since")
        until = parse_date_bound(until, "until")
        if since:
            conds.append("coalesce(e.date, a.date) >= ?")
            params.append(since)
        if until:
            conds.append("substr(coalesce(e.date, a.date), 1, 10) <= ?")
            params.append(_until_bound(until))
        if entity_ids is not None:
            if not entity_ids:
                return []
            marks = ",".join("?" * len(entity_ids))
            conds.append(f"(e.id IN (SELECT event FROM event_actors WHERE entity IN ({marks})) OR e.location IN ({marks}))")
            params += list(entity_ids) * 2
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._q(
            "SELECT e.id, a.id, a.title, a.date, e.type, e.mode, e.context, e.date, e.location, e.source_country,"
            " e.source_sector, e.target_country, e.target_sector, e.evidence, e.span_start, e.span_end, e.confidence"
            f" FROM events e JOIN articles a ON a.pk = e.article {where}"
            " ORDER BY coalesce(e.date, a.date) IS NULL, coalesce(e.date, a.date) DESC, e.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        out = []
        for (evid, aid, title, adate, typ, mode, ctx, date, loc, sc, ss, tc, ts, evidence, s, e, conf) in rows:
            actors: dict[str, list] = {"source": [], "target": []}
            for role, ent in self._q("SELECT role, entity FROM event_actors WHERE event = ? ORDER BY role, entity", (evid,)):
                actors[role].append(self._entity_brief(ent))
            out.append({
                "article": aid, "title": title, "article_date": adate,
                "type": typ, "mode": mode, "context": json.loads(ctx or "[]"), "date": date,
                "location": self._entity_brief(loc),
                "source": {"entities": actors["source"], "country": sc, "sector": ss},
                "target": {"entities": actors["target"], "country": tc, "sector": ts},
                "evidence": evidence, "start": s, "end": e, "confidence": conf,
            })
        return out

    @_guard
    def events(self, type=None, since=None, until=None, limit=50, offset=0, entity=None) -> list[dict[str, Any]]:
        limit, offset = _check_page(limit, offset)
        ids = self._entity_ids(entity)
        return self._events(type, since, until, limit, offset, ids)

    @_guard
    def stats(self) -> dict[str, Any]:
        one = lambda sql: self._one(sql)[0]  # noqa: E731
        d: dict[str, Any] = {
            "articles": one("SELECT count(*) FROM articles"),
            "entities": one("SELECT count(*) FROM entities"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "events": one("SELECT count(*) FROM events"),
        }
        d["analyzed"] = one("SELECT count(*) FROM articles WHERE analysis IS NOT NULL")
        d["mentions"] = one("SELECT coalesce(sum(mentions), 0) FROM entities")
        d["aliases"] = one("SELECT count(*) FROM entity_aliases")
        d["times"] = one("SELECT coalesce(sum(n_times), 0) FROM articles")
        first, last = self._one("SELECT min(date), max(date) FROM articles")
        d["first_date"], d["last_date"] = first, last
        d["entity_types"] = dict(self._q("SELECT type, count(*) FROM entities GROUP BY type ORDER BY type"))
        d["event_types"] = dict(self._q("SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC, type"))
        d["quote_kinds"] = dict(self._q("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY kind"))
        d["ingest_runs"] = one("SELECT count(*) FROM ingest_runs")
        d["index_current"] = self.index_is_current()
        d["schema_version"] = self.version
        d["database"] = self.location
        return d

    # --- maintenance -----------------------------------------------------------------------

    @_guard
    def integrity_check(self) -> str:
        """``"ok"`` or SQLite's list of problems."""
        return "\n".join(r[0] for r in self._q("PRAGMA integrity_check"))

    @_guard
    def optimize(self) -> None:
        """Merge the full-text index into one segment (faster search after a big ingest)."""
        with self.batch():
            self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")

    @_guard
    def index_is_current(self) -> bool:
        """Was the full-text index built with today's normalization and clitic rules?"""
        row = self._one("SELECT value FROM meta WHERE key = 'index_fingerprint'")
        return row is not None and row[0] == index_fingerprint()

    @_guard
    def reindex(self) -> int:
        """Rebuild the full-text index from the stored texts (after the normalization or
        clitic rules changed: :meth:`index_is_current` is false). Returns the articles indexed."""
        from khabar.store.search import index_fields

        with self.batch():
            self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
            n = 0
            cur = self.conn.cursor()
            for pk, title, text in cur.execute("SELECT pk, title, text FROM articles ORDER BY pk"):
                self.conn.execute(
                    "INSERT INTO articles_fts (rowid, title, body, stems) VALUES (?,?,?,?)",
                    (pk, *index_fields(text, title)),
                )
                n += 1
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('index_fingerprint', ?)", (index_fingerprint(),)
            )
        return n


def _is_latin(text: str) -> bool:
    """Latin letters only (with spaces, hyphens, apostrophes, dots): an English name."""
    t = text.strip()
    return bool(t) and any(c.isalpha() for c in t) and all(c.isascii() or not c.isalpha() for c in t)


def _like_escape(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
