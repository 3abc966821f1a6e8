"""Fixtures for the command tests: a small hand-made corpus database (no pipeline needed)."""

from __future__ import annotations

import pytest

from khabar.doc import Actor, Article, Entity, Event, Mention, Quote, Span
from khabar.io import Record
from khabar.store import open_store

T1 = "قال الرئيس الروسي فلاديمير بوتين إن الأُمَمَ المتّحدة مهمة."
T2 = "وبالأمم المتحدة التقى بوتين نظيره في نيويورك."
T3 = "أسعار النفط ارتفعت (قليلا) أمس."


def _span(text, sub):
    i = text.index(sub)
    return i, i + len(sub)


def _article(text, ents, quote=None, event=None):
    art = Article(text=text)
    for local, typ, name, en, surface in ents:
        a, b = _span(text, surface)
        art.entities.append(Entity(local, typ, name, en, mentions=[Mention(a, b, surface, type=typ)]))
    if quote:
        a, b = _span(text, quote)
        art.quotes.append(Quote("indirect", [Span(a, b, quote)], speaker_entity="E1"))
    if event:
        a, b = _span(text, event)
        art.events.append(Event("CONSULT", Span(a, b, event), source=Actor(["E1"]), target=Actor(["E2"])))
    return art


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.db"
    with open_store(path) as st:
        st.add(
            _article(T1, [("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", "فلاديمير بوتين"),
                          ("E2", "ORG", "الأمم المتحدة", "United Nations", "الأُمَمَ المتّحدة")],
                     quote="الأُمَمَ المتّحدة مهمة"),
            Record(T1, "a1", "x:1", title="بوتين", date="2015-07-20"),
        )
        st.add(
            _article(T2, [("E1", "PER", "بوتين", "Vladimir Putin", "بوتين"),
                          ("E2", "ORG", "الأمم المتحدة", "United Nations", "وبالأمم المتحدة")],
                     event="التقى بوتين نظيره"),
            Record(T2, "a2", "x:2", title="لقاء", date="2015-08-01"),
        )
        st.add_text(Record(T3, "a3", "x:3", title="نفط", date="2015-08-02"))
    return str(path)


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """``run_cli(argv, stdin=None) -> (exit status, stdout, stderr)`` of ``khabar`` in this process."""
    import io
    import sys

    from khabar.cli.main import main

    def run(argv, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        rc = main(argv)
        out = capsys.readouterr()
        return rc, out.out, out.err

    return run
