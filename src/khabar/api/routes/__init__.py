"""The app's routes, one module per kind of resource, each an ``APIRouter`` whose endpoints
get the store and the analyser through :data:`~khabar.api.deps.ServicesDep`.

:func:`routers` gives them in the order :func:`~khabar.api.app.create_app` mounts them in (it is the
order of ``/openapi.json`` and of the reference at ``/docs``).
"""

from __future__ import annotations

__all__ = ["routers"]


def routers() -> list:
    """Every router, in the order they are mounted: the JSON API, then the HTML reader."""
    from khabar.api.routes import analyze, articles, entities, events, pages, quotes, search, stats

    return [analyze.router, articles.router, search.router, entities.router, quotes.router, events.router,
            stats.router, pages.router]
