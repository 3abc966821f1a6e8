"""The corpus store interface. :class:`khabar.store.sqlite.SQLiteStore` implements it; a
PostgreSQL backend implements the same methods (and its own migrations) and nothing else in
khabar changes: ingest, the CLI and the API only talk to this interface.

Conventions every backend keeps:

* an article is identified by ``id`` (the record's id, or the hash of its normalized text)
  and by that hash: :meth:`Store.add` of an article whose id *or* normalized text is
  already stored writes nothing and returns ``False``;
* :meth:`Store.batch` is one transaction: everything added inside it is stored, or nothing;
* corpus entities have integer ids; ``name_or_id`` arguments take an id, an Arabic name or
  alias (any spelling :func:`~khabar.arabic.normalize.normalize` folds together, with or
  without و/ب/ل…), or an English name;
* dates are ``YYYY-MM-DD`` strings; ``since``/``until`` also take ``YYYY`` or ``YYYY-MM``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any, Iterator

from khabar.store.prepare import PreparedArticle, prepare

__all__ = ["Store"]


class Store(ABC):
    """A corpus of analysed articles with search and a cross-article entity base."""

    #: where the store lives (a path or URL), for messages
    location: str = ""

    # --- writing ---------------------------------------------------------------------------

    def add(self, article, record=None) -> bool:
        """Store an analysed :class:`~khabar.doc.Article` (with its input
        :class:`~khabar.io.Record` if any). ``False`` if its id is already stored."""
        return self.add_prepared(prepare(article.to_dict(), record))

    def add_text(self, record) -> bool:
        """Store a record's text without analysis (searchable, no annotations)."""
        return self.add_prepared(prepare(None, record))

    @abstractmethod
    def add_prepared(self, prepared: PreparedArticle) -> bool:
        """Store rows made by :func:`~khabar.store.prepare.prepare`; ``False`` if a duplicate."""

    @abstractmethod
    def batch(self) -> AbstractContextManager:
        """A transaction: ``with store.batch(): store.add(...)`` commits once at the end, or
        rolls everything in it back on an exception. Nested batches join the outer one."""

    @abstractmethod
    def has(self, article_id: str) -> bool:
        """Is an article with this id stored?"""

    def log_run(self, summary: dict[str, Any]) -> None:  # noqa: B027 - optional
        """Record an ingest run's summary (backends may ignore it)."""

    def index_is_current(self) -> bool:
        """Was the search index built with today's normalization and clitic rules?"""
        return True

    def reindex(self) -> int:
        """Rebuild the search index from the stored texts; returns the articles indexed."""
        return 0

    # --- reading ---------------------------------------------------------------------------

    @abstractmethod
    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The stored JSON contract (text, entities, times, quotes, events) plus id, title,
        date, url, source, meta; each entity also carries ``corpus_id``. ``None`` if absent."""

    @abstractmethod
    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        """Every article as :meth:`get_article` gives it, in the order stored."""

    @abstractmethod
    def search(
        self,
        query: str,
        entity: str | int | None = None,
        speaker: str | int | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
        mark: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        """Best-first hits ``{id, title, date, url, source, snippet, score}``. The query is
        normalized and clitic-expanded (see :mod:`khabar.store.search`); it is never syntax."""

    @abstractmethod
    def list_articles(
        self,
        limit: int = 20,
        offset: int = 0,
        entity: str | int | None = None,
        speaker: str | int | None = None,
        event: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Articles ``{id, title, date, url, source}``, newest first, filtered like search."""

    @abstractmethod
    def entity(self, name_or_id: str | int, limit: int = 50) -> dict[str, Any] | None:
        """One corpus entity: ``{id, type, name, name_en, country, sector, aliases, mentions,
        article_count, articles, quotes, events, cooccurring, other_matches}``."""

    @abstractmethod
    def entities(
        self, query: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Corpus entities (matching a name if given), most mentioned first."""

    @abstractmethod
    def quotes(
        self, speaker: str | int | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Quotes (by a speaker if given), newest article first."""

    @abstractmethod
    def events(
        self,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
        entity: str | int | None = None,
    ) -> list[dict[str, Any]]:
        """Events (of a PLOVER type, in a date range, with an entity as actor if given)."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """At least ``{"articles", "entities", "quotes", "events"}``."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (idempotent)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
