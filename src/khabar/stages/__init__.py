"""Pipeline stages, one module each, named after what they do; and the stage registry.

A stage is an object with ``name``, ``requires``, ``provides`` and ``__call__(article)``.
The built-in stages live in this package (``normalize``, ``segment``, ``dates``,
``entities``, ``resolve``, ``quotes``, ``events``). A user adds one by name:

    from khabar.stages import register_stage

    @register_stage("headline")
    class Headline:
        name = "headline"
        requires = frozenset({"sentences"})
        provides = frozenset({"headline"})
        def __call__(self, article):
            article.meta["headline"] = article.sentences[0].text if article.sentences else ""

    khabar.default_pipeline(add=["headline"])

or, from an installed package, through the entry-point group ``khabar.stages``
(``headline = "mypkg.stages:Headline"``). Stages are built with the shared resources
(``lexicon``, ``gazetteer``, ``tagger``) that their constructor accepts.
"""

from __future__ import annotations

import inspect
import threading
from importlib import import_module
from typing import Any, Callable

from khabar.errors import PipelineError

__all__ = ["build_stage", "register_stage", "known_stages", "stage_factory"]

#: the built-in stages: name → (module, class); imported only when built
_BUILTIN = {
    "normalize": ("khabar.stages.normalize", "Normalize"),
    "segment": ("khabar.stages.segment", "Segment"),
    "dates": ("khabar.stages.dates", "Dates"),
    "entities": ("khabar.stages.entities", "Entities"),
    "resolve": ("khabar.stages.resolve", "Resolve"),
    "quotes": ("khabar.stages.quotes", "Quotes"),
    "events": ("khabar.stages.events", "Events"),
}
#: the entry-point group installed packages register their stages under
ENTRY_POINT_GROUP = "khabar.stages"

_registered: dict[str, Callable[..., Any]] = {}
_lock = threading.Lock()


def register_stage(name: str, *, replace: bool = False):
    """Class (or factory) decorator: make a stage buildable by ``name``.

    Registering a name that exists (a built-in or an earlier registration) is an error
    unless ``replace=True``.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise PipelineError(f"a stage name must be an identifier, not {name!r}")

    def deco(factory: Callable[..., Any]):
        if not callable(factory):
            raise PipelineError(f"register_stage({name!r}) needs a class or a function")
        with _lock:
            if not replace and (name in _BUILTIN or name in _registered):
                raise PipelineError(f"a stage named {name!r} exists; pass replace=True to replace it")
            _registered[name] = factory
        return factory

    return deco


def _entry_point(name: str) -> Callable[..., Any] | None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            try:
                return ep.load()
            except Exception as exc:  # a broken third-party plug-in: say which one
                raise PipelineError(f"cannot load stage {name!r} from entry point {ep.value!r}: {exc}") from exc
    return None


def stage_factory(name: str) -> Callable[..., Any]:
    """The class or function that builds the stage ``name``."""
    factory = _registered.get(name)
    if factory is not None:
        return factory
    if name in _BUILTIN:
        module, cls = _BUILTIN[name]
        return getattr(import_module(module), cls)
    factory = _entry_point(name) if isinstance(name, str) else None
    if factory is None:
        raise PipelineError(f"unknown stage {name!r}; known: {', '.join(known_stages())}")
    return factory


def known_stages() -> list[str]:
    """Built-in and registered stage names (entry points are found when asked for by name)."""
    return list(_BUILTIN) + [n for n in _registered if n not in _BUILTIN]


def build_stage(name: str, resources: dict[str, Any] | None = None, **options):
    """Build the stage named ``name`` (e.g. ``"entities"``).

    ``options`` go to its constructor as given; each of ``resources`` (``lexicon``,
    ``gazetteer``, ``tagger`` …) is passed only if the constructor takes it.
    """
    factory = stage_factory(name)
    kwargs = dict(options)
    if resources:
        try:
            params = inspect.signature(factory).parameters
        except (TypeError, ValueError):  # a builtin or C callable: offer nothing
            params = {}
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
        for key, value in resources.items():
            if value is not None and key not in kwargs and (takes_any or key in params):
                kwargs[key] = value
    return factory(**kwargs)
