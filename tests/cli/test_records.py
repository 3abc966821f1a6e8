"""The record options `khabar ingest` and `khabar batch` share."""

from __future__ import annotations

import argparse

from khabar.cli.records import add_record_arguments, record_fields
from khabar.io import RecordFields


def _parse(*argv):
    p = argparse.ArgumentParser()
    add_record_arguments(p)
    return record_fields(p.parse_args(list(argv)))


def test_defaults_are_the_record_fields_defaults():
    f = _parse()
    assert (f.text, f.title, f.date, f.url, f.id) == ("content", "title", "date", "url", None)
    assert f == RecordFields()


def test_every_field_can_be_named():
    f = _parse("--text-field", "body", "--title-field", "headline", "--date-field", "published",
               "--url-field", "link", "--id-field", "key")
    assert (f.text, f.title, f.date, f.url, f.id) == ("body", "headline", "published", "link", "key")


def test_both_commands_take_them():
    from khabar.cli.main import build_parser

    parser = build_parser()
    for cmd in (["ingest", "x", "--db", "d"], ["batch", "x", "-o", "o"]):
        args = parser.parse_args(cmd + ["--text-field", "body", "--id-field", "key"])
        assert (args.text_field, args.id_field) == ("body", "key")
