"""The neural NER tagger: a BiLSTM-CRF over word vectors, characters and lexical flags,
run with numpy only (training is in :mod:`khabar.models.train_neural` and needs torch).

Each token is represented by

* a word2vec vector learned on SaudiNewsNet (``data/build_clusters.py --save-vectors``),
  looked up for the normalized word, else for its clitic-stripped stem or readings
  (frozen during training, so names never seen in ANERcorp keep their corpus neighbours);
* a small trainable embedding of words seen at least twice in the training file;
* a character CNN (the normalized word between ``<`` and ``>``), max-pooled;
* a multi-hot vector of lexical flags from :class:`khabar.models.ner.Featurizer`: gazetteer
  and first-name membership, multi-word gazetteer spans, trigger words (titles, speech
  verbs, organisation and place heads), the self-trained name lexicon, corpus frequency,
  article/inflection ratios, clitics and shape.

A bidirectional LSTM reads the sentence and a linear-chain CRF (with the BIO constraints
built in) decodes it.  The model file is one ``.npz`` (float16 weights, vocabularies as UTF-8
text) plus the ``<model>.json`` sidecar that :class:`khabar.models.ner.NerTagger` reads.
Nothing here touches torch; BLAS does the matrix products.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import numpy as np

from khabar.errors import DataError
from khabar.models.ner import _corpus_feats, _lex_feats

__all__ = ["TokenEncoder", "NeuralNet", "decode", "merge_models", "word_flags", "LABELS",
           "allowed_transitions"]

LABELS = ("O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
PAD, UNK = 0, 1  # indices in the char and trainable word vocabularies
NEG = -1e4


def allowed_transitions(labels=LABELS) -> tuple[np.ndarray, np.ndarray]:
    """BIO constraints: ``(trans_ok[from, to], start_ok[to])`` — no ``I-X`` after anything but
    ``B-X``/``I-X`` and none at the start of a sentence."""
    n = len(labels)
    ok = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, b in enumerate(labels):
        if b.startswith("I-"):
            start[j] = False
            for i, a in enumerate(labels):
                ok[i, j] = a[2:] == b[2:]
    return ok, start


def word_flags(b: dict) -> list[str]:
    """The lexical flag names of one analysed word (``Featurizer._analyse``)."""
    n = b["n"]
    f: list[str] = []
    if not b["alpha"]:
        f.append("nonalpha")
        if any(ch.isdigit() for ch in n):
            f.append("digit")
        if not any(ch.isalnum() for ch in n):
            f.append("punct")
    for t in b["gz"]:
        f.append("G=" + t)
    if b["fn"]:
        f.append("FN")
    for t in b["trig"]:
        f.append("T=" + t)
    lx = b.get("lx")
    if lx is not None:
        f.extend(_lex_feats("", lx, True, combo=False))
    elif b["alpha"]:
        f.append("lx=none")
    f.extend(_corpus_feats(b))
    for p in b["pre"]:
        f.append("pre=" + p)
    for s in b["suf"]:
        f.append("suf=" + s)
    if b["alpha"]:
        f.append("len=" + str(min(len(b["stem"]), 10)))
    return f


def _text_array(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _array_text(arr: np.ndarray) -> list[str]:
    s = arr.tobytes().decode("utf-8")
    return s.split("\n") if s else []


class TokenEncoder:
    """Maps tokens to the integer inputs of the network (cached per word)."""

    def __init__(self, featurizer, vec_vocab: list[str], word_vocab: list[str],
                 chars: list[str], flags: list[str], max_chars: int = 20) -> None:
        self.fz = featurizer
        self.vec_index = {w: i for i, w in enumerate(vec_vocab)}   # 0 = no vector
        self.word_index = {w: i for i, w in enumerate(word_vocab)}  # 0 PAD, 1 UNK
        self.char_index = {c: i for i, c in enumerate(chars)}       # 0 PAD, 1 UNK
        self.flag_index = {f: i for i, f in enumerate(flags)}
        self.max_chars = max_chars
        self._cache: dict[str, tuple] = {}
        self._old: dict[str, tuple] = {}

    #: words whose inputs are kept in each of the cache's two generations: a full young
    #: generation becomes the old one (the old one is dropped), and a word found in the old one
    #: moves back to the young: the words in use stay, at the cost of a dict lookup
    CACHE_MAX = 20000

    def word(self, w: str) -> tuple[int, int, tuple[int, ...], tuple[int, ...], str]:
        """``(vec id, word id, char ids, flag ids, normalized word)`` of a token (cached)."""
        e = self._cache.get(w)
        if e is not None:
            return e
        e = self._old.get(w)
        if e is not None:
            self._keep(w, e)
            return e
        b = self.fz._analyse(w)
        n = b["n"]
        vi = self.vec_index.get(n, 0)
        if not vi and b["alpha"]:
            for v in (b["stem"], *self.fz._variants(w)):
                vi = self.vec_index.get(v, 0)
                if vi:
                    break
        wi = self.word_index.get(n, UNK)
        cs = ("<", *n[: self.max_chars - 2], ">")
        ci = tuple(self.char_index.get(c, UNK) for c in cs)
        flags = word_flags(b)
        if not vi:
            flags.append("novec")
        fi = tuple(sorted({self.flag_index[x] for x in flags if x in self.flag_index}))
        e = (vi, wi, ci, fi, n)  # the normalized word, not its whole analysis: memory
        self._keep(w, e)
        return e

    def _keep(self, w: str, e: tuple) -> None:
        if len(self._cache) >= self.CACHE_MAX:
            self._old = self._cache
            self._cache = {}
        self._cache[w] = e

    def sentence_keys(self, tokens: list[str]) -> list:
        """One key per token for :meth:`NeuralNet.emissions_keyed`: the word, or ``(word,
        multi-word gazetteer flag ids)`` inside a gazetteer name; :meth:`inputs` reads a key."""
        es = [self.word(t) for t in tokens]
        gs = self.fz._gaz_spans([e[4] for e in es])
        fidx = self.flag_index
        keys: list = list(tokens)
        for k, g in enumerate(gs):
            if g:
                ids = tuple(fidx[x] for x in g if x in fidx)
                if ids:
                    keys[k] = (tokens[k], ids)
        return keys

    def inputs(self, key) -> tuple[int, int, tuple[int, ...], tuple[int, ...]]:
        """``(vec id, word id, char ids, flag ids)`` of a key of :meth:`sentence_keys` (what
        :meth:`sentence` gives for that token)."""
        if isinstance(key, str):
            return self.word(key)[:4]
        w, ids = key
        e = self.word(w)
        return e[0], e[1], e[2], tuple(sorted({*e[3], *ids}))

    def sentence(self, tokens: list[str]):
        """``(vec_ids, word_ids, char_ids per token, flag ids per token)`` for one sentence: the
        :meth:`inputs` of its :meth:`sentence_keys`, as columns."""
        ins = [self.inputs(k) for k in self.sentence_keys(tokens)]
        return [e[0] for e in ins], [e[1] for e in ins], [e[2] for e in ins], [e[3] for e in ins]


class _Member:
    """One trained network of a model (a model may average several, trained with other seeds)."""

    #: token inputs whose LSTM input projection is kept (4 KB each with 128 units: 32 MB)
    CACHE_MAX = 8192
    #: words whose char-CNN vector is kept
    CHAR_CACHE_MAX = 32768

    def __init__(self, w: dict[str, np.ndarray], vec: np.ndarray, n_flags: int) -> None:
        H = w["lstm_whh"].shape[1]
        perm = np.r_[0:H, H : 2 * H, 3 * H : 4 * H, 2 * H : 3 * H]  # (i, f, g, o) -> (i, f, o, g)
        for sfx in ("", "_r"):
            w["lstm_wih" + sfx] = np.ascontiguousarray(w["lstm_wih" + sfx][perm].T)
            w["lstm_whh" + sfx] = np.ascontiguousarray(w["lstm_whh" + sfx][perm].T)
            w["lstm_b" + sfx] = w["lstm_b" + sfx][perm]
        self.w = w
        self.H = H
        self.vec = vec
        self.n_flags = n_flags
        # both directions' input projections in one product: (D, 8H)
        self.w_in = np.ascontiguousarray(np.concatenate([w["lstm_wih"], w["lstm_wih_r"]], axis=1))
        self.b_in = np.concatenate([w["lstm_b"], w["lstm_b_r"]])
        # contiguous: a product with a transposed view gives a row other bits in other batches
        self.out_w = np.ascontiguousarray(w["out_w"].T)
        # char CNN as one matrix over the concatenated window [x(t-1), x(t), x(t+1)]
        cw = w["char_conv_w"]  # (out, in, k)
        self.conv = np.concatenate([cw[:, :, k].T for k in range(cw.shape[2])], axis=0)
        self._char_cache: dict[tuple[int, ...], np.ndarray] = {}
        #: projected inputs of recent tokens: key → row of ``_rows`` (emptied when full)
        self._slot: dict = {}
        self._rows: np.ndarray | None = None

    def _chars(self, words: list[tuple[int, ...]]) -> np.ndarray:
        """Char-CNN vectors of words given as char ids (cached): one padded product for the
        new ones, zero vectors around each word as in the training's convolution padding."""
        cache = self._char_cache
        todo = list(dict.fromkeys(c for c in words if c not in cache))
        if len(cache) + len(todo) > self.CHAR_CACHE_MAX:
            cache.clear()
            todo = list(dict.fromkeys(words))
        if todo:
            lens = np.array([len(c) for c in todo])
            n, L = len(todo), int(lens.max())
            ids = np.zeros((n, L + 2), dtype=np.int64)  # 0 = PAD
            for i, c in enumerate(todo):
                ids[i, 1 : 1 + len(c)] = c
            E = self.w["char_emb"][ids]
            E[ids == 0] = 0.0
            X = np.concatenate([E[:, :-2], E[:, 1:-1], E[:, 2:]], axis=2)  # (n, L, 3d)
            Y = np.maximum(X @ self.conv + self.w["char_conv_b"], 0.0)
            Y[np.arange(L)[None, :] >= lens[:, None]] = 0.0  # after ReLU, 0 never wins the max
            for c, r in zip(todo, Y.max(axis=1)):
                cache[c] = r
        return np.stack([cache[c] for c in words])

    def _project(self, keys: list[tuple]) -> np.ndarray:
        """Input vectors of tokens ``(vec id, word id, char ids, flag ids)`` times the LSTM
        input weights: one row (both directions, 8H) per token."""
        n = len(keys)
        F = np.zeros((n, self.n_flags), dtype=np.float32)
        cols = [f for k in keys for f in k[3]]
        if cols:
            F[np.repeat(np.arange(n), [len(k[3]) for k in keys]), cols] = 1.0
        X = np.concatenate([
            self.vec[[k[0] for k in keys]],
            self.w["word_emb"][[k[1] for k in keys]],
            self._chars([k[2] for k in keys]),
            F,
        ], axis=1)
        if n == 1:  # two rows at least: see _lstm
            X = np.concatenate([X, np.zeros_like(X)])
        return (X @ self.w_in)[:n] + self.b_in

    def _lstm(self, G: np.ndarray, sfx: str, lens: list[int]) -> np.ndarray:
        """One direction over projected inputs ``G`` (B, T, 4H); sequences padded at the end and
        sorted shortest first (``lens``), so that step ``t`` computes only the rows still running:
        a suffix of the batch. The outputs past a sequence's end are left undefined.

        Every product has at least two rows: BLAS gives each row of a matrix product the same
        bits whatever the other rows (but a one-row product takes another path), so a
        sentence's scores do not depend on the batch it is tagged in."""
        B, T, _ = G.shape
        H = self.H
        # gates reordered at load to (i, f, o, g): one sigmoid over the first 3H columns
        Whh = self.w["lstm_whh" + sfx]
        rows = max(B, 2)
        h = np.zeros((rows, H), dtype=np.float32)
        c = np.zeros((rows, H), dtype=np.float32)
        out = np.empty((B, T, H), dtype=np.float32)
        g = np.empty((rows, 4 * H), dtype=np.float32)
        tc = np.empty((rows, H), dtype=np.float32)
        Gp = G if rows == B else np.concatenate([G, np.zeros((rows - B, T, 4 * H), dtype=np.float32)])
        first = 0  # the first row still running
        for t in range(T):
            while lens[first] <= t:
                first += 1
            a = min(first, rows - 2)
            ga, ca, ha, tca = g[a:], c[a:], h[a:], tc[a:]
            np.matmul(ha, Whh, out=ga)
            ga += Gp[a:, t]
            s = ga[:, : 3 * H]
            np.multiply(s, 0.5, out=s)
            np.tanh(ga, out=ga)     # tanh(x/2) on the sigmoid gates, tanh(x) on the cell input
            s += 1.0
            s *= 0.5                # sigmoid(x) = (tanh(x/2) + 1) / 2
            ca *= ga[:, H : 2 * H]
            ca += ga[:, :H] * ga[:, 3 * H :]
            np.tanh(ca, out=tca)
            np.multiply(ga[:, 2 * H : 3 * H], tca, out=ha)
            out[a:, t] = ha[: B - a]
        return out

    def emissions(self, encoded: list[tuple]) -> list[np.ndarray]:
        """Tag scores of one batch of encoded sentences (:meth:`TokenEncoder.sentence`)."""
        return self.emissions_keyed([list(zip(*e)) for e in encoded], _same)

    def emissions_keyed(self, keys: list[list], inputs) -> list[np.ndarray]:
        """Tag scores of one batch of sentences given as token keys (any hashable that stands
        for one input, e.g. :meth:`TokenEncoder.sentence_keys`); ``inputs(key)`` gives the
        ``(vec id, word id, char ids, flag ids)`` of a key not projected yet."""
        B = len(keys)
        order = sorted(range(B), key=lambda b: len(keys[b]))
        lens = [len(keys[b]) for b in order]
        flat = [k for b in order for k in keys[b]]
        slot = self._slot
        distinct = list(dict.fromkeys(flat))
        new = [k for k in distinct if k not in slot]
        if new:
            cap = self.CACHE_MAX if self._rows is None else len(self._rows)
            if len(slot) + len(new) > cap:
                # full: keep only the rows this batch uses, at the front
                keep = [k for k in distinct if k in slot]
                kept = self._rows[[slot[k] for k in keep]] if keep else None
                slot.clear()
                if len(keep) + len(new) > cap:
                    self._rows = np.empty((max(self.CACHE_MAX, len(keep) + len(new)), 8 * self.H), dtype=np.float32)
                if kept is not None:
                    self._rows[: len(keep)] = kept
                    slot.update(zip(keep, range(len(keep))))
            if self._rows is None:
                self._rows = np.empty((max(self.CACHE_MAX, len(new)), 8 * self.H), dtype=np.float32)
            n0 = len(slot)
            self._rows[n0 : n0 + len(new)] = self._project([inputs(k) for k in new])
            slot.update(zip(new, range(n0, n0 + len(new))))
        P = self._rows[np.fromiter((slot[k] for k in flat), dtype=np.intp, count=len(flat))]
        T, H4 = lens[-1], 4 * self.H
        L = np.array(lens)
        ends = np.cumsum(L)
        t = np.arange(len(flat)) - np.repeat(ends - L, L)  # each token's position in its sentence
        row = np.repeat(np.arange(B) * T, L)
        fwd, bwd = row + t, row + np.repeat(L, L) - 1 - t  # the backward pass reads each sentence reversed
        Gf = np.zeros((B * T, H4), dtype=np.float32)
        Gb = np.zeros((B * T, H4), dtype=np.float32)
        Gf[fwd] = P[:, :H4]
        Gb[bwd] = P[:, H4:]
        Hf = self._lstm(Gf.reshape(B, T, H4), "", lens).reshape(B * T, self.H)
        Hb = self._lstm(Gb.reshape(B, T, H4), "_r", lens).reshape(B * T, self.H)
        Hall = np.concatenate([Hf[fwd], Hb[bwd]], axis=1)
        if len(Hall) == 1:  # two rows at least: see _lstm
            Hall = np.concatenate([Hall, Hall])
        E = (Hall @ self.out_w)[: len(flat)] + self.w["out_b"]
        out: list = [None] * B
        for b, (e0, n) in enumerate(zip((ends - L).tolist(), lens)):
            out[order[b]] = E[e0 : e0 + n]
        return out


def _same(key):
    return key


#: per-member weight names (stored as ``m<k>.<name>`` when a model has several members)
MEMBER_KEYS = ("word_emb", "char_emb", "char_conv_w", "char_conv_b", "lstm_wih", "lstm_whh",
               "lstm_b", "lstm_wih_r", "lstm_whh_r", "lstm_b_r", "out_w", "out_b", "trans",
               "start", "end")


class NeuralNet:
    """The numpy forward pass of a trained model (weights from the ``.npz``).

    A model holds one network or several trained with different seeds (``m0.``, ``m1.``, …
    weight prefixes); their tag scores and transition scores are averaged."""

    def __init__(self, path: str | Path) -> None:
        from khabar.models.ner import model_file

        path = model_file(path)
        try:
            z = np.load(path, allow_pickle=False)
            if not isinstance(z, np.lib.npyio.NpzFile):  # a bare .npy array, not a model archive
                raise ValueError("a single array, not an .npz archive")
            with z:
                arrs = {k: z[k] for k in z.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise DataError(f"cannot open NER model {path}: not a valid .npz model ({exc})") from None
        try:
            self.meta = json.loads(_array_text(arrs.pop("meta"))[0])
            self.vec_vocab = _array_text(arrs.pop("vec_vocab"))
            self.word_vocab = _array_text(arrs.pop("word_vocab"))
            self.chars = _array_text(arrs.pop("chars"))
            self.flags = _array_text(arrs.pop("flags"))
            if "vec_q" in arrs:  # int8 rows with a per-row scale
                self.vec = arrs.pop("vec_q").astype(np.float32) * arrs.pop("vec_scale").astype(np.float32)[:, None]
            else:
                self.vec = arrs.pop("vec").astype(np.float32)
            n = int(self.meta.get("members", 0))
            names = [""] if n == 0 else [f"m{k}." for k in range(n)]
            self.members = [
                _Member({k: arrs[p + k].astype(np.float32) for k in MEMBER_KEYS}, self.vec, len(self.flags))
                for p in names
            ]
            self.labels = tuple(self.meta["labels"])
            self.o_bias = float(self.meta.get("o_bias", 0.0))
            ok, start = allowed_transitions(self.labels)
            mean = lambda k: np.mean([m.w[k] for m in self.members], axis=0)  # noqa: E731
            self.trans = np.where(ok, mean("trans"), NEG).astype(np.float32)
            self.start = np.where(start, mean("start"), NEG).astype(np.float32)
            self.end = mean("end").astype(np.float32)
        except (KeyError, ValueError, IndexError, TypeError, AttributeError) as exc:
            raise DataError(f"NER model {path} is incomplete or broken ({exc!r}); retrain it") from None

    def emissions(self, encoded: list[tuple]) -> list[np.ndarray]:
        """Tag scores (n_tokens, n_labels) for each encoded sentence of one batch (the mean
        over the members, less ``o_bias`` on ``O``)."""
        return self.emissions_keyed([list(zip(*e)) for e in encoded], _same)

    def emissions_keyed(self, keys: list[list], inputs) -> list[np.ndarray]:
        """:meth:`emissions` of sentences given as token keys (:meth:`_Member.emissions_keyed`)."""
        ems = [m.emissions_keyed(keys, inputs) for m in self.members]
        out = ems[0] if len(ems) == 1 else [np.mean(es, axis=0) for es in zip(*ems)]
        if self.o_bias:
            o = self.labels.index("O")
            for e in out:
                e[:, o] -= self.o_bias
        return out


def decode(net: "NeuralNet", ems: list[np.ndarray], want_scores: bool = True) -> tuple[list[list[int]], list[list[float]] | None]:
    """Viterbi paths (and each chosen label's posterior, by forward-backward) for many
    sentences at once: each step's work is done on the whole padded batch, row by row (no
    matrix product mixes rows), so a sentence's results do not depend on the batch it is in.

    Forward-backward runs in probabilities, each step rescaled to sum to one: the posterior of
    a position is ``alpha * beta`` normalized there, so the scales cancel. The backward pass
    reads every sentence reversed and aligned at its end, so no step needs a mask."""
    if not ems:
        return [], ([] if want_scores else None)
    lens = np.array([len(e) for e in ems])
    B, T, K = len(ems), int(lens.max()), len(net.labels)
    E = np.zeros((B, T, K), dtype=np.float64)
    for b, e in enumerate(ems):
        E[b, : len(e)] = e
    trans = net.trans.astype(np.float64)
    rows = np.arange(B)
    last = lens - 1
    # Viterbi over the padded batch; each sentence's final scores are those of its last step
    hist = np.empty((T, B, K))
    back = np.empty((T, B, K), dtype=np.int64)
    score = hist[0] = net.start + E[:, 0]
    for t in range(1, T):
        s = score[:, :, None] + trans
        back[t] = s.argmax(axis=1)
        score = hist[t] = s.max(axis=1) + E[:, t]
    cur = (hist[last, rows] + net.end).argmax(axis=1)
    path = np.empty((B, T), dtype=np.int64)
    ends = {}
    for b, t in enumerate(last.tolist()):
        ends.setdefault(t, []).append(b)
    for t in range(T - 1, -1, -1):
        at = ends.get(t)
        if at is not None:
            cur[at] = ((hist[t, at] + net.end).argmax(axis=1))
        path[:, t] = cur
        if t:
            cur = back[t][rows, cur]
    paths = [path[b, : lens[b]].tolist() for b in range(B)]
    if not want_scores:
        return paths, None
    post = _posteriors(net, E, lens)
    if post is None:  # a step's probabilities all underflowed: in logs, the slow way
        post = _posteriors_log(net, E, lens)
    scores = [post[b, np.arange(lens[b]), path[b, : lens[b]]].tolist() for b in range(B)]
    return paths, scores


def _posteriors(net: "NeuralNet", E: np.ndarray, lens: np.ndarray) -> np.ndarray | None:
    """Label posteriors (B, T, K) by scaled forward-backward; None if a scale hit zero."""
    B, T, K = E.shape
    with np.errstate(under="ignore", over="ignore", invalid="ignore", divide="ignore"):
        psi = np.exp(E - E.max(axis=2, keepdims=True))  # emission potentials, max 1
        expT = np.exp(net.trans.astype(np.float64))[None]  # forbidden moves: exactly 0
        alpha = np.empty((B, T, K))
        start, end = net.start.astype(np.float64), net.end.astype(np.float64)
        a = np.exp(start - start.max()) * psi[:, 0]
        a /= a.sum(axis=1, keepdims=True)
        alpha[:, 0] = a
        for t in range(1, T):
            a = (a[:, :, None] * expT).sum(axis=1) * psi[:, t]
            a /= a.sum(axis=1, keepdims=True)
            alpha[:, t] = a
        # backward, each sentence reversed so that all end at step 0: R[b, s] is position L-1-s
        rows = np.arange(B)[:, None]
        src = np.clip(lens[:, None] - 1 - np.arange(T)[None, :], 0, None)
        psi_r = psi[rows, src]
        beta_r = np.empty((B, T, K))
        bt = np.broadcast_to(np.exp(end - end.max()), (B, K)).copy()
        beta_r[:, 0] = bt
        for s in range(1, T):
            bt = (expT * (psi_r[:, s - 1] * bt)[:, None, :]).sum(axis=2)
            bt /= bt.sum(axis=1, keepdims=True)
            beta_r[:, s] = bt
        beta = beta_r[rows, src]  # back to positions (padding: anything)
        p = alpha * beta
        p /= p.sum(axis=2, keepdims=True)
    live = np.arange(T)[None, :] < lens[:, None]
    if not np.isfinite(p[live]).all():
        return None
    return p


def _posteriors_log(net: "NeuralNet", E: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Label posteriors (B, T, K) by forward-backward in logs (slower; never underflows)."""
    B, T, K = E.shape
    trans = net.trans.astype(np.float64)
    live = np.arange(T)[None, :] < lens[:, None]  # (B, T)
    alpha = np.empty((B, T, K))
    alpha[:, 0] = net.start + E[:, 0]
    for t in range(1, T):
        a = _lse(alpha[:, t - 1][:, :, None] + trans[None], axis=1) + E[:, t]
        alpha[:, t] = np.where(live[:, t][:, None], a, alpha[:, t - 1])
    last = alpha[np.arange(B), lens - 1]
    logz = _lse(last + net.end, axis=1)
    beta = np.empty((B, T, K))
    beta[:, T - 1] = net.end
    for t in range(T - 2, -1, -1):
        nb = _lse(trans[None] + (E[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where((t < lens - 1)[:, None], nb, net.end)
    return np.exp(alpha + beta - logz[:, None, None])


def _lse(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def save_model(path: str | Path, weights: dict[str, np.ndarray], *, meta: dict,
               vec_vocab: list[str], word_vocab: list[str], chars: list[str],
               flags: list[str], quantize_vectors: bool = True) -> None:
    """Write the ``.npz`` (weights as float16; word vectors as int8 rows with a scale)."""
    arrs: dict[str, np.ndarray] = {}
    for k, v in weights.items():
        if k == "vec" and quantize_vectors:
            v = v.astype(np.float32)
            scale = np.abs(v).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            arrs["vec_q"] = np.round(v / scale[:, None]).astype(np.int8)
            arrs["vec_scale"] = scale.astype(np.float16)
        elif k.rsplit(".", 1)[-1] in ("trans", "start", "end", "out_b", "lstm_b", "lstm_b_r", "char_conv_b"):
            arrs[k] = v.astype(np.float32)
        else:
            arrs[k] = v.astype(np.float16)
    arrs["meta"] = _text_array([json.dumps(meta, ensure_ascii=False)])
    arrs["vec_vocab"] = _text_array(vec_vocab)
    arrs["word_vocab"] = _text_array(word_vocab)
    arrs["chars"] = _text_array(chars)
    arrs["flags"] = _text_array(flags)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrs)


def merge_models(paths: list[str | Path], out: str | Path, *, o_bias: float = 0.0) -> dict:
    """One model file from several single-network models trained on the same data and word
    vectors (other seeds): their tag and transition scores are averaged when tagging."""
    if not paths:
        raise DataError("merge_models: no models given")
    arrs0: dict[str, np.ndarray] = {}
    weights: dict[str, np.ndarray] = {}
    for k, p in enumerate(paths):
        with np.load(p, allow_pickle=False) as z:
            arrs = {name: z[name] for name in z.files}
        if k == 0:
            arrs0 = arrs
        else:
            for name in ("vec_q", "vec_scale", "vec_vocab", "word_vocab", "chars", "flags"):
                if not np.array_equal(arrs[name], arrs0[name]):
                    raise DataError(f"cannot merge {p}: its {name} differs from {paths[0]}'s")
        for name in MEMBER_KEYS:
            weights[f"m{k}.{name}"] = arrs[name]
    meta = json.loads(_array_text(arrs0["meta"])[0])
    meta["members"] = len(paths)
    meta["o_bias"] = o_bias
    vec = arrs0["vec_q"].astype(np.float32) * arrs0["vec_scale"].astype(np.float32)[:, None]
    save_model(out, {"vec": vec, **weights}, meta=meta, vec_vocab=_array_text(arrs0["vec_vocab"]),
               word_vocab=_array_text(arrs0["word_vocab"]), chars=_array_text(arrs0["chars"]),
               flags=_array_text(arrs0["flags"]))
    return meta
