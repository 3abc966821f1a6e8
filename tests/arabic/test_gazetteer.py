"""The gazetteer as an object: the shipped names, a user's TSV over them, lookups."""

from __future__ import annotations

import gzip

import pytest

from khabar.arabic.gazetteer import GazEntry, Gazetteer
from khabar.arabic.lexicon import Lexicon
from khabar.errors import DataError, UsageError


def _tsv(tmp_path, text, name="mine.tsv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_is_the_shipped_gazetteer_read_lazily():
    gaz = Gazetteer.default()
    assert gaz is Gazetteer.default()  # one per process
    moscow = gaz.get("موسكو")
    assert moscow and moscow[0].name_en == "Moscow" and moscow[0].type == "LOC"
    assert "موسكو" in gaz and gaz["موسكو"] == moscow
    assert gaz.get("لا يوجد اسم كهذا") is None
    assert len(gaz) > 10000
    assert "موسكو" in gaz.first_words and gaz.max_len >= 3
    assert gaz.first_words is gaz.first_words  # memoized per gazetteer


def test_a_fresh_gazetteer_reads_nothing_until_asked():
    lex = Lexicon()
    gaz = Gazetteer.for_lexicon(lex)
    assert "not read yet" in repr(gaz)
    assert gaz is Gazetteer.for_lexicon(lex)
    assert gaz.get("موسكو")
    assert "names" in repr(gaz)


def test_user_entries_add_to_and_override_the_shipped(tmp_path):
    path = _tsv(tmp_path, "# my names\nname\ttype\tname_en\tcountry\n"
                          "الكرملين\tORG\tThe Kremlin\tRUS\n"
                          "موسكو\tORG\tMoscow City Hall\n"
                          "شركة المثال للتقنية\tORG\tExample Tech\n")
    gaz = Gazetteer.from_tsv(path)
    assert gaz.get("الكرملين") == (GazEntry("الكرملين", "ORG", "The Kremlin", "RUS", "user"),)
    # a user key replaces all shipped entries of that key
    assert gaz.get("موسكو") == (GazEntry("موسكو", "ORG", "Moscow City Hall", None, "user"),)
    # names are normalized as tokens are (ة → ه)
    assert gaz.get("شركه المثال للتقنيه")[0].name_en == "Example Tech"
    assert gaz.max_len >= 3 and "شركه" in gaz.first_words
    # the rest of the shipped gazetteer is there, and is not changed
    assert gaz.get("باريس")[0].name_en == Gazetteer.default().get("باريس")[0].name_en
    assert Gazetteer.default().get("موسكو")[0].name_en == "Moscow"
    assert gaz.user_keys == {"الكرملين", "موسكو", "شركه المثال للتقنيه"}


def test_user_file_over_another_base_and_gz(tmp_path):
    base = Gazetteer({"باريس": (GazEntry("باريس", "LOC", "Paris", "FRA", "cldr"),)})
    path = tmp_path / "mine.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("لندن\tloc\tLondon\tgbr\n")
    gaz = Gazetteer.from_tsv(path, base=base)
    assert set(gaz) == {"باريس", "لندن"}
    assert gaz.get("لندن")[0] == GazEntry("لندن", "LOC", "London", "GBR", "user")
    # chained: a second file over the first
    second = Gazetteer.from_tsv(_tsv(tmp_path, "لندن\tORG\tLondon Council\n"), base=gaz)
    assert second.get("لندن")[0].type == "ORG" and second.user_keys == {"لندن"}


@pytest.mark.parametrize("line, what", [
    ("الكرملين\tORG", "2 columns"),
    ("الكرملين\tORG\tKremlin\tRUS\textra", "5 columns"),
    ("الكرملين\tBUILDING\tKremlin", "unknown type"),
    ("الكرملين\tORG\tKremlin\tRussia", "ISO 3166"),
    ("\u064b\tORG\tKremlin", "empty name"),
])
def test_bad_user_lines_name_file_and_line(tmp_path, line, what):
    path = _tsv(tmp_path, "# comment\n\nموسكو\tLOC\tMoscow\n" + line + "\n")
    with pytest.raises(UsageError, match=what) as err:
        Gazetteer.from_tsv(path)
    assert str(path) in str(err.value) and "line 4" in str(err.value)


def test_missing_or_undecodable_user_file(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        Gazetteer.from_tsv(tmp_path / "nope.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(UsageError, match="bad.tsv"):
        Gazetteer.from_tsv(bad)


def test_memo_once_per_gazetteer():
    gaz = Gazetteer({"x": (GazEntry("x", "LOC", "X", None, "user"),)})
    calls = []
    assert gaz.memo("k", lambda: calls.append(1) or 5) == 5
    assert gaz.memo("k", lambda: calls.append(1) or 6) == 5
    assert calls == [1]


def test_needs_entries_or_a_loader():
    with pytest.raises(UsageError):
        Gazetteer()


def test_corrupt_shipped_gazetteer_raises_data_error(tmp_path):
    (tmp_path / "gazetteer.tsv.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    gaz = Gazetteer.for_lexicon(Lexicon(root=tmp_path))
    with pytest.raises(DataError, match="gazetteer.tsv.gz"):
        gaz.get("موسكو")


def test_a_lexicon_root_may_ship_its_own_gazetteer(tmp_path):
    with gzip.open(tmp_path / "gazetteer.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("# key type name_en country source\nلندن\tLOC\tLondon\tGBR\tcldr\nshort\tLOC\n")
    gaz = Gazetteer.for_lexicon(Lexicon(root=tmp_path))
    # the root's file replaces the built gazetteer; the curated files (organizations, places),
    # which the root does not have, are the shipped ones
    assert "cldr" in {e.source for e in gaz.get("لندن")} or gaz.get("لندن")[0].source == "places"
    assert "موسكو" not in gaz or {e.source for e in gaz.get("موسكو")} <= {"orgs", "places"}
    assert {e.source for k in gaz if k != "لندن" for e in gaz.get(k)} <= {"orgs", "places"}  # nothing built


def test_a_country_name_that_is_also_a_time_zone_city_is_the_country():
    from khabar.arabic.normalize import normalize

    gaz = Gazetteer.default()
    assert [(e.name_en, e.country) for e in gaz.get(normalize("تونس")) if e.type == "LOC"] == [("Tunisia", "TUN")]
    assert [(e.name_en, e.country) for e in gaz.get(normalize("عمان")) if e.type == "LOC"] == [("Oman", "OMN")]


def test_a_russian_place_whose_arabic_spells_its_on_as_a_word():
    from khabar.arabic.normalize import normalize

    entries = Gazetteer.default().get(normalize("كومسومولسك أون أمور"))
    assert [(e.name_en, e.country) for e in entries] == [("Komsomolsk-on-Amur", "RUS")]


def test_a_university_whose_english_name_is_no_structural_translation():
    from khabar.arabic.normalize import normalize

    entries = Gazetteer.default().get(normalize("جامعة الإمام محمد بن سعود الإسلامية"))
    assert [(e.name_en, e.country) for e in entries] == [("Imam Muhammad ibn Saud Islamic University", "SAU")]
