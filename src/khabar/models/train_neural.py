"""Train the neural NER model (BiLSTM-CRF, torch) and save it for numpy inference.

    khabar train ner --arch bilstm --train ANERCorp_CamelLab_train.txt --out ner.npz \
        --vectors w2v.kv [--epochs 30] [--dev-frac 0.1] [--seed 1]

``--vectors`` are gensim KeyedVectors learned on SaudiNewsNet by
``data/build_clusters.py --save-vectors PATH`` (the same run that makes the shipped word
clusters).  Training needs the ``[train]`` extra (torch); tagging with the result needs only
numpy.  See :mod:`khabar.models.neural` for the network.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from khabar.errors import UsageError
from khabar.models.neural import (
    LABELS,
    NEG,
    TokenEncoder,
    allowed_transitions,
    save_model,
    word_flags,
)

__all__ = ["train_bilstm", "DEFAULT_HPARAMS"]

DEFAULT_HPARAMS = {
    "word_dim": 50,       # trainable embedding of words seen twice in training
    "char_dim": 30,
    "char_filters": 50,
    "hidden": 128,        # per direction
    "dropout": 0.5,
    "word_dropout": 0.1,  # training words replaced by UNK (so UNK is learned)
    "lr": 2e-3,
    "batch": 16,
    "epochs": 30,
    "clip": 5.0,
    "augment": 0.0,       # extra copies of this share of the sentences with names swapped
    "average_last": 10,   # the saved weights are the mean over the last N epochs (0: last epoch)
    "max_vectors": 100000,  # most frequent word2vec words kept in the model
    "seed": 1,
}


def repair_bio(tags: list[str]) -> list[str]:
    """``I-X`` that opens a chunk (after ``O`` or another type) becomes ``B-X``, as conlleval
    reads it, so every gold sequence is one the constrained CRF can produce."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


_GAZ_TO_TAG = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def swap_names(sents, tags, resources, *, share: float, seed: int):
    """Copies of ``share`` of the sentences that hold names, each name replaced by another of
    its type -- half the time one from the training file, else one from the gazetteer -- so
    the network learns names from their context, not only from their spelling."""
    from khabar.models.conll import chunks

    rng = random.Random(seed)
    pool: dict[str, list[tuple[str, ...]]] = {}
    for toks, ts in zip(sents, tags):
        for i, j, typ in chunks(ts):
            pool.setdefault(typ, []).append(tuple(toks[i:j]))
    gaz: dict[str, list[tuple[str, ...]]] = {}
    for key, types in sorted(resources.gaz.items()):
        for t in types:
            if t in _GAZ_TO_TAG:
                gaz.setdefault(_GAZ_TO_TAG[t], []).append(tuple(key.split()))
    out_s, out_t = [], []
    for toks, ts in zip(sents, tags):
        found = sorted(chunks(ts))
        if not found or rng.random() >= share:
            continue
        ns: list[str] = []
        nt: list[str] = []
        k = 0
        for i, j, typ in found:
            ns.extend(toks[k:i])
            nt.extend(ts[k:i])
            src = gaz.get(typ) if (rng.random() < 0.5 and gaz.get(typ)) else pool[typ]
            name = rng.choice(src)
            ns.extend(name)
            nt.extend(["B-" + typ] + ["I-" + typ] * (len(name) - 1))
            k = j
        ns.extend(toks[k:])
        nt.extend(ts[k:])
        out_s.append(ns)
        out_t.append(nt)
    return out_s, out_t


def _build_vocabs(sents, fz, kv, hp):
    vec_vocab = ["<none>"] + [w for w in kv.index_to_key[: hp["max_vectors"]] if "\n" not in w]
    wc: Counter = Counter()
    cc: Counter = Counter()
    flags: set[str] = {"novec"}
    for toks in sents:
        bases = [fz._analyse(t) for t in toks]
        for b in bases:
            wc[b["n"]] += 1
            cc.update(b["n"])
            flags.update(word_flags(b))
        for g in fz._gaz_spans([b["n"] for b in bases]):
            flags.update(g)
    word_vocab = ["<pad>", "<unk>"] + sorted(w for w, c in wc.items() if c >= 2)
    chars = ["<pad>", "<unk>", "<", ">"] + sorted(c for c, k in cc.items() if k >= 2 and c not in "<>")
    return vec_vocab, word_vocab, chars, sorted(flags)


def _net(torch, vec, n_words, n_chars, n_flags, hp):
    nn = torch.nn
    K = len(LABELS)
    ok, start_ok = allowed_transitions()

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.vec = nn.Embedding.from_pretrained(torch.tensor(vec), freeze=True)
            self.word_emb = nn.Embedding(n_words, hp["word_dim"], padding_idx=0)
            self.char_emb = nn.Embedding(n_chars, hp["char_dim"], padding_idx=0)
            self.char_conv = nn.Conv1d(hp["char_dim"], hp["char_filters"], 3, padding=1)
            d_in = vec.shape[1] + hp["word_dim"] + hp["char_filters"] + n_flags
            self.lstm = nn.LSTM(d_in, hp["hidden"], batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(hp["dropout"])
            self.out = nn.Linear(2 * hp["hidden"], K)
            self.trans = nn.Parameter(torch.zeros(K, K))
            self.start = nn.Parameter(torch.zeros(K))
            self.end = nn.Parameter(torch.zeros(K))
            self.register_buffer("ok", torch.tensor(ok))
            self.register_buffer("start_ok", torch.tensor(start_ok))

        def chars(self, char_ids):  # (U, L) -> (U, F)
            x = self.char_emb(char_ids).transpose(1, 2)
            y = torch.relu(self.char_conv(x))
            y = y.masked_fill((char_ids == 0).unsqueeze(1), 0.0)
            return y.max(dim=2).values

        def emissions(self, vec_ids, word_ids, uniq_chars, char_map, flags, lens):
            C = self.chars(uniq_chars)[char_map]  # (B, T, F)
            x = torch.cat([self.vec(vec_ids), self.word_emb(word_ids), C, flags], dim=2)
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
            B, T, K_ = em.shape
            trans = torch.where(self.ok, self.trans, torch.full_like(self.trans, NEG))
            start = torch.where(self.start_ok, self.start, torch.full_like(self.start, NEG))
            ar = torch.arange(B)
            score = start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
            alpha = start.unsqueeze(0) + em[:, 0]
            for t in range(1, T):
                m = mask[:, t]
                score = score + (trans[tags[:, t - 1], tags[:, t]] + em[ar, t, tags[:, t]]) * m
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
                alpha = torch.where(m.unsqueeze(1) > 0, nxt, alpha)
            last = tags[ar, mask.sum(1).long() - 1]
            score = score + self.end[last]
            logz = torch.logsumexp(alpha + self.end.unsqueeze(0), dim=1)
            return (logz - score).sum() / B

    return Net()


def _export(net, vec) -> dict[str, np.ndarray]:
    sd = {k: v.detach().cpu().numpy() for k, v in net.state_dict().items()}
    return {
        "vec": vec,
        "word_emb": sd["word_emb.weight"],
        "char_emb": sd["char_emb.weight"],
        "char_conv_w": sd["char_conv.weight"],
        "char_conv_b": sd["char_conv.bias"],
        "lstm_wih": sd["lstm.weight_ih_l0"],
        "lstm_whh": sd["lstm.weight_hh_l0"],
        "lstm_b": sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
        "lstm_wih_r": sd["lstm.weight_ih_l0_reverse"],
        "lstm_whh_r": sd["lstm.weight_hh_l0_reverse"],
        "lstm_b_r": sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
        "out_w": sd["out.weight"],
        "out_b": sd["out.bias"],
        "trans": sd["trans"],
        "start": sd["start"],
        "end": sd["end"],
    }


def _batch_tensors(torch, enc_batch, tag_batch, n_flags, word_dropout, rng):
    lens = [len(e[0]) for e in enc_batch]
    B, T = len(enc_batch), max(lens)
    vec_ids = torch.zeros(B, T, dtype=torch.long)
    word_ids = torch.zeros(B, T, dtype=torch.long)
    flags = torch.zeros(B, T, n_flags)
    tags = torch.zeros(B, T, dtype=torch.long)
    mask = torch.zeros(B, T)
    uniq: dict[tuple[int, ...], int] = {}
    char_map = torch.zeros(B, T, dtype=torch.long)
    for k, (v, w, c, f) in enumerate(enc_batch):
        L = lens[k]
        vec_ids[k, :L] = torch.tensor(v)
        ws = [1 if (word_dropout and rng.random() < word_dropout) else x for x in w]
        word_ids[k, :L] = torch.tensor(ws)
        for i, fi in enumerate(f):
            if fi:
                flags[k, i, list(fi)] = 1.0
        for i, ci in enumerate(c):
            char_map[k, i] = uniq.setdefault(ci, len(uniq))
        if tag_batch is not None:
            tags[k, :L] = torch.tensor(tag_batch[k])
        mask[k, :L] = 1.0
    Lc = max(len(ci) for ci in uniq)
    uc = torch.zeros(len(uniq), Lc, dtype=torch.long)
    for ci, j in uniq.items():
        uc[j, : len(ci)] = torch.tensor(ci)
    return vec_ids, word_ids, uc, char_map, flags, torch.tensor(lens), tags, mask


def _check_export(torch, net, path: Path, encoded: list, n_flags: int) -> float:
    """The saved model's numpy emissions against torch's (float16 weights): the largest
    absolute difference; raises when they disagree (an export bug, not rounding)."""
    from khabar.errors import DataError
    from khabar.models.neural import NeuralNet

    net.eval()
    with torch.no_grad():
        v, w, uc, cm, fl, lens, _, _ = _batch_tensors(torch, encoded, None, n_flags, 0.0, None)
        em_t = net.emissions(v, w, uc, cm, fl, lens).numpy()
    em_n = NeuralNet(path).emissions(encoded)
    diff = max(float(np.abs(em_t[k, : len(e)] - e).max()) for k, e in enumerate(em_n))
    if diff > 0.25:
        raise DataError(f"exported NER model disagrees with the trained one (max difference {diff:.3f})")
    return diff


def train_bilstm(
    sents: list[list[str]],
    tags: list[list[str]],
    out: Path,
    *,
    vectors: str | Path,
    resources,
    dev: tuple[list[list[str]], list[list[str]]] | None = None,
    hparams: dict | None = None,
    log=print,
) -> dict:
    """Train, save the model to ``out`` (``.npz``) and return a summary."""
    try:
        import torch
    except ImportError:
        raise UsageError("training the neural NER model needs torch: pip install 'khabar[train]'") from None
    from gensim.models import KeyedVectors

    from khabar.models.conll import TYPES, score_ner
    from khabar.models.ner import DEFAULT_CONFIG, Featurizer, vocab_fingerprint

    hp = dict(DEFAULT_HPARAMS)
    hp.update(hparams or {})
    torch.set_num_threads(2)
    torch.manual_seed(hp["seed"])
    rng = random.Random(hp["seed"])
    t0 = time.time()
    fz = Featurizer(resources, {**DEFAULT_CONFIG, "clusters": False})  # the vectors stand in
    kv = KeyedVectors.load(str(vectors))
    vec_vocab, word_vocab, chars, flags = _build_vocabs(sents, fz, kv, hp)
    vec = np.zeros((len(vec_vocab), kv.vector_size), dtype=np.float32)
    for i, w in enumerate(vec_vocab[1:], 1):
        vec[i] = kv[w]
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    vec = 5.0 * vec / np.maximum(norms, 1e-6)  # rows of length 5: elements of about +-0.5
    # the same int8 rounding the saved model uses, so training sees what tagging will
    scale = np.abs(vec).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    vec = (np.round(vec / scale[:, None]) * scale.astype(np.float16).astype(np.float32)[:, None]).astype(np.float32)
    enc = TokenEncoder(fz, vec_vocab, word_vocab, chars, flags)
    lab = {t: i for i, t in enumerate(LABELS)}
    fixed = [repair_bio(ts) for ts in tags]
    if hp["augment"]:
        extra_s, extra_t = swap_names(sents, fixed, resources, share=hp["augment"], seed=hp["seed"])
        log(f"  augmented: {len(extra_s)} sentences with swapped names")
        sents, fixed = list(sents) + extra_s, fixed + extra_t
    data = [enc.sentence(s) for s in sents]
    ytags = [[lab.get(t, 0) for t in ts] for ts in fixed]
    log(f"  encoded {len(sents)} sentences in {time.time() - t0:.1f}s: vectors {len(vec_vocab):,}, "
        f"words {len(word_vocab):,}, chars {len(chars)}, flags {len(flags)}")
    net = _net(torch, vec, len(word_vocab), len(chars), len(flags), hp)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=hp["lr"])
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    batches = [order[i : i + hp["batch"]] for i in range(0, len(order), hp["batch"])]
    meta = {"labels": list(LABELS), "hparams": hp, "arch": "bilstm-crf",
            "featurizer_config": fz.cfg, "resources": resources.fingerprint(),
            "vocab": vocab_fingerprint()}
    history = []
    best = (-1.0, 0)
    dev_tagger = None
    avg: dict | None = None  # running mean of the weights over the last epochs
    n_avg = 0
    for epoch in range(1, hp["epochs"] + 1):
        net.train()
        rng.shuffle(batches)
        total = 0.0
        te = time.time()
        lr = hp["lr"] / (1 + 0.05 * (epoch - 1))
        for g in opt.param_groups:
            g["lr"] = lr
        for bidx in batches:
            v, w, uc, cm, fl, lens, y, m = _batch_tensors(
                torch, [data[i] for i in bidx], [ytags[i] for i in bidx], len(flags),
                hp["word_dropout"], rng)
            em = net.emissions(v, w, uc, cm, fl, lens)
            loss = net.nll(em, y, m)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, hp["clip"])
            opt.step()
            total += float(loss.detach()) * len(bidx)
        row = {"epoch": epoch, "loss": round(total / len(data), 3), "seconds": round(time.time() - te, 1)}
        if hp["average_last"] and epoch > hp["epochs"] - hp["average_last"]:
            sd = {k: v.detach().clone().float() for k, v in net.state_dict().items()}
            if avg is None:
                avg, n_avg = sd, 1
            else:
                n_avg += 1
                for k, v in sd.items():
                    avg[k] += (v - avg[k]) / n_avg
        if dev is not None:
            save_model(out, _export(net, vec), meta=meta, vec_vocab=vec_vocab,
                       word_vocab=word_vocab, chars=chars, flags=flags)
            from khabar.models.ner import NeuralTagger
            from khabar.models.neural import NeuralNet

            if dev_tagger is None:
                dev_tagger = NeuralTagger(out, resources=resources)
            else:  # same vocabularies: keep the warm feature caches, swap the weights
                dev_tagger.net = NeuralNet(out)
            pred = dev_tagger.tag(dev[0])
            sc = score_ner(dev[1], pred, types=TYPES)
            row["dev_f1"] = round(sc["micro"]["f1"], 2)
            row["dev_types"] = {t: round(v["f1"], 1) for t, v in sc["per_type"].items()}
            if row["dev_f1"] > best[0]:
                best = (row["dev_f1"], epoch)
        history.append(row)
        log("  " + json.dumps(row, ensure_ascii=False))
    if avg is not None:
        net.load_state_dict({k: v.to(net.state_dict()[k].dtype) for k, v in avg.items()})
        log(f"  weights averaged over the last {n_avg} epochs")
    save_model(out, _export(net, vec), meta=meta, vec_vocab=vec_vocab, word_vocab=word_vocab,
               chars=chars, flags=flags)
    diff = _check_export(torch, net, out, data[:64], len(flags))
    log(f"  numpy forward pass matches torch: max |emission difference| {diff:.4f}")
    return {"history": history, "best_dev": best if dev is not None else None,
            "seconds": round(time.time() - t0, 1), "hparams": hp}


def train_ner_bilstm(
    train_path: str | Path,
    out: str | Path,
    *,
    vectors: str | Path,
    hparams: dict | None = None,
    members: int = 1,
    o_bias: float = 0.0,
    dev_frac: float = 0.0,
    dev_only: bool = False,
    resources=None,
    log=print,
) -> dict:
    """``khabar train ner --arch bilstm``: optional dev run on the last ``dev_frac`` of the
    sentences (scores after every epoch), then, unless ``dev_only``, training on all of them.
    With ``members`` > 1, that many networks are trained (seeds ``seed``, ``seed + 1``, …) and
    saved as one model that averages them; ``o_bias`` is taken off the ``O`` score when tagging
    (a positive value trades precision for recall)."""
    from khabar.models.conll import TYPES, read_conll, score_ner
    from khabar.models.ner import NerResources, NeuralTagger
    from khabar.models.neural import merge_models
    from khabar.models.train_ner import _check_tags

    if not 0 <= dev_frac < 1:
        raise UsageError("--dev-frac must be in [0, 1)")
    if members < 1:
        raise UsageError("--members must be >= 1")
    if not Path(vectors).is_file():
        raise UsageError(f"--vectors: no such file: {vectors}")
    hp = dict(DEFAULT_HPARAMS)
    hp.update(hparams or {})
    if hp["epochs"] < 1 or hp["hidden"] < 1:
        raise UsageError("--epochs and --hidden must be >= 1")
    out = Path(out)
    sents, raw = read_conll(train_path, need_tags=True)
    tags = _check_tags(raw, train_path)
    resources = resources or NerResources()
    summary: dict = {"hparams": hp, "members": members, "o_bias": o_bias}

    def run(train_s, train_t, target: Path, dev) -> list[dict]:
        parts = [target.with_name(f"{target.name}.m{k}.npz") for k in range(members)] if members > 1 else [target]
        hist = []
        for k, part in enumerate(parts):
            if members > 1:
                log(f"member {k + 1}/{members} (seed {hp['seed'] + k})")
            r = train_bilstm(train_s, train_t, part, vectors=vectors, resources=resources, dev=dev,
                             hparams={**hp, "seed": hp["seed"] + k}, log=log)
            hist.append(r)
        merge_models(parts, target, o_bias=o_bias)
        for part in parts:
            if part != target:
                part.unlink(missing_ok=True)
        return hist

    if dev_frac > 0:
        cut = len(sents) - max(1, int(round(len(sents) * dev_frac)))
        dev = (sents[cut:], tags[cut:])
        dev_model = out.with_name(out.name + ".dev.npz")
        log(f"dev: training on {cut} sentences, holding out the last {len(sents) - cut}")
        hist = run(sents[:cut], tags[:cut], dev_model, dev)
        summary["dev"] = [r["history"] for r in hist]
        pred = NeuralTagger(dev_model, resources=resources).tag(dev[0])
        sc = score_ner(dev[1], pred, types=TYPES)
        summary["dev_final"] = sc
        m = sc["micro"]
        log(f"dev: final model micro P/R/F1 {m['precision']:.2f}/{m['recall']:.2f}/{m['f1']:.2f} "
            f"(best single epoch {max(r['best_dev'][0] for r in hist):.2f})")
        dev_model.unlink(missing_ok=True)
        if dev_only:
            return summary
    log(f"training on all {len(sents)} sentences -> {out}")
    t0 = time.time()
    run(sents, tags, out, None)
    summary.update(seconds=round(time.time() - t0, 1), model=str(out), size_bytes=out.stat().st_size)
    return summary
