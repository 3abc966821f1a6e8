"""Issue #16, quotes part: a regression set of short hand-written sentences, one group for each
error class seen on unseen news (the pluperfect frame, far complementizers, nested quotation
marks, social-media attributions, bylines), and for the mechanisms added with them (noun
contents, the subject of the latest cue, a participle's sentence subject, short names of
organisations, unnamed sources with their affiliation)."""

from __future__ import annotations

from tests.stages.test_quotes import analyze, contents, only, speaker_name

SAMI = ("سامي العلي", "PER", "Sami Al-Ali")
KHALID = ("خالد الحربي", "PER", "Khalid Al-Harbi")
CLUB = ("نادي الهلال", "ORG", "Al-Hilal Club")
OBS = ("المرصد السوري لحقوق الإنسان", "ORG", "Syrian Observatory for Human Rights")
TALIBAN = ("حركة طالبان", "ORG", "Taliban")


def by_start(art):
    return sorted(art.quotes, key=lambda q: q.content[0].start)


def quote_with(art, words):
    hits = [q for q in art.quotes if any(words in c.text for c in q.content)]
    assert len(hits) == 1, [contents(q) for q in art.quotes]
    return hits[0]


# ---------------------------------------------------------------- pluperfect: وكان X قد أعلن أن


def test_pluperfect_frame_gives_the_subject_between_kana_and_qad():
    art = analyze("قال سامي العلي إن الاتفاق قريب من الاكتمال. وكان خالد الحربي قد أعلن أن "
                  "المفاوضات توقفت منذ أسبوع بسبب الخلاف على الحدود.", [SAMI, KHALID])
    q = quote_with(art, "المفاوضات توقفت")
    assert speaker_name(art, q) == "Khalid Al-Harbi"
    assert speaker_name(art, quote_with(art, "الاتفاق قريب")) == "Sami Al-Ali"


def test_pluperfect_frame_with_a_title_before_the_name():
    art = analyze("قال سامي العلي إن الاتفاق قريب. وكانت وزيرة الخارجية ليلى خالد الحربي قد "
                  "أكدت أن المفاوضات مستمرة حتى نهاية الشهر.", [SAMI, KHALID])
    assert speaker_name(art, quote_with(art, "المفاوضات مستمرة")) == "Khalid Al-Harbi"


# ---------------------------------------------------------------- the verb far from إن/أن


def test_complementizer_far_after_the_subject_and_adverbs():
    art = analyze("وقال وزير الخارجية سامي العلي في مؤتمر صحفي عقده اليوم في العاصمة مع نظيره الفرنسي إن "
                  "المحكمة أصدرت أحكامها في ظروف غير طبيعية.", [SAMI])
    q = only(art)
    assert contents(q)[0].startswith("إن المحكمة")
    assert speaker_name(art, q) == "Sami Al-Ali"


def test_noun_content_after_a_preposition_of_the_verb():
    art = analyze("وكشف خالد الحربي لـ«الرياض» عن ميثاق جديد للحد من البرامج التي تروج للعنف "
                  "بين الشباب.", [KHALID])
    q = only(art)
    assert contents(q)[0].startswith("ميثاق جديد")
    assert speaker_name(art, q) == "Khalid Al-Harbi"


def test_noun_content_with_bi_and_adverbs_between():
    art = analyze("وأفاد المرصد السوري لحقوق الإنسان أمس بمقتل سبعة أشخاص في قصف على البلدتين.", [OBS])
    q = only(art)
    assert "سبعة أشخاص" in contents(q)[0]
    assert speaker_name(art, q) == "Syrian Observatory for Human Rights"


def test_no_noun_content_after_a_relative():
    art = analyze("ويرفض قسم من الحركة مبايعة الزعيم الجديد، ما كشف عن أكبر أزمة في صفوفها منذ سنوات.")
    assert art.quotes == []


# ---------------------------------------------------------------- nested quotation marks


def test_inner_quotation_marks_do_not_cut_the_quote():
    art = analyze("وقال خالد الحربي: «إن ما يسمى \"الهدنة\" لم يصمد سوى ساعات، ونحن مستعدون للرد "
                  "على أي هجوم».", [KHALID])
    q = only(art)
    assert "مستعدون للرد" in contents(q)[-1]
    assert speaker_name(art, q) == "Khalid Al-Harbi"


# ---------------------------------------------------------------- social media


def test_a_tweet_is_the_person_s_not_his_club_s():
    art = analyze("وكتب لاعب نادي الهلال خالد الحربي في تغريدة عبر حسابه في تويتر أن الفريق "
                  "سيعود أقوى في الموسم المقبل.", [CLUB, KHALID])
    q = only(art)
    assert speaker_name(art, q) == "Khalid Al-Harbi"


def test_a_tweet_after_a_named_subject_with_the_platform_first():
    art = analyze("وقال خالد الحربي عبر حسابه على موقع تويتر إن نادي الهلال سيعلن قائمته غدا.",
                  [CLUB, KHALID])
    q = only(art)
    assert speaker_name(art, q) == "Khalid Al-Harbi"
    assert contents(q)[0].startswith("إن نادي الهلال")


# ---------------------------------------------------------------- bylines and datelines


def test_a_byline_author_is_not_a_speaker():
    art = analyze("الرياض - خالد الحربي\nقال مسؤول في الوزارة إن المدارس جاهزة لاستقبال الطلاب.", [KHALID])
    q = only(art)
    assert q.speaker_entity is None
    assert "مسؤول" in q.speaker.text


def test_a_byline_author_is_not_inherited_by_a_quote_without_a_subject():
    art = analyze("كتب: خالد الحربي\nأكدت الوزارة أن المدارس جاهزة. وأضافت أن الدراسة تبدأ الأحد.", [KHALID])
    for q in art.quotes:
        assert q.speaker_entity is None, (contents(q), q.speaker)


# ---------------------------------------------------------------- the speaker of a quote without one


def test_the_subject_of_the_latest_cue_before_the_previous_speaker():
    art = analyze("قال سامي العلي إن الطائرة سقطت بسبب عطل فني. وأكد حاكم المقاطعة خالد الحربي "
                  "حصيلة القتلى. وأضاف أن المسلحين غير ناشطين في المنطقة.", [SAMI, KHALID])
    assert speaker_name(art, quote_with(art, "المسلحين غير ناشطين")) == "Khalid Al-Harbi"


def test_a_participle_takes_the_subject_of_its_sentence():
    art = analyze("قال سامي العلي إن الطائرة سقطت. لكن حركة طالبان تبنت العملية قائلة إنها "
                  "أسقطت الطائرة بصاروخ.", [SAMI, TALIBAN])
    assert speaker_name(art, quote_with(art, "أسقطت الطائرة")) == "Taliban"


def test_a_definite_noun_stands_for_the_organisation_it_opens():
    art = analyze("أفاد المرصد السوري لحقوق الإنسان بمقتل سبعة أشخاص. وقال المرصد إن الفصائل "
                  "دخلت البلدتين.", [OBS])
    assert speaker_name(art, quote_with(art, "الفصائل")) == "Syrian Observatory for Human Rights"


def test_an_unnamed_source_keeps_its_affiliation():
    art = analyze("وقال جنرال في القوات الجوية الأفغانية إن سبعة عشر شخصا قتلوا في الحادث.")
    q = only(art)
    assert q.speaker_entity is None
    assert q.speaker.text == "جنرال في القوات الجوية الأفغانية"


def test_but_he_said_opens_a_new_report():
    art = analyze("وأكد سامي العلي أن الحكومة تقف مع السلام، لكنه أكد أيضا أن الأساس هو تنفيذ "
                  "القرار الدولي.", [SAMI])
    qs = by_start(art)
    assert len(qs) == 2
    assert all(speaker_name(art, q) == "Sami Al-Ali" for q in qs)


def test_a_short_aside_in_parentheses_between_the_verb_and_its_content():
    art = analyze("وفي المحافظة أبلغ مصدر قبلي (الرياض) أن معارك عنيفة تدور في المنطقة منذ الصباح.")
    q = only(art)
    assert contents(q)[0].startswith("أن معارك")
    assert q.speaker.text.startswith("مصدر قبلي")
    art = analyze("كشف مصدر عسكري رفيع لـ(الرياض) عن انشقاقات في صفوف الحرس التابع للرئيس السابق.")
    assert contents(only(art))[0].startswith("انشقاقات")


def test_noun_content_after_an_organisation_s_whole_name():
    art = analyze("على صعيد آخر، أفاد المرصد السوري لحقوق الإنسان بمقتل اثنين على الأقل وإصابة العشرات.",
                  [OBS])
    q = only(art)
    assert "اثنين على الأقل" in contents(q)[0]
    assert speaker_name(art, q) == "Syrian Observatory for Human Rights"


def test_a_clause_with_haythu_stays_in_the_reported_speech():
    art = analyze("وقال سامي العلي إن السيطرة على الأرض تسهل للتنظيم نشر دعاياته، حيث تعطي دافعا "
                  "للمتعاطفين معه في الخارج.", [SAMI])
    assert contents(only(art))[0].endswith("للمتعاطفين معه في الخارج")
