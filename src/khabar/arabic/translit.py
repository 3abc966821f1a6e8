"""Fallback Arabic → Latin transliteration for names the gazetteer does not know.

Rules are data (``data/translit.json``); name words with a usual English spelling
(``data/name_words.tsv``: دميتري → Dmitri) are taken from there first. Rough by design: it gives readers a handle on a
name (``دميتري بيسكوف`` → ``Dmitri Biskof``), not a standard romanization.
"""

from __future__ import annotations

from functools import lru_cache

from khabar.arabic.normalize import normalize
from khabar.resources import load_json, read_lines

__all__ = ["transliterate"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_json("translit.json")


@lru_cache(maxsize=1)
def _name_words() -> dict[str, str]:
    """Usual English spellings of name words (from person names in the gazetteer)."""
    out = {}
    for line in read_lines("name_words.tsv"):
        a, _, e = line.partition("\t")
        if e:
            out[a] = e
    return out


def _word(w: str) -> str:
    r = _rules()
    if w in r["special"]:
        return r["special"][w]
    known = _name_words().get(w)
    if known:
        return known
    prefix = ""
    if w.startswith("ال") and len(w) > 3:
        prefix, w = r["article"], w[2:]
    cons = r["consonants"]
    out = []
    n = len(w)
    for k, ch in enumerate(w):
        prev_cons = k > 0 and w[k - 1] not in "اوي"
        if ch == "ا":
            out.append(r["alef"])
        elif ch in "وي":
            vowel = r["vowel_waw"] if ch == "و" else r["vowel_ya"]
            final = r["final_waw"] if ch == "و" else r["final_ya"]
            if k == n - 1 and prev_cons:
                out.append(final)
            elif k > 0 and prev_cons and k + 1 < n and w[k + 1] not in "اوي":
                out.append(vowel)
            else:
                out.append("w" if ch == "و" else "y")
        elif ch == "ه" and k == n - 1 and n > 2:
            out.append(r["final_heh"])
        elif ch in cons:
            out.append(cons[ch])
        elif ch.isascii():
            out.append(ch)
    word = "".join(out)
    if not word:
        return ""
    return prefix + word[0].upper() + word[1:]


def transliterate(name: str) -> str:
    """Latin rendering of an Arabic name."""
    words = [_word(w) for w in normalize(name).split()]
    return " ".join(w for w in words if w)
