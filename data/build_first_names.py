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

* names mined from unlabelled news (SaudiNewsNet, ``--corpus``; statistics only, the text is
  not shipped): words right after a person title (الأمير، الشيخ، الدكتور، السيد …) and on
  either side of "بن" (X بن Y), kept when seen at least MIN_MINED times in those slots and in
  at least MIN_SHARE of all their occurrences (so common nouns drop out).

Output: a '#' comment line, then the names sorted and deduplicated.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA_OUT, ROOT, is_arabic_only, load_arwikicats, normalize, strip_parens  # noqa: E402

OUT = DATA_OUT / "first_names.txt"
MIN_ARWIKI = 2
MIN_MINED = 8
MIN_SHARE = 0.25
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
TITLES = {normalize(w) for w in ("الأمير", "الأميرة", "الشيخ", "الشيخة", "الدكتور", "الدكتورة", "السيد",
                                  "السيدة", "الملك", "المهندس", "الأستاذ", "اللواء", "العميد", "العقيد",
                                  "الفريق", "الرئيس", "معالي", "سمو", "الإمام", "الكابتن", "اللاعب", "الفنان")}
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


def corpus_given_names(path: Path = CORPUS) -> set[str]:
    """Given names mined from news text: after titles and around بن (statistics only)."""
    import gzip
    import json

    if not path.exists():
        print(f"{path}: not found, no mined names", file=sys.stderr)
        return set()
    word_re = re.compile(r"[^\W\d_]+")
    slot: Counter = Counter()
    total: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            words = word_re.findall(normalize(json.loads(line).get("content") or ""))
            total.update(words)
            for k in range(1, len(words)):
                w = words[k]
                if words[k - 1] in TITLES:
                    slot[w] += 1
                if w == "بن" and k + 1 < len(words):
                    slot[words[k - 1]] += 1
                    slot[words[k + 1]] += 1
    return {w for w, n in slot.items()
            if n >= MIN_MINED and n >= MIN_SHARE * total[w] and len(w) >= 3
            and not w.startswith("ال") and w not in NOT_GIVEN and w not in TITLES and is_arabic_only(w)}


def main() -> int:
    t0 = time.time()
    a, b, c = pyarabic_given_names(), arwikicats_first_words(), corpus_given_names()
    names = sorted(a | b | c)
    OUT.write_text(
        "# Normalized Arabic given names: pyarabic propernouns (ism entries, GPL), first words "
        "of arwikicats person names (MIT) and names mined from SaudiNewsNet contexts (after titles, "
        "around بن; statistics only); built by data/build_first_names.py\n"
        + "".join(n + "\n" for n in names), encoding="utf-8")
    print(f"{OUT}: {len(names)} names (pyarabic {len(a)}, arwikicats {len(b)}, mined {len(c)}), "
          f"{OUT.stat().st_size / 1024:.0f} KB, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
