"""The one way through: an ordered list of stages, each adding annotations to an Article.

A stage is an object with ``name``, ``requires`` and ``provides`` (sets of annotation
names: "norm", "tokens", "sentences", "mentions", "entities", "times", "quotes", "events")
and a ``__call__(article) -> None``. :class:`Pipeline` checks at construction that every
stage's requirements are provided by an earlier stage. A stage may also have
``prepare(articles) -> None``: :meth:`Pipeline.run_many` calls it with all the articles of a
batch before calling the stage on each (the entity stage tags all their sentences in one go);
it must not change the results, only make them faster to get.

    >>> import khabar
    >>> nlp = khabar.Pipeline(exclude=["events"])            # the default stages but one
    >>> [a.id for a in nlp.pipe([{"id": "a1", "text": "قال الرئيس إن الاجتماع عقد أمس."}])]
    ['a1']

Resources are passed to the stages that take them: ``lexicon`` (a
:class:`~khabar.arabic.lexicon.Lexicon`), ``gazetteer`` (a
:class:`~khabar.arabic.gazetteer.Gazetteer`, or the path of a user TSV that adds to and
overrides the lexicon's gazetteer) and ``ner_model`` (a tagger, or the path of a model file;
given to stages as ``tagger``). The stage that takes a path reads it, so a missing file fails
when the pipeline is built.
"""

from __future__ import annotations

import threading
import time
from datetime import date as Date
from datetime import datetime
from typing import Any, Iterable, Iterator, Protocol, runtime_checkable

from khabar.doc import Article
from khabar.errors import ArgumentTypeError, PipelineError, TooLargeError, UsageError

__all__ = [
    "Stage", "Pipeline", "default_pipeline", "analyze", "make_article", "STAGE_ORDER", "MAX_ARTICLE_CHARS",
]

#: the longest article text analysed, in characters (about 40,000 words; the longest of
#: SaudiNewsNet's 30,676 articles has 33,687 characters). A longer text is refused with a
#: :class:`~khabar.errors.TooLargeError`: split it into articles. Together with the cap on
#: sentence length (:data:`khabar.stages.segment.MAX_SENTENCE_TOKENS`) it bounds the time
#: and memory of one analysis.
MAX_ARTICLE_CHARS = 200_000

#: the default stages in order (module names under khabar.stages)
STAGE_ORDER = ("normalize", "segment", "dates", "entities", "resolve", "quotes", "events")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, article: Article) -> None: ...


class Pipeline:
    """Runs stages in order over articles.

    ``stages``: stage objects or registered names (default: :data:`STAGE_ORDER`);
    ``exclude``: names to leave out; ``add``: stages (or names) to append;
    ``lexicon``, ``gazetteer``, ``ner_model``: resources for the stages built by name.
    """

    def __init__(
        self,
        stages: Iterable[Stage | str] | None = None,
        *,
        exclude: Iterable[str] = (),
        add: Iterable[Stage | str] = (),
        lexicon=None,
        gazetteer=None,
        ner_model=None,
    ):
        from khabar.stages import build_stage

        exclude = {exclude} if isinstance(exclude, str) else set(exclude)
        specs = list(STAGE_ORDER if stages is None else stages) + list(add)
        names = [s if isinstance(s, str) else getattr(s, "name", None) for s in specs]
        unknown = sorted(exclude - set(names))
        if unknown:
            raise PipelineError(f"cannot exclude {unknown}: not in the pipeline {names}")
        # paths stay paths: the stage that takes a resource reads it (and says what is wrong)
        resources = {"lexicon": lexicon, "gazetteer": gazetteer, "tagger": ner_model}
        self.stages = [
            build_stage(s, resources) if isinstance(s, str) else s
            for s, n in zip(specs, names)
            if n not in exclude
        ]
        have: set[str] = set()
        for st in self.stages:
            if not isinstance(st, Stage):
                raise PipelineError(f"{st!r} is not a stage: it needs name, requires, provides and __call__")
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

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(repr(n) for n in self.names)}])"

    def __call__(self, article: Article) -> Article:
        for st in self.stages:
            t0 = time.perf_counter()
            st(article)
            self.timings[st.name] += time.perf_counter() - t0
            article.done.append(st.name)
        return article

    def analyze(self, text: str, date: Date | str | None = None, **meta) -> Article:
        return self(make_article(text, date, **meta))

    def run_many(self, articles: list[Article | Exception]) -> list[Article | Exception]:
        """Run the stages over a batch of articles, stage by stage (a stage's ``prepare``
        first, when it has one); the same results as calling the pipeline on each (a stage sees
        the articles in their order, but all of them before the next stage runs: a stage that
        carries state from one article to the next must not read what later stages add). An
        article a stage raises on gets that exception in its place in the list and goes no
        further; the others go on. An exception given in place of an article (a record that
        could not be made one) stays as it is, so callers keep their input order."""
        out: list[Article | Exception] = list(articles)
        live = [k for k, a in enumerate(out) if not isinstance(a, BaseException)]
        for st in self.stages:
            t0 = time.perf_counter()
            prepare = getattr(st, "prepare", None)
            if prepare is not None and len(live) > 1:
                try:
                    prepare([out[k] for k in live])
                except Exception:  # noqa: BLE001 - each article then goes alone, and raises alone
                    pass
            keep = []
            for k in live:
                art = out[k]
                try:
                    st(art)
                except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
                    out[k] = exc
                    continue
                art.done.append(st.name)
                keep.append(k)
            live = keep
            self.timings[st.name] += time.perf_counter() - t0
        return out

    def pipe(self, items: Iterable[Any], *, date: Date | str | None = None,
             as_tuples: bool = False, batch_size: int = 32) -> Iterator[Any]:
        """Analyse many articles, lazily, in order, ``batch_size`` at a time
        (:meth:`run_many`: faster than one by one, and the same results).

        Each item is a text, a dict with ``text`` (and optionally ``date``, ``id``, ``title``
        and other metadata), or an :class:`~khabar.doc.Article`. ``date`` is the default
        article date. With ``as_tuples=True`` items are ``(item, context)`` pairs and
        ``(article, context)`` pairs come back, as in spaCy. An item that cannot be analysed
        raises its error when its turn comes (the items before it come back first).
        """
        if not isinstance(batch_size, int) or batch_size < 1:
            raise UsageError(f"batch_size must be a positive integer, not {batch_size!r}")
        batch: list[tuple[Any, Any]] = []
        for item in items:
            context = None
            if as_tuples:
                if not (isinstance(item, (tuple, list)) and len(item) == 2):
                    raise UsageError("with as_tuples=True every item must be an (item, context) pair")
                item, context = item
            batch.append((item, context))
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch, date, as_tuples)
                batch = []
        if batch:
            yield from self._pipe_batch(batch, date, as_tuples)

    def _pipe_batch(self, batch: list[tuple[Any, Any]], date, as_tuples: bool) -> Iterator[Any]:
        made: list[Article | Exception] = []
        for item, _ in batch:
            try:
                made.append(self._article(item, date))
            except Exception as exc:  # raised when its turn comes
                made.append(exc)
        for (_, context), res in zip(batch, self.run_many(made)):
            if isinstance(res, Exception):
                raise res
            yield (res, context) if as_tuples else res

    def _article(self, item: Any, date) -> Article:
        if isinstance(item, Article):
            return item
        if isinstance(item, str):
            return make_article(item, date)
        if isinstance(item, dict):
            if "text" not in item:
                raise UsageError("a dict item needs a 'text' key")
            meta = {k: v for k, v in item.items() if k not in ("text", "date")}
            return make_article(item["text"], item.get("date", date), **meta)
        raise ArgumentTypeError(f"cannot analyse a {type(item).__name__}: give a str, a dict with 'text', or an Article")

def make_article(text: str, date: Date | str | None = None, **meta) -> Article:
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLargeError(
            f"the article has {len(text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,}; "
            "split it into articles"
        )
    if isinstance(date, datetime):
        date = date.date()
    if isinstance(date, str):
        try:
            date = Date.fromisoformat(date[:10])
        except ValueError as exc:
            raise UsageError(f"date must be YYYY-MM-DD, got {date[:40]!r}") from exc
    elif date is not None and not isinstance(date, Date):
        raise ArgumentTypeError(f"date must be YYYY-MM-DD or a datetime.date, not {type(date).__name__}")
    art_id = meta.pop("id", None)
    title = meta.pop("title", None)
    return Article(text=text, date=date, id=art_id, title=title, meta=meta)


_DEFAULT: Pipeline | None = None
_DEFAULT_LOCK = threading.Lock()


def default_pipeline(exclude: Iterable[str] = (), add: Iterable[Stage | str] = (), **resources) -> Pipeline:
    """The full default pipeline.

    Without arguments it is built once per process and shared (models load lazily on
    first use); with ``exclude``, ``add`` or resources (``lexicon``, ``gazetteer``,
    ``ner_model``) a new :class:`Pipeline` is built.
    """
    global _DEFAULT
    if exclude or add or any(v is not None for v in resources.values()):
        return Pipeline(exclude=exclude, add=add, **resources)
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Pipeline()
    return _DEFAULT


def analyze(text: str, date: Date | str | None = None, **meta) -> Article:
    """Analyse one article text; returns the annotated :class:`~khabar.doc.Article`.

    ``date`` (``YYYY-MM-DD`` or ``datetime.date``) anchors relative dates; without it,
    relative expressions (أمس، الأربعاء) are left unresolved.
    """
    return default_pipeline().analyze(text, date, **meta)
