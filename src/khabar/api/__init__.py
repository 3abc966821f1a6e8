"""``khabar serve``: the REST API and the web reader (needs the ``api`` extra).

    >>> from khabar.api import create_app          # doctest: +SKIP
    >>> app = create_app("corpus.db")               # a FastAPI app; run it with uvicorn

:mod:`khabar.api.render` (the HTML) needs nothing beyond the standard library;
:mod:`khabar.api.app` imports FastAPI, so it is only imported when asked for.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from khabar.api.app import create_app

        return create_app
    raise AttributeError(f"module 'khabar.api' has no attribute {name!r}")
