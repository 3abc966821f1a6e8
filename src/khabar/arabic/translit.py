"""Fallback Arabic → Latin transliteration for names the gazetteer does not know.

Rules are data (``data/translit.json``); name words with a usual English spelling
(``data/name_words.tsv.gz``: دميتري → Dmitri) are taken from there first. Rough by design: it gives readers a handle on a
name (``دميتري بيسكوف`` → ``Dmitri Biskof``), not a standard romanization.

A frequent common word of the corpus (``vocab.tsv.gz``, the first ``common_top`` words) that no
name table knows is never spelled letter by letter: it is left out of the name (a person's name
that ran on over a common word, فهد بجدة → "Fahad"). A common word that is also a given or
family name (هادي، القحطاني) has its spelling in the name-word table, marked for person names
only (column 3 ``P``): it is spelled so in a person's name and left out elsewhere.

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
TEMPLATES_NAME = "name_templates.tsv.gz"
KOREAN_NAME = "korean_syllables.tsv"


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
            #: an initial ع before a consonant (عسير -> Asir, العتواني -> al-Atwani)
            self.ain: str = letters["ain"]
            self.initial_ain: str = r["initial_ain"]
            self.common_top = int(r["common_top"])
            #: letters that are (or carry) a vowel in a word's shape: long vowels, ع and hamzas
            self.gap_letters = frozenset(r["gap_letters"])
            self.initial_consonants: dict[str, str] = dict(r["initial_consonants"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"corrupt data file khabar/data/{RULES_NAME} (missing or bad entry {exc}); "
                            "reinstall khabar") from None
        #: the long-vowel letters (a letter not among them is a consonant)
        self.vowels = frozenset((self.alef, self.waw, self.ya))
        self._name_words: dict[str, str] | None = None
        self._person_words: dict[str, str] = {}
        self._common: frozenset[str] | None = None
        self._templates: dict[str, str] | None = None
        self._korean: dict[str, str] | None = None

    def _load_names(self) -> None:
        out: dict[str, str] = {}
        person: dict[str, str] = {}
        for line in self.lexicon.text_lines(NAME_WORDS_NAME):
            f = line.split("\t")
            if len(f) >= 2 and f[1]:
                (person if len(f) > 2 and f[2] == "P" else out)[f[0]] = f[1]
        self._person_words = person
        self._name_words = out

    @property
    def name_words(self) -> dict[str, str]:
        """Usual English spellings of name words (from person names in the gazetteer)."""
        if self._name_words is None:
            self._load_names()
        return self._name_words

    @property
    def person_words(self) -> dict[str, str]:
        """Spellings of frequent common words that are also given or family names (هادي -> Hadi),
        for person names only."""
        if self._name_words is None:
            self._load_names()
        return self._person_words

    @property
    def common(self) -> frozenset[str]:
        """The frequent common words that are no name (never spelled letter by letter): not a
        given name, name word, gazetteer key or word of a listed person's name; those that are
        also person names (:attr:`person_words`) among them."""
        if self._common is None:
            names = set(self.lexicon.text_lines("first_names.txt")) | set(self.name_words)
            names.update(self.special)
            from khabar.arabic.gazetteer import Gazetteer

            gaz = Gazetteer.for_lexicon(self.lexicon)  # a listed name is no common word (الأحساء)
            top = [ln.split("\t")[0] for ln in self.lexicon.text_lines("vocab.tsv.gz")[:self.common_top]]
            cands = {w for w in top if w not in names and not gaz.get(w)}
            # nor a word of a listed person's name (اوباما in باراك اوباما)
            for key, entries in gaz.items():
                if " " in key and any(e.type == "PER" for e in entries):
                    cands.difference_update(key.split())
            self._common = frozenset(cands)
        return self._common

    def word(self, w: str, person: bool = False, common: bool = False) -> str:
        """The spelling of one word; "" for a common word (``common``: spelled all the same)."""
        if w in self.special:
            return self.special[w]
        known = self.name_words.get(w) or (self.person_words.get(w) if person else None)
        if known:
            return known
        if not common and w in self.common:
            return ""
        if w.startswith(self.art) and len(w) > 3:
            # a family name with the article: the spelling of the bare name (الزويهري -> al-Zuwaihri)
            bare = self.name_words.get(w[len(self.art):])
            if bare and bare[:1].isupper():
                return self.out_article + bare
        return self.templated(w) or self.letters(w)

    def shape(self, w: str) -> tuple[list[str], list[str]]:
        """A bare word (no article) as (consonants, gaps): ``gaps[k]`` the vowel letters before
        consonant ``k`` (long vowels, ع, hamzas; a final ه too), ``gaps[-1]`` those after the last."""
        cons: list[str] = []
        gaps: list[str] = [""]
        n = len(w)
        for k, ch in enumerate(w):
            if k == 0 and ch in self.initial_consonants:
                cons.append(ch)  # an initial و or ي is a consonant (وليد, يوسف)
                gaps.append("")
            elif ch in self.gap_letters or (ch == self.heh and k == n - 1 and n > 2):
                gaps[-1] += ch
            else:
                cons.append(ch)
                gaps.append("")
        return cons, gaps

    @property
    def templates(self) -> dict[str, str]:
        """The usual vowels of a word shape (``name_templates.tsv.gz``: gaps joined by ``|`` ->
        a template such as ``CuCaiCi``, C a consonant, D a doubled one)."""
        if self._templates is None:
            out = {}
            for line in self.lexicon.text_lines(TEMPLATES_NAME):
                k, _, t = line.partition("\t")
                if t:
                    out[k] = t
            self._templates = out
        return self._templates

    @property
    def korean(self) -> dict[str, str]:
        """Korean name syllables as Arabic spells them -> romanization (``korean_syllables.tsv``)."""
        if self._korean is None:
            out = {}
            for line in self.lexicon.text_lines(KOREAN_NAME):
                a, _, e = line.partition("\t")
                if e:
                    out[normalize(a, self.lexicon)] = e
            self._korean = out
        return self._korean

    def templated(self, w: str) -> str:
        """The spelling of a name word no table knows by the usual vowels of its shape, learned
        from name pairs (الزغيبي -> al-Zughaibi); "" when the shape is not in the table."""
        prefix = ""
        if w.startswith(self.art) and len(w) > 3:
            prefix, w = self.out_article, w[len(self.art):]
        cons, gaps = self.shape(w)
        t = self.templates.get("|".join(gaps)) if cons else None
        if not t:
            return ""
        out = []
        k = 0
        for ch in t:
            if ch in "CD":
                c = self.consonants.get(cons[k]) if k < len(cons) else None
                if k == 0 and cons and cons[0] in self.initial_consonants:
                    c = self.initial_consonants[cons[0]]
                if not c:
                    return ""
                out.append(c + c if ch == "D" and len(c) == 1 else c)
                k += 1
            else:
                out.append(ch)
        word = "".join(out)
        if k != len(cons) or not word:
            return ""
        return prefix + word[0].upper() + word[1:]

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
            if ch == self.ain and k == 0 and n > 2 and w[1] not in vowels:
                out.append(self.initial_ain)
            elif ch == self.alef:
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

    def __call__(self, name: str, person: bool = False) -> str:
        """Latin rendering of an Arabic name (``person``: a person's name, where a common word
        that is also a name takes its name spelling). Common words are left out; a name of
        nothing but common words is spelled all the same (what else is there to print)."""
        ws = normalize(name, self.lexicon).split()
        if person and len(ws) > 1 and all(w in self.korean for w in ws):
            # a Korean name: every word a Korean syllable (تشوي سون هوي -> Choe Son Hui)
            return " ".join(self.korean[w] for w in ws)
        known = self.name_words
        art = self.art
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
            w = ws[k]
            if w.startswith(art) and w[len(art):] in ws and len(w) > len(art) + 2:
                # a family name that repeats a given name of the same name (سعدون السعدون):
                # the same spelling, with the article
                bare = self.word(w[len(art):], person)
                words.append(self.out_article + bare if bare[:1].isupper() else self.word(w, person))
            else:
                words.append(self.word(w, person))
            k += 1
        out = " ".join(w for w in words if w)
        if not out and ws:
            return " ".join(w for w in (self.word(x, person, common=True) for x in ws) if w)
        return out


def transliterator(lexicon: Lexicon | None = None) -> Transliterator:
    """The transliteration of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("arabic.translit", lambda: Transliterator(lex))


def transliterate(name: str, lexicon: Lexicon | None = None) -> str:
    """Latin rendering of an Arabic name."""
    return transliterator(lexicon)(name)
