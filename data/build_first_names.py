"""Build ``src/khabar/data/first_names.txt``: normalized Arabic given names, one per line.

Run from the repository root::

    python data/build_first_names.py

Sources:

* pyarabic's proper-noun list (``pyarabic.propernouns.TEXT``, parsed here because the module's
  own dict comes out empty): the entries tagged ``nom`` (given names, ism), single words and
  compound "عبد …" names.  Its other tags (kunya, nasab, laqab, tribe) are not given names.
* arwikicats' people table (``jsons/people/peoples.json``, English -> Arabic): the first
  Arabic word of each multi-word person name, when it starts at least MIN_ARWIKI names (so
  transliterated foreign given names such as "فلاديمير", "جون" come in, one-off first words
  do not).  Words with the article, and ابو/ابن/بن/عبد alone, are skipped.

Output: a '#' comment line, then the names sorted and deduplicated.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA_OUT, is_arabic_only, load_arwikicats, normalize, strip_parens  # noqa: E402

OUT = DATA_OUT / "first_names.txt"
MIN_ARWIKI = 2
NOT_GIVEN = {normalize(w) for w in ("أبو", "أبي", "أبا", "ابن", "بن", "عبد", "آل", "سيدي", "مولاي")}


def pyarabic_given_names() -> set[str]:
    import pyarabic.propernouns as pn

    out = set()
    for line in pn.TEXT.splitlines():
        m = re.match(r"^(.*?)\s+([A-Za-z_0-9]+)\s*$", line.strip())
        if not m or m.group(2).lower() != "nom":
            continue
        name = normalize(m.group(1))
        words = name.split()
        if len(words) == 1 or (len(words) == 2 and words[0] == "عبد"):
            if len(name) >= 2 and is_arabic_only(name):
                out.add(name)
    return out


def arwikicats_first_words() -> set[str]:
    firsts: Counter = Counter()
    for _en, ar in load_arwikicats("people/peoples.json").items():
        if not isinstance(ar, str):
            continue
        words = normalize(strip_parens(ar)).split()
        if len(words) >= 2:
            firsts[words[0]] += 1
    return {w for w, n in firsts.items()
            if n >= MIN_ARWIKI and len(w) >= 2 and not w.startswith("ال")
            and w not in NOT_GIVEN and is_arabic_only(w)}


def main() -> int:
    t0 = time.time()
    a, b = pyarabic_given_names(), arwikicats_first_words()
    names = sorted(a | b)
    OUT.write_text(
        "# Normalized Arabic given names: pyarabic propernouns (ism entries, GPL) and first words "
        "of arwikicats person names (MIT); built by data/build_first_names.py\n"
        + "".join(n + "\n" for n in names), encoding="utf-8")
    print(f"{OUT}: {len(names)} names (pyarabic {len(a)}, arwikicats {len(b)}), "
          f"{OUT.stat().st_size / 1024:.0f} KB, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
