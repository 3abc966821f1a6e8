import pytest

import khabar
from khabar.doc import Article, Span
from khabar.errors import ArgumentTypeError, PipelineError, UsageError
from khabar.pipeline import STAGE_ORDER, Pipeline, default_pipeline
from khabar.stages import build_stage


def test_default_pipeline_order_and_contract():
    pipe = default_pipeline()
    assert pipe.names == list(STAGE_ORDER)
    d = khabar.analyze("قال الرئيس الفرنسي إيمانويل ماكرون في باريس أمس إن فرنسا تدعم أوكرانيا.", date="2024-03-10").to_dict()
    assert {"text", "entities", "times", "quotes", "events", "date"} <= set(d)
    assert d["date"] == "2024-03-10"


def test_wiring_is_checked():
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([build_stage("normalize"), build_stage("entities")])
    with pytest.raises(PipelineError, match="unknown stage"):
        build_stage("nope")


def test_bad_arguments():
    with pytest.raises(UsageError):
        khabar.analyze(b"bytes")
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        khabar.analyze("نص", date="13-09-2023")


def test_check_reports_spans_that_are_not_views():
    art = Article(text="مرحبا بكم")
    art.times.append(khabar.TimeExpr(0, 5, "مرحبا"))
    assert art.check() == []
    art.times.append(khabar.TimeExpr(0, 4, "مرحبا"))
    assert len(art.check()) == 1


def test_stages_declare_requires_and_provides():
    for name in STAGE_ORDER:
        st = build_stage(name)
        assert st.name == name and isinstance(st.provides, frozenset) and st.provides


def test_import_does_no_io(tmp_path):
    import subprocess, sys
    code = ("import sys, builtins; opened=[]; real=builtins.open\n"
            "builtins.open=lambda *a, **k: (opened.append(a[0]), real(*a, **k))[1]\n"
            "import khabar\nprint(len([p for p in opened if 'khabar' in str(p)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


# --------------------------------------------------------------- extension points (issue #12)
def test_exclude_leaves_stages_out_and_checks_names():
    pipe = default_pipeline(exclude=["events"])
    assert "events" not in pipe.names and pipe is not default_pipeline()
    assert pipe.analyze("زار بوتين القاهرة.").events == []
    with pytest.raises(PipelineError, match="cannot exclude"):
        Pipeline(exclude=["evnets"])
    with pytest.raises(PipelineError, match="requires"):
        Pipeline(exclude=["segment"])  # later stages need its tokens


def test_register_stage_adds_a_stage_by_name_with_the_shared_lexicon():
    from khabar.arabic.lexicon import Lexicon
    from khabar.stages import register_stage

    seen = {}

    @register_stage("test_headline", replace=True)
    class Headline:
        name = "test_headline"
        requires = frozenset({"sentences"})
        provides = frozenset({"headline"})

        def __init__(self, lexicon=None):
            seen["lexicon"] = lexicon

        def __call__(self, article):
            article.meta["headline"] = article.sentences[0].text

    lex = Lexicon()
    pipe = Pipeline(add=["test_headline"], exclude=["events", "quotes"], lexicon=lex)
    assert pipe.names[-1] == "test_headline" and seen["lexicon"] is lex
    art = pipe.analyze("عاجل: زيارة\nنص المقال.")
    assert art.meta["headline"] == "عاجل: زيارة"
    with pytest.raises(PipelineError, match="exists"):
        register_stage("entities")(Headline)
    with pytest.raises(PipelineError, match="identifier"):
        register_stage("not a name")


def test_a_stage_from_an_entry_point(monkeypatch):
    import importlib.metadata as md

    class EP:
        name, value = "test_ep_stage", "mypkg:Stage"

        def load(self):
            class S:
                name = "test_ep_stage"
                requires = frozenset()
                provides = frozenset({"x"})

                def __call__(self, article):
                    article.meta["x"] = 1
            return S

    monkeypatch.setattr(md, "entry_points", lambda group=None: [EP()] if group == "khabar.stages" else [])
    pipe = Pipeline(["normalize", "test_ep_stage"])
    assert pipe.analyze("نص").meta["x"] == 1


def test_a_stage_object_must_look_like_one():
    with pytest.raises(PipelineError, match="not a stage"):
        Pipeline([object()])


def test_pipe_takes_texts_dicts_articles_and_tuples():
    pipe = default_pipeline(exclude=["events", "quotes"])
    items = ["نص أول.", {"id": "b", "text": "قال الوزير أمس.", "date": "2024-03-10"}, Article(text="نص")]
    arts = list(pipe.pipe(items, date="2024-01-01"))
    assert [a.id for a in arts] == [None, "b", None]
    assert str(arts[0].date) == "2024-01-01" and arts[1].times[0].value == "2024-03-09"
    pairs = list(pipe.pipe([("نص", {"n": 1})], as_tuples=True))
    assert pairs[0][1] == {"n": 1} and pairs[0][0].tokens
    with pytest.raises(UsageError, match="pair"):
        list(pipe.pipe(["نص"], as_tuples=True))
    with pytest.raises(UsageError, match="cannot analyse"):
        list(pipe.pipe([42]))


def test_pipe_is_lazy():
    pipe = default_pipeline(exclude=["events"])

    def gen():
        yield "نص"
        raise AssertionError("read too far")

    it = pipe.pipe(gen(), batch_size=1)
    assert next(it).text == "نص"


def test_pipe_reads_at_most_one_batch_ahead():
    pipe = default_pipeline(exclude=["events"])
    read = []

    def gen():
        for k in range(10):
            read.append(k)
            yield f"نص رقم {k}."

    it = pipe.pipe(gen(), batch_size=4)
    assert next(it).text == "نص رقم 0."
    assert read == [0, 1, 2, 3]
    assert len(list(it)) == 9 and read == list(range(10))
    with pytest.raises(UsageError, match="batch_size"):
        next(pipe.pipe(["نص"], batch_size=0))


def test_pipe_in_batches_gives_what_one_by_one_gives_and_raises_in_turn():
    """The entity stage tags a batch's sentences together (``prepare``): same results, and an
    item that cannot be analysed raises only when its turn comes."""
    pipe = default_pipeline()
    texts = ["قال الرئيس الروسي فلاديمير بوتين إن بلاده ستدعم كوريا الشمالية.",
             "وصل وزير الخارجية السعودي عادل الجبير إلى القاهرة أمس. والتقى نظيره المصري سامح شكري.",
             "", "أعلنت وزارة الداخلية في الرياض القبض على خلية تابعة لتنظيم داعش في القصيم.",
             "التقى الأمين العام للأمم المتحدة بان كي مون رئيس الوزراء العراقي حيدر العبادي في بغداد."]
    alone = [pipe.analyze(t, "2015-07-21").to_dict() for t in texts]
    together = [a.to_dict() for a in pipe.pipe(texts, date="2015-07-21", batch_size=5)]
    assert together == alone
    got = []
    with pytest.raises(ArgumentTypeError, match="cannot analyse"):
        for a in pipe.pipe([texts[0], 42, texts[1]], batch_size=3):
            got.append(a)
    assert len(got) == 1


def test_missing_user_files_fail_at_build(tmp_path):
    from khabar.errors import DataError

    with pytest.raises(DataError, match="nope.npz"):
        Pipeline(ner_model=tmp_path / "nope.npz")
    with pytest.raises(UsageError, match="gazetteer file not found"):
        Pipeline(gazetteer=str(tmp_path / "nope.tsv"))


def test_dates_must_be_dates():
    import datetime

    assert khabar.analyze("نص", date=datetime.datetime(2024, 3, 10, 12, 0)).date == datetime.date(2024, 3, 10)
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        khabar.analyze("نص", date=20240310)


def test_pipeline_repr():
    assert repr(Pipeline(["normalize", "segment"])) == "Pipeline(['normalize', 'segment'])"


@pytest.mark.parametrize("date", [20230913, 2023.0, b"2023-09-13", ["2023-09-13"], {"y": 2023}, object()])
def test_a_date_of_the_wrong_type_is_a_type_error_and_a_khabar_error(date):
    # issue #17, item 6: a clear khabar error that `except TypeError` also catches
    from khabar.errors import KhabarError

    for call in (lambda: khabar.analyze("قال بوتين", date=date), lambda: list(khabar.default_pipeline().pipe(["نص"], date=date))):
        with pytest.raises(TypeError, match="date must be") as exc:
            call()
        assert isinstance(exc.value, KhabarError)
    with pytest.raises(TypeError, match="text must be a str"):
        khabar.analyze(b"bytes")


def test_run_many_keeps_an_exception_given_in_place_of_an_article():
    from khabar.pipeline import make_article

    pipe = default_pipeline(exclude=["events"])
    bad = ValueError("not an article")
    out = pipe.run_many([make_article("قال الوزير أمس."), bad, make_article("وصل الرئيس إلى الرياض.")])
    assert out[1] is bad and out[0].tokens and out[2].tokens
    assert out[0].done == out[2].done == pipe.names
