"""Train the CRF NER model (python-crfsuite) from a CoNLL file.

    khabar train ner --train ANERCorp_CamelLab_train.txt --out ner.crfsuite \
        [--clusters clusters.tsv.gz] [--c1 0.05] [--c2 0.05] [--max-iter 200] [--dev-frac 0.1]

With ``--dev-frac F`` the last F of the training sentences are held out, the model is trained
on the rest and scored on them (for feature/parameter choices), and then, unless
``--dev-only``, retrained on everything.  Word clusters come from ``data/build_clusters.py``
(word2vec + k-means on SaudiNewsNet); by default the shipped ``models/clusters.tsv.gz`` and
the shipped gazetteer, first-name and trigger lists and self-trained name lexicon
(``models/ner_lexicon.tsv.gz`` from ``data/build_ner_lexicon.py``) are used when present.  The model is
written to ``--out`` and its feature configuration plus resource checksums to
``<out>.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from khabar.errors import DataError, UsageError
from khabar.models.conll import read_conll, score_ner, TYPES
from khabar.models.ner import (
    DEFAULT_CONFIG,
    Featurizer,
    NerResources,
    NerTagger,
    sidecar_path,
    vocab_fingerprint,
)

__all__ = ["train_ner", "train_crf"]

DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iter": 200}


def _check_tags(tags: list[list[str | None]], path) -> list[list[str]]:
    out = []
    for sent in tags:
        row = []
        for t in sent:
            if t is None:
                raise DataError(f"{path}: a token line has no tag column")
            if t != "O" and not (t[:2] in ("B-", "I-") and len(t) > 2):
                raise DataError(f"{path}: unexpected tag {t!r} (expected O, B-X, I-X)")
            row.append(t)
        out.append(row)
    return out


def train_crf(
    sents: list[list[str]],
    tags: list[list[str]],
    featurizer: Featurizer,
    out: Path,
    *,
    c1: float,
    c2: float,
    max_iter: int,
    log=print,
) -> float:
    """Train and save one CRF; returns seconds taken."""
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, ys in zip(featurizer.document(sents), tags):
        trainer.append(pycrfsuite.ItemSequence(feats), ys)
    t1 = time.time()
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    log(f"  features {t1 - t0:.1f}s, training {time.time() - t1:.1f}s "
        f"({len(sents)} sentences, {sum(map(len, sents))} tokens)")
    return time.time() - t0


def train_ner(
    train_path: str | Path,
    out: str | Path,
    *,
    clusters: str | Path | None = None,
    c1: float = DEFAULT_PARAMS["c1"],
    c2: float = DEFAULT_PARAMS["c2"],
    max_iter: int = DEFAULT_PARAMS["max_iter"],
    dev_frac: float = 0.0,
    dev_only: bool = False,
    config: dict | None = None,
    resources: NerResources | None = None,
    log=print,
) -> dict:
    """Train the NER model; returns a summary dict (dev scores when ``dev_frac`` > 0)."""
    if not 0 <= dev_frac < 1:
        raise UsageError("--dev-frac must be in [0, 1)")
    if c1 < 0 or c2 < 0 or max_iter < 1:
        raise UsageError("--c1/--c2 must be >= 0 and --max-iter >= 1")
    out = Path(out)
    sents, raw_tags = read_conll(train_path, need_tags=True)
    tags = _check_tags(raw_tags, train_path)
    if resources is None:
        if clusters is not None and not Path(clusters).is_file():
            raise UsageError(f"--clusters: no such file: {clusters}")
        resources = NerResources(clusters_path=Path(clusters) if clusters else None)
    cfg = dict(DEFAULT_CONFIG)
    if config:
        cfg.update(config)
    used = {k: bool(p) for k, p in resources.paths.items()}
    log(f"resources: {', '.join(k for k, v in used.items() if v) or 'none'}; "
        f"clusters for {len(resources.clusters):,} words (k={list(resources.cluster_ks)}), "
        f"gazetteer {len(resources.gaz):,} keys, first names {len(resources.first_names):,}")
    summary: dict = {"config": cfg, "params": {"c1": c1, "c2": c2, "max_iter": max_iter}}
    if dev_frac > 0:
        cut = len(sents) - max(1, int(round(len(sents) * dev_frac)))
        dev_model = out.with_name(out.name + ".dev")
        log(f"dev: training on {cut} sentences, holding out the last {len(sents) - cut}")
        feat = Featurizer(resources, cfg)
        train_crf(sents[:cut], tags[:cut], feat, dev_model, c1=c1, c2=c2, max_iter=max_iter, log=log)
        _write_sidecar(dev_model, cfg, resources, summary["params"], train_path, cut)
        tagger = NerTagger(dev_model, resources=resources)
        pred = tagger.tag(sents[cut:])
        summary["dev"] = score_ner(tags[cut:], pred, types=TYPES)
        m = summary["dev"]["micro"]
        log(f"dev micro P/R/F1 {m['precision']:.2f}/{m['recall']:.2f}/{m['f1']:.2f}  " + "  ".join(
            f"{t} {v['f1']:.1f}" for t, v in summary["dev"]["per_type"].items()))
        for p in (dev_model, sidecar_path(dev_model)):
            p.unlink(missing_ok=True)
        if dev_only:
            return summary
    log(f"training on all {len(sents)} sentences -> {out}")
    feat = Featurizer(resources, cfg)
    summary["seconds"] = train_crf(sents, tags, feat, out, c1=c1, c2=c2, max_iter=max_iter, log=log)
    _write_sidecar(out, cfg, resources, summary["params"], train_path, len(sents))
    summary["model"] = str(out)
    summary["size_bytes"] = out.stat().st_size
    return summary


def _write_sidecar(model: Path, cfg: dict, resources: NerResources, params: dict, train_path,
                   n_sents: int) -> None:
    meta = {
        "config": cfg,
        "resources": resources.fingerprint(),
        "resource_paths": {k: (str(Path(p).resolve()) if p else None) for k, p in resources.paths.items()},
        "vocab": vocab_fingerprint(),
        "cluster_ks": list(resources.cluster_ks),
        "params": params,
        "train": {"file": Path(str(train_path)).name, "sentences": n_sents},
    }
    sidecar_path(model).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
