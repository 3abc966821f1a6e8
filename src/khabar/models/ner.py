"""Statistical Arabic NER: the lexical analysis of tokens, and the lazy-loading taggers.

Public API::

    from khabar.models.ner import get_tagger
    tagger = get_tagger()                       # cached; loads the shipped model on first call
    tagger.tag([["قال", "الرئيس", "محمد", "مرسي"]])          # [["O", "O", "B-PERS", "I-PERS"]]
    tagger.tag_with_scores(sentences)           # [[("O", 0.99), ...]]  (marginal probability)

The shipped model (``models/ner.npz``) is a BiLSTM-CRF run with numpy
(:class:`NeuralTagger`, network in :mod:`khabar.models.neural`); it reads the per-word
analysis below as lexical flags.  :class:`NerTagger` runs a CRF (python-crfsuite, ``khabar
train ner --arch crf``) over the full feature strings described next.

Tokens are raw surface tokens as in ANERcorp (clitics attached, punctuation split off); tags
are ANERcorp's ``B-``/``I-`` ``PERS``, ``ORG``, ``LOC``, ``MISC`` and ``O``.

Features (all on :func:`khabar.arabic.normalize.normalize`'d tokens): the word, its prefixes
and suffixes, the stem and clitics from :func:`khabar.arabic.clitics.split_clitics`, shape,
corpus-frequency bucket (``vocab.tsv.gz``), word2vec k-means cluster ids at several
granularities (``models/clusters.tsv.gz``, built by ``data/build_clusters.py``), generic
trigger words (``lexicons/ner_triggers.json``), gazetteer membership (``gazetteer.tsv.gz``,
``first_names.txt``), a self-trained name lexicon (``models/ner_lexicon.tsv.gz``, built by
``data/build_ner_lexicon.py``: how often a first-pass model tagged each word PERS/ORG/LOC/MISC
in SaudiNewsNet, and how often it follows a title or precedes a speech verb there) and the same
for the neighbouring words. Any resource file that is
missing is skipped, so the feature set degrades instead of failing; the model's sidecar
``<model>.json`` records which resources (and their checksums) it was trained with.

Per-word features are cached by word, so tagging costs a few list concatenations per token.
Nothing is read at import time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import threading
from pathlib import Path
from typing import Iterable

from khabar.errors import DataError, UsageError

__all__ = [
    "NerTagger",
    "NeuralTagger",
    "Featurizer",
    "NerResources",
    "get_tagger",
    "load_tagger",
    "DEFAULT_CONFIG",
    "LABELS",
]

MODEL_NAME = "models/ner.npz"
CLUSTERS_NAME = "models/clusters.tsv.gz"
GAZETTEER_NAME = "gazetteer.tsv.gz"
FIRST_NAMES_NAME = "first_names.txt"
TRIGGERS_NAME = "lexicons/ner_triggers.json"
LEXICON_NAME = "models/ner_lexicon.tsv.gz"

LABELS = ("O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
_GAZ_TYPES = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

#: feature configuration; saved with each model in ``<model>.json`` and read back at load time
DEFAULT_CONFIG: dict = {
    "version": 1,
    "affix": 4,            # prefixes/suffixes of length 1..affix
    "window": 2,           # context words on each side
    "ctx_far": ["w", "c", "T"],  # feature groups of words at distance >= 2
    "bigrams": True,
    "clusters": True,
    "gazetteer": True,
    "triggers": True,
    "freq": True,
    "morph_dist": True,
    "doc_block": 0,        # sentences per "document" for cross-sentence evidence (0: off)
    "lexicon": True,       # self-trained name lexicon (models/ner_lexicon.tsv.gz)
    "lex_window": 1,       # neighbours that get lexicon features
    "lex_conj": False,     # conjunctions of neighbours' lexicon types / triggers (no dev gain: off)
}


# ----------------------------------------------------------------------------- resources

def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def _shipped(name: str) -> Path | None:
    from khabar.resources import data_path

    try:
        return data_path(name)
    except DataError:
        return None


def _norm(text: str, lexicon=None) -> str:
    from khabar.arabic.normalize import normalize

    return normalize(text, lexicon)


class NerResources:
    """Lexical resources for the features, each optional."""

    def __init__(
        self,
        clusters_path: Path | None = None,
        gazetteer_path: Path | None = None,
        first_names_path: Path | None = None,
        triggers_path: Path | None = None,
        lexicon_path: Path | None = None,
        *,
        use_shipped: bool = True,
    ) -> None:
        if use_shipped:
            clusters_path = clusters_path or _shipped(CLUSTERS_NAME)
            gazetteer_path = gazetteer_path or _shipped(GAZETTEER_NAME)
            first_names_path = first_names_path or _shipped(FIRST_NAMES_NAME)
            triggers_path = triggers_path or _shipped(TRIGGERS_NAME)
            lexicon_path = lexicon_path or _shipped(LEXICON_NAME)
        self.paths = {
            "clusters": clusters_path,
            "gazetteer": gazetteer_path,
            "first_names": first_names_path,
            "triggers": triggers_path,
            "lexicon": lexicon_path,
        }
        self.cluster_ks: tuple[int, ...] = ()
        self.clusters: dict[str, tuple[str, ...]] = {}
        self.gaz: dict[str, frozenset[str]] = {}
        self.gaz_first: set[str] = set()
        self.gaz_maxlen = 0
        self.first_names: frozenset[str] = frozenset()
        self.triggers: dict[str, str] = {}  # normalized word -> "title|org_head|..." groups
        #: normalized word -> (count bucket, PERS/ORG/LOC/MISC levels "0".."4", title/speech levels)
        self.lexicon: dict[str, tuple[str, str, str]] = {}
        self._load()

    # -- loading
    def _load(self) -> None:
        loaders = {
            "clusters": self._load_clusters,
            "gazetteer": self._load_gazetteer,
            "first_names": self._load_first_names,
            "triggers": self._load_triggers,
            "lexicon": self._load_lexicon,
        }
        for key, load in loaders.items():
            p = self.paths.get(key)
            if p is None:
                continue
            try:
                load(Path(p))
            except (OSError, EOFError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
                raise DataError(f"cannot read the NER model's {key} file {p}: {exc}") from None

    def _load_first_names(self, path: Path) -> None:
        with path.open(encoding="utf-8") as fh:
            self.first_names = frozenset(
                _norm(line.strip()) for line in fh if line.strip() and not line.startswith("#")
            )

    def _load_triggers(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups: dict[str, list[str]] = {}
        for group, words in data.items():
            if group.startswith("_") or group.endswith("_suffix"):
                continue
            for w in words:
                n = _norm(w)
                if n:
                    groups.setdefault(n, []).append(group)
        self.triggers = {w: "|".join(sorted(set(g))) for w, g in groups.items()}

    def _load_lexicon(self, path: Path) -> None:
        opener = gzip.open if path.suffix == ".gz" else open
        lex: dict[str, tuple[str, str, str]] = {}
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 4 and not parts[0].startswith("#"):
                    lex[parts[0]] = (parts[1], parts[2], parts[3])
        self.lexicon = lex

    def _load_clusters(self, path: Path) -> None:
        opener = gzip.open if path.suffix == ".gz" else open
        clusters: dict[str, tuple[str, ...]] = {}
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if parts[0] == "#ks":
                    self.cluster_ks = tuple(int(k) for k in parts[1:])
                    continue
                if len(parts) >= 2:
                    clusters[parts[0]] = tuple(parts[1:])
        if not self.cluster_ks and clusters:
            self.cluster_ks = tuple(range(len(next(iter(clusters.values())))))
        self.clusters = clusters

    def _load_gazetteer(self, path: Path) -> None:
        opener = gzip.open if path.suffix == ".gz" else open
        gaz: dict[str, set[str]] = {}
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2:
                    continue
                typ = _GAZ_TYPES.get(parts[1].strip().upper())
                key = _norm(parts[0])
                if not typ or not key:
                    continue
                gaz.setdefault(key, set()).add(typ)
        self.gaz = {k: frozenset(v) for k, v in gaz.items()}
        self.gaz_first = {k.split(" ", 1)[0] for k in gaz}
        self.gaz_maxlen = min(6, max((k.count(" ") + 1 for k in gaz), default=0))

    def fingerprint(self) -> dict[str, str | None]:
        """Checksums of the resource files in use (recorded in the model sidecar)."""
        return {k: (_sha(Path(p)) if p else None) for k, p in self.paths.items()}


def vocab_fingerprint() -> str | None:
    """Checksum of the shipped ``vocab.tsv.gz`` (frequency and clitic features use it)."""
    p = _shipped("vocab.tsv.gz")
    return _sha(p) if p else None


# ----------------------------------------------------------------------------- features

#: the Arabic block (U+0600..U+06FF): its letters have the shape "a"
_ARABIC_FIRST, _ARABIC_LAST = 0x0600, 0x06FF


def _shape(w: str) -> str:
    out = []
    for ch in w:
        if ch.isdigit():
            c = "d"
        elif _ARABIC_FIRST <= ord(ch) <= _ARABIC_LAST:
            c = "a"
        elif ch.isalpha():
            c = "L" if ch.isupper() else "l"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


_LEX_TYPES = ("PERS", "ORG", "LOC", "MISC")


def _lex_feats(p: str, lx: tuple[str, str, str], full: bool, combo: bool = True) -> list[str]:
    """Features from one self-trained lexicon entry (``p``: position prefix; ``combo``: also
    the four levels as one feature)."""
    cnt, levels, ctx = lx
    out = [p + "lx=" + levels] if combo else []
    for t, lv in zip(_LEX_TYPES, levels):
        if lv != "0":
            out.append(f"{p}lx{t}={lv}")
    if ctx != "00":
        if ctx[0] != "0":
            out.append(p + "lxTi=" + ctx[0])
        if ctx[1] != "0":
            out.append(p + "lxSp=" + ctx[1])
    if full:
        out.append("lxn=" + cnt)
    return out


def _corpus_feats(b: dict) -> list[str]:
    """Corpus-frequency and article/inflection features of an analysed word (when computed)."""
    out = []
    if "freq" in b:
        out += ["fq=" + b["freq"], "sfq=" + b["sfreq"]]
    if "artr" in b:
        out += ["artr=" + b["artr"], "infl=" + b["infl"]]
    return out


def _lex_top(lx: tuple[str, str, str] | None) -> str:
    """The lexicon's most likely name type of a word with its level (``PERS4``), or ``-``."""
    if lx is None:
        return "-"
    levels = lx[1]
    best = max(range(4), key=lambda k: levels[k])
    return "O" if levels[best] < "2" else _LEX_TYPES[best] + levels[best]


#: per-word feature caches are cleared when they reach this many words, so that memory stays
#: bounded however large the corpus (the frequent words come back within a few articles)
_CACHE_MAX = 30000


class Featurizer:
    """Turns token lists into crfsuite attribute lists (with per-word caches)."""

    def __init__(self, resources: NerResources, config: dict | None = None, lexicon=None) -> None:
        from khabar.arabic.clitics import clitics
        from khabar.arabic.lexicon import WordMemo

        self.res = resources
        self.cfg = dict(DEFAULT_CONFIG)
        if config:
            self.cfg.update(config)
        #: the clitic rules and word counts of the lexicon (the shipped one by default; a model
        #: is trained and run with the same)
        self.clitics = clitics(lexicon)
        self._own: dict[str, list[str]] = {}
        self._ctx: dict[tuple[str, int], list[str]] = {}
        self._base: dict[str, dict] = {}
        #: word → its readings that start a gazetteer name
        self._gaz_starts = WordMemo(self._gaz_starts_of, _CACHE_MAX)
        self._lock = threading.Lock()

    # -- per word
    def _analyse(self, w: str) -> dict:
        b = self._base.get(w)
        if b is not None:
            return b
        clit = self.clitics
        vocab_count = clit.count
        res = self.res
        cfg = self.cfg
        n = _norm(w, clit.lexicon) or w
        is_alpha = n.isalpha()
        pre, stem, suf = clit.split(n) if is_alpha else ((), n, ())
        variants = [v for _, v in clit.variants(n)] if is_alpha else [n]
        b = {"n": n, "stem": stem, "pre": pre, "suf": suf, "alpha": is_alpha}
        # cluster ids: the word, else the first proclitic-stripped reading that has one
        cl: tuple[str, ...] = ()
        cl_src = ""
        if cfg["clusters"] and res.clusters:
            cl = res.clusters.get(n, ())
            if cl:
                cl_src = "w"
            else:
                for v in (stem, *variants[1:]):
                    cl = res.clusters.get(v, ())
                    if cl:
                        cl_src = "v"
                        break
        b["cl"] = cl
        b["cl_src"] = cl_src
        trig: set[str] = set()
        if cfg["triggers"] and res.triggers:
            for v in variants:
                g = res.triggers.get(v)
                if g:
                    trig.update(g.split("|"))
        b["trig"] = sorted(trig)
        lx = None
        if cfg.get("lexicon") and res.lexicon and is_alpha:
            lx = res.lexicon.get(n)
            if lx is None:
                for v in (stem, *variants[1:]):
                    lx = res.lexicon.get(v)
                    if lx is not None:
                        break
        b["lx"] = lx
        gz: set[str] = set()
        fn = False
        if cfg["gazetteer"]:
            if res.gaz:
                for v in variants:
                    t = res.gaz.get(v)
                    if t:
                        gz.update(t)
            if res.first_names:
                fn = any(v in res.first_names for v in variants)
        b["gz"] = sorted(gz)
        b["fn"] = fn
        if cfg["freq"]:
            c = vocab_count(n)
            b["freq"] = str(min(int(math.log2(c + 1)), 16)) if c else "0"
            cs = vocab_count(stem) if stem != n else c
            b["sfreq"] = str(min(int(math.log2(cs + 1)), 16)) if cs else "0"
            if cfg.get("morph_dist") and is_alpha and len(stem) >= 2:
                # proper nouns rarely take the article or inflect: corpus evidence for both
                bare = stem
                n_bare = vocab_count(bare)
                n_art = vocab_count(clit.article + bare)
                tot = n_bare + n_art
                if tot == 0:
                    b["artr"] = "none"
                else:
                    r = n_art / tot
                    b["artr"] = "0" if r == 0 else "1" if r < 0.1 else "2" if r < 0.5 else "3" if r < 0.9 else "4"
                base = bare[:-1] if bare.endswith(clit.ta_marbuta) else bare
                infl = sum(vocab_count(base + x) for x in clit.inflection_suffixes)
                b["infl"] = "0" if infl == 0 else str(min(int(math.log2(infl + 1)) // 3, 4))
        if len(self._base) >= _CACHE_MAX:
            self._base.clear()  # bounded memory over a corpus: start the cache afresh
        self._base[w] = b
        return b

    def own(self, w: str) -> list[str]:
        f = self._own.get(w)
        if f is not None:
            return f
        b = self._analyse(w)
        n = b["n"]
        cfg = self.cfg
        f = ["bias", "w=" + n, "st=" + b["stem"], "sh=" + _shape(n)]
        if w != n:
            f.append("raw!=n")
        if b["alpha"]:
            for i in range(1, cfg["affix"] + 1):
                if len(n) > i:
                    f.append(f"p{i}=" + n[:i])
                    f.append(f"s{i}=" + n[-i:])
            st = b["stem"]
            if len(st) > 2:
                f.append("sp2=" + st[:2])
                f.append("ss2=" + st[-2:])
            f.append("pre=" + "+".join(b["pre"]))
            f.append("suf=" + "+".join(b["suf"]))
            f.append("len=" + str(min(len(b["stem"]), 10)))
        else:
            f.append("nonalpha")
        f.extend(_corpus_feats(b))
        if "artr" in b:
            f.append("ai=" + b["artr"] + b["infl"])
        ks = self.res.cluster_ks
        for k, c in zip(ks, b["cl"]):
            f.append(f"c{k}{b['cl_src']}=" + c)
        if b["cl"] == () and self.res.clusters and b["alpha"]:
            f.append("c=none")
        for t in b["trig"]:
            f.append("T=" + t)
        for t in b["gz"]:
            f.append("G=" + t)
        if b["fn"]:
            f.append("FN")
        lx = b.get("lx")
        if lx is not None:
            f.extend(_lex_feats("", lx, True))
        elif b["alpha"] and self.res.lexicon:
            f.append("lx=none")
        if len(self._own) >= _CACHE_MAX:
            self._own.clear()
        self._own[w] = f
        return f

    def ctx(self, w: str, off: int) -> list[str]:
        key = (w, off)
        f = self._ctx.get(key)
        if f is not None:
            return f
        b = self._analyse(w)
        far = abs(off) >= 2
        groups = set(self.cfg["ctx_far"]) if far else {"w", "st", "c", "T", "G", "FN", "sh", "pre", "M"}
        p = f"{off:+d}:"
        f = []
        if "w" in groups:
            f.append(p + "w=" + b["n"])
        if "st" in groups:
            f.append(p + "st=" + b["stem"])
        if "pre" in groups and b["pre"]:
            f.append(p + "pre=" + "+".join(b["pre"]))
        if "sh" in groups and not b["alpha"]:
            f.append(p + "sh=" + _shape(b["n"]))
        if "c" in groups:
            ks = self.res.cluster_ks
            for k, c in zip(ks, b["cl"]):
                f.append(f"{p}c{k}=" + c)
        if "T" in groups:
            for t in b["trig"]:
                f.append(p + "T=" + t)
        if "G" in groups:
            for t in b["gz"]:
                f.append(p + "G=" + t)
        if "M" in groups and "artr" in b:
            f.append(p + "artr=" + b["artr"])
        if "FN" in groups and b["fn"]:
            f.append(p + "FN")
        if b.get("lx") is not None and abs(off) <= self.cfg.get("lex_window", 1):
            f.extend(_lex_feats(p, b["lx"], False))
        if len(self._ctx) >= 2 * _CACHE_MAX:
            self._ctx.clear()
        self._ctx[key] = f
        return f

    # -- per sentence
    def _gaz_spans(self, norms: list[str]) -> list[list[str]]:
        """Longest multi-word gazetteer matches: per token ``gs=B-PER`` / ``gs=I-PER``."""
        res = self.res
        out: list[list[str]] = [[] for _ in norms]
        if not res.gaz or not self.cfg["gazetteer"]:
            return out
        n = len(norms)
        i = 0
        starts = self._gaz_starts
        while i < n:
            best = 0
            best_types: frozenset[str] = frozenset()
            for first in starts[norms[i]]:
                for L in range(min(res.gaz_maxlen, n - i), 1, -1):
                    if L <= best:
                        break
                    key = " ".join([first, *norms[i + 1 : i + L]])
                    t = res.gaz.get(key)
                    if t:
                        best, best_types = L, t
                        break
            if best >= 2:
                for t in best_types:
                    out[i].append("gs=B-" + t)
                    for j in range(i + 1, i + best):
                        out[j].append("gs=I-" + t)
                i += best
            else:
                i += 1
        return out

    def _gaz_starts_of(self, w: str) -> tuple[str, ...]:
        readings = [v for _, v in self.clitics.variants(w)] if w.isalpha() else [w]
        return tuple(v for v in readings if v in self.res.gaz_first)

    def _variants(self, w: str) -> list[str]:
        b = self._analyse(w)
        v = b.get("vars")
        if v is None:
            n = b["n"]
            v = [x for _, x in self.clitics.variants(n) if len(x) >= 3] if b["alpha"] else []
            b["vars"] = v
        return v

    def _evidence(self, block: list[list[str]]) -> dict[str, set[str]]:
        """Cross-sentence evidence: which words appear, somewhere in the block, after a
        first name or a title, or inside a multi-word gazetteer name."""
        ev: dict[str, set[str]] = {}
        for toks in block:
            bases = [self._analyse(t) for t in toks]
            gs = self._gaz_spans([b["n"] for b in bases])
            for i, t in enumerate(toks):
                b = bases[i]
                if not b["alpha"] or b["trig"]:
                    continue
                marks = set()
                if i > 0:
                    pb = bases[i - 1]
                    if pb["fn"]:
                        marks.add("afterFN")
                    if "title" in pb["trig"]:
                        marks.add("afterTitle")
                if i + 1 < len(toks) and "speech" in bases[i + 1]["trig"]:
                    marks.add("beforeSpeech")
                for g in gs[i]:
                    marks.add("gz" + g[5:])
                if marks:
                    for v in self._variants(t):
                        ev.setdefault(v, set()).update(marks)
        return ev

    def document(self, sentences: list[list[str]]) -> list[list[list[str]]]:
        """Features for consecutive sentences of one text (cross-sentence evidence is
        gathered over fixed blocks of ``doc_block`` sentences, so results do not depend
        on how a caller batches a long text beyond that)."""
        size = self.cfg.get("doc_block") or 0
        if size <= 0:
            return [self.sentence(t) for t in sentences]
        out: list[list[list[str]]] = []
        for s in range(0, len(sentences), size):
            block = sentences[s : s + size]
            ev = self._evidence(block)
            out.extend(self.sentence(t, ev) for t in block)
        return out

    def sentence(self, tokens: list[str], evidence: dict[str, set[str]] | None = None) -> list[list[str]]:
        cfg = self.cfg
        win = cfg["window"]
        n = len(tokens)
        own = self.own
        ctx = self.ctx
        feats: list[list[str]] = []
        bases = [self._analyse(t) for t in tokens]
        norms = [b["n"] for b in bases]
        lxc = bool(cfg.get("lex_conj")) and bool(self.res.lexicon)
        if lxc:
            lxt = [_lex_top(b.get("lx")) for b in bases]
        gs = self._gaz_spans(norms)
        for i, w in enumerate(tokens):
            f = list(own(w))
            for off in range(1, win + 1):
                j = i - off
                if j >= 0:
                    f.extend(ctx(tokens[j], -off))
                elif j == -1:
                    f.append("BOS")
                j = i + off
                if j < n:
                    f.extend(ctx(tokens[j], off))
                elif j == n:
                    f.append("EOS")
            if cfg["bigrams"]:
                if i > 0:
                    f.append("b-=" + norms[i - 1] + "|" + norms[i])
                if i + 1 < n:
                    f.append("b+=" + norms[i] + "|" + norms[i + 1])
            if gs[i]:
                f.extend(gs[i])
                if i > 0 and gs[i - 1]:
                    f.extend("-1:" + x for x in gs[i - 1])
            if i + 1 < n and gs[i + 1]:
                f.extend("+1:" + x for x in gs[i + 1])
            if lxc:
                lt = lxt[i]
                if i > 0:
                    f.append("lxb-=" + lxt[i - 1] + "|" + lt)
                    if bases[i - 1]["trig"]:
                        f.append("lxT-=" + "+".join(bases[i - 1]["trig"]) + "|" + lt)
                if i + 1 < n:
                    f.append("lxb+=" + lt + "|" + lxt[i + 1])
            if evidence:
                marks: set[str] = set()
                for v in self._variants(w):
                    e = evidence.get(v)
                    if e:
                        marks |= e
                f.extend("D:" + m for m in sorted(marks))
            feats.append(f)
        if len(self._own) > 500_000:  # bound memory on endless streams
            with self._lock:
                self._own.clear()
                self._ctx.clear()
                self._base.clear()
        return feats


# ----------------------------------------------------------------------------- tagger

def sidecar_path(model_path: str | Path) -> Path:
    return Path(str(model_path) + ".json")


class NerTagger:
    """A trained CRF plus the featurizer it was trained with."""

    def __init__(self, model_path: str | Path, resources: NerResources | None = None, lexicon=None) -> None:
        self.model_path = model_file(model_path)
        try:
            import pycrfsuite
        except ImportError:
            raise DataError(f"cannot open NER model {self.model_path}: a CRF model needs python-crfsuite "
                            "(pip install python-crfsuite); the shipped model is a .npz") from None
        meta: dict = {}
        side = sidecar_path(self.model_path)
        if side.is_file():
            try:
                meta = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise DataError(f"NER model metadata unreadable: {side}: {exc}") from None
            if not isinstance(meta, dict):
                raise DataError(f"NER model metadata unreadable: {side}: not a JSON object")
        self.meta = meta
        try:
            if resources is None:
                resources = resources_for(meta)
            self.featurizer = Featurizer(resources, meta.get("config"), lexicon)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise DataError(f"NER model metadata {side} is broken ({exc!r}); retrain the model") from None
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.model_path))
        except Exception as exc:  # crfsuite raises ValueError/IOError on bad files
            raise DataError(f"cannot open NER model {self.model_path}: {exc}") from None
        self.labels = tuple(self._tagger.labels())
        self._lock = threading.Lock()
        if self.featurizer.cfg.get("freq"):  # load the word counts now, not on the first call
            self.featurizer.clitics.count("")

    @staticmethod
    def _sents(sentences) -> list[list[str]]:
        if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
            raise UsageError("tag() expects a list of sentences, each a list of token strings")
        out = []
        for toks in sentences:
            if isinstance(toks, (str, bytes)):
                raise UsageError("each sentence must be a list of tokens, not a string")
            toks = list(toks)
            if not all(isinstance(t, str) and t for t in toks):
                raise UsageError("tokens must be non-empty strings")
            out.append(toks)
        return out

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """ANERcorp tags for each token of each sentence."""
        sents = self._sents(sentences)
        with self._lock:
            feats = self.featurizer.document(sents)
            return [self._tagger.tag(f) if f else [] for f in feats]

    def tag_with_scores(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """Tags with the marginal probability of each tag (crfsuite ``Tagger.marginal``)."""
        sents = self._sents(sentences)
        out: list[list[tuple[str, float]]] = []
        t = self._tagger
        with self._lock:
            for f in self.featurizer.document(sents):
                if not f:
                    out.append([])
                    continue
                tags = t.tag(f)
                out.append([(y, t.marginal(y, i)) for i, y in enumerate(tags)])
        return out


def resources_for(meta: dict, skip: Iterable[str] = ()) -> NerResources:
    """The resources a model was trained with, found by checksum (``skip``: ones it never reads).

    For each resource the model used, the shipped file is taken when its checksum matches
    the one recorded at training time, else the file at the recorded training path when that
    still matches; otherwise the shipped file is used with a warning (features may differ).
    """
    used = meta.get("resources")
    if used is None:
        return NerResources()
    used = {k: (None if k in skip else v) for k, v in used.items()}
    names = {
        "clusters": CLUSTERS_NAME,
        "gazetteer": GAZETTEER_NAME,
        "first_names": FIRST_NAMES_NAME,
        "triggers": TRIGGERS_NAME,
        "lexicon": LEXICON_NAME,
    }
    import warnings

    recorded = meta.get("resource_paths", {})
    if meta.get("vocab") and meta["vocab"] != vocab_fingerprint():
        warnings.warn(
            "khabar/data/vocab.tsv.gz differs from the one the NER model was trained with; "
            "retrain the model (khabar train ner) for best accuracy",
            stacklevel=3,
        )
    paths: dict[str, Path | None] = {}
    for key, name in names.items():
        want = used.get(key)
        if not want:
            paths[key] = None
            continue
        shipped = _shipped(name)
        if shipped is not None and _sha(shipped) == want:
            paths[key] = shipped
            continue
        alt = recorded.get(key)
        if alt and Path(alt).is_file() and _sha(Path(alt)) == want:
            paths[key] = Path(alt)
            continue
        if shipped is None:
            raise DataError(f"the NER model needs khabar/data/{name}, which is missing; reinstall khabar")
        warnings.warn(
            f"khabar/data/{name} differs from the file the NER model was trained with; "
            "retrain the model (khabar train ner) for best accuracy",
            stacklevel=3,
        )
        paths[key] = shipped
    return NerResources(
        paths["clusters"], paths["gazetteer"], paths["first_names"], paths["triggers"],
        paths["lexicon"], use_shipped=False,
    )


def model_file(path: str | Path) -> Path:
    """``path`` as a model file that exists; else :class:`~khabar.errors.DataError` naming it."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"NER model file not found: {path}")
    return path


def load_tagger(model_path: str | Path | None = None, lexicon=None) -> "NerTagger | NeuralTagger":
    """Load a model (the shipped one when ``model_path`` is None); not cached.

    A ``.npz`` file is a BiLSTM-CRF (:class:`NeuralTagger`); anything else a crfsuite CRF
    (``khabar train ner --arch crf``). A missing or corrupt file (not a model, or one without
    the arrays a model has) raises :class:`~khabar.errors.DataError` naming it, here.
    ``lexicon``: where the shipped model is looked for (its root first) and whose clitic
    rules the features use (default: the shipped lexicon)."""
    if model_path is None:
        from khabar.arabic.lexicon import Lexicon

        model_path = (lexicon if lexicon is not None else Lexicon.default()).path(MODEL_NAME)
    model_path = Path(model_path)  # each tagger says so when the file is missing
    if model_path.suffix == ".npz":
        return NeuralTagger(model_path, lexicon=lexicon)
    return NerTagger(model_path, lexicon=lexicon)


def get_tagger(lexicon=None) -> "NerTagger | NeuralTagger":
    """The shipped NER tagger of ``lexicon`` (default: the shipped lexicon), loaded on first
    call and kept with the lexicon: one per process however many stages use it."""
    from khabar.arabic.lexicon import Lexicon

    lex = lexicon if lexicon is not None else Lexicon.default()
    return lex.memo("models.ner.tagger", lambda: load_tagger(None, lexicon=lex))


#: one reading per stretch of text: a name tagged in one sentence is tagged again where the
#: same words stand untagged within ``window`` sentences (see :func:`propagate_names`)
DEFAULT_PROPAGATE = {"window": 10, "min_score": 0.5, "min_chars": 3}


def propagate_names(
    sents: list[list[str]],
    tags: list[list[str]],
    scores: list[list[float]] | None = None,
    *,
    window: int = 10,
    min_score: float = 0.5,
    min_chars: int = 3,
    lexicon=None,
) -> tuple[list[list[str]], list[list[float]]]:
    """Tag again, as the same type, the untagged repetitions of names found nearby.

    Sentences are taken to be consecutive text (an article, a CoNLL file in document order).
    A name tagged somewhere (each token at least ``min_chars`` characters, every token's
    score at least ``min_score``) is copied to each exact repetition of its tokens -- also
    with one conjunction or preposition clitic on the first (وبوتين for بوتين) -- within
    ``window`` sentences before or after, where all those tokens are ``O`` and the span does
    not cut into a following name. Surer names are copied first. Returns new tag and score
    lists (a copied tag gets its source name's score; scores default to 1.0); the input is
    not changed. (On the last tenth of ANERcorp train, held out, this raised the
    BiLSTM-CRF's micro-F1 by 1.4-2.1 points.) The clitics a repetition may carry are the
    ``name_proclitics`` of ``lexicon``'s ``lexicons/clitics.json`` (default: the shipped lexicon).
    """
    from khabar.arabic.clitics import clitics
    from khabar.models.conll import chunks

    proclitics = frozenset(clitics(lexicon).name_proclitics)

    # first word -> the names that start with it: (score, words, type, sentence), surest first
    index: dict[str, list[tuple[float, tuple[str, ...], str, int]]] = {}
    for si, ts in enumerate(tags):
        for i, j, typ in chunks(ts):
            sc = min(scores[si][i:j]) if scores is not None else 1.0
            words = tuple(sents[si][i:j])
            if sc >= min_score and all(len(w) >= min_chars for w in words):
                index.setdefault(words[0], []).append((sc, words, typ, si))
    out = [list(ts) for ts in tags]
    out_sc = [list(sc) for sc in scores] if scores is not None else [[1.0] * len(ts) for ts in tags]
    if not index:
        return out, out_sc
    # first word -> sentence -> [(rank, score, words, type)]: of the names of one sentence
    # with the same words only the surest counts (whether a name applies depends on its words
    # alone, and the surest is tried first), and a token looks only at the sentences of its
    # window, so the work stays linear however often a name repeats (الرياض × 15,000)
    near: dict[str, dict[int, list[tuple[int, float, tuple[str, ...], str]]]] = {}
    for first, lst in index.items():
        lst.sort(key=lambda x: -x[0])
        per: dict[int, dict[tuple[str, ...], tuple]] = {}
        for rank, (sc, words, typ, sj) in enumerate(lst):
            per.setdefault(sj, {}).setdefault(words, (rank, sc, words, typ))
        near[first] = {sj: sorted(names.values()) for sj, names in per.items()}

    def in_window(first: str, si: int, which: int) -> list[tuple]:
        by_sent = near.get(first)
        if not by_sent:
            return []
        got = []
        for sj in range(si - window, si + window + 1):
            for r, sc, words, typ in by_sent.get(sj, ()):
                got.append((-sc, which, r, sc, words, typ))
        return got

    for si, toks in enumerate(sents):
        cur = out[si]
        for i, tok in enumerate(toks):
            if cur[i] != "O":
                continue  # no name can be copied onto a tagged token
            if tok not in near and not (tok[:1] in proclitics and len(tok) > 1 and tok[1:] in near):
                continue
            cands = in_window(tok, si, 0)
            if tok[:1] in proclitics and len(tok) > 1 and tok[1:] in near:
                cands += in_window(tok[1:], si, 1)
            cands.sort()  # surest first; ties: the word's own names, then in index order
            for _, _, _, sc, words, typ in cands:
                L = len(words)
                if i + L > len(toks) or tuple(toks[i + 1 : i + L]) != words[1:]:
                    continue
                if any(x != "O" for x in cur[i : i + L]) or (i + L < len(toks) and cur[i + L].startswith("I-")):
                    continue
                for k in range(i, i + L):
                    cur[k] = ("B-" if k == i else "I-") + typ
                    out_sc[si][k] = sc
                break
    return out, out_sc


class NeuralTagger:
    """The BiLSTM-CRF model (``.npz``, :mod:`khabar.models.neural`) behind the same API.

    ``propagate`` (default :data:`DEFAULT_PROPAGATE`, or the model's own setting) turns on
    :func:`propagate_names` over the sentences of each call; ``False`` turns it off."""

    #: sentences per forward pass (sorted by length, so padding stays small) ...
    BATCH = 128
    #: ... and at most this many padded token slots, which bounds memory on long sentences
    SLOTS = 4096

    def __init__(self, model_path: str | Path, resources: NerResources | None = None,
                 propagate: dict | bool | None = None, lexicon=None) -> None:
        from khabar.models.neural import NeuralNet, TokenEncoder

        self.model_path = Path(model_path)
        self.net = NeuralNet(self.model_path)  # says so when the file is missing
        self.meta = self.net.meta
        self.lexicon = lexicon
        try:
            if resources is None:  # the network reads no word clusters (it has the vectors)
                resources = resources_for(self.meta, skip=("clusters",))
            cfg = dict(self.meta.get("featurizer_config") or {})
            cfg["clusters"] = False
            self.featurizer = Featurizer(resources, cfg, lexicon)
            net = self.net
            self.encoder = TokenEncoder(self.featurizer, net.vec_vocab, net.word_vocab, net.chars, net.flags)
            self.labels = net.labels
            if propagate is None:
                propagate = self.meta.get("propagate", DEFAULT_PROPAGATE)
            elif propagate is True:
                propagate = DEFAULT_PROPAGATE
            self.propagate = dict(propagate) if propagate else None
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise DataError(f"NER model {self.model_path} has broken metadata ({exc!r}); retrain it") from None
        self._lock = threading.Lock()
        if self.featurizer.cfg.get("freq"):  # load the word counts now, not on the first call
            self.featurizer.clitics.count("")

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Indices of the non-empty items, shortest first, in groups of at most ``BATCH`` items
        and ``SLOTS`` padded positions (a long sentence alone in a group if need be)."""
        order = sorted((i for i, n in enumerate(lengths) if n), key=lambda i: lengths[i])
        out: list[list[int]] = []
        cur: list[int] = []
        for i in order:
            if cur and (len(cur) >= self.BATCH or (len(cur) + 1) * lengths[i] > self.SLOTS):
                out.append(cur)
                cur = []
            cur.append(i)
        if cur:
            out.append(cur)
        return out

    def _emissions(self, sents: list[list[str]]) -> list:
        out: list = [None] * len(sents)
        for idx in self._batches([len(s) for s in sents]):
            enc = self.encoder
            ems = self.net.emissions_keyed([enc.sentence_keys(sents[i]) for i in idx], enc.inputs)
            for i, em in zip(idx, ems):
                out[i] = em
        return out

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """ANERcorp tags for each token of each sentence."""
        return [[t for t, _ in row] for row in self.tag_with_scores(sentences)]

    def tag_with_scores(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """Tags with the posterior probability of each decoded tag (forward-backward); a tag
        set by :func:`propagate_names` carries the score of the name it was copied from."""
        return self.tag_many([sentences])[0]

    def tag_many(self, docs: list[list[list[str]]]) -> list[list[list[tuple[str, float]]]]:
        """:meth:`tag_with_scores` of many documents (each a list of sentences) at once: the
        sentences of all go through the network together, in length-sorted batches, which is
        much faster than one document at a time; the results are those of tagging each
        document alone, to the last bit (:func:`khabar.models.neural.decode`), and
        :func:`propagate_names` still works inside one document."""
        docs = [NerTagger._sents(d) for d in docs]
        sents = [s for d in docs for s in d]
        labels = self.labels
        from khabar.models.neural import decode

        with self._lock:
            ems = self._emissions(sents)
        tags: list[list[str]] = [[] for _ in sents]
        scores: list[list[float]] = [[] for _ in sents]
        for part in self._batches([0 if em is None else len(em) for em in ems]):
            paths, post = decode(self.net, [ems[i] for i in part])
            for i, p, sc in zip(part, paths, post):
                tags[i] = [labels[k] for k in p]
                scores[i] = sc
        out = []
        k = 0
        for d in docs:
            dt, ds = tags[k : k + len(d)], scores[k : k + len(d)]
            k += len(d)
            if self.propagate:
                dt, ds = propagate_names(d, dt, ds, **self.propagate, lexicon=self.lexicon)
            out.append([list(zip(t, sc)) for t, sc in zip(dt, ds)])
        return out
