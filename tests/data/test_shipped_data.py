"""The compiled language data shipped in khabar/data (built by the scripts in data/)."""

from __future__ import annotations

from functools import lru_cache

from khabar.arabic.normalize import normalize
from khabar.resources import data_path, read_lines

TYPES = {"PER", "ORG", "LOC", "MISC"}


@lru_cache(maxsize=1)
def gazetteer() -> dict[tuple[str, str], tuple[str, str, str]]:
    out = {}
    for line in read_lines("gazetteer.tsv.gz"):
        key, typ, name_en, country, source = line.split("\t")
        assert (key, typ) not in out, f"duplicate key+type: {key} {typ}"
        out[(key, typ)] = (name_en, country, source)
    return out


def test_gazetteer_rows_well_formed():
    g = gazetteer()
    assert len(g) > 10_000
    for (key, typ), (_en, country, source) in g.items():
        assert key and normalize(key) == key
        assert typ in TYPES
        assert country == "" or (len(country) == 3 and country.isupper())
        assert source in {"cldr", "pycountry", "geonames", "arwikicats", "pyarabic"}


def test_gazetteer_known_places():
    g = gazetteer()
    assert g[("روسيا", "LOC")][:2] == ("Russia", "RUS")
    assert g[("موسكو", "LOC")][1] == "RUS"
    assert g[("الولايات المتحده", "LOC")][1] == "USA"


def test_gazetteer_sorted():
    lines = read_lines("gazetteer.tsv.gz")
    assert list(lines) == sorted(lines, key=lambda l: tuple(l.split("\t")[:2]))


def test_demonyms():
    dem = {}
    for line in read_lines("lexicons/demonyms.tsv"):
        key, iso3, _name = line.split("\t")
        assert normalize(key) == key and key not in dem
        dem[key] = iso3
    assert dem["روسي"] == "RUS"
    assert dem["الروسيه"] == "RUS"


def test_vocab():
    words = [line.split("\t") for line in read_lines("vocab.tsv.gz")]
    assert len(words) > 50_000
    assert "في" in [w for w, _ in words[:5]]
    counts = [int(n) for _, n in words]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 3


def test_first_names():
    names = read_lines("first_names.txt")
    assert len(names) > 1000
    assert list(names) == sorted(set(names))
    assert all(normalize(n) == n for n in names)
    assert "محمد" in names


def test_size_budgets():
    assert data_path("gazetteer.tsv.gz").stat().st_size < 3_000_000
    assert data_path("vocab.tsv.gz").stat().st_size < 2_500_000
