"""khabar (خبر): Arabic news in, structured and verifiable knowledge out.

    >>> import khabar
    >>> art = khabar.analyze("قال الرئيس إن الاجتماع عقد أمس.", date="2023-09-13")
    >>> art.to_dict()["times"][0]["value"]
    '2023-09-12'

Nothing is loaded on import; models and lexicons load on first use.
"""

from khabar.doc import Article, Entity, Event, Mention, Quote, Sentence, Span, TimeExpr, Token
from khabar.errors import (
    ArgumentTypeError,
    DataError,
    EncodingError,
    InputError,
    KhabarError,
    OutputError,
    PipelineError,
    StoreError,
    TooLargeError,
    UsageError,
)
from khabar.arabic.lexicon import Lexicon
from khabar.pipeline import Pipeline, analyze, default_pipeline
from khabar.stages import register_stage

__version__ = "0.1.0"

__all__ = [
    "analyze",
    "Pipeline",
    "default_pipeline",
    "register_stage",
    "Lexicon",
    "Article",
    "Sentence",
    "Token",
    "Span",
    "Mention",
    "Entity",
    "Quote",
    "Event",
    "TimeExpr",
    "KhabarError",
    "InputError",
    "EncodingError",
    "TooLargeError",
    "DataError",
    "PipelineError",
    "StoreError",
    "OutputError",
    "UsageError",
    "ArgumentTypeError",
    "__version__",
]
