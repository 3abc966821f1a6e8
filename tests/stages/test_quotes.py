"""The quotes stage: reported speech, its content spans and its speakers (issue #4).

Most tests run the stage on short hand-written examples after normalize + segment, with the
entities given by hand (so they test this stage, not the entity model); the last ones run it
on the gold article.
"""

from __future__ import annotations

import re

import pytest

from khabar.arabic.normalize import normalize
from khabar.doc import Entity, Mention
from khabar.evaluate import score_article
from khabar.pipeline import Pipeline
from khabar.stages import build_stage
from khabar.stages.quotes import Quotes, quote_lexicon, quote_pairs

_PIPE = None


def analyze(text: str, entities=()):
    """Run normalize + segment, add the given entities (surface, type, English name) at every
    occurrence of their surface form, then the quotes stage."""
    global _PIPE
    if _PIPE is None:
        _PIPE = Pipeline([build_stage("normalize"), build_stage("segment")])
    art = _PIPE.analyze(text)
    for k, (surface, typ, name_en) in enumerate(entities, 1):
        ent = Entity(f"e{k}", typ, surface, name_en)
        for m in re.finditer(re.escape(surface), text):
            ent.mentions.append(Mention(m.start(), m.end(), surface, type=typ, entity=ent.id))
        art.entities.append(ent)
    Quotes()(art)
    assert art.check() == []
    return art


def only(art):
    assert len(art.quotes) == 1, [(q.kind, [c.text for c in q.content]) for q in art.quotes]
    return art.quotes[0]


def contents(q):
    return [c.text for c in q.content]


def speaker_name(art, q):
    ent = art.entity(q.speaker_entity)
    return ent.name_en if ent else None


PUTIN = ("بوتين", "PER", "Vladimir Putin")
KIM = ("كيم", "PER", "Kim Jong Un")


# ----------------------------------------------------------------- the stage contract


def test_stage_contract():
    st = build_stage("quotes")
    assert st.name == "quotes"
    assert st.requires == {"tokens", "sentences", "entities"}
    assert st.provides == {"quotes"}


def test_cue_lexicon_is_data_with_all_persons_and_tenses():
    cues = quote_lexicon().cues
    for form in ("قال", "قالت", "قالوا", "يقول", "تقول", "يقولون", "قائلا", "اكد", "اكدت", "يؤكد",
                 "مشيرا", "مشيره", "اضاف", "اضافت", "نفت", "حذر", "صرح", "اعلن", "ذكرت", "كتب", "شكر", "اسماه"):
        assert form in cues, form
    assert cues["مشيرا"].form == "participle"
    assert ("الي", "ان") in cues["اشار"].comps
    assert cues["شكر"].cls == "partial"
    # the noun readings are left out: بين (between), رأي (opinion), يُعد (is considered)
    assert "بين" not in cues and "راي" not in cues and "يعد" not in cues


def test_no_data_loaded_at_import_or_build():
    import subprocess
    import sys

    code = (
        "import khabar.stages.quotes as q\n"
        "from khabar.arabic.lexicon import Lexicon\n"
        "assert Lexicon._default is None\n"
        "st = q.Quotes()\n"
        "assert not st.lexicon._cache.keys(), list(st.lexicon._cache.keys())\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cue_lexicon_compiled_once_per_lexicon(tmp_path):
    """The compiled cues hang off the lexicon; a user lexicon (here a quotes.json with one
    more speech verb) gets its own and leaves the shipped one alone."""
    import json

    from khabar.arabic.lexicon import Lexicon

    lex = Lexicon.default()
    assert quote_lexicon(lex) is quote_lexicon() is quote_lexicon(lex)
    assert Quotes().lexicon is lex and Quotes(lex).lexicon is lex
    text = 'قال: "نص أول" ثم "نص ثان".'
    assert quote_pairs(text, lexicon=lex) == quote_pairs(text, lexicon=quote_lexicon(lex)) == quote_pairs(text)
    data = json.loads(lex.path("lexicons/quotes.json").read_text(encoding="utf-8"))
    data["verbs"].append({"past": "غرد", "present": "يغرد", "class": "speech", "comp": ["ان"]})
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "quotes.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    mine = Lexicon(root=tmp_path)
    assert "غردت" in quote_lexicon(mine).cues and "غردت" not in quote_lexicon(lex).cues
    text = "وغردت الوزيرة أن الاتفاق سيوقع قريبا في العاصمة."
    global _PIPE
    if _PIPE is None:
        _PIPE = Pipeline([build_stage("normalize"), build_stage("segment")])
    art = _PIPE.analyze(text)
    Quotes(mine)(art)
    assert [c.text for c in only(art).content] == ["أن الاتفاق سيوقع قريبا في العاصمة"]
    art = _PIPE.analyze(text)
    Quotes(lex)(art)
    assert art.quotes == []


def test_corrupt_data_file_raises(tmp_path):
    from khabar.arabic.lexicon import Lexicon
    from khabar.errors import DataError

    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "quotes.json").write_text("{not json", encoding="utf-8")
    art = Pipeline([build_stage("normalize"), build_stage("segment")]).analyze("قال: «نص».")
    with pytest.raises(DataError, match="quotes.json"):
        Quotes(Lexicon(root=tmp_path))(art)


def test_empty_article():
    art = analyze("")
    assert art.quotes == []


def test_no_speech_no_quotes():
    art = analyze("وتقع المنشأة النائية على بعد أربع ساعات بالسيارة من أقرب مركز سكاني.")
    assert art.quotes == []


# ----------------------------------------------------------------- direct quotes


@pytest.mark.parametrize(
    "text, content",
    [
        ("وقال بوتين: “إنهم يحاولون تطوير الفضاء أيضا”.", "“إنهم يحاولون تطوير الفضاء أيضا”"),
        ("وقال بوتين: «إنهم يحاولون تطوير الفضاء أيضا».", "«إنهم يحاولون تطوير الفضاء أيضا»"),
        ('وقال بوتين: "إنهم يحاولون تطوير الفضاء أيضا".', '"إنهم يحاولون تطوير الفضاء أيضا"'),
        ("وقال بوتين: 'إنهم يحاولون تطوير الفضاء أيضا'.", "'إنهم يحاولون تطوير الفضاء أيضا'"),
        ('وقال بوتين "إنهم يحاولون تطوير الفضاء أيضا".', '"إنهم يحاولون تطوير الفضاء أيضا"'),
    ],
)
def test_direct_quote_in_every_kind_of_mark(text, content):
    art = analyze(text, [PUTIN])
    q = only(art)
    assert q.kind == "direct"
    assert contents(q) == [content]
    assert q.cue.text == "قال"  # the conjunction و is not part of the cue
    assert q.speaker.text == "بوتين" and speaker_name(art, q) == "Vladimir Putin"
    assert not q.anaphoric


def test_direct_quote_spanning_sentences():
    art = analyze("وقال الوزير: «الوضع صعب. لكننا سننتصر في النهاية». ثم غادر القاعة.")
    q = only(art)
    assert contents(q) == ["«الوضع صعب. لكننا سننتصر في النهاية»"]


def test_two_segments_of_one_statement_are_one_quote():
    text = "قال سيلبي: “يعتمد الأمر على القذائف”. “لا أعتقد أنه سيعطيهم شيئا.”"
    art = analyze(text, [("سيلبي", "PER", "David Silbey")])
    q = only(art)
    assert q.kind == "direct"
    assert contents(q) == ["“يعتمد الأمر على القذائف”", "“لا أعتقد أنه سيعطيهم شيئا.”"]
    assert speaker_name(art, q) == "David Silbey"


def test_direct_quote_with_speaker_after_it():
    text = "“هذه خطوة إلى الأمام في هذا الهدف”، كما قال ديفيد سيلبي، أحد المؤرخين."
    art = analyze(text, [("ديفيد سيلبي", "PER", "David Silbey")])
    q = only(art)
    assert q.kind == "direct" and q.cue.text == "قال"
    assert contents(q) == ["“هذه خطوة إلى الأمام في هذا الهدف”"]
    assert q.speaker.text == "ديفيد سيلبي" and speaker_name(art, q) == "David Silbey"


def test_speaker_with_place_before_the_colon():
    art = analyze("وقبل لقائه، كتب كيم في سجل الزوار: “إن مجد روسيا سيكون خالدا”.", [KIM])
    q = only(art)
    assert q.kind == "direct" and q.cue.text == "كتب"
    assert contents(q) == ["“إن مجد روسيا سيكون خالدا”"]
    assert speaker_name(art, q) == "Kim Jong Un"


def test_colon_without_quotation_marks():
    q = only(analyze("وقال الوزير: الوضع مستقر تماما في المدينة."))
    assert q.kind == "direct" and contents(q) == ["الوضع مستقر تماما في المدينة"]


def test_quoted_name_is_not_a_quote():
    # a newspaper's name in guillemets after لـ, then indirect speech
    art = analyze("وصرح المدير لـ«الرياض» بأن المشروع يسير بشكل جيد.")
    q = only(art)
    assert q.kind == "indirect" and contents(q) == ["بأن المشروع يسير بشكل جيد"]
    assert q.speaker.text == "المدير"
    # a one-word quoted name after a reporting verb is not a statement
    assert analyze("كشف تقرير «ساما» الأخير عن نمو القروض.").quotes == []


# ----------------------------------------------------------------- indirect speech


@pytest.mark.parametrize(
    "text, cue, speaker, content",
    [
        ("قال بوتين إن روسيا ستساعد كوريا.", "قال", "بوتين", "إن روسيا ستساعد كوريا"),
        ("وأكدت الوزيرة أن الاتفاق قريب.", "أكدت", "الوزيرة", "أن الاتفاق قريب"),
        ("وأوضح المسؤول أن التحقيق مستمر.", "أوضح", "المسؤول", "أن التحقيق مستمر"),
        ("وأشار المتحدث إلى أن المحادثات مستمرة.", "أشار", "المتحدث", "أن المحادثات مستمرة"),
        ("وأضاف الوزير أن الحكومة ستتحرك.", "أضاف", "الوزير", "أن الحكومة ستتحرك"),
        ("وشدد الرئيس على أن الأمن أولوية.", "شدد", "الرئيس", "أن الأمن أولوية"),
        ("ونفت الشركة أن تكون قد باعت الأسهم.", "نفت", "الشركة", "أن تكون قد باعت الأسهم"),
        ("وحذر الجيش من أن الهجوم وشيك.", "حذر", "الجيش", "أن الهجوم وشيك"),
        ("واعتبر النائب أن القرار خاطئ.", "اعتبر", "النائب", "أن القرار خاطئ"),
        ("وكتب الصحفي أن الوضع يتدهور.", "كتب", "الصحفي", "أن الوضع يتدهور"),
        ("وصرح المدير بأن العمل سيستأنف غدا.", "صرح", "المدير", "بأن العمل سيستأنف غدا"),
        ("وأعلنت الحكومة أن الانتخابات ستجرى في موعدها.", "أعلنت", "الحكومة", "أن الانتخابات ستجرى في موعدها"),
        ("وذكرت الصحيفة أن الوزير استقال.", "ذكرت", "الصحيفة", "أن الوزير استقال"),
        ("ويقول الخبراء إن الأسعار سترتفع.", "يقول", "الخبراء", "إن الأسعار سترتفع"),
        ("وقالت المنظمة إن الوضع خطير.", "قالت", "المنظمة", "إن الوضع خطير"),
    ],
)
def test_indirect_speech_after_every_reporting_verb(text, cue, speaker, content):
    q = only(analyze(text))
    assert q.kind == "indirect"
    assert q.cue.text == cue
    assert q.speaker.text == speaker
    assert contents(q) == [content]


def test_participle_cue_takes_the_sentence_subject():
    text = "واقترح بوتين أن روسيا يمكن أن تساعد في تطوير الأقمار، مشيرا إلى أن كيم “يظهر اهتماما كبيرا”."
    art = analyze(text, [PUTIN, KIM])
    q1, q2 = art.quotes
    assert q1.cue.text == "اقترح" and contents(q1) == ["أن روسيا يمكن أن تساعد في تطوير الأقمار"]
    assert q2.cue.text == "مشيرا" and contents(q2) == ["أن كيم “يظهر اهتماما كبيرا”"]
    assert speaker_name(art, q1) == speaker_name(art, q2) == "Vladimir Putin"
    assert not q2.anaphoric  # the speaker is in the same sentence


def test_partial_quote_inside_indirect_speech_is_one_quote():
    art = analyze("حيث قال بوتين إنه “سعيد برؤية” كيم.", [PUTIN, KIM])
    q = only(art)
    assert q.kind == "indirect"
    assert contents(q) == ["إنه “سعيد برؤية” كيم"]
    assert speaker_name(art, q) == "Vladimir Putin"


def test_indirect_content_runs_over_commas_to_the_quote_end():
    text = "وقال الوزير إنه بينما تحافظ روسيا على موقفها، فإن “هذا لا يمكن، ولا ينبغي، أن يكون عقبة”."
    q = only(analyze(text))
    assert contents(q) == ["إنه بينما تحافظ روسيا على موقفها، فإن “هذا لا يمكن، ولا ينبغي، أن يكون عقبة”"]


def test_indirect_content_stops_at_the_writers_clause():
    q = only(analyze("ويقول الخبراء إن روسيا تحتاج إلى قذائف، في حين تسعى كوريا إلى الغذاء."))
    assert contents(q) == ["إن روسيا تحتاج إلى قذائف"]


def test_verb_inside_reported_speech_does_not_split_it():
    q = only(analyze("وقالت الوزيرة إن بعض الدراسات أشارت إلى أن الإدمان يضعف العلاقات."))
    assert q.cue.text == "قالت"
    assert contents(q) == ["إن بعض الدراسات أشارت إلى أن الإدمان يضعف العلاقات"]


@pytest.mark.parametrize(
    "text",
    [
        "ونفى البلدان اتهامات أمريكية سابقة بأن بيونجيانج تزود موسكو بالأسلحة.",  # بأن of the noun
        "وحاولت حكومته إطلاق ما تقول إنه قمر تجسس صناعي.",  # a relative clause
        "ويذكر أن الوزير زار المدينة العام الماضي.",  # يُذكر أن: the writer's aside
        "وتعتبر أحد طموحات كيم هي أن يعامل كمواطن كامل.",  # تُعتبر: is considered
        "وحذر البيت الأبيض كوريا الشمالية مرارا من إبرام أي صفقة.",  # no complementizer
        "وأظهرت الصور أن كيم كان برفقة وزير الخارجية.",  # not a verb of saying
    ],
)
def test_not_reported_speech(text):
    assert analyze(text).quotes == []


# ----------------------------------------------------------------- partial quotes


def test_partial_quotes_after_verbs_that_are_not_of_saying():
    text = (
        "وعرض كيم على بوتين “دعم بلاده الكامل” لما أسماه “معركة روسيا المقدسة” "
        "وتعهد بأن بلاده “ستكون دائما مع روسيا”."
    )
    art = analyze(text, [PUTIN, KIM])
    kinds = [(q.kind, q.cue.text, contents(q)) for q in art.quotes]
    assert kinds == [
        ("partial", "عرض", ["“دعم بلاده الكامل”"]),
        ("partial", "أسماه", ["“معركة روسيا المقدسة”"]),
        ("indirect", "تعهد", ["بأن بلاده “ستكون دائما مع روسيا”"]),
    ]
    assert all(speaker_name(art, q) == "Kim Jong Un" for q in art.quotes)


def test_partial_quote_speaker_is_a_title_resolved_to_the_person():
    text = "قال بوتين إنه “سعيد برؤية” كيم، وشكر الزعيم الكوري الشمالي مضيفه على دعوته “على الرغم من انشغاله”."
    art = analyze(text, [PUTIN, KIM])
    q1, q2 = art.quotes
    assert contents(q1) == ["إنه “سعيد برؤية” كيم"]  # ends before the next clause (، وشكر)
    assert q2.kind == "partial" and q2.cue.text == "شكر"
    assert contents(q2) == ["“على الرغم من انشغاله”"]
    assert q2.speaker.text == "الزعيم الكوري الشمالي"
    assert speaker_name(art, q2) == "Kim Jong Un"  # the person just mentioned, not the other speaker


def test_leader_title_resolves_but_spokesman_does_not():
    putin = [PUTIN]
    art = analyze("وصل بوتين أمس.\nوقال الرئيس الروسي إن الزيارة ناجحة.", putin)
    assert speaker_name(art, only(art)) == "Vladimir Putin"
    art = analyze("وصل بوتين أمس.\nوقال المتحدث باسم الوزارة إن الزيارة ناجحة.", putin)
    q = only(art)
    assert q.speaker.text == "المتحدث باسم الوزارة" and q.speaker_entity is None


def test_nominal_speaker_uses_references_from_the_resolver():
    from khabar.doc import Reference

    text = "وصل الرئيسان. وقال الزعيم الكوري الشمالي إن الزيارة ناجحة."
    art = analyze(text, [])  # no mentions at all
    assert art.quotes[0].speaker_entity is None
    # the same article once the resolver linked the nominal reference
    art2 = analyze(text, [KIM])
    i = text.index("الزعيم")
    art2.references.append(Reference(i, i + 21, text[i : i + 21], entities=["e1"]))
    art2.entities[0].mentions.clear()
    Quotes()(art2)
    assert art2.quotes[0].speaker_entity == "e1"


# ----------------------------------------------------------------- sources


def test_source_after_indirect_quote_sets_reported_by():
    text = "قال بوتين إنهما سيجيبان على “جميع الأسئلة” وأن “هناك وقتا لذلك”، حسبما ذكرت وكالة ريا نوفوستي."
    art = analyze(text, [PUTIN, ("وكالة ريا نوفوستي", "ORG", "RIA Novosti")])
    q = only(art)
    assert contents(q) == ["إنهما سيجيبان على “جميع الأسئلة” وأن “هناك وقتا لذلك”"]
    assert speaker_name(art, q) == "Vladimir Putin"
    assert art.entity(q.reported_by).name_en == "RIA Novosti"


@pytest.mark.parametrize(
    "text, cue, speaker, content",
    [
        ("وبحسب وزارة الصحة، فإن عدد الضحايا ارتفع إلى عشرة.", "بحسب", "وزارة الصحة",
         "فإن عدد الضحايا ارتفع إلى عشرة"),
        ("ووفقا لمسؤولين أمريكيين، فإن الهجوم أسفر عن مقتل خمسة جنود.", "وفقا", "مسؤولين أمريكيين",
         "فإن الهجوم أسفر عن مقتل خمسة جنود"),
    ],
)
def test_source_before_a_clause_is_its_speaker(text, cue, speaker, content):
    q = only(analyze(text))
    assert q.cue.text == cue and q.speaker.text == speaker and contents(q) == [content]


def test_speech_quoted_through_a_source():
    ents = [("وكالة رويترز", "ORG", "Reuters")]
    for text in ("ذكرت وكالة رويترز نقلا عن مصادر مطلعة أن الوزير سيستقيل.",
                 "ونقلت وكالة رويترز عن مصادر مطلعة أن الوزير سيستقيل.",
                 "ونقلت وكالة رويترز عن مصادر مطلعة قولها إن الوزير سيستقيل."):
        art = analyze(text, ents)
        q = only(art)
        assert q.speaker.text == "مصادر مطلعة" and q.speaker_entity is None, text
        assert q.reported_by == "e1", text


# ----------------------------------------------------------------- speakers


def test_role_and_name_takes_the_person():
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن العلاقات ستتطور."
    art = analyze(text, [("الكرملين", "ORG", "Kremlin"), ("دميتري بيسكوف", "PER", "Dmitry Peskov")])
    q = only(art)
    assert q.speaker.text == "دميتري بيسكوف" and speaker_name(art, q) == "Dmitry Peskov"


def test_name_after_a_title_is_kept_without_an_entity():
    # the entity stage found nothing: the speaker span still covers the name
    q = only(analyze("وقال وزير الخارجية الروسي سيرغي لافروف أمس إن موسكو لن تتراجع."))
    assert q.speaker_entity is None
    assert q.speaker.text.endswith("سيرغي لافروف")


def test_name_before_an_apposition():
    text = "وقال جون بارك، مدير المشروع الكوري في مركز بيلفر، إن الكثير تم تحديده مسبقا."
    q = only(analyze(text))
    assert q.speaker.text == "جون بارك" and contents(q) == ["إن الكثير تم تحديده مسبقا"]


def test_anaphoric_speaker_is_the_previous_quotes_speaker():
    text = (
        "وقال جون بارك، مدير المشروع، إن الاتفاق تم مسبقا.\n"
        "وقال: “الروس لا يجتمعون بهذه الطريقة إلا إذا تم الاتفاق”.\n"
        "وأضاف: “هذا واضح تماما للجميع”."
    )
    art = analyze(text, [("جون بارك", "PER", "John Park")])
    q1, q2, q3 = art.quotes
    assert not q1.anaphoric and q2.anaphoric and q3.anaphoric
    assert [speaker_name(art, q) for q in art.quotes] == ["John Park"] * 3
    assert q2.speaker.text == q3.speaker.text == "جون بارك"
    assert q3.cue.text == "أضاف" and contents(q3) == ["“هذا واضح تماما للجميع”"]


def test_anaphoric_speaker_without_previous_quote_is_the_last_person():
    text = "ووصل الرئيس ماكرون إلى العاصمة مساء أمس.\nوأضاف أن الزيارة تهدف إلى تعزيز العلاقات."
    art = analyze(text, [("ماكرون", "PER", "Emmanuel Macron")])
    q = only(art)
    assert q.anaphoric and speaker_name(art, q) == "Emmanuel Macron"


def test_organizations_as_speakers():
    text = (
        "وقالت وكالة الأنباء المركزية الكورية إن الزعيم وصل. "
        "وقال الكرملين، الثلاثاء، إن الوزير سينضم إلى المحادثات."
    )
    art = analyze(text, [("الكرملين", "ORG", "Kremlin")])
    q1, q2 = art.quotes
    assert q1.speaker.text == "وكالة الأنباء المركزية الكورية" and q1.speaker_entity is None
    assert q2.speaker.text == "الكرملين" and speaker_name(art, q2) == "Kremlin"
    assert contents(q2) == ["إن الوزير سينضم إلى المحادثات"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("وقال مسؤولون إن الصاروخ سقط في البحر.", "مسؤولون"),
        ("ويقول الخبراء إن روسيا تحتاج إلى قذائف.", "الخبراء"),
        ("وقالت مصادر مطلعة إن الاتفاق وشيك.", "مصادر مطلعة"),
        ("وقال شهود عيان إن الانفجار كان قويا.", "شهود عيان"),
        ("ويرى محللون أن الأزمة ستطول.", "محللون"),
    ],
)
def test_unnamed_sources_keep_their_words(text, words):
    q = only(analyze(text))
    assert q.speaker.text == words and q.speaker_entity is None


def test_speaker_is_linked_to_the_overlapping_mention_not_an_addressee():
    art = analyze("وقال كيم لبوتين إن العلاقات قوية.", [KIM, PUTIN])
    q = only(art)
    assert speaker_name(art, q) == "Kim Jong Un"


def test_to_dict_contract():
    art = analyze("قال بوتين إن روسيا ستساعد كوريا.", [PUTIN])
    d = art.to_dict()["quotes"][0]
    assert set(d) >= {"speaker", "cue", "kind", "content", "reported_by"}
    assert d["speaker"] == {"entity": "e1", "text": "بوتين", "start": 4, "end": 9}
    assert d["cue"] == {"text": "قال", "start": 0, "end": 3}
    assert d["content"] == [{"start": 10, "end": 31, "text": "إن روسيا ستساعد كوريا"}]
    assert d["kind"] == "indirect" and d["reported_by"] is None


def test_spans_are_views_with_harakat_and_tatweel():
    text = "وَقَالَ الرئيـــس: «سَنَنْتَصِرُ في النهاية بإذن الله»."
    q = only(analyze(text))
    assert q.cue.text == "قَالَ"
    assert q.speaker.text == "الرئيـــس"


# ----------------------------------------------------------------- quotation marks: no runaway quotes


def test_straight_quotes_used_both_ways_pair_up():
    text = 'قال "نص أول" ثم "نص ثان" ثم قال إن " نص ثالث بفراغ".'
    assert [text[a:b] for a, b in quote_pairs(text)] == ['"نص أول"', '"نص ثان"', '" نص ثالث بفراغ"']


def test_stray_closing_mark_is_ignored():
    text = 'وأشار إلى أنه يجب العمل بصورة أفضل". وقال الوزير "الدراسات أثبتت ذلك".'
    assert [text[a:b] for a, b in quote_pairs(text)] == ['"الدراسات أثبتت ذلك"']


def test_unclosed_quote_never_crosses_paragraphs():
    text = (
        'قال الوزير "هذا نص لم يغلق أبدا. ثم كلام آخر.\n'
        "وفي الفقرة التالية كلام عادي طويل عن أمور أخرى.\n"
        'وفقرة ثالثة "فيها اقتباس" صحيح.'
    )
    assert [text[a:b] for a, b in quote_pairs(text)] == ['"فيها اقتباس"']
    art = analyze(text)
    for q in art.quotes:
        for c in q.content:
            assert "\n" not in c.text
    # the unclosed quote runs to the end of its sentence only
    assert contents(art.quotes[0]) == ['"هذا نص لم يغلق أبدا']


def test_quote_closed_in_the_next_paragraph_by_a_matching_mark():
    text = "قال الوزير: “بداية الاقتباس في فقرة\nونهايته في الفقرة التالية”. ثم انتهى."
    q = only(analyze(text))
    assert contents(q) == ["“بداية الاقتباس في فقرة\nونهايته في الفقرة التالية”"]
    # … but not two paragraphs later, and not by an ambiguous straight mark
    assert quote_pairs("قال: «أ\nب\nج» انتهى.") == []
    assert quote_pairs('وأضاف"ويمكن تلخيص\nالحديث الشرعي" انتهى.') == []


def test_quote_length_is_capped():
    text = "قال: «" + " ".join(["كلام"] * 40) + "»."
    assert quote_pairs(text, max_chars=100) == []
    assert len(quote_pairs(text)) == 1


def test_apostrophes_and_reversed_marks():
    assert quote_pairs("ذهب إلى Dell'Orto أمس.") == []
    text = "قال ”معكوس الاتجاه“ وهنا"
    assert [text[a:b] for a, b in quote_pairs(text)] == ["”معكوس الاتجاه“"]


def test_gulf_style_article_has_no_runaway_quotes():
    text = (
        'وقالت الجمعية الحكومية المحلية إن "بعض المطاعم بدأت بالفعل بتطبيق عرض السعرات". '
        'وقال رئيس الجمعية ايزي سكومبي "وجهنا دعوة لدور السينما". وأضاف "يجهل العديد من الأشخاص عدد السعرات". '
        'وأشار إلى أنه يجب أن يتم العمل بصورة أفضل". ويصنف أكثر من مليون طفل على أنهم بدناء.\n'
        'وقال سكومبي إن " الدراسات أثبتت أن المشروبات سبب رئيسي".'
    )
    art = analyze(text)
    got = [(q.kind, q.cue.text, contents(q)) for q in art.quotes]
    assert got == [
        ("indirect", "قالت", ['إن "بعض المطاعم بدأت بالفعل بتطبيق عرض السعرات"']),
        ("direct", "قال", ['"وجهنا دعوة لدور السينما"']),
        ("direct", "أضاف", ['"يجهل العديد من الأشخاص عدد السعرات"']),
        ("indirect", "أشار", ["أنه يجب أن يتم العمل بصورة أفضل"]),
        ("indirect", "قال", ['إن " الدراسات أثبتت أن المشروبات سبب رئيسي"']),
    ]
    assert "سكومبي" in art.quotes[1].speaker.text  # a rare word after the title reads as a name
    assert art.quotes[2].anaphoric


# ----------------------------------------------------------------- the text view


def test_render_text_shows_speaker_english_name_and_content():
    from khabar.cli.analyze import render_text

    art = analyze("وقال بوتين: “إنهم يحاولون تطوير الفضاء أيضا”.", [PUTIN])
    out = render_text(art)
    assert "بوتين (Vladimir Putin): “إنهم يحاولون تطوير الفضاء أيضا”" in out


# ----------------------------------------------------------------- the gold article


def _with_gold_entities(text: str, gold: dict):
    """The gold article through normalize + segment + quotes, with the gold entities."""
    pipe = Pipeline([build_stage("normalize"), build_stage("segment")])
    art = pipe.analyze(text)
    by_name: dict[str, Entity] = {}
    for g in gold["entities"]:
        ent = by_name.get(g["entity"])
        if ent is None:
            ent = by_name[g["entity"]] = Entity(f"g{len(by_name) + 1}", g["type"], g["text"], g["entity"])
            art.entities.append(ent)
        ent.mentions.append(Mention(g["start"], g["end"], g["text"], type=g["type"], entity=ent.id))
    Quotes()(art)
    return art


def test_gold_article_with_gold_entities(gold_kim):
    text, gold = gold_kim
    art = _with_gold_entities(text, gold)
    assert art.check() == []
    sc = score_article(art.to_dict(), gold)
    assert sc.quotes.f >= 0.9, sc.quotes
    assert sc.attribution.f >= 0.9, sc.attribution
    # the anaphoric ones are flagged, and RIA Novosti is the source of Putin's answer
    anaphoric = [q for q in art.quotes if q.anaphoric]
    assert len(anaphoric) == 2
    reported = [q for q in art.quotes if q.reported_by]
    assert [art.entity(q.reported_by).name_en for q in reported] == ["RIA Novosti"]
    unnamed = {normalize(q.speaker.text) for q in art.quotes if q.speaker and q.speaker_entity is None}
    assert {"الخبراء", "مسؤولون"} <= unnamed


def test_gold_article_without_any_entities_still_attributes_by_span(gold_kim):
    text, gold = gold_kim
    art = _with_gold_entities(text, {"entities": []})
    sc = score_article(art.to_dict(), gold)
    assert sc.quotes.f >= 0.9
    assert sc.attribution.f >= 0.85


def test_gold_article_full_pipeline(gold_kim_article, gold_kim):
    _, gold = gold_kim
    art = gold_kim_article
    assert art.check() == []
    sc = score_article(art.to_dict(), gold)
    assert sc.quotes.f >= 0.9, sc.quotes
    assert sc.attribution.f >= 0.85, sc.attribution


# --------------------------------------------------------------------------- hostile inputs (issue #17)


def _content_chars(art) -> int:
    return sum(c.end - c.start for q in art.quotes for c in q.content)


@pytest.mark.parametrize("unit", ["وأضاف: ", "قال: ", "قال إن ", "وقال إن ", 'قال الرئيس: "', "وأضاف: الوضع صعب جدا "])
def test_repeated_cues_give_output_linear_in_the_text(unit):
    # 'وأضاف: ' × 8166 (98 KB) gave 8,115 quotes, each running to the end of the one long
    # sentence: 400 MB of JSON and 40 s. Quote contents may not nest in one another, so
    # their total stays within the text (and each within max_quote_chars).
    text = unit * 3000
    art = analyze(text)
    cap = quote_lexicon().max_quote_chars
    assert all(c.end - c.start <= cap for q in art.quotes for c in q.content)
    assert _content_chars(art) <= len(text)


def test_a_colon_quote_ends_before_the_next_colon_quote():
    text = "وقال الوزير: الوضع صعب جدا في المنطقة وأضاف: نحن نعمل بجد مع الشركاء كل يوم."
    art = analyze(text)
    got = [(q.kind, q.content[0].text) for q in art.quotes]
    assert got == [
        ("direct", "الوضع صعب جدا في المنطقة"),
        ("direct", "نحن نعمل بجد مع الشركاء كل يوم"),
    ]


def test_a_colon_quote_keeps_a_reported_clause_inside_it():
    # only a verb that opens a colon quote of its own ends one: قالت … أن stays inside
    text = "وقال الأب: ذهبت بها للشرطة وهناك قالت ابنتي أن خالها خطفها تحت التهديد."
    art = analyze(text)
    assert art.quotes[0].content[0].text == "ذهبت بها للشرطة وهناك قالت ابنتي أن خالها خطفها تحت التهديد"


def test_the_person_a_title_refers_to_is_found_with_bounded_work(monkeypatch):
    # issue #17: each 'الرئيس' speaker went through every person mention of the article (and
    # each unnamed one too): quadratic in an article of many quotes and names
    from khabar.stages import quotes as q

    calls = {"n": 0}
    original = q._Finder.paragraph

    def counting(self, pos):
        calls["n"] += 1
        return original(self, pos)

    monkeypatch.setattr(q._Finder, "paragraph", counting)
    n = 1500
    art = analyze("وقال الرئيس إن محمد بن سلمان زار الرياض. " * n, [("محمد بن سلمان", "PER", "Mohammed bin Salman")])
    assert len(art.quotes) == n
    assert all(x.speaker_entity == "e1" for x in art.quotes[1:])
    assert calls["n"] <= 320 * n, calls  # a walk back of at most _MAX_MENTIONS_BACK (300) a quote
