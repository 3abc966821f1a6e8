"""Build src/khabar/data/lexicons/event_sentence_nb.json: a naive Bayes sentence filter for
event-mention types whose trigger words are often used about events that are not reported
as happening (issue #13; today ASSAULT).

Trained on the development half of the OEDA Arabic event gold standard
(../shared/data/arabic_event_gsr/dev.jsonl, MIT licence): binary bag of words (each token
reduced by khabar.arabic.morph.noun_keys to its bare form), add-0.5 smoothing, words seen in
at least ``min_count`` training sentences. Only the per-word log-ratios are shipped, no text.
The script prints a 5-fold cross-validated P/R/F1 of the filter over the sentences where
the stage already finds an event of the type, for the chosen threshold.

Run: PYTHONPATH=src python data/build_event_classifier.py
"""

from __future__ import annotations

import collections
import json
import math
import random
import re
from pathlib import Path

from khabar.arabic.morph import morph
from khabar.arabic.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/khabar/data/lexicons/event_sentence_nb.json"
GSR = ROOT / "../shared/data/arabic_event_gsr/dev.jsonl"
TYPES = {"ASSAULT": 5.0}  # type -> decision threshold on the log-odds
MIN_COUNT = 3


def feats(text: str, mo) -> set[str]:
    return {mo.noun_keys(normalize(t))[-1] for t in re.findall(r"\w+", text)}


def train(rows: list[dict], mo) -> tuple[float, dict[str, float]]:
    cnt = {True: collections.Counter(), False: collections.Counter()}
    n = {True: 0, False: 0}
    for r in rows:
        y = r["label"] == "yes"
        n[y] += 1
        for f in feats(r["text"], mo):
            cnt[y][f] += 1
    prior = math.log(max(n[True], 1) / max(n[False], 1))
    weights = {}
    for f in set(cnt[True]) | set(cnt[False]):
        if cnt[True][f] + cnt[False][f] < MIN_COUNT:
            continue
        a = (cnt[True][f] + 0.5) / (n[True] + 1)
        b = (cnt[False][f] + 0.5) / (n[False] + 1)
        weights[f] = round(math.log(a / b), 3)
    return prior, weights


def score(text: str, prior: float, weights: dict[str, float], mo) -> float:
    return prior + sum(weights.get(f, 0.0) for f in feats(text, mo))


def main() -> None:
    mo = morph()
    rows = [json.loads(line) for line in GSR.open(encoding="utf-8")]
    out = {"_about": "Naive Bayes sentence filter for event mentions (khabar.stages.events), built by "
                     "data/build_event_classifier.py from the OEDA Arabic event gold standard (dev half, MIT "
                     "licence). Per type: prior log-odds, threshold, and per-word log-ratios (words as "
                     "noun_keys(normalized)[-1]); a trigger-lexicon mention of that type is kept only when the "
                     "sentence's log-odds reach the threshold. Events from verb patterns with named actors are "
                     "not filtered."}
    for typ, thr in TYPES.items():
        data = [r for r in rows if r["event_type"] == typ]
        random.seed(0)
        random.shuffle(data)
        tp = fp = fn = 0
        for fold in range(5):
            test = data[fold::5]
            prior, w = train([r for i, r in enumerate(data) if i % 5 != fold], mo)
            for r in test:
                y = r["label"] == "yes"
                p = score(r["text"], prior, w, mo) >= thr
                tp += p and y
                fp += p and not y
                fn += (not p) and y
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"{typ}: 5-fold CV of the filter alone (all sentences): P={prec:.3f} R={rec:.3f} "
              f"F1={2 * prec * rec / max(prec + rec, 1e-9):.3f}")
        prior, w = train(data, mo)
        out[typ] = {"prior": round(prior, 3), "threshold": thr, "weights": dict(sorted(w.items()))}
        print(f"{typ}: {len(w)} words")
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
