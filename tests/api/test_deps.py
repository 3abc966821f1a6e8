"""What the routes share (the store, the analyser, a cache, one analysis at a time), injected."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi")

from starlette.exceptions import HTTPException  # noqa: E402

from khabar.api.deps import Services  # noqa: E402
from khabar.errors import InputError  # noqa: E402


class _Store:
    def __init__(self):
        self.asked = []

    def entity(self, key, limit=20):
        self.asked.append((key, limit))
        return {"id": 1, "name": key} if key == "بوتين" else None


def test_analysis_limits_and_contract():
    seen = []

    def analyze(text, date=None, **meta):
        seen.append((text, date, meta))
        return {"text": text}

    svc = Services(_Store(), analyze, max_text_chars=5)
    assert svc.analysis("abc", "2023-09-13", "t") == {"text": "abc"}
    assert seen == [("abc", "2023-09-13", {"title": "t"})]
    with pytest.raises(HTTPException) as exc:
        svc.analysis("abcdef", None)
    assert exc.value.status_code == 413 and "the limit is 5" in exc.value.detail
    with pytest.raises(InputError):
        svc.analysis("  ", None)
    assert len(seen) == 1


def test_one_analysis_at_a_time():
    running, most = [0], [0]

    def analyze(text, date=None, **meta):
        running[0] += 1
        most[0] = max(most[0], running[0])
        time.sleep(0.02)
        running[0] -= 1
        return {}

    svc = Services(_Store(), analyze, max_text_chars=100)
    threads = [threading.Thread(target=svc.analysis, args=("x", None)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_cached_recomputes_after_the_ttl():
    calls = []
    svc = Services(_Store(), None, 10, stats_ttl=0.05)
    fn = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert svc.cached("k", fn) == 1 and svc.cached("k", fn) == 1
    assert svc.cached("other", fn) == 2
    time.sleep(0.06)
    assert svc.cached("k", fn) == 3


def test_entity_404_and_no_lookup_for_impossible_ids():
    store = _Store()
    svc = Services(store, None, 10)
    assert svc.entity(" بوتين ", 7)["name"] == "بوتين" and store.asked == [("بوتين", 7)]
    for name in ("nobody", "9" * 30, "  "):
        with pytest.raises(HTTPException) as exc:
            svc.entity(name)
        assert exc.value.status_code == 404
    assert len(store.asked) == 2  # the huge id and the blank never reach the store
