"""Build ``src/khabar/data/name_words.tsv``: normalized Arabic name word -> its usual English spelling.

Run from the repository root::

    python data/build_name_words.py

Source: the person entries of the shipped gazetteer (arwikicats, MIT): for every name whose
Arabic and English forms have the same number of words, the words are paired in order, and
each Arabic word keeps its most frequent English spelling (seen at least MIN_SEEN times, in at
least MIN_SHARE of its pairings). The fallback transliteration (khabar.arabic.translit) uses
these before its letter rules, so فيصل is "Faisal", not "Fisl".
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter, defaultdict

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _common import DATA_OUT  # noqa: E402

MIN_SEEN = 1
MIN_SHARE = 0.5
OUT = DATA_OUT / "name_words.tsv"


def main() -> int:
    pairs: dict[str, Counter] = defaultdict(Counter)
    with gzip.open(DATA_OUT / "gazetteer.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            key, typ, name_en, _country, _source = line.rstrip("\n").split("\t")[:5]
            if typ != "PER":
                continue
            ar = key.split()
            en = name_en.replace("-", " ").split()
            if len(ar) != len(en) or len(ar) < 2:
                continue
            for a, e in zip(ar, en):
                if e[:1].isupper() and e.isalpha():
                    pairs[a][e] += 1
    rows = []
    for a, c in pairs.items():
        e, n = c.most_common(1)[0]
        if n >= MIN_SEEN and n >= MIN_SHARE * sum(c.values()):
            rows.append((a, e))
    rows.sort()
    OUT.write_text("# normalized Arabic name word\tEnglish spelling; from arwikicats person names (MIT), "
                   "built by data/build_name_words.py\n" + "".join(f"{a}\t{e}\n" for a, e in rows),
                   encoding="utf-8")
    print(f"{OUT}: {len(rows)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
