"""Hostile, repetitive inputs: seconds per stage and output size (run as ``python bench/bench_hostile.py``).

Every stage should be linear (or bounded) in its input; the issue's two worst cases
(``'وأضاف: '*8166`` and ``'قال إن '*8166``) must analyse in under 2 s with under 2 MB of JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

CASES = {
    "wadaf": lambda: "وأضاف: " * 8166,
    "qal_inna": lambda: "قال إن " * 8166,
    "qal_colon": lambda: "قال: " * 8166,
    "qal_colon_quote": lambda: 'قال الرئيس: "' * 5000,
    "names": lambda: "محمد بن سلمان " * 8000,
    "names_said": lambda: "وقال محمد بن سلمان إن " * 4000,
    "triggers": lambda: "هاجم " * 15000,
    "trigger_sentence": lambda: "هاجمت القوات السعودية مواقع الحوثيين " * 3000,
    "places": lambda: "الرياض " * 15000,
    "places_small": lambda: "الرياض " * 3000,
    "commas_300k": lambda: "،" * 300_000,  # over MAX_ARTICLE_CHARS: refused
    "commas": lambda: "،" * 199_000,
    "long_word_2M": lambda: "ب" * 2_000_000,  # refused
    "long_word": lambda: "ب" * 199_000,
    "repeated_quote_marks": lambda: '"قال" ' * 30_000,
    "guillemets": lambda: "«" * 100_000 + "»" * 99_000,
    "newlines": lambda: "قال\n" * 49_000,
    "dates": lambda: "في 13 سبتمبر 2015 " * 10_000,
    "continuations": lambda: '\n"كلمة أخرى هنا وهناك"' * 8000,
    "continuations_small": lambda: '\n"كلمة أخرى هنا وهناك"' * 2000,
    "title_speakers": lambda: "وقال الرئيس إن محمد بن سلمان زار الرياض. " * 4000,
    "unnamed_speakers": lambda: "قال: الوضع صعب جدا هنا. وقال محمد: نعم. " * 4000,
    "sentences": lambda: "قال الوزير إن الاجتماع عقد أمس. " * 3000,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("cases", nargs="*", default=list(CASES))
    args = ap.parse_args()
    from khabar.pipeline import Pipeline

    nlp = Pipeline()
    nlp.analyze("قال الرئيس إن الاجتماع عقد أمس.")  # load models
    print(f"{'case':<18} {'chars':>9} {'seconds':>8} {'JSON MB':>8}  slowest stages")
    for name in args.cases:
        text = CASES[name]()
        for k in nlp.timings:
            nlp.timings[k] = 0.0
        t0 = time.perf_counter()
        try:
            art = nlp.analyze(text)
            out = json.dumps(art.to_dict(), ensure_ascii=False)
            mb = len(out.encode()) / 1e6
        except Exception as exc:  # a refusal is an answer too
            mb = float("nan")
            print(f"  {name}: {type(exc).__name__}: {str(exc)[:100]}")
        dt = time.perf_counter() - t0
        slow = sorted(nlp.timings.items(), key=lambda kv: -kv[1])[:3]
        print(f"{name:<18} {len(text):>9} {dt:>8.2f} {mb:>8.2f}  "
              + " ".join(f"{k}={v:.2f}" for k, v in slow), flush=True)


if __name__ == "__main__":
    main()
