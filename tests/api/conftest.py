"""Fixtures for the API tests: a small corpus database with hostile text in it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

#: an article whose title and text carry markup; its analysis is written by hand so that
#: quotes and events exist whatever stage is finished
XSS_TITLE = f"{XSS_SCRIPT} عاجل {XSS_IMG} <b>عريض</b>"
XSS_TEXT = (
    "قال الرئيس الروسي فلاديمير بوتين إن “" + XSS_SCRIPT + " التعاون مستمر” في موسكو الأربعاء.\n"
    "وأضاف بوتين أن " + XSS_IMG + " لن يتكرر، والتقى وزير الخارجية في موسكو.\n"
    "<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">رابط</a> & <style>body{display:none}</style>"
)


def _span(text: str, piece: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return {"start": start, "end": start + len(piece), "text": piece}


def xss_analysis() -> dict:
    t = XSS_TEXT
    putin = [_span(t, "فلاديمير بوتين"), _span(t, "بوتين", 1)]
    moscow = [_span(t, "موسكو"), _span(t, "موسكو", 1)]
    content1 = _span(t, XSS_SCRIPT + " التعاون مستمر")
    content2 = _span(t, XSS_IMG + " لن يتكرر")
    return {
        "text": t,
        "entities": [
            {"id": "e1", "type": "PER", "name": "فلاديمير بوتين",
             "name_en": 'Vladimir Putin"><script>alert(2)</script>', "mentions": putin, "country": "RUS"},
            {"id": "e2", "type": "LOC", "name": "موسكو <img src=y onerror=alert(3)>", "name_en": "<i>Moscow</i>",
             "mentions": moscow, "country": "RUS"},
        ],
        "times": [dict(_span(t, "الأربعاء"), value="2023-09-13", kind="date")],
        "quotes": [
            {"speaker": {"entity": "e1", **putin[0]}, "cue": _span(t, "قال"), "kind": "direct",
             "content": [content1], "reported_by": None},
            {"speaker": {"entity": "e1", **putin[1]}, "cue": _span(t, "وأضاف"), "kind": "indirect",
             "content": [content2], "reported_by": None},
        ],
        "events": [
            {"type": "CONSULT", "mode": None, "context": [],
             "source": {"entities": ["e1"], "country": "RUS", "sector": "GOV"},
             "target": {"entities": [], "country": "RUS", "sector": "GOV"},
             "date": "2023-09-13", "location": "e2",
             "evidence": _span(t, "والتقى وزير الخارجية في موسكو")},
        ],
    }


PLAIN_TEXT = "أجرى كيم جونغ أون وفلاديمير بوتين محادثات في روسيا يوم الأربعاء، وقال بوتين إن اللقاء كان مثمرا."


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """A corpus with: the hostile article (id ``xss-1``), an article the pipeline analysed
    (``plain-1``), and an unanalysed one whose id has a slash and Arabic (``dir/خبر 1``)."""
    import khabar
    from khabar.io import Record
    from khabar.store import open_store
    from khabar.store.prepare import prepare

    db = tmp_path_factory.mktemp("api") / "corpus.db"
    with open_store(db) as store:
        rec = Record(text=XSS_TEXT, id="xss-1", source="tests", title=XSS_TITLE, date="2023-09-13",
                     url="javascript:alert(1)")
        assert store.add_prepared(prepare(xss_analysis(), rec))
        # the pipeline's entities and dates; its quotes and events are left out so that the
        # counts below do not depend on how far those stages have come
        plain = khabar.analyze(PLAIN_TEXT, date="2023-09-14").to_dict()
        plain["quotes"], plain["events"] = [], []
        rec2 = Record(text=PLAIN_TEXT, id="plain-1", source="tests", title="لقاء في روسيا", date="2023-09-14",
                      url="https://example.org/news/1")
        assert store.add_prepared(prepare(plain, rec2))
        rec3 = Record(text="نص بلا تحليل عن الطقس في جدة.", id="dir/خبر 1", source="tests", title="الطقس",
                      date="2015-08-01")
        assert store.add_text(rec3)
    return db


@pytest.fixture()
def client(corpus_db):
    from fastapi.testclient import TestClient

    from khabar.api import create_app

    with TestClient(create_app(str(corpus_db))) as c:
        yield c


# --- HTML checks shared by the page tests -------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


SVG_VOID_OK = {"line", "rect"}


class _Inspector(HTMLParser):
    """Collects tags, attributes and text; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def inspect(html_text: str) -> _Inspector:
    p = _Inspector()
    p.feed(html_text)
    p.close()
    return p


def assert_inert(html_text: str) -> _Inspector:
    """No script, no image, no event handler, no javascript: URL, no inline style element;
    tags properly nested."""
    p = inspect(html_text)
    for tag, attrs in p.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "style", "base", "meta-refresh"), tag
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, k, v)
            if k in ("href", "src", "action"):
                assert v is not None and (v.startswith(("/", "#", "http://", "https://"))), (tag, k, v)
    assert not p.errors, p.errors[:5]
    assert not p.stack or p.stack == [], p.stack
    return p


def entity_ids(client) -> dict:
    art = client.get("/api/articles/xss-1").json()
    return {e["id"]: e["corpus_id"] for e in art["entities"]}


def form_token(client) -> str:
    """The token the analyze form carries (a cross-site form cannot know it)."""
    import re

    m = re.search(r'name="token" value="([^"]+)"', client.get("/analyze").text)
    assert m, "the analyze form has no token"
    return m.group(1)
