"""The speed-ups made for batch throughput give exactly what the simple code gave.

(They live in khabar.arabic and khabar.stages.segment; the reference implementations
below are the per-character originals.)
"""

from __future__ import annotations

import random

from khabar.arabic import normalize as N
from khabar.arabic.clitics import proclitic_variants


def reference_view(original: str):
    table = N.charmap()
    out, starts, ends = [], [], []
    for i, ch in enumerate(original):
        rep = table.get(ch)
        if rep is None:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
        elif rep == "":
            if ends and ends[-1] == i and not out[-1].isspace() and N._attaches(ch):
                ends[-1] = i + 1
        else:
            for c in rep:
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
    return "".join(out), tuple(starts), tuple(ends)


def fuzz_texts(n: int, seed: int, maxlen: int = 120) -> list[str]:
    rnd = random.Random(seed)
    alphabet = list(N.charmap()) + list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي .،؟\n\t") + ["  ", "a", "7"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, maxlen))) for _ in range(n)]


def test_normalize_view_matches_the_per_character_reference():
    texts = fuzz_texts(3000, 1) + [
        "قالَ الرئيـــسُ\u200f إنّ", "\ufefbعب", "ته 5.\u200f7 ", "أيضاً " * 40, "", "ـ", " ً",
    ]
    for t in texts:
        v = N.normalize_view(t)
        assert (v.text, v.starts, v.ends) == reference_view(t), repr(t)


def test_normalize_view_on_a_text_longer_than_the_shared_offset_table():
    t = ("وأكّد الوزيرُ أنّ ﻻ تغيير " * 4000)[: N._IDENT_CAP + 500]
    v = N.normalize_view(t)
    assert (v.text, v.starts, v.ends) == reference_view(t)
    plain = "ا" * (N._IDENT_CAP + 10)
    assert N.normalize_view(plain).ends[-1] == len(plain)


def test_normalize_matches_translate():
    table = N._translate_table()
    for t in fuzz_texts(3000, 2, maxlen=300):
        assert N.normalize(t) == " ".join(t.translate(table).split())


def test_proclitic_variants_are_memoized_but_never_shared():
    a = proclitic_variants("وبالامم")
    assert a == [(0, "وبالامم"), (1, "بالامم"), (2, "الامم"), (4, "امم")]
    a.append((9, "x"))
    assert proclitic_variants("وبالامم") == [(0, "وبالامم"), (1, "بالامم"), (2, "الامم"), (4, "امم")]
