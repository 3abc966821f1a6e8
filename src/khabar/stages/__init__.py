"""Pipeline stages, one module each, named after what they do.

Each module defines a stage class with ``name``, ``requires``, ``provides`` and
``__call__(article)``; :func:`build_stage` makes one by module name.
"""

from __future__ import annotations

from importlib import import_module

from khabar.errors import PipelineError

__all__ = ["build_stage"]

_CLASSES = {
    "normalize": "Normalize",
    "segment": "Segment",
    "dates": "Dates",
    "entities": "Entities",
    "resolve": "Resolve",
    "quotes": "Quotes",
    "events": "Events",
}


def build_stage(name: str, **options):
    """Instantiate the stage named ``name`` (e.g. ``"entities"``)."""
    try:
        cls_name = _CLASSES[name]
    except KeyError:
        raise PipelineError(f"unknown stage {name!r}; known: {', '.join(_CLASSES)}") from None
    module = import_module(f"khabar.stages.{name}")
    return getattr(module, cls_name)(**options)
