"""English names: no entity's English name is the transliteration of a frequent common word.

    python bench/bench_names.py [--corpus saudinewsnet.jsonl.gz] [--n 1000] [--top 2000]

Articles: every 7th SaudiNewsNet record from the start, ``--n`` of them. Common words: the
``--top`` most frequent words of the corpus (``vocab.tsv.gz``, counted over all 31k articles)
that are not names: not a given name (``first_names.txt``), not a gazetteer or curated key nor
a word of a known person's name, not in the name-word table (``name_words.tsv.gz``, its
person-name words included), not a fixed name, leading name word or whole name (F, T, W) of
``lexicons/name_words_en.tsv``. An entity's English name counts as bad when one
of its words is the letter-rule transliteration of a common word of its Arabic name: مجلس →
"Mjls", الأمن → "al-Amn". Prints the count (the bar of issue #15
is 0) and the first offenders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import every_nth, find_corpus  # noqa: E402


def common_words(top: int) -> set[str]:
    from khabar.arabic.gazetteer import Gazetteer
    from khabar.arabic.lexicon import Lexicon
    from khabar.arabic.translit import transliterator

    from khabar.arabic.names import name_translator
    from khabar.arabic.normalize import normalize

    lex = Lexicon.default()
    tr = transliterator(lex)
    names = set(lex.text_lines("first_names.txt")) | set(tr.name_words) | set(tr.person_words)
    # the curated fixed names, leading name words and whole names (عسير Asir, وادي Wadi, الأهلي
    # Al-Ahli) of the name-word table
    names.update(normalize(k) for k, (_, kind) in name_translator(lex).words.items() if kind in ("F", "T"))
    for key in name_translator(lex).whole:
        names.add(key)
        names.update(key.split())  # the words of a curated name (بان of بان كي مون)
    gaz = Gazetteer.default()
    for key, entries in gaz.items():
        names.add(key)
        if any(e.type == "PER" for e in entries):
            names.update(key.split())  # the words of known people's names (هادي, منصور)
    out = set()
    for line in lex.text_lines("vocab.tsv.gz")[:top]:
        w = line.split("\t")[0]
        if w not in names:
            out.add(w)
    return out


def bad_names(entities, common: set[str]) -> list[tuple[str, str, str]]:
    """(Arabic key, English name, the common word) for each English name that spells a
    common word letter by letter."""
    from khabar.arabic.normalize import normalize
    from khabar.arabic.translit import transliterator

    tr = transliterator()
    art = tr.art
    out = []
    for e in entities:
        en_words = {w.lower() for w in e.name_en.replace("-", " ").split()}
        for w in normalize(e.name).split():
            for f in (w,):
                if f in common and len(f) > 2:
                    spelled = tr.letters(f).lower().replace("-", " ").split()
                    if spelled and spelled[-1] in en_words:
                        out.append((e.name, e.name_en, f))
                        break
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--top", type=int, default=2000)
    ap.add_argument("--show", type=int, default=30)
    args = ap.parse_args(argv)
    from khabar.pipeline import default_pipeline

    common = common_words(args.top)
    pipe = default_pipeline()
    bad = []
    n_ent = 0
    for _, rec in every_nth(find_corpus(args.corpus), args.n, 7):
        art = pipe.analyze(rec.text, rec.date)
        n_ent += len(art.entities)
        bad.extend(bad_names(art.entities, common))
    print(f"{args.n} articles, {n_ent} entities, {len(common)} common words (top {args.top} not names)")
    for name, en, w in bad[:args.show]:
        print(f"  {name} -> {en}  ({w})")
    print(f"English names spelling a common word: {len(bad)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
