"""Stage ``segment``: sentences and tokens with character offsets, clitics on tokens.

Tokens are found on the normalized view (so harakat, tatweel and zero-width characters
never split a word) and mapped back to the original text. Punctuation is split off;
clitics stay attached to the token, as in ANERcorp, and are exposed as
``Token.prefixes``/``stem``/``suffixes``.

Sentences end at . ! ? ؟ … (with any closing quotes or brackets that follow) and at line
breaks, so a headline without a final period is a sentence of its own.
"""

from __future__ import annotations

import re

from khabar.arabic.clitics import split_clitics
from khabar.doc import Article, Sentence, Token

# a word: letters/digits (numbers may carry , or . between digits); or one other symbol
TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s]")
_TERMINAL = set(".!?؟…")
_CLOSERS = set("\"'”’»)]}")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans of a (normalized) text."""
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


class Segment:
    name = "segment"
    requires = frozenset({"norm"})
    provides = frozenset({"tokens", "sentences"})

    def __call__(self, article: Article) -> None:
        view = article.norm
        ntext = view.text
        text = article.text
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
        for ns, ne in tokenize(ntext):
            gap = ntext[prev_end:ns]
            if "\n" in gap:
                close_sentence(len(tokens))
                paragraph += gap.count("\n") if tokens else 0
            prev_end = ne
            start, end = view.to_orig(ns, ne)
            norm = ntext[ns:ne]
            tok = Token(start, end, text[start:end], norm=norm, index=len(tokens))
            if norm[0].isalpha():
                pre, stem, suf = split_clitics(norm)
                tok.prefixes, tok.stem, tok.suffixes = pre, stem, suf
                # locate the stem in the original: skip prefix letters, drop suffix letters
                npre = sum(len(p) for p in pre) - (1 if pre[-2:] == ("ل", "ال") else 0)
                nsuf = sum(len(s) for s in suf)
                s0, s1 = view.to_orig(ns + npre, ne - nsuf)
                tok.stem_start, tok.stem_end = s0, s1
            else:
                tok.stem = norm
                tok.stem_start, tok.stem_end = start, end
            tokens.append(tok)
            # the previous token ended a sentence and this one is not a closer after it
            if len(tokens) >= 2 and _ends_sentence(tokens, len(tokens) - 2) and norm not in _CLOSERS:
                close_sentence(len(tokens) - 1)
        close_sentence(len(tokens))
        article.tokens = tokens
        article.sentences = sentences


def _ends_sentence(tokens: list[Token], i: int) -> bool:
    """Is token ``i`` the last of a sentence (terminal mark, or closer after one)?"""
    j = i
    while j >= 0 and tokens[j].norm in _CLOSERS:
        j -= 1
    if j == i and tokens[i].norm not in _TERMINAL:
        return False
    return j >= 0 and tokens[j].norm in _TERMINAL
