"""Fallback Arabic → Latin transliteration for names the gazetteer does not know.

Rules are data (``data/translit.json``); name words with a usual English spelling
(``data/name_words.tsv.gz``: دميتري → Dmitri) are taken from there first. Rough by design: it gives readers a handle on a
name (``دميتري بيسكوف`` → ``Dmitri Biskof``), not a standard romanization.

Both files are read through a :class:`~khabar.arabic.lexicon.Lexicon` (the shipped one
unless given), once per lexicon.
"""

from __future__ import annotations

from khabar.arabic.lexicon import Lexicon
from khabar.arabic.normalize import normalize
from khabar.errors import DataError

__all__ = ["Transliterator", "transliterator", "transliterate"]

RULES_NAME = "translit.json"
NAME_WORDS_NAME = "name_words.tsv.gz"


class Transliterator:
    """The transliteration rules and name-word spellings of one :class:`Lexicon`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        r = lexicon.table(RULES_NAME)
        try:
            self.special: dict[str, str] = dict(r["special"])
            self.consonants: dict[str, str] = dict(r["consonants"])
            letters = r["letters"]
            self.art: str = letters["article"]
            self.alef: str = letters["alef"]
            self.waw: str = letters["waw"]
            self.ya: str = letters["ya"]
            self.heh: str = letters["heh"]
            self.out_article: str = r["article"]
            self.out_alef: str = r["alef"]
            self.vowel_waw, self.vowel_ya = r["vowel_waw"], r["vowel_ya"]
            self.final_waw, self.final_ya = r["final_waw"], r["final_ya"]
            self.final_heh: str = r["final_heh"]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"corrupt data file khabar/data/{RULES_NAME} (missing or bad entry {exc}); "
                            "reinstall khabar") from None
        #: the long-vowel letters (a letter not among them is a consonant)
        self.vowels = frozenset((self.alef, self.waw, self.ya))
        self._name_words: dict[str, str] | None = None

    @property
    def name_words(self) -> dict[str, str]:
        """Usual English spellings of name words (from person names in the gazetteer)."""
        if self._name_words is None:
            out = {}
            for line in self.lexicon.text_lines(NAME_WORDS_NAME):
                a, _, e = line.partition("\t")
                if e:
                    out[a] = e
            self._name_words = out
        return self._name_words

    def word(self, w: str) -> str:
        if w in self.special:
            return self.special[w]
        known = self.name_words.get(w)
        if known:
            return known
        if w.startswith(self.art) and len(w) > 3:
            # a family name with the article: the spelling of the bare name (الزويهري -> al-Zuwaihri)
            bare = self.name_words.get(w[len(self.art):])
            if bare and bare[:1].isupper():
                return self.out_article + bare
        return self.letters(w)

    def letters(self, w: str) -> str:
        """The letter rules alone (a word the name-word table does not know)."""
        prefix = ""
        if w.startswith(self.art) and len(w) > 3:
            prefix, w = self.out_article, w[len(self.art):]
        cons = self.consonants
        vowels = self.vowels
        waw, ya = self.waw, self.ya
        out = []
        n = len(w)
        for k, ch in enumerate(w):
            prev_cons = k > 0 and w[k - 1] not in vowels
            if ch == self.alef:
                out.append(self.out_alef)
            elif ch == waw or ch == ya:
                vowel = self.vowel_waw if ch == waw else self.vowel_ya
                final = self.final_waw if ch == waw else self.final_ya
                if k == n - 1 and prev_cons:
                    out.append(final)
                elif k > 0 and prev_cons and k + 1 < n and w[k + 1] not in vowels:
                    out.append(vowel)
                else:
                    out.append("w" if ch == waw else "y")
            elif ch == self.heh and k == n - 1 and n > 2:
                out.append(self.final_heh)
            elif ch in cons:
                out.append(cons[ch])
            elif ch.isascii():
                out.append(ch)
        word = "".join(out)
        if not word:
            return ""
        return prefix + word[0].upper() + word[1:]

    def __call__(self, name: str) -> str:
        """Latin rendering of an Arabic name."""
        ws = normalize(name, self.lexicon).split()
        known = self.name_words
        words = []
        k = 0
        while k < len(ws):
            # a compound name with a usual one-word spelling (عبد العزيز -> Abdulaziz)
            # (not after a particle spelled in lower case: بن نايف is "bin Nayef", not "Ben Nayef")
            if (k + 1 < len(ws) and f"{ws[k]} {ws[k + 1]}" in known
                    and not self.special.get(ws[k], "X")[:1].islower()):
                words.append(known[f"{ws[k]} {ws[k + 1]}"])
                k += 2
                continue
            words.append(self.word(ws[k]))
            k += 1
        return " ".join(w for w in words if w)


def transliterator(lexicon: Lexicon | None = None) -> Transliterator:
    """The transliteration of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("arabic.translit", lambda: Transliterator(lex))


def transliterate(name: str, lexicon: Lexicon | None = None) -> str:
    """Latin rendering of an Arabic name."""
    return transliterator(lexicon)(name)
