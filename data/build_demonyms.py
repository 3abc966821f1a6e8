"""Build ``src/khabar/data/lexicons/demonyms.tsv``: Arabic nationality adjectives -> country.

Run from the repository root (after build_vocab.py)::

    python data/build_demonyms.py

Format: a '#' comment header, then ``adjective_key<TAB>ISO3<TAB>name_en`` sorted by key, one
line per key. ``adjective_key`` is normalized with ``khabar.arabic.normalize.normalize``.

Source 1, arwikicats' nationality tables (``jsons/nationalities/nationalities_data.json``,
``all_nat_as_en.json``, ``nationalities_data_with_directions.json``): per nationality the
masculine, feminine, masculine plural, feminine plural and the forms with the article
(روسي، روسية، روس، روسيات، الروسي، الروسية); we add the article to the plurals too (الروس).
The country comes from the table's English country name, resolved to ISO3 with pycountry/CLDR;
nationalities of no present-day ISO country (soviet, prussian, english …) are left out.

Source 2, for ISO countries arwikicats does not cover: the nisba rule on the single-word CLDR
Arabic country name without the article (drop a final ا/ه, add ي / ية), kept only if the
masculine or feminine form occurs in the SaudiNewsNet vocabulary (count >= 3).

A key claimed by several countries (كونغولي: COD, COG) goes to the country whose own
nationality entry is the most specific (fewest words in the English nationality) and then the
lower ISO3 code, so the file has one line per key.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA_OUT, is_arabic_only, iso3_from_en, load_arwikicats, normalize, vocab  # noqa: E402

OUT = DATA_OUT / "lexicons" / "demonyms.tsv"
FORMS = ("male", "female", "males", "females", "the_male", "the_female")


def country_en(a3: str) -> str:
    import pycountry
    from babel import Locale

    c = pycountry.countries.get(alpha_3=a3)
    return Locale("en").territories.get(c.alpha_2, c.name) if c else ""


def main() -> int:
    t0 = time.time()
    cands: dict[str, list[tuple]] = {}
    covered: set[str] = set()

    def add(ar: str, a3: str, rank: tuple) -> None:
        k = normalize(ar)
        if k and is_arabic_only(k):
            cands.setdefault(k, []).append((rank, a3))

    for rel in ("nationalities/nationalities_data.json", "nationalities/all_nat_as_en.json",
                "nationalities/nationalities_data_with_directions.json"):
        for nat, v in sorted(load_arwikicats(rel).items()):
            if not isinstance(v, dict) or not v.get("en"):
                continue
            a3 = iso3_from_en(v["en"])
            if not a3:
                continue
            covered.add(a3)
            rank = (0, len(nat.split()), a3)
            for f in FORMS:
                if v.get(f):
                    add(v[f], a3, rank)
            for f in ("males", "females"):
                w = normalize(v.get(f) or "")
                if w and " " not in w and not w.startswith("ال"):
                    add("ال" + w, a3, rank)

    # nisba rule for the rest
    import pycountry
    from babel import Locale

    voc = vocab()
    ar = Locale("ar").territories
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        if c.alpha_3 in covered or c.alpha_2 not in ar:
            continue
        name = normalize(ar[c.alpha_2])
        if " " in name:
            continue
        stem = name[2:] if name.startswith("ال") else name
        if stem.endswith(("ا", "ه")):
            stem = stem[:-1]
        m, f = stem + "ي", stem + "يه"
        if voc.get(m, 0) < 3 and voc.get(f, 0) < 3:
            continue
        rank = (1, 1, c.alpha_3)
        for w in (m, f, "ال" + m, "ال" + f):
            add(w, c.alpha_3, rank)

    lines = []
    for k in sorted(cands):
        _rank, a3 = min(cands[k])
        lines.append(f"{k}\t{a3}\t{country_en(a3)}\n")
    header = ("# Arabic nationality adjective (normalized) -> ISO 3166 alpha-3 -> English country name.\n"
              "# Built by data/build_demonyms.py from arwikicats nationality tables (MIT) and CLDR "
              "country names (Unicode licence); columns: adjective_key\\tISO3\\tname_en\n")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(lines)} keys, {len({l.split(chr(9))[1] for l in lines})} countries, "
          f"{OUT.stat().st_size / 1024:.0f} KB, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
