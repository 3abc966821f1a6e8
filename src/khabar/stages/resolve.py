"""Stage ``resolve``: group mentions into entities."""

from __future__ import annotations

from khabar.doc import Article


class Resolve:
    name = "resolve"
    requires = frozenset({"mentions"})
    provides = frozenset({"entities"})

    def __call__(self, article: Article) -> None:
        article.entities = []
