"""SQLite schema, as numbered migrations (data for :mod:`khabar.store.sqlite`)."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, full-text index, corpus entities, quotes, events",
        """
CREATE TABLE articles (
    pk        INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,          -- the record's id, or the hash of its normalized text
    hash      TEXT NOT NULL,                 -- khabar.io.text_hash(text)
    title     TEXT,
    date      TEXT,                          -- YYYY-MM-DD
    url       TEXT,
    source    TEXT,                          -- file[:line] it was read from
    meta      TEXT NOT NULL DEFAULT '{}',    -- JSON object: the record's other fields
    text      TEXT NOT NULL,
    analysis  TEXT,                          -- JSON {entities, times, quotes, events}; NULL: text only
    added     TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_date ON articles(date);

-- contentless: the text lives in articles; title/body are normalized, stems clitic-free
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, stems, content='', tokenize='unicode61 remove_diacritics 0'
);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0)');

CREATE TABLE entities (
    id        INTEGER PRIMARY KEY,
    type      TEXT NOT NULL,                 -- PER, ORG, LOC, MISC
    name      TEXT NOT NULL,                 -- Arabic name as first seen
    name_en   TEXT NOT NULL DEFAULT '',
    name_key  TEXT NOT NULL,                 -- normalized, clitic-free Arabic name
    en_key    TEXT NOT NULL DEFAULT '',      -- case-folded English name
    country   TEXT,
    sector    TEXT,
    mentions  INTEGER NOT NULL DEFAULT 0,
    articles  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX entities_en ON entities(type, en_key) WHERE en_key != '';
CREATE INDEX entities_name ON entities(type, name_key);
CREATE INDEX entities_en_any ON entities(en_key);

CREATE TABLE entity_aliases (
    entity    INTEGER NOT NULL REFERENCES entities(id),
    key       TEXT NOT NULL,                 -- normalized, clitic-free form
    alias     TEXT NOT NULL,                 -- as first written
    count     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, key)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_key ON entity_aliases(key);

CREATE TABLE article_entities (
    article   INTEGER NOT NULL REFERENCES articles(pk),
    local_id  TEXT NOT NULL,                 -- the entity id inside the article's analysis
    entity    INTEGER NOT NULL REFERENCES entities(id),
    mentions  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article, local_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity, article);

CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    article      INTEGER NOT NULL REFERENCES articles(pk),
    speaker      INTEGER REFERENCES entities(id),
    speaker_text TEXT,
    speaker_key  TEXT,
    reported_by  INTEGER REFERENCES entities(id),
    cue          TEXT,
    kind         TEXT,
    content      TEXT NOT NULL,
    span_start   INTEGER,
    span_end     INTEGER,
    anaphoric    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    article        INTEGER NOT NULL REFERENCES articles(pk),
    type           TEXT NOT NULL,
    mode           TEXT,
    context        TEXT NOT NULL DEFAULT '[]',
    date           TEXT,
    location       INTEGER REFERENCES entities(id),
    source_country TEXT,
    source_sector  TEXT,
    target_country TEXT,
    target_sector  TEXT,
    evidence       TEXT NOT NULL DEFAULT '',
    span_start     INTEGER,
    span_end       INTEGER
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_type ON events(type, date);

CREATE TABLE event_actors (
    event     INTEGER NOT NULL REFERENCES events(id),
    role      TEXT NOT NULL,                 -- source, target
    entity    INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event, role, entity)
) WITHOUT ROWID;
CREATE INDEX event_actors_entity ON event_actors(entity);
""",
    ),
    (
        2,
        "ingest log; store metadata (index fingerprint); counts of dates per article",
        """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE ingest_runs (
    id         INTEGER PRIMARY KEY,
    started    TEXT NOT NULL,
    finished   TEXT NOT NULL,
    inputs     TEXT NOT NULL DEFAULT '[]',   -- JSON list of paths
    analyzed   INTEGER NOT NULL DEFAULT 1,
    stored     INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    failed     INTEGER NOT NULL DEFAULT 0,
    seconds    REAL NOT NULL DEFAULT 0
);
ALTER TABLE articles ADD COLUMN n_times INTEGER NOT NULL DEFAULT 0;
""",
    ),
    (
        3,
        "each event's confidence (0-1; NULL where the analysis did not rate it)",
        """
ALTER TABLE events ADD COLUMN confidence REAL;
""",
    ),
]
