"""Stage ``entities``: named-entity mentions."""

from __future__ import annotations

from khabar.doc import Article


class Entities:
    name = "entities"
    requires = frozenset({"tokens", "sentences"})
    provides = frozenset({"mentions"})

    def __call__(self, article: Article) -> None:
        article.mentions = []
