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


def test_an_unnamed_gold_actor_without_a_country_matches_any_actor():
    ev = {"type": "ASSAULT", "context": [], "source": {"entities": [], "sector": "REB"},
          "target": {"entities": [], "country": "AFG", "sector": "COP"},
          "evidence": {"start": 0, "end": 5, "text": TEXT[:5]}}

    def gold(src, src_c, tgt, tgt_c):
        return {**GOLD, "events": [{"types": ["ASSAULT"], "source": src, "source_country": src_c,
                                    "target": tgt, "target_country": tgt_c, "evidence_span": [0, 10]}]}

    assert score_article(pred_of(events=[ev]), gold(["(unnamed) militants"], None, [], None)).events.tp_r == 1
    # an unnamed actor with a country is matched by the country
    assert score_article(pred_of(events=[ev]), gold([], None, ["(unnamed) police"], "AFG")).events.tp_r == 1
    assert score_article(pred_of(events=[ev]), gold([], None, ["(unnamed) police"], "PAK")).events.tp_r == 0
    # a named actor still needs its entity or country
    assert score_article(pred_of(events=[ev]), gold(["Taliban"], None, [], None)).events.tp_r == 0


# --- MEAN over articles ---------------------------------------------------------------------

def test_mean_over_articles_skips_empty_sides():
    from khabar.evaluate import ArticleScore, format_report, mean_scores, report_dict, total

    a = ArticleScore("a", events=PRF(1, 2, 1, 1))  # P 0.5, R 1, F1 2/3
    b = ArticleScore("b", events=PRF(0, 0, 0, 2))  # predicted nothing: skipped for P; R 0, F1 0
    c = ArticleScore("c", events=PRF(0, 3, 0, 0))  # no gold: skipped for R; P 0, F1 0
    d = ArticleScore("d")  # neither: skipped everywhere
    mean = mean_scores([a, b, c, d])["events"]
    assert (mean.n_p, mean.n_r, mean.n_f) == (2, 2, 3)
    assert mean.p == 0.25 and mean.r == 0.5
    assert abs(mean.f - (2 / 3) / 3) < 1e-9
    # ALL stays micro
    tot = total([a, b, c, d]).events
    assert (tot.tp_p, tot.n_p, tot.n_r) == (1, 5, 3)
    rep = report_dict([a, b, c, d])
    assert rep["MEAN"]["events"] == {"p": 0.25, "r": 0.5, "f1": 0.2222, "articles_p": 2, "articles_r": 2,
                                     "articles_f1": 3}
    assert rep["ALL"]["events"]["p"] == 0.2
    rows = [ln.split() for ln in format_report([a, b, c, d]).splitlines()]
    ev = rows.index(["events"])
    assert rows[ev + 6][:4] == ["ALL", "0.200", "0.333", "0.250"]
    assert rows[ev + 7] == ["MEAN", "0.250", "0.500", "0.222", "2", "2"]
    assert "MEAN" not in format_report([a])  # one article: no totals


# --- sentence-level event detection (GSR) -------------------------------------------------

GSR_LINES = [
    {"id": "a1", "event_type": "ASSAULT", "label": "yes", "text": "قتل مسلحون خمسة جنود في هجوم على نقطة تفتيش."},
    {"id": "a2", "event_type": "ASSAULT", "label": "easy no", "text": "زار الوزير المعرض أمس."},
    {"id": "a3", "event_type": "ASSAULT", "label": "difficult no", "text": "لم يهاجم الجيش المدينة."},
    {"id": "a4", "event_type": "ASSAULT", "label": "yes", "text": "ربما قصفت الطائرات القرية."},
    {"id": "p1", "event_type": "PROTEST", "label": "yes", "text": "تظاهر آلاف في العاصمة."},
    {"id": "p2", "event_type": "PROTEST", "label": "difficult no", "text": "هاجم المتظاهرون الشرطة."},
]


def _fake_analyse(text):
    ev = lambda typ, ctx=(): {"type": typ, "context": list(ctx), "trigger": {"text": text.split()[0]}}  # noqa: E731
    return {
        "a1": [ev("ASSAULT")],  # TP
        "a2": [ev("ASSAULT")],  # FP (easy no)
        "a3": [ev("ASSAULT", ["negated"])],  # negated: not predicted -> TN
        "a4": [ev("ASSAULT", ["hypothetical"]), ev("CONSULT")],  # only irrealis -> FN
        "p1": [ev("PROTEST", ["future"])],  # future still counts -> TP
        "p2": [ev("ASSAULT")],  # another type does not count for PROTEST -> TN
    }[next(r["id"] for r in GSR_LINES if r["text"] == text)]


def _write_gsr(path, rows=GSR_LINES):
    import json

    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_gsr_counting_with_a_fake_analyser(tmp_path):
    from khabar.evaluate import evaluate_gsr, format_gsr_report

    rep = evaluate_gsr(_write_gsr(tmp_path / "dev.jsonl"), analyse=_fake_analyse)
    a, p = rep["types"]["ASSAULT"], rep["types"]["PROTEST"]
    assert (a["tp"], a["fp"], a["fn"], a["tn"], a["fp_easy"], a["fp_difficult"]) == (1, 1, 1, 1, 1, 0)
    assert (a["p"], a["r"], a["f1"]) == (0.5, 0.5, 0.5)
    assert (p["tp"], p["fp"], p["fn"], p["tn"]) == (1, 0, 0, 1) and p["f1"] == 1.0
    assert (rep["ALL"]["tp"], rep["ALL"]["fp"], rep["ALL"]["fn"]) == (2, 1, 1)
    assert rep["sentences"] == 6
    assert [e["id"] for e in rep["errors"]["ASSAULT"]["fn"]] == ["a4"]
    assert rep["errors"]["ASSAULT"]["fn"][0]["triggers"] == ["ربما"]  # the irrealis event's words
    assert [e["id"] for e in rep["errors"]["ASSAULT"]["fp"]] == ["a2"]
    text = format_gsr_report(rep, errors=1)
    assert "ASSAULT false negatives" in text and "a4:" in text and "a2 (easy no):" in text
    assert "a1:" not in text


def test_gsr_accepts_event_objects_and_rejects_bad_lines(tmp_path):
    import pytest

    from khabar.doc import Event, Span
    from khabar.errors import InputError
    from khabar.evaluate import evaluate_gsr, read_gsr

    rows = GSR_LINES[:1]
    rep = evaluate_gsr(_write_gsr(tmp_path / "one.jsonl", rows),
                       analyse=lambda t: [Event(type="ASSAULT", evidence=Span(0, 3, t[:3]))])
    assert rep["types"]["ASSAULT"]["tp"] == 1 and list(rep["types"]) == ["ASSAULT"]
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "event_type": "ASSAULT", "label": "maybe", "text": "t"}\n',
                                        encoding="utf-8")
    with pytest.raises(InputError, match="unknown label"):
        read_gsr(tmp_path / "bad.jsonl")
    with pytest.raises(InputError, match="no such file"):
        read_gsr(tmp_path / "none.jsonl")


def test_an_opening_designator_word_is_dropped_before_comparing():
    # the gold README: a designator (منطقة، مدينة، محافظة، تنظيم …) may be in or out of the span,
    # on either side, with its clitics
    from khabar.evaluate import undesignated

    text = "وصل إلى محافظة الأحساء ثم بمحافظة الحسكة وقال تنظيم داعش إن الأحساء بعيدة."
    ahsa = text.index("محافظة الأحساء")
    assert undesignated(text, ahsa, ahsa + len("محافظة الأحساء")) == (ahsa + len("محافظة "), ahsa + len("محافظة الأحساء"))
    hasaka = text.index("بمحافظة الحسكة")
    assert text[slice(*undesignated(text, hasaka, hasaka + len("بمحافظة الحسكة")))] == "الحسكة"
    daesh = text.index("تنظيم داعش")
    assert text[slice(*undesignated(text, daesh, daesh + len("تنظيم داعش")))] == "داعش"
    one = text.index("الأحساء بعيدة")
    assert undesignated(text, one, one + len("الأحساء")) == (one, one + len("الأحساء"))  # one word: kept
    gold = {"document": {"id": "d"}, "entities": [
        {"start": ahsa, "end": ahsa + len("محافظة الأحساء"), "text": "محافظة الأحساء", "type": "LOC", "entity": "Al-Ahsa"}]}
    s = ahsa + len("محافظة ")
    pred = {"text": text, "entities": [{"id": "e1", "type": "LOC", "mentions": [{"start": s, "end": s + len("الأحساء")}]}],
            "quotes": [], "events": [], "times": []}
    assert score_article(pred, gold).entities.tp_p == 1


def test_english_name_rule():
    from khabar.evaluate import names_match

    assert names_match("Tunisian Ministry of the Interior", "Ministry of the Interior (Tunisia)")
    assert names_match("al-Faisal", "Al Faisal") and names_match("Abdul-Aziz", "Abdulaziz")
    assert names_match("Fahd bin Abdulaziz", "Fahd bin Abdulaziz Al Saud")
    assert names_match("Sao Paulo", "São Paulo") and names_match("Mu'aq", "Muaq")
    assert not names_match("Wzara al-Dakhlia al-Tonsia", "Ministry of the Interior (Tunisia)")
    assert not names_match("Kattan", "Qattan") and not names_match(None, "Putin")


def test_english_name_accuracy_per_gold_entity():
    ents = [
        {"id": "e1", "type": "PER", "name_en": "Vladimir Putin", "mentions": [m("بوتين")]},
        {"id": "e2", "type": "LOC", "name_en": "Rwsya", "mentions": [m("روسيا")]},
    ]
    sc = score_article(pred_of(entities=ents), GOLD)  # Kim not found: not scored
    assert (sc.names.tp_r, sc.names.n_r) == (1, 2) and sc.names.f == 0.5
    assert sc.name_misses == [("Russia", "Rwsya", "LOC")]
