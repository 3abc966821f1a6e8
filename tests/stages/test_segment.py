import khabar
from khabar.pipeline import Pipeline
from khabar.stages import build_stage


def seg(text):
    pipe = Pipeline([build_stage("normalize"), build_stage("segment")])
    return pipe.analyze(text)


def test_tokens_are_views_and_punctuation_is_split():
    art = seg("قال الرئيس: «نحن هنا»، ثم غادر.")
    assert [t.text for t in art.tokens] == ["قال", "الرئيس", ":", "«", "نحن", "هنا", "»", "،", "ثم", "غادر", "."]
    assert art.check() == []


def test_harakat_tatweel_and_zero_width_do_not_split_words():
    art = seg("الرئيـــسُ قَالَ\u200c إن")
    assert [t.text for t in art.tokens] == ["الرئيـــسُ", "قَالَ", "إن"]
    assert [t.norm for t in art.tokens] == ["الرييس".replace("الرييس", "الرئيس"), "قال", "ان"]


def test_numbers_keep_decimal_and_thousands_separators():
    art = seg("بلغ 3.5 مليون و1,200 دولار")
    assert "3.5" in [t.text for t in art.tokens]
    assert "1,200" in [t.text for t in art.tokens]


def test_sentences_split_on_terminal_marks_and_lines():
    art = seg("عنوان بلا نقطة\nالجملة الأولى. هل هذه ثانية؟ نعم! وقال: “انتهى.” ثم ذهب.")
    texts = [s.text for s in art.sentences]
    assert texts[0] == "عنوان بلا نقطة"
    assert texts[1] == "الجملة الأولى."
    assert texts[2] == "هل هذه ثانية؟"
    assert texts[3] == "نعم!"
    # the closing quote stays with its sentence
    assert texts[4] == "وقال: “انتهى.”"
    assert texts[5] == "ثم ذهب."
    assert all(t.sentence == s.index for s in art.sentences for t in art.tokens[s.token_start:s.token_end])
    assert art.sentences[1].paragraph == 1


def test_clitics_are_exposed_on_tokens():
    art = seg("والولايات للأمم وبالأمم")
    w, l, b = art.tokens
    assert w.prefixes == ("و", "ال") and w.stem == "ولايات"
    assert l.prefixes == ("ل", "ال") and l.stem == "امم"
    assert b.prefixes == ("و", "ب", "ال") and b.stem == "امم"
    for t in art.tokens:
        assert art.text[t.stem_start:t.stem_end] in t.text


def test_frequent_words_are_not_split_but_clitic_names_are():
    art = seg("وزير لروسيا وكالة")
    vz, lr, wk = art.tokens
    assert vz.prefixes == ()
    assert lr.prefixes == ("ل",) and lr.stem == "روسيا"
    assert wk.prefixes == ()


def test_empty_and_whitespace_text():
    assert seg("").tokens == []
    assert seg(" \n\t ").sentences == []


def test_crlf_bom_bidi_marks():
    art = khabar.analyze("\ufeffقال\u200f الوزير\r\nأمس.")
    assert art.check() == []
    assert [t.norm for t in art.tokens][:2] == ["قال", "الوزير"]


def test_an_over_long_sentence_is_cut_into_bounded_pieces():
    # issue #17: 300,000 commas were one sentence, and every later stage's work (and memory)
    # grew with it; a sentence now holds at most MAX_SENTENCE_TOKENS tokens
    from khabar.stages.segment import MAX_SENTENCE_TOKENS

    n = MAX_SENTENCE_TOKENS * 5 + 7
    art = seg("،" * n)
    assert len(art.tokens) == n
    assert max(s.token_end - s.token_start for s in art.sentences) <= MAX_SENTENCE_TOKENS
    assert len(art.sentences) == 6
    assert [s.token_start for s in art.sentences] == [k * MAX_SENTENCE_TOKENS for k in range(6)]
    assert all(t.sentence == art.sentences[t.index // MAX_SENTENCE_TOKENS].index for t in art.tokens)
    words = seg("كلمة " * (MAX_SENTENCE_TOKENS + 1))
    assert [s.token_end - s.token_start for s in words.sentences] == [MAX_SENTENCE_TOKENS, 1]
    assert words.check() == []
