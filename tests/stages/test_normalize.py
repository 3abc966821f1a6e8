from khabar.doc import Article
from khabar.pipeline import Pipeline
from khabar.stages.normalize import Normalize


def test_builds_the_view_and_leaves_the_text_alone():
    text = "قالَ الرئيسُ إنّ الاجتماعَ عُقد أمسِ"
    art = Article(text=text)
    Normalize()(art)
    assert art.text == text
    assert "norm" in art.__dict__  # built once, cached on the article
    assert art.norm.text == "قال الرئيس ان الاجتماع عقد امس"
    s = art.norm.text.index("الاجتماع")
    a, b = art.norm.to_orig(s, s + len("الاجتماع"))
    assert text[a:b] == "الاجتماعَ"


def test_needs_nothing_and_provides_norm():
    st = Normalize()
    assert st.requires == frozenset() and st.provides == frozenset({"norm"})
    assert Pipeline([st]).analyze("نص").done == ["normalize"]
