"""Stage ``dates``: time expressions normalized to ISO 8601."""

from __future__ import annotations

from khabar.doc import Article


class Dates:
    name = "dates"
    requires = frozenset({"tokens", "sentences"})
    provides = frozenset({"times"})

    def __call__(self, article: Article) -> None:
        article.times = []
