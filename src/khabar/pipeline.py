"""The one way through: an ordered list of stages, each adding annotations to an Article.

A stage is an object with ``name``, ``requires`` and ``provides`` (sets of annotation
names: "tokens", "sentences", "mentions", "entities", "times", "quotes", "events") and a
``__call__(article) -> None``. :class:`Pipeline` checks at construction that every
stage's requirements are provided by an earlier stage.
"""

from __future__ import annotations

import time
from datetime import date as Date
from typing import Iterable, Protocol, runtime_checkable

from khabar.doc import Article
from khabar.errors import PipelineError, UsageError

__all__ = ["Stage", "Pipeline", "default_pipeline", "analyze", "STAGE_ORDER"]

#: the default stages in order (module names under khabar.stages)
STAGE_ORDER = ("normalize", "segment", "dates", "entities", "resolve", "quotes", "events")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, article: Article) -> None: ...


class Pipeline:
    """Runs stages in order over articles."""

    def __init__(self, stages: Iterable[Stage]):
        self.stages = list(stages)
        have: set[str] = set()
        for st in self.stages:
            missing = set(st.requires) - have
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} requires {sorted(missing)} but no earlier stage provides it; "
                    "put the providing stage before it"
                )
            have |= set(st.provides)
        self.provides = frozenset(have)
        #: cumulative seconds per stage (for profiling and benchmarks)
        self.timings: dict[str, float] = {st.name: 0.0 for st in self.stages}

    @property
    def names(self) -> list[str]:
        return [st.name for st in self.stages]

    def __call__(self, article: Article) -> Article:
        for st in self.stages:
            t0 = time.perf_counter()
            st(article)
            self.timings[st.name] += time.perf_counter() - t0
            article.done.append(st.name)
        return article

    def analyze(self, text: str, date: Date | str | None = None, **meta) -> Article:
        return self(make_article(text, date, **meta))


def make_article(text: str, date: Date | str | None = None, **meta) -> Article:
    if not isinstance(text, str):
        raise UsageError(f"text must be a str, not {type(text).__name__}")
    if isinstance(date, str):
        try:
            date = Date.fromisoformat(date[:10])
        except ValueError as exc:
            raise UsageError(f"date must be YYYY-MM-DD, got {date!r}") from exc
    art_id = meta.pop("id", None)
    title = meta.pop("title", None)
    return Article(text=text, date=date, id=art_id, title=title, meta=meta)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The full default pipeline (built once per process; models load lazily on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        from khabar.stages import build_stage

        _DEFAULT = Pipeline(build_stage(name) for name in STAGE_ORDER)
    return _DEFAULT


def analyze(text: str, date: Date | str | None = None, **meta) -> Article:
    """Analyse one article text; returns the annotated :class:`~khabar.doc.Article`.

    ``date`` (``YYYY-MM-DD`` or ``datetime.date``) anchors relative dates; without it,
    relative expressions (أمس، الأربعاء) are left unresolved.
    """
    return default_pipeline().analyze(text, date, **meta)
