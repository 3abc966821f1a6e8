"""The Store interface: what every backend inherits, and what it must implement."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from khabar.io import Record
from khabar.store.base import Store
from khabar.store.prepare import PreparedArticle


class _ListStore(Store):
    """The smallest backend: keeps prepared articles in a list."""

    location = "memory-list"

    def __init__(self):
        self.rows: list[PreparedArticle] = []
        self.closed = False

    def add_prepared(self, prepared):
        if any(p.id == prepared.id or p.hash == prepared.hash for p in self.rows):
            return False
        self.rows.append(prepared)
        return True

    @contextmanager
    def batch(self):
        yield self

    def has(self, article_id):
        return any(p.id == article_id for p in self.rows)

    def get_article(self, article_id):
        return None

    def iter_analyses(self):
        return iter(())

    def search(self, query, **kw):
        return []

    def list_articles(self, **kw):
        return []

    def entity(self, name_or_id, limit=50):
        return None

    def entities(self, query=None, type=None, limit=50, offset=0):
        return []

    def quotes(self, speaker=None, limit=50, offset=0):
        return []

    def events(self, **kw):
        return []

    def stats(self):
        return {"articles": len(self.rows), "entities": 0, "quotes": 0, "events": 0}

    def close(self):
        self.closed = True


def test_an_incomplete_backend_cannot_be_made():
    class Half(Store):
        def add_prepared(self, prepared):
            return True

    with pytest.raises(TypeError, match="abstract"):
        Half()


def test_add_and_add_text_prepare_then_delegate(make_article):
    st = _ListStore()
    art = make_article("قال الرئيس إن الاجتماع مثمر.", entities=[("e1", "PER", "الرئيس", None, ["الرئيس"])],
                       id="a1")
    assert st.add(art) is True and st.add(art) is False  # same id: a duplicate
    assert st.add_text(Record(text="نص آخر.", id="t1", source="x:1")) is True
    first, second = st.rows
    assert first.id == "a1" and first.analysis is not None and [e.local_id for e in first.entities] == ["e1"]
    assert second.id == "t1" and second.analysis is None and second.entities == []
    assert st.has("t1") and not st.has("nope")


def test_optional_methods_and_context_manager():
    st = _ListStore()
    assert st.index_is_current() is True and st.reindex() == 0
    assert st.log_run({"stored": 1}) is None
    with st as same:
        assert same is st and not st.closed
    assert st.closed


def test_the_sqlite_store_is_a_store(tmp_path):
    from khabar.store import open_store

    with open_store(tmp_path / "corpus.db") as store:
        assert isinstance(store, Store) and store.location.endswith("corpus.db")


def test_the_postgres_store_is_a_store(pg_url):
    from khabar.store import open_store

    with open_store(pg_url) as store:
        assert isinstance(store, Store) and store.location.startswith("postgresql://")
