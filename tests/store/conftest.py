"""Fixtures for the store tests: hand-made analysed articles (independent of the stages),
and ``store``, an empty store on each backend: SQLite, and PostgreSQL when a server is
reachable at ``$KHABAR_TEST_PG`` (the PostgreSQL runs skip with a message otherwise; with
``KHABAR_REQUIRE_PG=1``, as in CI, they fail instead)."""

from __future__ import annotations

import pytest
import os
import uuid
from contextlib import contextmanager

_PG: dict[str, object] = {}


def pg_base_url() -> str:
    """The test server's URL, or skip (fail under KHABAR_REQUIRE_PG=1) with how to get one."""
    if "url" not in _PG:
        url = os.environ.get("KHABAR_TEST_PG", "")
        why = ""
        if not url:
            why = "KHABAR_TEST_PG is not set"
        else:
            try:
                import psycopg

                with psycopg.connect(url, autocommit=True, connect_timeout=5) as c:
                    c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except ImportError:
                why = "the psycopg driver is not installed (pip install 'khabar[postgres]')"
            except Exception as exc:  # noqa: BLE001 - any failure means: no server to test on
                why = f"cannot connect to {url.split('@')[-1]} ({str(exc).strip().splitlines()[-1]})"
        _PG["url"], _PG["why"] = url, why
    if _PG["why"]:
        msg = (f"PostgreSQL tests skipped: {_PG['why']}; start a server and set "
               "KHABAR_TEST_PG=postgresql://USER@HOST:PORT/DBNAME (README: 'A shared corpus on PostgreSQL')")
        if os.environ.get("KHABAR_REQUIRE_PG"):
            pytest.fail(msg)
        pytest.skip(msg)
    return str(_PG["url"])


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema},public"


@contextmanager
def pg_database():
    """A URL to an empty PostgreSQL database of its own (a fresh schema, dropped afterwards)."""
    import psycopg

    base = pg_base_url()
    schema = "khabar_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_schema(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def pg_store():
    from khabar.store import open_store

    with pg_database() as url, open_store(url) as st:
        yield st


@pytest.fixture
def pg_url():
    """A URL to an empty PostgreSQL database (skips without a server)."""
    with pg_database() as url:
        yield url

from khabar.doc import Actor, Article, Entity, Event, Mention, Quote, Span


def build_article(text, entities=(), quotes=(), events=(), date=None, id=None, title=None):
    """An Article with annotations located by substring.

    ``entities``: ``(local_id, type, name, name_en, [surface, ...])``; every surface is found
    in order in the text. ``quotes``: ``(speaker_local_id | None, speaker_surface | None, cue,
    content)``. ``events``: ``(type, [source ids], [target ids], evidence)``.
    """
    art = Article(text=text, date=date, id=id, title=title)

    def span(sub, start=0):
        i = text.index(sub, start)
        return i, i + len(sub)

    for local, typ, name, name_en, surfaces in entities:
        ms, pos = [], 0
        for s in surfaces:
            a, b = span(s, pos)
            pos = b
            ms.append(Mention(a, b, s, type=typ, entity=local))
        art.entities.append(Entity(local, typ, name, name_en, mentions=ms))
    for spk, spk_text, cue, content in quotes:
        ca, cb = span(content)
        q = Quote("direct", [Span(ca, cb, content)], speaker_entity=spk)
        if spk_text:
            a, b = span(spk_text)
            q.speaker = Span(a, b, spk_text)
        if cue:
            a, b = span(cue)
            q.cue = Span(a, b, cue)
        art.quotes.append(q)
    for typ, src, tgt, evidence in events:
        a, b = span(evidence)
        art.events.append(Event(typ, Span(a, b, evidence), source=Actor(list(src)), target=Actor(list(tgt))))
    assert art.check() == []
    return art


@pytest.fixture
def make_article():
    return build_article


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "postgres":
        with pg_store() as st:
            yield st
        return
    from khabar.store import open_store

    with open_store(tmp_path / "corpus.db") as st:
        yield st
