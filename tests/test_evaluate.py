from khabar.evaluate import PRF, score_article, widen

TEXT = "قال بوتين إن روسيا “قوية”. وقال كيم: “نحن معا”."


def pred_of(entities=(), quotes=(), events=(), times=()):
    return {"text": TEXT, "entities": list(entities), "quotes": list(quotes), "events": list(events), "times": list(times)}


def m(word, occurrence=0):
    s = -1
    for _ in range(occurrence + 1):
        s = TEXT.index(word, s + 1)
    return {"start": s, "end": s + len(word), "text": word}


GOLD = {
    "document": {"id": "t"},
    "entities": [
        {**m("بوتين"), "type": "PER", "entity": "Putin"},
        {**m("روسيا"), "type": "LOC", "entity": "Russia"},
        {**m("كيم"), "type": "PER", "entity": "Kim"},
    ],
    "quotes": [{"speaker": "Kim", "kind": "direct", "spans": [[m("نحن معا")["start"], m("نحن معا")["end"]]]}],
    "events": [],
    "times": [],
}


def test_widen_to_whole_tokens():
    s = TEXT.index("وقال") + 1
    assert widen(TEXT, s, s + 3) == (s - 1, s + 3)


def test_entity_prf_and_bcubed():
    ents = [
        {"id": "e1", "type": "PER", "mentions": [m("بوتين"), m("كيم")]},  # wrongly merged
        {"id": "e2", "type": "ORG", "mentions": [m("روسيا")]},  # wrong type
    ]
    sc = score_article(pred_of(entities=ents), GOLD)
    assert (sc.entities.tp_p, sc.entities.n_p, sc.entities.n_r) == (2, 3, 3)
    assert round(sc.bcubed.p, 3) == round((0.5 + 0.5 + 1) / 3, 3)
    assert sc.bcubed.r == 1.0


def test_quote_match_and_attribution():
    ents = [{"id": "e1", "type": "PER", "mentions": [m("كيم")]}]
    q = {"speaker": {"entity": "e1", **m("كيم")}, "kind": "direct", "content": [m("نحن معا")]}
    sc = score_article(pred_of(entities=ents, quotes=[q]), GOLD)
    assert sc.quotes.f == 1.0 and sc.attribution.f == 1.0
    q_wrong = {"speaker": {"entity": None, **m("بوتين")}, "kind": "direct", "content": [m("نحن معا")]}
    sc = score_article(pred_of(entities=ents, quotes=[q_wrong]), GOLD)
    assert sc.quotes.f == 1.0 and sc.attribution.f == 0.0


def test_prf_empty_is_zero_not_error():
    assert PRF().f == 0.0


def test_negated_and_hypothetical_events_are_not_scored():
    gold = {**GOLD, "events": [{"types": ["CONSULT"], "source": ["Putin"], "target": ["Kim"],
                                "evidence_span": [0, 10]}]}
    ev = {"type": "ACCUSE", "context": ["negated"], "source": {}, "target": {},
          "evidence": {"start": 0, "end": 5, "text": TEXT[:5]}}
    sc = score_article(pred_of(events=[ev]), gold)
    assert sc.events.n_p == 0
    sc = score_article(pred_of(events=[{**ev, "context": []}]), gold)
    assert sc.events.n_p == 1 and sc.events.tp_p == 0
