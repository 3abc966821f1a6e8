"""Build ``src/khabar/data/name_words.tsv.gz``: normalized Arabic name word (or compound such as
عبد العزيز) -> its usual English spelling.

Run from the repository root (after the gazetteer)::

    python data/build_name_words.py            # writes the table
    python data/build_name_words.py --heldout  # also measures the letter rules on held-out pairs

Sources, pooled per normalized Arabic key (the spelling with the most weight wins; forms that
differ only in case, hyphens or spaces count as one, and the most frequent cased form is kept):

* arabic-name-romanizer 0.2 (MIT; its ``names.sqlite3`` unit index is derived from Wikidata,
  CC0): name units with their attested Latin spellings per country. Counts from Mashreq and Gulf
  countries weigh ×2, from the Gulf (the corpus khabar is tuned on is Saudi) ×4, from the Maghreb
  (French spellings: Abdelkader) ×0.2; DziriNames rows and
  accented spellings are left out. Read as a file (the package is not imported; nothing of it
  runs at khabar's run time).
* ``name_pairs/wikidata_ar_en_tokens.txt`` (CC0; NETransliteration, Merhav & Ash 2018): single
  name tokens from Wikidata person labels (foreign names: موغيريني -> Mogherini).
* ``name_pairs/google_ar2en.txt`` (Apache-2.0): single words mined from Wikipedia, weight 1.
* the person entries of the shipped gazetteer (arwikicats, MIT): names whose Arabic and English
  forms have the same number of words, paired word by word.

A key is kept when its best spelling has at least MIN_SHARE of the key's weight. Words among the
most frequent SaudiNewsNet words that are not names (``vocab.tsv.gz`` top COMMON_TOP, unless
also a first name) are left out, so a common word is never given a name spelling; but one that
arabic-name-romanizer's Wikidata units attest as a name unit with at least PERSON_MIN weight
(هادي Hadi, القحطاني Al-Qahtani, عيد Eid) is written with a third column ``P``: its spelling
serves person names only (the transliteration leaves a common word out of other names). The
curated ``data/person_words.tsv`` adds a few such words the units miss (السيسي el-Sisi), and
``data/name_words_curated.tsv`` sets a few spellings over the sources' majority (سيرغي Sergei).
"""

from __future__ import annotations

import gzip
import importlib.util
import random
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA_OUT, ROOT, normalize, write_gzip_text  # noqa: E402

MIN_SHARE = 0.3
#: Wikidata token pairs follow Wikipedia titles (the gold style): their counts weigh ×3
PAIRS_WEIGHT = 3.0
OUT = DATA_OUT / "name_words.tsv.gz"
PAIRS = ROOT.parent / "shared" / "data" / "name_pairs"
GULF = set("SA YE KW AE QA BH OM".split())
MASHREQ = set("IQ JO SY LB PS EG SD LY".split())
MAGHREB = set("DZ MA TN MR".split())


def _fold(e: str) -> str:
    return e.lower().replace("-", "").replace(" ", "").replace("'", "")


def _ascii(e: str) -> bool:
    return all(c.isascii() and (c.isalpha() or c in " -'") for c in e)


def _cap(e: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in e.split("-"))


def anr_units() -> list[tuple[str, str, float]]:
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        print("arabic-name-romanizer not installed: its units are left out", file=sys.stderr)
        return []
    db = Path(list(spec.submodule_search_locations)[0]) / "resources" / "names.sqlite3"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = []
    for ar, latin, country, count in con.execute(
            "select arabic_key, latin, country, count from units where source = 'wikidata'"):
        w = 4.0 if country in GULF else 2.0 if country in MASHREQ else 0.2 if country in MAGHREB else 1.0
        out.append((ar, latin, count * w))
    return out


def pair_rows() -> list[tuple[str, str, float]]:
    out = []
    p = PAIRS / "wikidata_ar_en_tokens.txt"
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) == 3:
                out.append((f[1].replace(" ", ""), f[0], float(f[2]) * PAIRS_WEIGHT))
    p = PAIRS / "google_ar2en.txt"
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            ar, _, en = line.partition(" ")
            if en:
                out.append((ar, en, 1.0))
    if not out:
        print(f"{PAIRS}: not found, name pairs left out", file=sys.stderr)
    return out


def gazetteer_rows() -> list[tuple[str, str, float]]:
    out = []
    with gzip.open(DATA_OUT / "gazetteer.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            key, typ, name_en = line.rstrip("\n").split("\t")[:3]
            if typ != "PER":
                continue
            ar, en = key.split(), name_en.replace("-", " ").split()
            if len(ar) == len(en) and len(ar) >= 2:
                out.extend((a, e, 1.0) for a, e in zip(ar, en) if e[:1].isupper() and e.isalpha())
    return out


def common_words(top: int) -> set[str]:
    first = set()
    fn = DATA_OUT / "first_names.txt"
    for line in fn.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            first.add(line.strip())
    out = set()
    with gzip.open(DATA_OUT / "vocab.tsv.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= top:
                break
            w = line.split("\t")[0]
            if w not in first:
                out.add(w)
    return out


COMMON_TOP = 2000
#: a common word that is a name unit of at least this (country-weighted) weight in
#: arabic-name-romanizer's Wikidata units is a person-name word (column 3 ``P``)
PERSON_MIN = 20.0
#: curated spellings that win over the pooled sources
CURATED_WORDS = ROOT / "data" / "name_words_curated.tsv"
#: curated person-name words that are common words (added to the ``P`` rows)
CURATED_PERSON = ROOT / "data" / "person_words.tsv"


def build(rows: list[tuple[str, str, float]], skip: set[str] = frozenset()) -> dict[str, str]:
    weight: dict[str, Counter] = defaultdict(Counter)
    forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for ar, en, w in rows:
        en = unicodedata.normalize("NFC", en.strip())
        if not en or not _ascii(en):
            continue
        key = normalize(ar).strip()
        if not key or key in skip or len(en.split()) > len(key.split()):
            continue
        keys = [key]
        if key.count(" ") == 1 and key.split()[0] in ("عبد", "ابو"):
            keys.append(key.replace(" ", ""))
        for k in keys:
            weight[k][_fold(en)] += w
            forms[(k, _fold(en))][en] += w + (0.5 if en[:1].isupper() else 0)
    out = {}
    for k, c in weight.items():
        f, w = c.most_common(1)[0]
        if w < MIN_SHARE * sum(c.values()):
            continue
        out[k] = _cap(forms[(k, f)].most_common(1)[0][0])
    return out


def person_words(anr: list[tuple[str, str, float]], common: set[str]) -> dict[str, str]:
    """Common words that arabic-name-romanizer's Wikidata units attest as name units (weight >=
    PERSON_MIN): their usual spelling, for person names only."""
    rows = [r for r in anr if normalize(r[0]).strip() in common]
    total: Counter = Counter()
    for ar, _, w in rows:
        total[normalize(ar).strip()] += w
    table = build(rows)
    return {k: e for k, e in table.items()
            if total[k] >= PERSON_MIN and e[:1].isupper() and k.isalpha() and len(k) > 2}


TEMPLATES_OUT = DATA_OUT / "name_templates.tsv.gz"
CONSONANTS = ROOT / "data" / "consonant_spellings.tsv"
#: a word shape is kept when its best template has at least this weight and share
TEMPLATE_MIN, TEMPLATE_SHARE = 3.0, 0.2


def _consonant_res() -> dict[str, str]:
    out = {}
    for line in CONSONANTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ar, sp = line.split("\t")
            alts = sp.split()
            alts += [a + a for a in alts if len(a) == 1]
            out[ar] = "(" + "|".join(sorted(alts, key=len, reverse=True)) + ")"
    return out


def templates(rows: list[tuple[str, str, float]], tr, skip: set[str] = frozenset()) -> dict[str, str]:
    """Word shape (its vowel letters between consonants, ``Transliterator.shape``) -> the usual
    template of its Latin spellings in the name pairs (``CuCaiCi``: C a consonant, D a doubled
    one, lower-case letters the vowels between them)."""
    import re

    cre = _consonant_res()
    weight: dict[str, Counter] = defaultdict(Counter)
    for ar, en, w in rows:
        key = normalize(ar).strip()
        if not key or " " in key or key in skip:
            continue
        e = unicodedata.normalize("NFC", en.strip()).lower()
        if not _ascii(e):
            continue
        e = e.replace("-", "").replace(" ", "").replace("'", "")
        if key.startswith(tr.art) and len(key) > 3:
            key = key[len(tr.art):]
            for a in ("al", "el", "ul"):
                if e.startswith(a):
                    e = e[len(a):]
                    break
            else:
                continue
        cons, gaps = tr.shape(key)
        if not cons or any(c not in cre and c not in tr.initial_consonants for c in cons):
            continue
        parts = []
        for g, c in zip(gaps, cons + [None]):
            parts.append("([aeiouyw" + ("h" if tr.heh in g else "") + "]*)")
            if c is not None:
                parts.append(cre[c] if c in cre else "(" + tr.initial_consonants[c] + ")")
        m = re.fullmatch("".join(parts), e)
        if not m:
            continue
        t = []
        for k, grp in enumerate(m.groups()):
            if k % 2 == 0:
                t.append(grp)
            else:
                t.append("D" if len(grp) == 2 and grp[0] == grp[1] else "C")
        weight["|".join(gaps)]["".join(t)] += w
    out = {}
    for k, c in weight.items():
        t, w = c.most_common(1)[0]
        if w >= TEMPLATE_MIN and w >= TEMPLATE_SHARE * sum(c.values()):
            out[k] = t
    return out


def main() -> int:
    common = common_words(COMMON_TOP)
    anr, pairs, gaz = anr_units(), pair_rows(), gazetteer_rows()
    table = build(anr + pairs + gaz, skip=common)
    for line in CURATED_WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ar, en = line.split("\t")[:2]
            table[normalize(ar)] = en
    person = person_words(anr, common)
    for line in CURATED_PERSON.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ar, en = line.split("\t")[:2]
            person[normalize(ar)] = en
    rows = sorted([(a, e, "") for a, e in table.items()] + [(a, e, "\tP") for a, e in person.items()])
    size = write_gzip_text(OUT, "# normalized Arabic name word\tEnglish spelling[\tP: a frequent common word, spelled so "
                           "in person names only]; from arabic-name-romanizer's Wikidata units "
                   "(MIT/CC0), Wikidata name-token pairs (CC0), Google ar2en pairs (Apache-2.0) and arwikicats "
                   "person names (MIT); built by data/build_name_words.py\n"
                           + "".join(f"{a}\t{e}{p}\n" for a, e, p in rows))
    print(f"{OUT}: {len(rows)} words ({len(person)} for person names only), {size} bytes", file=sys.stderr)
    from khabar.arabic.lexicon import Lexicon
    from khabar.arabic.translit import Transliterator

    tmpl = templates(anr + pairs + gaz, Transliterator(Lexicon.default()))
    size = write_gzip_text(TEMPLATES_OUT, "# word shape (its vowel letters between consonants, joined by |)\ttemplate "
                           "(C a consonant, D a doubled one); learned from the name pairs of name_words.tsv.gz; "
                           "built by data/build_name_words.py\n"
                           + "".join(f"{k}\t{t}\n" for k, t in sorted(tmpl.items())))
    print(f"{TEMPLATES_OUT}: {len(tmpl)} shapes, {size} bytes", file=sys.stderr)
    if "--heldout" in sys.argv:
        heldout(anr, pairs, gaz, common)
    return 0


def heldout(anr, pairs, gaz, common) -> None:
    """Hold out 10% of the Wikidata pair keys; build without them; score the letter rules (the
    fallback for unseen tokens) on them: exact spelling (case and hyphens aside)."""
    from khabar.arabic.lexicon import Lexicon
    from khabar.arabic.translit import Transliterator

    keys = sorted({normalize(a) for a, _, _ in pairs if " " not in normalize(a)})
    rnd = random.Random(15)
    test = set(rnd.sample(keys, len(keys) // 10))
    gold: dict[str, Counter] = defaultdict(Counter)
    for a, e, w in pairs:
        k = normalize(a)
        if k in test:
            gold[k][_fold(e)] += w
    tr = Transliterator(Lexicon.default())
    right = sum(1 for k, c in gold.items() if _fold(tr.letters(k)) == c.most_common(1)[0][0])
    anyok = sum(1 for k, c in gold.items() if _fold(tr.letters(k)) in c)
    print(f"held-out tokens: {len(gold)}; letter rules exact (best spelling) {right / len(gold):.3f}, "
          f"any attested spelling {anyok / len(gold):.3f}", file=sys.stderr)
    # the shape templates, learned without the held-out keys (in any source)
    tr._templates = templates(anr + pairs + gaz, tr, skip=test)

    def guess(k: str) -> str:
        return _fold(tr.templated(k) or tr.letters(k))

    right = sum(1 for k, c in gold.items() if guess(k) == c.most_common(1)[0][0])
    anyok = sum(1 for k, c in gold.items() if guess(k) in c)
    print(f"shape templates, then letter rules: exact (best spelling) {right / len(gold):.3f}, "
          f"any attested spelling {anyok / len(gold):.3f}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
