"""Fixtures for the store tests: hand-made analysed articles (independent of the stages)."""

from __future__ import annotations

import pytest

from khabar.doc import Actor, Article, Entity, Event, Mention, Quote, Span


def build_article(text, entities=(), quotes=(), events=(), date=None, id=None, title=None):
    """An Article with annotations located by substring.

    ``entities``: ``(local_id, type, name, name_en, [surface, ...])``; every surface is found
    in order in the text. ``quotes``: ``(speaker_local_id | None, speaker_surface | None, cue,
    content)``. ``events``: ``(type, [source ids], [target ids], evidence)``.
    """
    art = Article(text=text, date=date, id=id, title=title)

    def span(sub, start=0):
        i = text.index(sub, start)
        return i, i + len(sub)

    for local, typ, name, name_en, surfaces in entities:
        ms, pos = [], 0
        for s in surfaces:
            a, b = span(s, pos)
            pos = b
            ms.append(Mention(a, b, s, type=typ, entity=local))
        art.entities.append(Entity(local, typ, name, name_en, mentions=ms))
    for spk, spk_text, cue, content in quotes:
        ca, cb = span(content)
        q = Quote("direct", [Span(ca, cb, content)], speaker_entity=spk)
        if spk_text:
            a, b = span(spk_text)
            q.speaker = Span(a, b, spk_text)
        if cue:
            a, b = span(cue)
            q.cue = Span(a, b, cue)
        art.quotes.append(q)
    for typ, src, tgt, evidence in events:
        a, b = span(evidence)
        art.events.append(Event(typ, Span(a, b, evidence), source=Actor(list(src)), target=Actor(list(tgt))))
    assert art.check() == []
    return art


@pytest.fixture
def make_article():
    return build_article


@pytest.fixture
def store(tmp_path):
    from khabar.store import open_store

    with open_store(tmp_path / "corpus.db") as st:
        yield st
