"""Stage ``quotes``: reported speech and its speakers (see issue #4)."""

from __future__ import annotations

from khabar.doc import Article


class Quotes:
    name = "quotes"
    requires = frozenset({"tokens", "sentences", "entities"})
    provides = frozenset({"quotes"})

    def __call__(self, article: Article) -> None:
        article.quotes = []
