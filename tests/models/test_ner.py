"""NER model: the shipped tagger, features, loading, name propagation."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.errors import DataError, UsageError

ROOT = Path(__file__).resolve().parents[2]
ANER_TEST = ROOT.parent / "shared" / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"
#: the issue #3 target for the shipped model (BiLSTM-CRF measured 75.63, bench/results/ner.md)
MIN_TEST_F1 = 75.0


# ----------------------------------------------------------------------------- tagger

@pytest.fixture(scope="module")
def tagger():
    from khabar.models.ner import get_tagger

    return get_tagger()


def test_get_tagger_cached(tagger):
    from khabar.models.ner import get_tagger

    assert get_tagger() is tagger


def test_tag_sentences(tagger):
    sents = [
        ["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس", "أمس", "."],
        ["وأعلنت", "وزارة", "الخارجية", "المصرية", "أن", "الوزير", "سيزور", "واشنطن", "."],
        [],
    ]
    tags = tagger.tag(sents)
    assert [len(t) for t in tags] == [9, 9, 0]
    allowed = {"O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
    assert all(t in allowed for s in tags for t in s)
    assert tags[0][6] == "B-LOC"  # باريس
    assert tags[1][7] == "B-LOC"  # واشنطن
    assert tags[0][4] in ("B-PERS", "I-PERS")  # ماكرون
    assert tags[0][0] == "O" and tags[1][4] == "O"


def test_tag_with_scores(tagger):
    sents = [["زار", "الملك", "عبدالله", "مدينة", "جدة", "."]]
    scored = tagger.tag_with_scores(sents)
    assert [t for t, _ in scored[0]] == tagger.tag(sents)[0]
    assert all(0.0 <= p <= 1.0 for _, p in scored[0])
    assert scored[0][-1][1] > 0.5  # the full stop is confidently O


def test_tag_rejects_strings(tagger):
    with pytest.raises(UsageError):
        tagger.tag("قال الرئيس")
    with pytest.raises(UsageError):
        tagger.tag(["قال الرئيس"])


@pytest.mark.skipif(not ANER_TEST.exists(), reason="ANERcorp test split not available")
def test_shipped_model_anercorp_test_f1():
    from khabar.models.conll import eval_ner, format_ner_report

    res = eval_ner(ANER_TEST)
    assert res["micro"]["f1"] >= MIN_TEST_F1, format_ner_report(res)


def test_lexicon_features(tmp_path):
    """The self-trained name lexicon is read and turned into token and neighbour features."""
    import gzip

    from khabar.models.ner import Featurizer, NerResources

    lex = tmp_path / "lex.tsv.gz"
    with gzip.open(lex, "wt", encoding="utf-8") as fh:
        fh.write("زيد\t5\t4000\t30\n")
    res = NerResources(lexicon_path=lex, use_shipped=False)
    assert res.lexicon == {"زيد": ("5", "4000", "30")}
    feats = Featurizer(res).sentence(["قال", "وزيد", "امس"])
    assert "lxPERS=4" in feats[1] and "lxTi=3" in feats[1] and "lxn=5" in feats[1]
    assert "+1:lxPERS=4" in feats[0] and "-1:lxPERS=4" in feats[2]
    assert "lx=none" in feats[0]


def test_shipped_model_records_lexicon():
    from khabar.models.ner import LEXICON_NAME, load_tagger
    from khabar.resources import data_path

    t = load_tagger()
    if t.meta.get("resources", {}).get("lexicon"):
        assert data_path(LEXICON_NAME).is_file()
        assert t.featurizer.res.lexicon


def test_propagate_names_copies_nearby_repetitions():
    from khabar.models.ner import propagate_names

    sents = [["قال", "فلاديمير", "بوتين", "اليوم"], ["وبوتين", "زار", "بوتين"], ["لا", "بوتين"],
             ["أمس"], ["بوتين"]]
    tags = [["O", "B-PERS", "I-PERS", "O"], ["O", "O", "O"], ["O", "O"], ["O"], ["O"]]
    scores = [[1.0, 0.9, 0.8, 1.0], [1.0] * 3, [1.0] * 2, [1.0], [1.0]]
    new, sc = propagate_names(sents, tags, scores, window=2)
    assert new[0] == tags[0]
    # only the two-word name was tagged: its words alone are not copied
    assert new[1] == ["O", "O", "O"]
    tags[0] = ["O", "B-PERS", "B-PERS", "O"]  # now بوتين alone is a name (score 0.8)
    new, sc = propagate_names(sents, tags, scores, window=2)
    assert new[1] == ["B-PERS", "O", "B-PERS"]  # with the clitic و too
    assert sc[1] == [0.8, 1.0, 0.8]
    assert new[2] == ["O", "B-PERS"]
    assert new[4] == ["O"]  # four sentences away: outside the window
    assert tags[1] == ["O", "O", "O"]  # the input is not changed
    new, _ = propagate_names(sents, tags, scores, window=2, min_score=0.85)
    assert new[1] == ["O", "O", "O"]  # not sure enough to copy


def test_propagate_names_never_overwrites_or_cuts_names():
    from khabar.models.ner import propagate_names

    sents = [["زار", "عمان"], ["مدينة", "عمان", "الكبرى"], ["عمان", "بوتين"]]
    tags = [["O", "B-LOC"], ["O", "B-ORG", "I-ORG"], ["O", "I-PERS"]]
    new, _ = propagate_names(sents, tags)
    assert new[1] == ["O", "B-ORG", "I-ORG"]  # already tagged: left alone
    assert new[2] == ["O", "I-PERS"]  # would cut into the next name: left alone


def test_neural_batches_bound_padding(tagger):
    from khabar.models.ner import NeuralTagger

    if not isinstance(tagger, NeuralTagger):
        pytest.skip("the shipped model is not the BiLSTM-CRF")
    lengths = [3, 0, 5000, 5, 40, 40, 1]
    groups = tagger._batches(lengths)
    assert sorted(i for g in groups for i in g) == [0, 2, 3, 4, 5, 6]  # the empty one left out
    for g in groups:
        assert len(g) <= tagger.BATCH
        assert len(g) == 1 or len(g) * max(lengths[i] for i in g) <= tagger.SLOTS
    assert [2] in groups  # a very long sentence goes alone
    # results do not depend on the grouping
    sents = [["زار", "الملك", "عبدالله", "مدينة", "جدة"] * 30, ["قال", "بوتين"], ["في", "موسكو", "."]]
    want = tagger.tag(sents)
    old = tagger.SLOTS
    try:
        tagger.SLOTS = 4
        assert tagger.tag(sents) == want
    finally:
        tagger.SLOTS = old


def test_neural_results_do_not_depend_on_cache_size(tagger):
    from khabar.models.ner import NeuralTagger

    if not isinstance(tagger, NeuralTagger):
        pytest.skip("the shipped model is not the BiLSTM-CRF")
    sents = [["زار", "الملك", "عبدالله", "مدينة", "جدة", "."], ["قال", "بوتين", "في", "موسكو"]]
    want = tagger.tag_with_scores(sents)
    member = tagger.net.members[0]
    member.CACHE_MAX = 3  # fewer slots than one sentence's tokens: cleared on every call
    try:
        member._slot.clear()
        member._rows = None
        got = tagger.tag_with_scores(sents)
        assert got == want  # to the last bit
        assert len(member._slot) <= max(3, len({t for s in sents for t in s}))
    finally:
        del member.CACHE_MAX
        member._slot.clear()
        member._rows = None


# ----------------------------------------------------------------------------- loading

def test_load_tagger_missing_file_names_it(tmp_path):
    from khabar.models.ner import load_tagger

    for name in ("nope.npz", "nope.crfsuite"):
        with pytest.raises(DataError, match=name):
            load_tagger(tmp_path / name)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken", b"\x93NUMPY"])
def test_load_tagger_corrupt_npz_names_it(tmp_path, content):
    from khabar.models.ner import load_tagger

    bad = tmp_path / "bad.npz"
    bad.write_bytes(content)
    with pytest.raises(DataError, match="bad.npz"):
        load_tagger(bad)


def test_load_tagger_npz_without_the_model_arrays(tmp_path):
    import numpy as np

    from khabar.models.ner import load_tagger

    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, a=np.zeros(3))
    with pytest.raises(DataError, match="wrong.npz"):
        load_tagger(wrong)
    single = tmp_path / "single.npz"
    with single.open("wb") as fh:
        np.save(fh, np.zeros(3))  # a bare .npy array under an .npz name
    with pytest.raises(DataError, match="single.npz"):
        load_tagger(single)


def test_load_tagger_damaged_npz_member(tmp_path):
    from khabar.arabic.lexicon import Lexicon
    from khabar.models.ner import MODEL_NAME, load_tagger

    data = bytearray(Lexicon.default().path(MODEL_NAME).read_bytes())
    mid = len(data) // 2
    data[mid : mid + 256] = bytes(b ^ 0x5A for b in data[mid : mid + 256])
    bad = tmp_path / "damaged.npz"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataError, match="damaged.npz"):
        load_tagger(bad)


def test_load_tagger_corrupt_crf_names_it(tmp_path):
    pytest.importorskip("pycrfsuite")
    from khabar.models.ner import load_tagger

    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a crf model")
    with pytest.raises(DataError, match="bad.crfsuite"):
        load_tagger(bad)
    (tmp_path / "bad.crfsuite.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DataError, match="bad.crfsuite"):
        load_tagger(bad)


def test_shipped_tagger_of_a_lexicon_root(tmp_path):
    from khabar.arabic.lexicon import Lexicon
    from khabar.models.ner import get_tagger

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "ner.npz").write_bytes(b"broken")
    with pytest.raises(DataError, match="ner.npz"):
        get_tagger(Lexicon(root=tmp_path))


def test_corrupt_resource_file_names_it(tmp_path):
    from khabar.models.ner import NerResources

    bad = tmp_path / "clusters.tsv.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(DataError, match="clusters.tsv.gz"):
        NerResources(clusters_path=bad, use_shipped=False)
    trig = tmp_path / "triggers.json"
    trig.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="triggers.json"):
        NerResources(triggers_path=trig, use_shipped=False)


def test_shape_marks_arabic_letters():
    from khabar.models.ner import _shape

    assert _shape("قال") == "a"
    assert _shape("Abc12") == "Lld"
    assert _shape("ب2") == "ad"


def test_propagate_names_reads_the_name_clitics_from_the_lexicon(tmp_path):
    import json

    from khabar.arabic.lexicon import Lexicon
    from khabar.models.ner import propagate_names

    sents = [["بوتين", "قال"], ["وبوتين", "زار"]]
    tags = [["B-PERS", "O"], ["O", "O"]]
    new, _ = propagate_names(sents, tags)
    assert new[1] == ["B-PERS", "O"]
    rules = json.loads(Lexicon.default().path("lexicons/clitics.json").read_text(encoding="utf-8"))
    rules["name_proclitics"] = ["ب"]
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "clitics.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    new, _ = propagate_names(sents, tags, lexicon=Lexicon(root=tmp_path))
    assert new[1] == ["O", "O"]


def _propagate_reference(sents, tags, scores, window=10, min_score=0.5, min_chars=3, proclitics=frozenset("وفبل")):
    """propagate_names as it was before issue #17 (quadratic in a repeated name), to check
    that the linear one gives the same tags."""
    from khabar.models.conll import chunks

    index = {}
    for si, ts in enumerate(tags):
        for i, j, typ in chunks(ts):
            sc = min(scores[si][i:j])
            words = tuple(sents[si][i:j])
            if sc >= min_score and all(len(w) >= min_chars for w in words):
                index.setdefault(words[0], []).append((sc, words, typ, si))
    out = [list(ts) for ts in tags]
    out_sc = [list(sc) for sc in scores]
    for lst in index.values():
        lst.sort(key=lambda x: -x[0])
    for si, toks in enumerate(sents):
        cur = out[si]
        for i, tok in enumerate(toks):
            cands = index.get(tok, ())
            if tok[:1] in proclitics and len(tok) > 1 and tok[1:] in index:
                cands = sorted([*cands, *index[tok[1:]]], key=lambda x: -x[0])
            for sc, words, typ, sj in cands:
                if abs(sj - si) > window:
                    continue
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


def test_propagate_names_equals_the_reference_on_random_articles():
    import random

    from khabar.arabic.clitics import clitics
    from khabar.models.ner import propagate_names

    procl = frozenset(clitics().name_proclitics)
    words = ["بوتين", "وبوتين", "فلاديمير", "عمان", "وعمان", "الرياض", "قال", "زار", "لبوتين", "كيم"]
    rnd = random.Random(17)
    for _ in range(200):
        sents, tags, scores = [], [], []
        for _ in range(rnd.randint(1, 30)):
            n = rnd.randint(1, 12)
            sents.append([rnd.choice(words) for _ in range(n)])
            tags.append([rnd.choice(["O", "O", "O", "B-PERS", "I-PERS", "B-LOC"]) for _ in range(n)])
            scores.append([rnd.choice([0.4, 0.6, 0.8, 0.9, 1.0]) for _ in range(n)])
        w = rnd.choice([0, 1, 2, 10])
        assert propagate_names(sents, tags, scores, window=w) == _propagate_reference(
            sents, tags, scores, window=w, proclitics=procl)


class _CountingTag(str):
    compared = 0

    def __ne__(self, other):
        _CountingTag.compared += 1
        return str.__ne__(self, other)


def test_propagate_names_work_is_linear_in_a_repeated_name():
    # issue #17: 'الرياض ' × 15,000 took 290 s: each token went through every name starting
    # with its word (thousands), in every sentence. The tags are compared once per token now.
    from khabar.models.ner import propagate_names

    n_sent, n_tok = 30, 100
    sents = [["الرياض"] * n_tok for _ in range(n_sent)]
    tags = [[_CountingTag("B-LOC")] * n_tok for _ in range(n_sent)]
    scores = [[0.5 + (i % 50) / 100 for i in range(n_tok)] for _ in range(n_sent)]
    _CountingTag.compared = 0
    new, _ = propagate_names(sents, tags, scores)
    assert new == tags
    assert _CountingTag.compared <= 2 * n_sent * n_tok


def test_encoder_cache_keeps_the_words_in_use_and_stays_bounded(tagger, monkeypatch):
    from khabar.models.ner import NeuralTagger

    if not isinstance(tagger, NeuralTagger):
        pytest.skip("the shipped model is not the BiLSTM-CRF")
    enc = tagger.encoder
    monkeypatch.setattr(enc, "CACHE_MAX", 3)
    monkeypatch.setattr(enc, "_cache", {})
    monkeypatch.setattr(enc, "_old", {})
    analysed = []
    real = enc.fz._analyse
    monkeypatch.setattr(enc.fz, "_analyse", lambda w: analysed.append(w) or real(w))
    want = enc.word("الرياض")
    for k, w in enumerate(["قال", "وزير", "الخارجية", "في", "بيان", "اليوم", "إن", "بلاده"]):
        assert enc.word(w) and enc.word("الرياض") == want  # a word in use between new ones
        assert len(enc._cache) <= 3 and len(enc._old) <= 3
    assert analysed.count("الرياض") == 1
