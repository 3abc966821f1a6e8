"""Shared fixtures: paths to the read-only ../shared data (tests skip when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold"
GOLD_KIM = GOLD / "kim-putin-vostochny"


@pytest.fixture(scope="session")
def gold_kim():
    """(text, gold dict) of the founding gold article."""
    if not (GOLD_KIM / "gold.json").exists():
        pytest.skip("../shared/gold not available")
    text = (GOLD_KIM / "article.txt").read_text(encoding="utf-8")
    return text, json.loads((GOLD_KIM / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold_kim_article(gold_kim):
    """The founding gold article analysed by the default pipeline (once per session)."""
    import khabar

    text, gold = gold_kim
    return khabar.analyze(text, date=gold["document"]["date"])
