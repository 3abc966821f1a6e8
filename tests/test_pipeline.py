import pytest

import khabar
from khabar.doc import Article, Span
from khabar.errors import PipelineError, UsageError
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
