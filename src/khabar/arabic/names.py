"""English names of organizations (and other multi-word names) translated by their structure.

An Arabic organization name is a head noun with its complements and adjectives: وزارة
الداخلية التونسية is "Ministry of the Interior (Tunisia)", جامعة كورنيل "Cornell University",
اللجنة الوطنية لمكافحة المخدرات "National Committee for Combating Narcotics". The words are
data (``lexicons/name_words_en.tsv``: noun, adjective, fixed name, leading word, whole name,
title, clitic, preposition, place designator); nationality adjectives come from ``lexicons/demonyms.tsv`` and become a
country qualifier; a word neither knows is a proper name, spelled by the transliteration
(its name-word table first). A name whose first word is no known head is not translated
(:meth:`NameTranslator.__call__` returns None), so a person's name is never "translated".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.arabic.lexicon import Lexicon
from khabar.arabic.normalize import normalize
from khabar.arabic.translit import transliterator

__all__ = ["NameTranslator", "name_translator", "WORDS_NAME"]

WORDS_NAME = "lexicons/name_words_en.tsv"
DEMONYMS_NAME = "lexicons/demonyms.tsv"
_FUNCTION_WORDS = ("relatives", "prepositions", "pronouns", "demonstratives", "negations", "subordinators",
                   "complementizers", "conjunctions")
_LINKS = {None: " of ", "the": " of the ", "for": " for ", "and": " and ", "in": " in "}


@dataclass
class _Phrase:
    link: str | None
    noun: str
    names: list[str] = field(default_factory=list)
    adjs: list[str] = field(default_factory=list)
    #: a leading word (T): the names follow it (وادي الدواسر -> "Wadi al-Dawasir")
    lead: bool = False

    def text(self) -> str:
        if self.lead:
            return " ".join([self.noun] + self.names + self.adjs[::-1])
        return " ".join(self.names + self.adjs[::-1] + [self.noun])


class NameTranslator:
    """The name words of one :class:`Lexicon`; call it with a normalized name key."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.words: dict[str, tuple[str, str]] = {}
        self.countries: dict[str, str] = {}
        self.clitics: list[tuple[str, str, str]] = []
        self.skip: set[str] = set()
        #: whole names that are also common words (W): الأهلي alone is the club "Al-Ahli"
        self.whole: dict[str, str] = {}
        for line in lexicon.text_lines(WORDS_NAME):
            f = line.split("\t")
            if len(f) < 3:
                continue
            key = normalize(f[0], lexicon)
            if f[2] == "C":
                self.clitics.append((key, f[1], normalize(f[3], lexicon) if len(f) > 3 else ""))
            elif f[2] == "S":
                self.skip.add(key)
            elif f[2] == "D":
                self.countries[key] = f[1]
            elif f[2] == "W":
                self.whole[key] = f[1]
            else:
                self.words[key] = (f[1], f[2])
        self.clitics.sort(key=lambda c: -len(c[0]))
        self.max_n = max((k.count(" ") + 1 for k in self.words), default=1)
        for line in lexicon.text_lines(DEMONYMS_NAME):
            f = line.split("\t")
            if len(f) == 3:
                self.countries.setdefault(f[0], f[2])
        #: function words end a name (a span that ran on: حزب الوفد الذي)
        self.stop = frozenset().union(*(lexicon.words(c) for c in _FUNCTION_WORDS))

    def _variants(self, tok: str) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = [(tok, None)]
        for pre, link, repl in self.clitics:
            if tok.startswith(pre) and len(tok) > len(pre) + 2:
                rest = tok[len(pre):]
                out.append((repl + rest, link))
        return out

    def _unit(self, toks: list[str], i: int) -> tuple[int, str, str, str | None, bool]:
        """(words used, English, kind, link, definite) of the unit starting at ``toks[i]``."""
        art = self._article("")
        for n in range(min(self.max_n, len(toks) - i), 0, -1):
            rest = toks[i + 1:i + n]
            for v, link in self._variants(toks[i]):
                hit = self.words.get(" ".join([v, *rest]))
                if hit is None and link is not None and n == 1:
                    v = self._article(v)
                    hit = self.words.get(v)
                if hit:
                    return n, hit[0], hit[1], link, v.startswith(art)
        for v, link in self._variants(toks[i]):
            if v in self.countries:
                return 1, self.countries[v], "D", link, False
        for v, link in self._variants(toks[i]):
            # a conjunction or preposition on an unknown word with the article (والتسويق، للأبحاث)
            if link is not None and v.startswith(art) and len(v) > len(art) + 2:
                return 1, v, "X", link, True
        return 1, toks[i], "X", None, False

    def _article(self, w: str) -> str:
        art = next((repl for _, _, repl in self.clitics if repl), "")
        return art + w

    def strip(self, key: str) -> str:
        """The name without the place designators it starts with (منطقة رميلان -> رميلان)."""
        toks = key.split()
        k = 0
        while k < len(toks) - 1 and toks[k] in self.skip:
            k += 1
        return " ".join(toks[k:])

    def __call__(self, key: str, spell=None, lenient: bool = False) -> str | None:
        """The English name by structure, or None when the first word is no known head (with
        ``lenient``, also a name followed by known words). ``spell`` gives the English of a
        run of words the table does not know (a proper name)."""
        whole = self.whole.get(self.strip(key))
        if whole:
            return whole
        toks = self.strip(key).split()
        for k, t in enumerate(toks):
            if k and t in self.stop:
                toks = toks[:k]
                break
        if not toks:
            return None
        units = []
        i = 0
        while i < len(toks):
            n, en, kind, lk, definite = self._unit(toks, i)
            if kind == "X" and lk is None and units and units[-1][1] == "X":
                units[-1] = (units[-1][0] + " " + en, "X", units[-1][2], False)
            else:
                units.append((en, kind, lk, definite))
            i += n
        # a compound head (K): its one definite complement goes before it in English, as a
        # noun compound (شركة المياه الوطنية: National Water Company, not Company of the …)
        # (not when the complement is a person or people, R: Forces of the President)
        compound = units[0][1] == "K" and not any(u[1] == "R" for u in units[1:])
        units = [(en, "N" if kind in ("K", "R") else kind, lk, d) for en, kind, lk, d in units]
        if units[0][1] not in ("N", "F", "T", "H"):
            # a proper name first: translated only when known words follow it (سوروتش
            # التركية -> "Suruç (Turkey)"); a bare name is left to the transliteration
            if not lenient or units[0][1] != "X" or not any(u[1] in ("N", "A", "D", "F") for u in units[1:]):
                return None
        common = transliterator(self.lexicon).common
        phrases: list[_Phrase] = []
        countries: list[str] = []
        link: str | None = None
        for n, (en, kind, lk, definite) in enumerate(units):
            lk = lk or link
            link = None
            if kind == "H":
                nxt = units[n + 1] if n + 1 < len(units) else None
                if phrases and lk is None and nxt is not None and nxt[1] == "X" and nxt[2] is None:
                    # a title and a person's name after a head: an attribute (King Saud University)
                    word = spell(nxt[0]) if spell else nxt[0]
                    if word:
                        phrases[-1].names.append(f"{en} {word}")
                        units[n + 1] = ("", "-", None, False)
                        continue
                if not phrases and nxt is not None and nxt[1] == "X" and nxt[2] is None:
                    phrases.append(_Phrase(lk, en, lead=True))  # الملك سلمان: King Salman
                    continue
                kind = "N"
            if kind == "-":
                continue
            if kind == "P":
                link = en.lower()
            elif kind == "D":
                if en not in countries:
                    countries.append(en)
            elif kind == "A" and phrases and lk is None:
                phrases[-1].adjs.append(en)
            elif kind == "T":
                phrases.append(_Phrase(lk, en, lead=True))
            elif kind == "X":
                if all(w in common for w in en.split()):
                    continue  # common words no table translates are left out
                word = spell(en) if spell else en
                if not word:
                    continue
                if phrases and phrases[-1].lead and lk is None and not phrases[-1].adjs:
                    phrases[-1].names.append(word)
                elif not phrases:
                    phrases.append(_Phrase(None, word))
                elif lk is None and not phrases[-1].adjs and len(phrases) == 1:
                    phrases[-1].names.append(word)
                else:
                    phrases.append(_Phrase(lk, word))
            else:
                # a definite common noun as a complement: "Ministry of the Interior"
                the = kind == "N" and lk is None and definite and bool(phrases)
                phrases.append(_Phrase("the" if the else lk, en))
        if not phrases:
            return None
        if (compound and len(phrases) == 2 and phrases[1].link == "the" and not phrases[1].lead
                and not phrases[0].names):
            out = phrases[1].text() + " " + phrases[0].text()
            if countries:
                out += f" ({', '.join(countries)})"
            return out[:1].upper() + out[1:]
        out = phrases[0].text()
        for p in phrases[1:]:
            out += _LINKS.get(p.link, " of ") + p.text()
        if countries:
            out += f" ({', '.join(countries)})"
        return out[:1].upper() + out[1:]


def name_translator(lexicon: Lexicon | None = None) -> NameTranslator:
    """The name translator of ``lexicon`` (the shipped lexicon by default), once per lexicon."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("arabic.names", lambda: NameTranslator(lex))
