"""Stage ``events``: PLOVER events (see issue #5)."""

from __future__ import annotations

from khabar.doc import Article


class Events:
    name = "events"
    requires = frozenset({"tokens", "sentences", "entities", "times"})
    provides = frozenset({"events"})

    def __call__(self, article: Article) -> None:
        article.events = []
