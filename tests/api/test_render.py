"""The HTML of the web reader, as plain functions from dicts to str."""

from __future__ import annotations

from khabar.api.render import annotate, esc, marked, nest, timeline_svg

from .conftest import XSS_TEXT, assert_inert, inspect, xss_analysis


def test_nest_splits_crossing_spans():
    text = "abcdefghij"
    ivals = [(0, 6, 0, "<q>", "</q>"), (4, 9, 2, "<e>", "</e>"), (2, 5, 1, "<s>", "</s>"), (8, 20, 0, "<x>", "</x>")]
    out = nest(text, ivals)
    assert out == "<q>ab<s>cd<e>e</e></s><e>f</e></q><e>ghi</e>j"


def test_nest_escapes_every_piece():
    out = nest("<a>&<b>", [(1, 2, 0, "<m>", "</m>")])
    assert out == "&lt;<m>a</m>&gt;&amp;&lt;b&gt;"
    assert nest("<x>", []) == "&lt;x&gt;"


def test_annotate_ignores_spans_that_do_not_match_the_text():
    art = xss_analysis()
    art["entities"][0]["mentions"].append({"start": 0, "end": 3, "text": "not this"})
    art["entities"][0]["mentions"].append({"start": -5, "end": 10**6, "text": "x"})
    art["entities"][0]["mentions"].append({"start": "1", "end": None})
    html = annotate(art)
    assert "".join(inspect(html).text) == XSS_TEXT


def test_marked_snippet():
    from khabar.api.render import MARK

    s = f"a {MARK[0]}<b>{MARK[1]} c {MARK[0]}open"
    assert marked(s) == "a <mark>&lt;b&gt;</mark> c <mark>open</mark>"
    assert marked("[x]") == "[x]"


def test_timeline_svg():
    svg = timeline_svg(["2015-07-01", "2015-07-01", "2015-07-03", None, "bad"], "<label>")
    assert svg.count("<rect") == 2 and "&lt;label&gt;" in svg
    assert "<label>" not in svg
    svg = timeline_svg(["2001", "2015-07"], "x")
    assert svg.count("<rect") == 2
    assert "<svg" not in timeline_svg([], "x")
    assert_inert(svg)


def test_esc():
    assert esc('<a href="x">\'') == "&lt;a href=&quot;x&quot;&gt;&#x27;"
    assert esc(None) == ""


def test_safe_url_links_only_http():
    from khabar.api.render import safe_url

    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil", None, 5, "ftp://x"):
        assert safe_url(bad) is None, bad


def test_analyze_page_messages_are_escaped():
    from khabar.api.render import analyze_page, date_error, text_too_long

    assert date_error("no such date: 2023-02-30").endswith("no such date: 2023-02-30")
    assert "1,200" in text_too_long(1200, 1000) and "1,000" in text_too_long(1200, 1000)
    html = analyze_page("<b>", "2023", error=date_error("<script>"), max_chars=10)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert_inert(html)


def test_error_page_and_href_quoting():
    from khabar.api.render import article_href, entity_href, error_page

    html = error_page(404, "no article with id '<x>'")
    assert "404" in html and "&lt;x&gt;" in html
    assert_inert(html)
    assert article_href("dir/خبر 1") == "/articles/dir%2F%D8%AE%D8%A8%D8%B1%201"
    assert entity_href(12) == "/entities/12"


def test_event_confidence_is_shown_and_low_ones_marked():
    from khabar.api.render import _event_item

    ev = {"type": "ASSAULT", "source": {}, "target": {}, "evidence": {"text": "قتل"}}
    assert "%" not in _event_item(ev, {})
    sure = _event_item(dict(ev, confidence=0.91), {})
    assert '<span class="conf" dir="ltr" title="الثقة">91%</span>' in sure and "low-confidence" not in sure
    unsure = _event_item(dict(ev, confidence=0.3), {})
    assert unsure.startswith('<li class="low-confidence">') and 'class="conf low"' in unsure


def test_entities_of_low_confidence_are_shown_as_unsure():
    # issue #14: the reader marks an entity below the calibrated threshold (one mention found
    # by a rule or the tagger alone)
    from khabar.api.render import _ent_chip

    sure = _ent_chip({"id": 1, "type": "LOC", "name": "موسكو", "confidence": 0.95})
    unsure = _ent_chip({"id": 2, "type": "PER", "name": "سيلبي", "confidence": 0.63})
    unrated = _ent_chip({"id": 3, "type": "PER", "name": "كيم"})
    assert "low-confidence" in unsure and "low-confidence" not in sure and "low-confidence" not in unrated
