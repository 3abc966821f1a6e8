"""The numpy BiLSTM-CRF (khabar.models.neural): forward pass, decoding, model files."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from khabar.errors import DataError
from khabar.models.neural import LABELS, NeuralNet, allowed_transitions, decode, merge_models, save_model
from khabar.models.train_neural import repair_bio


def _random_model(path, *, H=4, vec_dim=3, n_flags=2, seed=0):
    rng = np.random.default_rng(seed)
    K = len(LABELS)
    d_in = vec_dim + 2 + 3 + n_flags
    w = {
        "vec": np.random.default_rng(0).normal(size=(4, vec_dim)).astype(np.float32),  # shared
        "word_emb": rng.normal(size=(3, 2)).astype(np.float32),
        "char_emb": rng.normal(size=(5, 2)).astype(np.float32),
        "char_conv_w": rng.normal(size=(3, 2, 3)).astype(np.float32),
        "char_conv_b": rng.normal(size=3).astype(np.float32),
        "out_w": rng.normal(size=(K, 2 * H)).astype(np.float32),
        "out_b": rng.normal(size=K).astype(np.float32),
        "trans": rng.normal(size=(K, K)).astype(np.float32),
        "start": rng.normal(size=K).astype(np.float32),
        "end": rng.normal(size=K).astype(np.float32),
    }
    for sfx in ("", "_r"):
        w["lstm_wih" + sfx] = rng.normal(size=(4 * H, d_in)).astype(np.float32)
        w["lstm_whh" + sfx] = rng.normal(size=(4 * H, H)).astype(np.float32)
        w["lstm_b" + sfx] = rng.normal(size=4 * H).astype(np.float32)
    save_model(path, w, meta={"labels": list(LABELS)}, vec_vocab=["<none>", "a", "b", "c"],
               word_vocab=["<pad>", "<unk>", "a"], chars=["<pad>", "<unk>", "<", ">", "a"],
               flags=["f1", "f2"])
    return w


def _ref_lstm(X, Wih, Whh, b):
    """Textbook LSTM (torch gate order i, f, g, o) over one sequence."""
    H = Whh.shape[1]
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    h = np.zeros(H)
    c = np.zeros(H)
    out = []
    for x in X:
        g = Wih @ x + b + Whh @ h
        i, f, gg, o = sig(g[:H]), sig(g[H : 2 * H]), np.tanh(g[2 * H : 3 * H]), sig(g[3 * H :])
        c = f * c + i * gg
        h = o * np.tanh(c)
        out.append(h)
    return np.array(out)


def _f16(a):
    return a.astype(np.float16).astype(np.float32)


@pytest.fixture()
def model(tmp_path):
    path = tmp_path / "m.npz"
    w = _random_model(path)
    return NeuralNet(path), w


def test_allowed_transitions_bio():
    ok, start = allowed_transitions()
    i = {t: k for k, t in enumerate(LABELS)}
    assert ok[i["B-PERS"], i["I-PERS"]] and ok[i["I-PERS"], i["I-PERS"]]
    assert not ok[i["O"], i["I-PERS"]] and not ok[i["B-LOC"], i["I-PERS"]]
    assert ok[i["I-ORG"], i["B-ORG"]] and ok[i["O"], i["B-MISC"]]
    assert start[i["B-LOC"]] and start[i["O"]] and not start[i["I-LOC"]]


def test_repair_bio_opens_chunks_as_conlleval_reads_them():
    assert repair_bio(["O", "I-PERS", "I-PERS", "B-LOC", "I-ORG"]) == ["O", "B-PERS", "I-PERS", "B-LOC", "B-ORG"]
    assert repair_bio(["I-LOC"]) == ["B-LOC"]
    assert repair_bio(["B-ORG", "I-ORG", "O"]) == ["B-ORG", "I-ORG", "O"]


def test_emissions_match_reference_forward_pass(model):
    net, w = model
    # one sentence of three tokens: vector ids, word ids, char ids, flag ids
    enc = ([1, 0, 3], [2, 1, 1], [(2, 4, 3), (2, 3), (2, 4, 4, 4, 3)], [(0,), (), (0, 1)])
    em = net.emissions([enc])[0]
    # reference: char CNN per word, inputs, both LSTM directions, output layer (float16 weights)
    ce, cw, cb = _f16(w["char_emb"]), _f16(w["char_conv_w"]), w["char_conv_b"]
    rows = []
    for vi, wi, ci, fi in zip(*enc):
        E = np.vstack([np.zeros(2), ce[list(ci)], np.zeros(2)])
        conv = np.array([[cb[o] + sum(cw[o, :, k] @ E[t + k] for k in range(3)) for o in range(3)]
                         for t in range(len(ci))])
        flags = np.zeros(2)
        flags[list(fi)] = 1
        vec = net.vec[vi]  # as stored: int8 rows times a scale
        rows.append(np.concatenate([vec, _f16(w["word_emb"])[wi], np.maximum(conv, 0).max(0), flags]))
    X = np.array(rows)
    hf = _ref_lstm(X, _f16(w["lstm_wih"]), _f16(w["lstm_whh"]), w["lstm_b"])
    hb = _ref_lstm(X[::-1], _f16(w["lstm_wih_r"]), _f16(w["lstm_whh_r"]), w["lstm_b_r"])[::-1]
    ref = np.concatenate([hf, hb], axis=1) @ _f16(w["out_w"]).T + w["out_b"]
    assert np.abs(em - ref).max() < 1e-4
    assert np.abs(net.vec - w["vec"]).max() < 0.05  # int8 rows lose little


def test_batching_does_not_change_results(model):
    net, _ = model
    a = ([1, 2], [2, 2], [(2, 4, 3), (2, 3)], [(), (1,)])
    b = ([3, 1, 1, 2, 0], [1, 1, 2, 2, 1], [(2, 3)] * 5, [()] * 5)
    alone = net.emissions([a])[0]
    together = net.emissions([b, a])[1]
    assert np.allclose(alone, together, atol=1e-5)


def test_merged_model_averages_members(tmp_path):
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    _random_model(a, seed=1)
    _random_model(b, seed=2)
    merged = tmp_path / "ab.npz"
    meta = merge_models([a, b], merged, o_bias=0.5)
    assert meta["members"] == 2
    enc = ([1, 2, 0], [2, 1, 2], [(2, 4, 3), (2, 3), (2, 4, 3)], [(1,), (), (0,)])
    na, nb, nab = NeuralNet(a), NeuralNet(b), NeuralNet(merged)
    want = (na.emissions([enc])[0] + nb.emissions([enc])[0]) / 2
    want[:, LABELS.index("O")] -= 0.5
    assert np.allclose(nab.emissions([enc])[0], want, atol=1e-5)
    assert np.allclose(nab.trans[:3, :3], (na.trans[:3, :3] + nb.trans[:3, :3]) / 2, atol=1e-6)
    other = tmp_path / "other.npz"
    w = _random_model(other, seed=3)
    save_model(other, w, meta={"labels": list(LABELS)}, vec_vocab=["<none>", "x", "y", "z"],
               word_vocab=["<pad>", "<unk>", "a"], chars=["<pad>", "<unk>", "<", ">", "a"],
               flags=["f1", "f2"])
    with pytest.raises(DataError, match="vec_vocab"):
        merge_models([a, other], tmp_path / "bad.npz")


def _paths(n):
    ok, start = allowed_transitions()
    for p in itertools.product(range(len(LABELS)), repeat=n):
        if start[p[0]] and all(ok[x, y] for x, y in zip(p, p[1:])):
            yield p


def _score(net, em, p):
    return net.start[p[0]] + net.end[p[-1]] + sum(em[t, k] for t, k in enumerate(p)) + sum(
        net.trans[x, y] for x, y in zip(p, p[1:]))


def test_decode_against_brute_force(model):
    net, _ = model
    em = np.random.default_rng(3).normal(size=(3, len(LABELS))).astype(np.float32)
    paths = list(_paths(3))
    scores = np.array([_score(net, em, p) for p in paths], dtype=np.float64)
    best = paths[int(scores.argmax())]
    got, post = decode(net, [em])
    assert tuple(got[0]) == best
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    marg = np.zeros((3, len(LABELS)))
    for p, pr in zip(paths, probs):
        for t, k in enumerate(p):
            marg[t, k] += pr
    assert np.allclose(post[0], [marg[t, k] for t, k in enumerate(best)], atol=1e-6)


def test_decoding_never_breaks_bio(model):
    net, _ = model
    rng = np.random.default_rng(5)
    ok, start = allowed_transitions()
    ems = [rng.normal(scale=5.0, size=(6, len(LABELS))).astype(np.float32) for _ in range(20)]
    for p in decode(net, ems, want_scores=False)[0]:
        assert start[p[0]] and all(ok[x, y] for x, y in zip(p, p[1:]))


def test_bad_model_files(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataError):
        NeuralNet(bad)
    partial = tmp_path / "partial.npz"
    np.savez(partial, trans=np.zeros((9, 9)))
    with pytest.raises(DataError, match="retrain"):
        NeuralNet(partial)


def test_batched_decode_equals_one_by_one(model):
    """... to the last bit: no step of the decoder mixes the rows of a batch."""
    net, _ = model
    rng = np.random.default_rng(11)
    ems = [rng.normal(scale=3.0, size=(n, len(LABELS))).astype(np.float32) for n in (1, 5, 2, 9, 5, 4, 8, 3, 8)]
    paths, scores = decode(net, ems)
    for em, p, sc in zip(ems, paths, scores):
        assert decode(net, [em]) == ([p], [sc])
    assert decode(net, ems, want_scores=False) == (paths, None)
    assert decode(net, []) == ([], [])


def test_swap_names_keeps_context_and_tags_aligned():
    from khabar.models.ner import NerResources
    from khabar.models.train_neural import swap_names

    res = NerResources(use_shipped=False)
    res.gaz = {"نيويورك": frozenset({"LOC"}), "جون سميث": frozenset({"PER"})}
    sents = [["قال", "محمد", "علي", "في", "عمان"], ["لا", "شيء"], ["زار", "دمشق"]]
    tags = [["O", "B-PERS", "I-PERS", "O", "B-LOC"], ["O", "O"], ["O", "B-LOC"]]
    out_s, out_t = swap_names(sents, tags, res, share=1.0, seed=3)
    assert len(out_s) == 2  # the sentence without names is not copied
    for s, t in zip(out_s, out_t):
        assert len(s) == len(t) and s[0] in ("قال", "زار")
        assert t[0] == "O" and t[1] in ("B-PERS", "B-LOC")
    first = out_s[0]
    assert "في" in first and first[-1] in ("عمان", "دمشق", "نيويورك")


def _random_sentence(rng, n):
    return ([int(x) for x in rng.integers(0, 4, n)], [int(x) for x in rng.integers(0, 3, n)],
            [tuple(int(x) for x in rng.integers(2, 5, rng.integers(2, 6))) for _ in range(n)],
            [tuple(sorted({int(x) for x in rng.integers(0, 2, rng.integers(0, 3))})) for _ in range(n)])


def test_a_sentence_scores_the_same_bits_alone_and_in_any_batch(tmp_path):
    """Tagging many articles' sentences in one batch must not change any result, not even in
    the last bit (else a batch run and a one-article run could disagree)."""
    path = tmp_path / "wide.npz"
    _random_model(path, H=64, seed=4)
    rng = np.random.default_rng(7)
    sents = [_random_sentence(rng, n) for n in (1, 7, 3, 12, 1, 5, 9)]
    together = NeuralNet(path).emissions(sents)
    for k, s in enumerate(sents):
        alone = NeuralNet(path).emissions([s])[0]  # a fresh net: nothing cached
        assert np.array_equal(alone, together[k]), k
        pair = NeuralNet(path).emissions([sents[(k + 3) % len(sents)], s])[1]
        assert np.array_equal(pair, together[k]), k



def test_scaled_forward_backward_equals_the_log_one_and_falls_back_on_underflow(model):
    from khabar.models.neural import _posteriors, _posteriors_log

    net, _ = model
    rng = np.random.default_rng(13)
    lens = np.array([5, 1, 9, 3])
    E = rng.normal(scale=4.0, size=(4, 9, len(LABELS)))
    live = np.arange(9)[None, :] < lens[:, None]
    assert np.abs(_posteriors(net, E, lens) - _posteriors_log(net, E, lens))[live].max() < 1e-12
    # emissions so far apart that every probability of a step underflows: the log way answers
    E = np.zeros((1, 3, len(LABELS)))
    E[0, :, LABELS.index("I-PERS")] = 5000.0  # only reachable after B-PERS, which scores nothing
    assert _posteriors(net, E, np.array([3])) is None
    paths, scores = decode(net, list(E.astype(np.float32)))
    want = _posteriors_log(net, E, np.array([3]))[0]
    assert np.allclose(scores[0], [want[t, k] for t, k in enumerate(paths[0])])
