import json

import pytest

import khabar
from khabar.doc import Article
from khabar.errors import InputError

TEXT = ("قال الرئيس الروسي فلاديمير بوتين أمس في موسكو إن بلاده ستدعم كوريا الشمالية. "
        "وزار الزعيم الكوري كيم جونغ أون روسيا الأربعاء.")


def test_from_dict_round_trips_the_contract():
    art = khabar.analyze(TEXT, date="2023-09-13", id="x1", title="عنوان", source="test")
    d = json.loads(json.dumps(art.to_dict(), ensure_ascii=False))
    back = Article.from_dict(d)
    assert back.to_dict() == d
    assert back.check() == []
    assert {m.entity for m in back.mentions} == {e.id for e in back.entities}


def test_from_dict_refuses_what_is_not_an_article():
    with pytest.raises(InputError, match="text"):
        Article.from_dict({"entities": []})
    with pytest.raises(InputError, match="not an article dict"):
        Article.from_dict({"text": "نص", "entities": [{"id": "e1"}]})


def test_repr_is_short():
    art = khabar.analyze(TEXT * 20, date="2023-09-13", id="x1")
    r = repr(art)
    assert r.startswith("<Article id='x1' date=2023-09-13 ") and len(r) < 200
    assert "tokens" in r and "entities" in r


def test_check_names_the_bad_span():
    art = Article(text="نص المقال")
    art.times.append(khabar.TimeExpr(0, 2, "نص"))
    art.times.append(khabar.TimeExpr(3, 5, "xx"))
    assert art.check() == ["time [3:5] 'xx'"]
