"""Copy one corpus store into another (``khabar migrate --from corpus.db --to postgresql://…``).

Backend-neutral: every article is read back with :meth:`~khabar.store.base.Store.iter_analyses`
and written through :func:`~khabar.store.prepare.prepare` and
:meth:`~khabar.store.base.Store.add_prepared`, one transaction per batch, in the order it was
stored, so the target resolves corpus entities exactly as the source did (the same entities,
with the same ids when the target starts empty). Articles the target already holds are
skipped: a copy interrupted (even by ``kill -9``) is finished by running it again.
"""

from __future__ import annotations

from typing import Any, Callable

from khabar.io import Record
from khabar.store.base import Store
from khabar.store.prepare import PreparedArticle, prepare

__all__ = ["copy_store", "prepared_from_stored"]

_CONTRACT = ("entities", "times", "quotes", "events")


def prepared_from_stored(d: dict[str, Any]) -> PreparedArticle:
    """The rows to write for an article as :meth:`Store.get_article` returns it."""
    rec = Record(text=d["text"], id=d["id"], source=d.get("source") or "", title=d.get("title"),
                 date=d.get("date"), url=d.get("url"), meta=dict(d.get("meta") or {}))
    analysis = None
    if d.get("analyzed"):
        analysis = {"text": d["text"], **{k: d.get(k) or [] for k in _CONTRACT}}
        analysis["entities"] = [{k: v for k, v in e.items() if k != "corpus_id"} for e in analysis["entities"]]
    p = prepare(analysis, rec)
    p.source = d.get("source")
    if d.get("added"):
        p.added = d["added"]
    return p


def copy_store(src: Store, dst: Store, batch_size: int = 500,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Copy every article of ``src`` into ``dst``; ``{"read", "copied", "skipped"}``.
    ``progress(read, copied)`` is called after each committed batch."""
    if batch_size < 1:
        from khabar.errors import UsageError

        raise UsageError("batch size must be at least 1")
    read = copied = 0
    pending: list[PreparedArticle] = []

    def flush() -> None:
        nonlocal copied
        with dst.batch():
            for p in pending:
                copied += bool(dst.add_prepared(p))
        pending.clear()
        if progress:
            progress(read, copied)

    for d in src.iter_analyses():
        read += 1
        pending.append(prepared_from_stored(d))
        if len(pending) >= batch_size:
            flush()
    if pending:
        flush()
    return {"read": read, "copied": copied, "skipped": read - copied}
