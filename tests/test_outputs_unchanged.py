"""A refactoring guard: the analyses of the gold articles and of 300 SaudiNewsNet articles
are byte-for-byte those recorded in ``tests/data/outputs_baseline.json``.

The baseline holds one SHA-256 per article (of the JSON contract without the text), so no
corpus text lives in the repository. A change that is *meant* to change outputs rewrites
it on purpose, and says so in its commit:

    python tests/test_outputs_unchanged.py --write          # record the current outputs
    python tests/test_outputs_unchanged.py --dump DIR       # write each analysis to DIR (to diff)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
BASELINE = REPO / "tests" / "data" / "outputs_baseline.json"
#: every STEP-th record of the corpus, from record OFFSET on, SAMPLE of them
SAMPLE, STEP, OFFSET = 300, 97, 13


def articles():
    """(key, text, date) of the gold articles and the corpus sample, in a fixed order."""
    out = []
    for d in sorted((SHARED / "gold").iterdir()) if (SHARED / "gold").is_dir() else []:
        if (d / "gold.json").exists():
            gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
            out.append((f"gold/{d.name}", (d / "article.txt").read_text(encoding="utf-8"), gold["document"]["date"]))
    if CORPUS.exists():
        from khabar.io import Record, iter_records

        n = 0
        for i, rec in enumerate(iter_records([CORPUS])):
            if i >= OFFSET and (i - OFFSET) % STEP == 0 and isinstance(rec, Record):
                out.append((f"saudinewsnet/{i}", rec.text, rec.date))
                n += 1
                if n == SAMPLE:
                    break
    return out


def analysis(text: str, date) -> dict:
    import khabar

    d = khabar.analyze(text, date=date).to_dict()
    d.pop("text", None)
    return d


def digest(d: dict) -> str:
    blob = json.dumps(d, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@pytest.mark.slow
def test_outputs_equal_the_baseline():
    if not CORPUS.exists() or not (SHARED / "gold").is_dir():
        pytest.skip("../shared data not available")
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    arts = articles()
    assert len(arts) == len(base) == SAMPLE + len([k for k in base if k.startswith("gold/")])
    differ = [key for key, text, date in arts if digest(analysis(text, date)) != base.get(key)]
    assert differ == [], f"{len(differ)} of {len(arts)} analyses differ from the baseline: {differ[:10]}"


@pytest.mark.slow
def test_batched_outputs_equal_the_baseline():
    """The same analyses when the articles go through the pipeline in batches, as ``khabar
    batch`` and ``khabar ingest`` send them (the model tags a batch's sentences together)."""
    if not CORPUS.exists() or not (SHARED / "gold").is_dir():
        pytest.skip("../shared data not available")
    from khabar.pipeline import default_pipeline

    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    arts = articles()
    items = [{"text": text, "date": str(date) if date else None} for _, text, date in arts]
    differ = []
    for (key, _, _), art in zip(arts, default_pipeline().pipe(items, batch_size=32)):
        d = art.to_dict()
        d.pop("text", None)
        if digest(d) != base.get(key):
            differ.append(key)
    assert differ == [], f"{len(differ)} of {len(arts)} batched analyses differ from the baseline: {differ[:10]}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"]:
        base = {key: digest(analysis(text, date)) for key, text, date in articles()}
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(base, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(base)} digests to {BASELINE}")
        return 0
    if argv[:1] == ["--dump"] and len(argv) == 2:
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for key, text, date in articles():
            (out / (key.replace("/", "__") + ".json")).write_text(
                json.dumps(analysis(text, date), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
