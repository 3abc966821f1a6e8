"""Stage ``segment``: sentences and tokens with character offsets, clitics on tokens.

Tokens are found on the normalized view (so harakat, tatweel and zero-width characters
never split a word) and mapped back to the original text. Punctuation is split off;
clitics stay attached to the token, as in ANERcorp, and are exposed as
``Token.prefixes``/``stem``/``suffixes``.

Sentences end at . ! ? ؟ … (with any closing quotes or brackets that follow) and at line
breaks, so a headline without a final period is a sentence of its own. A sentence never
holds more than :data:`MAX_SENTENCE_TOKENS` tokens: a longer run without an end mark
(a list of 300,000 commas, a text without punctuation) is cut into pieces of that size,
so that the work of every later stage is bounded per sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from khabar.arabic.clitics import Clitics, clitics
from khabar.arabic.lexicon import Lexicon
from khabar.doc import Article, Sentence, Token

# a word: letters/digits (numbers may carry , or . between digits); or one other symbol
TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s]")
#: the punctuation that ends sentences (data: ``lexicons/segment.json``)
SEGMENT_TABLE = "lexicons/segment.json"
#: the most tokens a sentence holds; a longer one is cut (news sentences stay far below:
#: the longest of 317 sample articles has 545 tokens)
MAX_SENTENCE_TOKENS = 1000


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans of a (normalized) text."""
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


class Segment:
    name = "segment"
    requires = frozenset({"norm"})
    provides = frozenset({"tokens", "sentences"})

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or Lexicon.default()
        self._tables = None

    def _compiled(self):
        """(terminal marks, closers, clitic info of a word), compiled once per lexicon."""
        if self._tables is None:
            lex = self.lexicon

            def make():
                t = lex.table(SEGMENT_TABLE)
                return frozenset(t["terminal"]), frozenset(t["closers"]), _clitic_info_of(clitics(lex))

            self._tables = lex.memo("segment", make)
        return self._tables

    def __call__(self, article: Article) -> None:
        terminal, closers, clitic_info = self._compiled()
        view = article.norm
        ntext = view.text
        text = article.text
        vstarts, vends = view.starts, view.ends
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        sent_first = 0  # index of first token of the current sentence
        paragraph = 0

        def close_sentence(upto: int) -> None:
            nonlocal sent_first
            if upto > sent_first:
                start, end = tokens[sent_first].start, tokens[upto - 1].end
                idx = len(sentences)
                for t in tokens[sent_first:upto]:
                    t.sentence = idx
                sentences.append(
                    Sentence(start, end, text[start:end], index=idx, token_start=sent_first,
                             token_end=upto, paragraph=paragraph)
                )
            sent_first = upto

        prev_end = 0
        prev_norm = ""
        find = ntext.find
        for m in TOKEN_RE.finditer(ntext):
            ns, ne = m.span()
            if find("\n", prev_end, ns) >= 0:
                close_sentence(len(tokens))
                paragraph += ntext.count("\n", prev_end, ns) if tokens else 0
            prev_end = ne
            # view.to_orig(ns, ne), inlined (a match is never empty)
            start, end = vstarts[ns], vends[ne - 1]
            norm = m.group()
            if norm[0].isalpha():
                pre, stem, suf, npre, nsuf = clitic_info(norm)
                # locate the stem in the original: skip prefix letters, drop suffix letters
                a, b = ns + npre, ne - nsuf
                s0, s1 = (vstarts[a], vends[b - 1]) if a < b else view.to_orig(a, b)
                tok = Token(start, end, text[start:end], norm=norm, index=len(tokens), prefixes=pre, stem=stem,
                            suffixes=suf, stem_start=s0, stem_end=s1)
            else:
                tok = Token(start, end, text[start:end], norm=norm, index=len(tokens), stem=norm,
                            stem_start=start, stem_end=end)
            tokens.append(tok)
            # the previous token ended a sentence and this one is not a closer after it
            # (only a terminal mark or a closer can end one: test that first, it is cheap)
            if (
                (prev_norm in terminal or prev_norm in closers)
                and norm not in closers
                and _ends_sentence(tokens, len(tokens) - 2, terminal, closers)
            ):
                close_sentence(len(tokens) - 1)
            elif len(tokens) - sent_first >= MAX_SENTENCE_TOKENS:
                close_sentence(len(tokens))  # an over-long sentence: cut it, bounding later work
            prev_norm = norm
        close_sentence(len(tokens))
        article.tokens = tokens
        article.sentences = sentences


def _clitic_info_of(c: Clitics):
    """A memoized ``norm -> (prefixes, stem, suffixes, letters before, letters after the stem)``
    for the clitic rules ``c`` (``لل`` is one letter less than ``ل`` + ``ال``)."""
    lil_pair = (c.lil[0], c.article)

    @lru_cache(maxsize=32768)
    def info(norm: str) -> tuple[tuple[str, ...], str, tuple[str, ...], int, int]:
        pre, stem, suf = c.split(norm)
        npre = sum(map(len, pre)) - (1 if pre[-2:] == lil_pair else 0)
        return pre, stem, suf, npre, sum(map(len, suf))

    return info


def _ends_sentence(tokens: list[Token], i: int, terminal: frozenset, closers: frozenset) -> bool:
    """Is token ``i`` the last of a sentence (terminal mark, or closer after one)?"""
    j = i
    while j >= 0 and tokens[j].norm in closers:
        j -= 1
    if j == i and tokens[i].norm not in terminal:
        return False
    return j >= 0 and tokens[j].norm in terminal
