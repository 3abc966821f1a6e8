"""Stage ``normalize``: builds the article's normalized view with its offset map.

The view (``article.norm``) is what every matcher reads; spans found in it are mapped
back with ``article.norm.to_orig``. The original text is untouched.
"""

from __future__ import annotations

from khabar.doc import Article


class Normalize:
    name = "normalize"
    requires: frozenset[str] = frozenset()
    provides = frozenset({"norm"})

    def __call__(self, article: Article) -> None:
        article.norm  # noqa: B018 - builds and caches the view
