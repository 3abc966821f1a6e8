"""Option types shared by the sub-commands."""

from __future__ import annotations

import argparse
import sys

from khabar.validate import MAX_ID

__all__ = ["number", "MAX_WORKERS", "Parser"]

#: more worker processes than any machine has (the OS refuses long before)
MAX_WORKERS = 4096


def number(hi: int = MAX_ID, lo: int | None = None):
    """An ``argparse`` type: a whole number of at most ``hi`` (and at least ``lo``), so that a
    value like 10**30 is a usage error, not an overflow deep inside (SQLite, processes, JSON)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}") from None
        if value > hi:
            raise argparse.ArgumentTypeError(f"{value if len(str(value)) < 30 else 'the number'} is too large "
                                             f"(at most {hi})")
        if lo is not None and value < lo:
            raise argparse.ArgumentTypeError(f"must be at least {lo}, got {value if len(str(value)) < 30 else 'less'}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its messages
    return parse


class Parser(argparse.ArgumentParser):
    """The parser of ``khabar`` and its sub-commands: a refused argument ends, like every
    other error, in one ``khabar: error: …`` line (after the usage)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        command = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        self.exit(2, f"khabar: error: {command}{message}\n")
