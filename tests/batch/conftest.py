"""Small corpora for the batch tests, written into tmp_path from sentences written here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

SENTENCES = [
    "قال وزير الخارجية السعودي إن المحادثات مع الجانب الإيراني كانت صريحة.",
    "وأعلنت وزارة الصحة في الرياض عن افتتاح مستشفى جديد يوم الأحد.",
    "التقى الملك سلمان بن عبدالعزيز الرئيس الفرنسي في جدة أمس.",
    "وأكد المتحدث باسم الأمم المتحدة أن المساعدات وصلت إلى اليمن.",
    "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار منظمة أوبك.",
    "وقعت الحكومة اتفاقية للتعاون الاقتصادي مع الإمارات في 13 سبتمبر 2015.",
    "أشار التقرير إلى أن عدد الطلاب في الجامعات بلغ مليون طالب.",
    "وصرح مدير الشرطة بأن التحقيقات ما زالت جارية في الحادث.",
]

#: two bad lines placed in the corpus: (1-based line number, content, reason fragment)
BAD_LINES = [
    (4, "{not json", "not JSON"),
    (9, json.dumps({"content": "   ", "title": "فارغ"}, ensure_ascii=False), "empty"),
]


def article(i: int) -> dict:
    """Record ``i``: two sentences and a number that makes its text (and so its id) unique."""
    a = SENTENCES[i % len(SENTENCES)]
    b = SENTENCES[(i * 3 + 1) % len(SENTENCES)]
    return {
        "content": f"{a} {b}\nالخبر رقم {i}.",
        "title": f"خبر {i}",
        "date_extracted": "2015-07-21 02:51:32",
        "url": f"http://example.org/{i}",
        "source": "test",
    }


def write_corpus(path: Path, n_good: int, bad: bool = True, gz: bool = False) -> list[str]:
    """Write ``n_good`` good records (plus the two BAD_LINES) to ``path``; returns the lines."""
    lines = [json.dumps(article(i), ensure_ascii=False) for i in range(n_good)]
    if bad:
        for lineno, content, _ in BAD_LINES:
            lines.insert(lineno - 1, content)
    data = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(data)
    else:
        path.write_text(data, encoding="utf-8")
    return lines


@pytest.fixture
def corpus(tmp_path) -> Path:
    """1,000 good records and 2 bad ones (lines 4 and 9)."""
    path = tmp_path / "corpus.jsonl"
    write_corpus(path, 1000)
    return path


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """40 good records and 2 bad ones (lines 4 and 9), gzipped."""
    path = tmp_path / "small.jsonl.gz"
    write_corpus(path, 40, gz=True)
    return path


SAUDINEWSNET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def saudinewsnet_path() -> Path | None:
    for p in (SAUDINEWSNET, Path("/work/shared/data/saudinewsnet/saudinewsnet.jsonl.gz")):
        if p.exists():
            return p
    return None
