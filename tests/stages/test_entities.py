"""The entity stage on short examples written for the tests (rules, gazetteer, propagation)."""

import pytest

from khabar.pipeline import Pipeline
from khabar.stages import build_stage
from khabar.stages.entities import Candidate, merge


@pytest.fixture(scope="module")
def pipe():
    # the model is left out so that these tests pin down gazetteer and rules alone
    return Pipeline([build_stage("normalize"), build_stage("segment"),
                     build_stage("entities", use_model=False), build_stage("resolve")])


def mentions(pipe, text):
    art = pipe.analyze(text)
    assert art.check() == []
    return [(m.text, m.type) for m in art.mentions]


def test_countries_with_clitics_are_whole_token_mentions(pipe):
    got = mentions(pipe, "وصل الوفد إلى لروسيا ثم زار والولايات المتحدة وفرنسا.")
    assert ("لروسيا", "LOC") in got
    assert ("والولايات المتحدة", "LOC") in got
    assert ("وفرنسا", "LOC") in got


def test_common_words_are_not_places(pipe):
    got = mentions(pipe, "وردا على سؤال قال إن لديه برنامجا كبيرا في البلاد.")
    assert all(t not in ("وردا", "لديه", "كبيرا") for t, _ in got)


def test_title_before_a_name(pipe):
    got = mentions(pipe, "وقال وزير الخارجية البرازيلي ماورو فييرا إن المحادثات مستمرة.")
    assert ("ماورو فييرا", "PER") in got


def test_speech_verb_before_a_name_and_given_names(pipe):
    got = mentions(pipe, "وقال ستيفان دوجاريك إن الأمين العام قلق.")
    assert ("ستيفان دوجاريك", "PER") in got


def test_organization_head_before_a_rare_name(pipe):
    got = mentions(pipe, "وقال باحث في جامعة ييل الأمريكية إن الدراسة نشرت.")
    assert ("جامعة ييل", "ORG") in got


def test_nisba_adjective_after_a_head_is_not_a_name(pipe):
    got = mentions(pipe, "التقيا في ميناء فضائي روسي ثم في مركز سكاني كبير.")
    assert got == [] or all(t not in ("ميناء فضائي روسي", "مركز سكاني") for t, _ in got)


def test_propagation_and_resolution_of_name_parts(pipe):
    art = pipe.analyze("وقال وزير الخارجية ماورو فييرا إن الاجتماع مهم. وأضاف فييرا أن لفييرا موقفا.")
    ents = [e for e in art.entities if e.type == "PER"]
    assert len(ents) == 1
    assert sorted(m.text for m in ents[0].mentions) == sorted(["ماورو فييرا", "فييرا", "لفييرا"])


def test_spelling_variants_resolve_to_one_entity(pipe):
    art = pipe.analyze("زار الوفد بيونغ يانغ. وقالت بيونجيانج إنها ترحب.")
    locs = [e for e in art.entities if e.name_en == "Pyongyang"]
    assert len(locs) == 1 and len(locs[0].mentions) == 2


def test_english_names_from_gazetteer_and_transliteration(pipe):
    art = pipe.analyze("وقال وزير الخارجية ماورو فييرا في موسكو.")
    names = {e.name_en for e in art.entities}
    assert "Moscow" in names
    assert any(n and n[0].isupper() and n.isascii() for n in names - {"Moscow"})


def test_merge_prefers_cue_backed_then_longer():
    a = Candidate(0, 2, "ORG", 0.9, 2, "rule", "x")
    b = Candidate(1, 2, "LOC", 1.0, 1, "gaz", "y")
    c = Candidate(3, 4, "PER", 0.6, 0, "part", "z")
    assert merge([b, a, c], 5) == [a, c]


def test_every_mention_is_a_view(pipe):
    art = pipe.analyze("قالَ الرئيـسُ الفرنسيُّ إيمانويل ماكرون في باريس، أمس، إن فرنسا ستساعد أوكرانيا.")
    assert art.check() == []
    assert any(m.type == "LOC" for m in art.mentions)


def test_names_with_bin_after_a_title(pipe):
    got = mentions(pipe, "استقبل وزير الخارجية السعودي الأمير فيصل بن فرحان نظيره في الرياض.")
    assert ("فيصل بن فرحان", "PER") in got
    assert ("الرياض", "LOC") in got


def test_a_name_does_not_end_on_a_connector(pipe):
    got = mentions(pipe, "وقال الشيخ سلطان بن في المؤتمر.")
    assert all(not t.endswith("بن") for t, _ in got)


class _FakeTagger:
    """Tags given token spans, to test how the entity stage treats the model's output."""

    def __init__(self, spans):
        self.spans = spans  # {(sentence_token_index_start, end): (type, score)}

    def tag_with_scores(self, sentences):
        out = []
        for sent in sentences:
            tags = [("O", 0.9)] * len(sent)
            for (i, j), (typ, p) in self.spans.items():
                if j <= len(sent):
                    tags[i:j] = [("B-" + typ, p)] + [("I-" + typ, p)] * (j - i - 1)
            out.append(tags)
        return out


def _with_model(text, spans):
    from khabar.stages.entities import Entities

    ents = Entities()
    ents.model._tagger = _FakeTagger(spans)
    pipe = Pipeline([build_stage("normalize"), build_stage("segment"), ents, build_stage("resolve")])
    art = pipe.analyze(text)
    return [(m.text, m.type, m.source) for m in art.mentions]


def test_model_adds_names_the_lexicons_miss_and_they_recur():
    text = "وقال الكرملين إن الزيارة مهمة وأكد الكرملين ذلك"
    got = _with_model(text, {(1, 2): ("ORG", 0.95)})
    assert ("الكرملين", "ORG", "model") in got
    assert sum(1 for t, _, _ in got if t == "الكرملين") == 2


def test_model_span_may_not_join_two_found_names():
    text = "زار الوفد موسكو باريس أمس"
    got = _with_model(text, {(2, 4): ("LOC", 0.99)})
    assert ("موسكو باريس", "LOC", "model") not in got
    assert {t for t, _, _ in got} >= {"موسكو", "باريس"}


def test_unsure_model_words_that_are_common_or_nationalities_are_dropped():
    text = "قال إنه سعيد جدا بالتعاون الروسي"
    got = _with_model(text, {(2, 3): ("PERS", 0.6), (5, 6): ("PERS", 0.99)})
    assert got == []
