"""khabar's one error tree. Every error says what went wrong and what to do.

    KhabarError
    ├── InputError          bad input: missing, empty, binary, undecodable, malformed record
    │   ├── EncodingError
    │   └── TooLargeError   over the documented size limits (split the article)
    ├── DataError           a shipped data file or model is missing or broken
    ├── PipelineError       stages wired wrongly (a stage's requirement not provided)
    ├── StoreError          the corpus database
    ├── OutputError         output could not be written (a full disk): nothing partial is kept
    └── UsageError          wrong arguments
        └── ArgumentTypeError   an argument of the wrong type (also a TypeError)
"""

from __future__ import annotations

__all__ = [
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
]


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""


class InputError(KhabarError):
    """The input cannot be analysed (missing, empty, binary, malformed)."""


class EncodingError(InputError):
    """The input bytes are neither UTF-8 nor Windows-1256."""


class TooLargeError(InputError):
    """The input is over a documented size limit: an article longer than
    :data:`khabar.pipeline.MAX_ARTICLE_CHARS` characters, or a file over
    :data:`khabar.io.MAX_INPUT_BYTES` bytes. Split it into articles."""


class DataError(KhabarError):
    """A shipped data file or model is missing or unreadable."""


class PipelineError(KhabarError):
    """The pipeline is wired wrongly."""


class StoreError(KhabarError):
    """The corpus store failed."""


class OutputError(KhabarError):
    """Output could not be written (a full disk, a folder that cannot be written); what was
    being written is discarded, never left looking complete."""


class UsageError(KhabarError):
    """The command or function was called with wrong arguments."""


class ArgumentTypeError(UsageError, TypeError):
    """A function was given an argument of the wrong type (``analyze(text, date=20230913)``);
    caught by ``except TypeError`` as well as by ``except KhabarError``."""
