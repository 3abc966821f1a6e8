"""HTML for the web reader, built from plain Python strings (no template engine).

Everything that comes from outside (article text, titles, entity names, URLs, query words)
goes through :func:`esc` before it is written into a page; nothing here ever writes a
``<script>`` element or an event-handler attribute, and the pages need no JavaScript.

The annotated article (:func:`annotate`) is built by walking character offsets: every
annotation becomes an interval with a layer (quote → speaker/cue → entity → date), the text
is cut at every interval boundary, and for each piece the set of open intervals is written as
properly nested elements, outer layers first. Intervals that cross (an entity that starts
inside a quote and ends after it) are split, so the HTML is always well formed; each piece of
text is escaped on its own.

This module imports nothing from FastAPI: it is plain functions from dicts to ``str``.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from datetime import date as Date
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import quote, urlencode, urlsplit

__all__ = [
    "esc",
    "annotate",
    "page",
    "home_page",
    "search_page",
    "article_page",
    "entity_page",
    "analyze_page",
    "error_page",
    "docs_page",
    "timeline_svg",
    "marked",
    "MARK",
]

#: the marks the web pages ask the store's snippets to wrap matches in (private-use
#: characters, so a literal "[" in an article is never taken for a mark)
MARK = ("\ue000", "\ue001")

#: the interface language of the request being rendered ("ar" or "en"), and its path (for the
#: link that switches the language); set per request by :class:`khabar.api.middleware.UILanguage`
UI_LANG: ContextVar[str] = ContextVar("khabar_ui_lang", default="ar")
UI_PATH: ContextVar[str] = ContextVar("khabar_ui_path", default="/")
UI_LANGS = ("ar", "en")
#: the English labels (``lexicons/ui_en.tsv``: Arabic label → English label)
UI_EN_NAME = "lexicons/ui_en.tsv"


def ui_lang() -> str:
    return UI_LANG.get()


@lru_cache(maxsize=1)
def _labels_en() -> dict[str, str]:
    from khabar.arabic.lexicon import Lexicon

    out: dict[str, str] = {}
    for line in Lexicon.default().path(UI_EN_NAME).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            ar, en = line.split("\t", 1)
            out[ar] = en
    return out


def L(label: str) -> str:
    """A label of the interface in the request's language: the Arabic label itself, or its
    English (a label the table lacks stays Arabic). Never applied to article text or names."""
    if UI_LANG.get() != "en":
        return label
    return _labels_en().get(label, label)


#: entity types with their own colour; anything else is shown as "other"
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
TYPE_AR = {"PER": "أشخاص", "ORG": "منظمات", "LOC": "أماكن", "MISC": "أخرى"}
TYPE_EN = {"PER": "person", "ORG": "organization", "LOC": "place", "MISC": "other"}
KIND_AR = {"direct": "مباشر", "indirect": "غير مباشر", "partial": "جزئي"}


def esc(value: Any) -> str:
    """Text → HTML text or attribute value (``& < > " '`` escaped). ``None`` → ``""``."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _type_class(t: Any) -> str:
    t = str(t or "").upper()
    return t.lower() if t in ENTITY_TYPES else "other"


def article_href(article_id: Any) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def entity_href(entity_id: Any) -> str:
    return "/entities/" + quote(str(entity_id), safe="")


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL (the only kind the pages link to)."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    u = url.strip()
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return u
    return None


# --- the annotated text ---------------------------------------------------------------------


class _Ival:
    __slots__ = ("start", "end", "layer", "seq", "open", "close")

    def __init__(self, start: int, end: int, layer: int, seq: int, open_: str, close: str):
        self.start, self.end, self.layer, self.seq = start, end, layer, seq
        self.open, self.close = open_, close

    def key(self) -> tuple:
        # outer first: lower layer, then earlier start, then longer, then order given
        return (self.layer, self.start, -self.end, self.seq)


def nest(text: str, intervals: Iterable[tuple[int, int, int, str, str]]) -> str:
    """Write ``text`` with each ``(start, end, layer, open_tag, close_tag)`` interval wrapped
    around its characters. Tags are trusted HTML (made here); the text pieces are escaped.
    Intervals outside the text or empty are dropped; crossing ones are split."""
    n = len(text)
    ivals: list[_Ival] = []
    for seq, (s, e, layer, o, c) in enumerate(intervals):
        if not (isinstance(s, int) and isinstance(e, int)) or not (0 <= s < e <= n):
            continue
        ivals.append(_Ival(s, e, layer, seq, o, c))
    if not ivals:
        return esc(text)
    cuts = sorted({0, n, *(iv.start for iv in ivals), *(iv.end for iv in ivals)})
    starts: dict[int, list[_Ival]] = defaultdict(list)
    for iv in ivals:
        starts[iv.start].append(iv)
    active: set[_Ival] = set()
    stack: list[_Ival] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = {iv for iv in active if iv.end > a}
        active.update(starts.get(a, ()))
        want = sorted(active, key=_Ival.key)
        # keep the longest common prefix of what is open and what is wanted
        k = 0
        while k < len(stack) and k < len(want) and stack[k] is want[k]:
            k += 1
        while len(stack) > k:
            out.append(stack.pop().close)
        for iv in want[k:]:
            out.append(iv.open)
            stack.append(iv)
        out.append(esc(text[a:b]))
    while stack:
        out.append(stack.pop().close)
    return "".join(out)


def _span_ok(text: str, sp: Any) -> tuple[int, int] | None:
    """``(start, end)`` of a stored span if it really is that piece of the text."""
    if not isinstance(sp, dict):
        return None
    s, e = _int(sp.get("start")), _int(sp.get("end"))
    if s is None or e is None or not (0 <= s < e <= len(text)):
        return None
    t = sp.get("text")
    if isinstance(t, str) and text[s:e] != t:
        return None
    return s, e


def _entity_index(article: dict) -> dict[str, dict]:
    return {str(e.get("id")): e for e in article.get("entities") or [] if isinstance(e, dict)}


def _ent_label(e: dict | None) -> str:
    if not e:
        return ""
    name, en = e.get("name") or "", e.get("name_en") or ""
    if en and en != name:
        return f"{en} ({name})" if UI_LANG.get() == "en" else f"{name} ({en})"
    return str(name)


def speaker_name(q: dict, ents: dict[str, dict]) -> str:
    sp = q.get("speaker") if isinstance(q.get("speaker"), dict) else None
    if sp:
        e = ents.get(str(sp.get("entity"))) if sp.get("entity") is not None else None
        if e and e.get("name"):
            return str(e["name"])
        if sp.get("text"):
            return str(sp["text"])
    return L("مصدر غير مسمى")


def annotate(article: dict, link_entities: bool = True) -> str:
    """The article text as HTML: entity mentions (``.ent .ent-per`` …, hover: type and English
    name; links to the entity page when the article is stored), quote contents (``.quote``,
    its speaker in ``data-speaker``), speakers, cues and dates."""
    text = article.get("text") or ""
    if not isinstance(text, str):
        return ""
    ents = _entity_index(article)
    iv: list[tuple[int, int, int, str, str]] = []
    for qi, q in enumerate(article.get("quotes") or [], 1):
        if not isinstance(q, dict):
            continue
        who = speaker_name(q, ents)
        kind = str(q.get("kind") or "")
        tip = f"{who} · {L(KIND_AR.get(kind, kind))}"
        first = True
        for c in q.get("content") or []:
            se = _span_ok(text, c)
            if not se:
                continue
            cls = "quote q-first" if first else "quote"
            iv.append((*se, 0, f'<span class="{cls}" id="q{qi}-{se[0]}" data-q="{qi}" data-speaker="{esc(who)}" '
                              f'title="{esc(tip)}">', "</span>"))
            first = False
        sp = q.get("speaker")
        se = _span_ok(text, sp)
        if se:
            iv.append((*se, 1, f'<span class="speaker" data-q="{qi}">', "</span>"))
        se = _span_ok(text, q.get("cue"))
        if se:
            iv.append((*se, 1, '<span class="cue">', "</span>"))
    for e in ents.values():
        cls = _type_class(e.get("type"))
        tip = f"{e.get('type') or ''} · {e.get('name_en') or e.get('name') or ''}"
        cid = e.get("corpus_id")
        if link_entities and cid is not None and _int(cid) is not None:
            o, c = f'<a class="ent ent-{cls}" href="{esc(entity_href(cid))}" title="{esc(tip)}">', "</a>"
        else:
            o, c = f'<span class="ent ent-{cls}" title="{esc(tip)}">', "</span>"
        for m in e.get("mentions") or []:
            se = _span_ok(text, m)
            if se:
                iv.append((*se, 2, o, c))
    for t in article.get("times") or []:
        se = _span_ok(text, t)
        if se and isinstance(t, dict):
            tip = f"{t.get('value') or '?'} · {t.get('kind') or ''}"
            iv.append((*se, 3, f'<span class="tx" title="{esc(tip)}">', "</span>"))
    return nest(text, iv)


def marked(snippet: Any, mark: tuple[str, str] = MARK) -> str:
    """A store snippet (matches wrapped in ``mark``) as HTML with ``<mark>`` elements."""
    s = str(snippet or "")
    out, open_ = [], False
    piece = []
    for ch in s:
        if ch == mark[0] and not open_:
            out.append(esc("".join(piece)) + "<mark>")
            piece, open_ = [], True
        elif ch == mark[1] and open_:
            out.append(esc("".join(piece)) + "</mark>")
            piece, open_ = [], False
        elif ch in mark:
            continue
        else:
            piece.append(ch)
    out.append(esc("".join(piece)))
    if open_:
        out.append("</mark>")
    return "".join(out)


# --- page frame -----------------------------------------------------------------------------


def page(title: str, body: str, *, nav: str = "") -> str:
    """A whole HTML document; ``title`` is text, ``body`` is HTML made by this module."""
    def item(href: str, label: str, key: str) -> str:
        cur = ' aria-current="page"' if key == nav else ""
        return f'<a href="{href}"{cur}>{label}</a>'

    lang = ui_lang()
    here = esc(urlencode({"next": UI_PATH.get()}))
    switch = (f'<a href="/ui/ar?{here}" lang="ar" dir="rtl">العربية</a>' if lang == "en"
              else f'<a href="/ui/en?{here}" lang="en" dir="ltr">English</a>')

    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{"ltr" if lang == "en" else "rtl"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · خبر khabar</title>"
        '<link rel="stylesheet" href="/static/style.css"></head><body>'
        '<header class="top"><a class="brand" href="/">خبر <span lang="en" dir="ltr">khabar</span></a><nav>'
        + item("/", L("الرئيسية"), "home")
        + item("/search", L("بحث"), "search")
        + item("/analyze", L("تحليل نص"), "analyze")
        + item("/docs", '<span lang="en" dir="ltr">API</span>', "docs")
        + switch
        + "</nav>"
        '<form class="mini" action="/search" method="get" role="search">'
        f'<input type="search" name="q" placeholder="{L("ابحث في الأخبار…")}" aria-label="{L("بحث")}" maxlength="500">'
        "</form></header>"
        f'<main>{body}</main><footer>خبر <span lang="en" dir="ltr">khabar</span> — '
        '<a href="/docs">API</a> · <a href="/openapi.json">OpenAPI</a></footer></body></html>'
    )


def _date(v: Any) -> str:
    return f'<span class="date" dir="ltr">{esc(v)}</span>' if v else '<span class="date muted">—</span>'


def _article_row(a: dict, snippet: bool = False) -> str:
    title = a.get("title") or L("(بلا عنوان)")
    row = f'<li>{_date(a.get("date"))} <a href="{esc(article_href(a.get("id")))}"><bdi>{esc(title)}</bdi></a>'
    if snippet and a.get("snippet"):
        row += f'<p class="snippet">{marked(a["snippet"])}</p>'
    return row + "</li>"


def _ent_chip(e: dict | None, count: Any = None) -> str:
    if not e:
        return ""
    cls = _type_class(e.get("type"))
    conf = e.get("confidence")
    if not isinstance(conf, bool) and isinstance(conf, (int, float)) and conf < ENTITY_LOW_CONFIDENCE:
        cls += " low-confidence"  # shown as unsure (the calibrated entity confidence)
    en = f' <bdi class="en" lang="en" dir="ltr">{esc(e["name_en"])}</bdi>' if e.get("name_en") else ""
    n = f' <span class="muted">×{esc(count)}</span>' if count is not None else ""
    if en and UI_LANG.get() == "en":  # English first, the Arabic name after it
        inner = (f'<span class="ent ent-{cls}"><bdi lang="en" dir="ltr">{esc(e["name_en"])}</bdi></span> '
                 f'<bdi class="ar" lang="ar" dir="rtl">{esc(e.get("name") or "?")}</bdi>')
    else:
        inner = f'<span class="ent ent-{cls}">{esc(e.get("name") or "?")}</span>{en}'
    if e.get("id") is not None:
        inner = f'<a href="{esc(entity_href(e["id"]))}">{inner}</a>'
    return inner + n


def _counts(stats: dict) -> str:
    items = [("articles", L("مقالات")), ("entities", L("كيانات")), ("quotes", L("اقتباسات")), ("events", L("أحداث"))]
    cells = "".join(
        f'<div class="count"><b>{esc(f"{int(stats.get(k) or 0):,}")}</b><span>{ar}</span></div>' for k, ar in items
    )
    rng = ""
    if stats.get("first_date"):
        rng = (f'<p class="muted">{L("من")} {_date(stats.get("first_date"))} {L("إلى")} '
               f'{_date(stats.get("last_date"))}</p>')
    return f'<section class="counts">{cells}</section>{rng}'


def search_form(params: dict | None = None, big: bool = True) -> str:
    p = params or {}

    def field(name: str, label: str, ph: str = "", size: int = 200, typ: str = "text") -> str:
        return (f'<label>{label} <input type="{typ}" name="{name}" value="{esc(p.get(name) or "")}" '
                f'placeholder="{esc(ph)}" maxlength="{size}"></label>')

    cls = "search big" if big else "search"
    return (
        f'<form class="{cls}" action="/search" method="get" role="search">'
        f'<div class="row"><input type="search" name="q" value="{esc(p.get("q") or "")}" '
        f'placeholder="{L("كلمات البحث، أو «عبارة بين علامتي تنصيص»")}" aria-label="{L("بحث")}" maxlength="500">'
        f'<button type="submit">{L("بحث")}</button></div>'
        f'<details><summary>{L("تصفية")}</summary><div class="filters">'
        + field("entity", L("كيان"), "بوتين")
        + field("speaker", L("المتحدث"), "")
        + field("event", L("نوع الحدث"), "CONSULT", 32)
        + field("since", L("من تاريخ"), "YYYY-MM-DD", 10)
        + field("until", L("إلى تاريخ"), "YYYY-MM-DD", 10)
        + "</div></details></form>"
    )


def home_page(stats: dict, latest: list[dict], top_entities: list[dict]) -> str:
    body = [f'<section class="hero"><h1>{L("ابحث في الأخبار")}</h1>', search_form(), "</section>", _counts(stats)]
    body.append(f'<div class="cols"><section><h2>{L("أحدث المقالات")}</h2>')
    if latest:
        body.append('<ul class="articles">' + "".join(_article_row(a) for a in latest) + "</ul>")
    else:
        body.append(f'<p class="muted">{L("لا مقالات بعد. أضفها بالأمر")} <code dir="ltr">khabar ingest FILES --db DB</code>.</p>')
    body.append(f"</section><section><h2>{L('أكثر الكيانات ذكرًا')}</h2>")
    if top_entities:
        body.append('<ul class="entities">' + "".join(
            f"<li>{_ent_chip(e, e.get('mentions'))}</li>" for e in top_entities) + "</ul>")
    else:
        body.append(f'<p class="muted">{L("لا كيانات.")}</p>')
    et = stats.get("event_types") or {}
    if et:
        body.append(f"<h2>{L('أنواع الأحداث')}</h2><ul class='chips'>" + "".join(
            f'<li><a href="/search?{esc(urlencode({"event": k}))}">{esc(k)}</a> <span class="muted">×{esc(v)}</span></li>'
            for k, v in list(et.items())[:20]) + "</ul>")
    body.append("</section></div>")
    return page(L("الرئيسية"), "".join(body), nav="home")


def search_page(params: dict, hits: list[dict], limit: int, offset: int, searched: bool) -> str:
    body = [search_form(params, big=False)]
    if not searched:
        body.append(f'<p class="muted">{L("اكتب كلمات البحث أو اختر تصفية.")}</p>')
    elif not hits:
        body.append(f'<p class="muted">{L("لا نتائج.")}</p>')
    else:
        body.append(f'<p class="muted">{L("النتائج")} {offset + 1}–{offset + len(hits)}</p>')
        body.append('<ol class="hits" start="' + str(offset + 1) + '">'
                    + "".join(_article_row(h, snippet=True) for h in hits) + "</ol>")
    nav = []
    keep = {k: v for k, v in params.items() if v}
    if offset > 0:
        nav.append(f'<a href="/search?{esc(urlencode({**keep, "offset": max(0, offset - limit)}))}">{L("السابق")}</a>')
    if searched and len(hits) >= limit:
        nav.append(f'<a href="/search?{esc(urlencode({**keep, "offset": offset + limit}))}">{L("التالي")}</a>')
    if nav:
        body.append('<nav class="pager">' + " · ".join(nav) + "</nav>")
    title = f"{L('بحث')}: {params.get('q')}" if params.get("q") else L("بحث")
    return page(title, "".join(body), nav="search")


# --- article --------------------------------------------------------------------------------


def _actor(actor: Any, ents: dict[str, dict]) -> str:
    if not isinstance(actor, dict):
        return '<span class="muted">?</span>'
    names = []
    for x in actor.get("entities") or []:
        e = ents.get(str(x)) if not isinstance(x, dict) else x
        if e:
            names.append(_ent_chip(_linkable(e)))
    if not names and actor.get("country"):
        names.append(f'<span dir="ltr">{esc(actor["country"])}</span>')
    if actor.get("sector"):
        names.append(f'<span class="muted" dir="ltr">{esc(actor["sector"])}</span>')
    return L("، ").join(names) or '<span class="muted">?</span>'


def _linkable(e: dict) -> dict:
    """An article entity as a chip: link to the corpus entity when it has one."""
    if "corpus_id" in e:
        return {**e, "id": e.get("corpus_id") if _int(e.get("corpus_id")) is not None else None}
    if "mentions" in e and isinstance(e.get("mentions"), list):  # an analysis without a store
        return {**e, "id": None}
    return e


def side_panel(article: dict) -> str:
    ents = _entity_index(article)
    out = ['<aside class="panel">']
    by_type: dict[str, list[dict]] = defaultdict(list)
    for e in ents.values():
        by_type[_type_class(e.get("type"))].append(e)
    out.append(f'<section><h2>{L("الكيانات")} <span class="muted">({len(ents)})</span></h2>')
    if not ents:
        out.append(f'<p class="muted">{L("لا كيانات.")}</p>')
    for t in ("per", "org", "loc", "misc", "other"):
        group = sorted(by_type.get(t, []), key=lambda e: -len(e.get("mentions") or []))
        if not group:
            continue
        label = L(TYPE_AR.get(t.upper(), "أخرى"))
        out.append(f'<h3 class="t-{t}">{label}</h3><ul class="entities">')
        out.extend(f"<li>{_ent_chip(_linkable(e), len(e.get('mentions') or []))}</li>" for e in group)
        out.append("</ul>")
    out.append("</section>")
    quotes = [q for q in article.get("quotes") or [] if isinstance(q, dict)]
    out.append(f'<section><h2>{L("الاقتباسات")} <span class="muted">({len(quotes)})</span></h2>')
    if quotes:
        out.append('<ol class="quotes">')
        for q in quotes:
            who = speaker_name(q, ents)
            cue = q.get("cue") if isinstance(q.get("cue"), dict) else None
            content = " … ".join(str(c.get("text") or "") for c in q.get("content") or [] if isinstance(c, dict))
            kind = str(q.get("kind") or "")
            out.append(
                f'<li class="q-item"><b class="who">{esc(who)}</b>'
                + (f' <span class="cue">{esc(cue.get("text"))}</span>' if cue and cue.get("text") else "")
                + f' <span class="kind">{esc(L(KIND_AR.get(kind, kind)))}</span>'
                + f'<blockquote>{esc(content)}</blockquote></li>'
            )
        out.append("</ol>")
    else:
        out.append(f'<p class="muted">{L("لا اقتباسات.")}</p>')
    out.append("</section>")
    events = [ev for ev in article.get("events") or [] if isinstance(ev, dict)]
    out.append(f'<section><h2>{L("الأحداث")} <span class="muted">({len(events)})</span></h2>')
    if events:
        out.append('<ol class="events">')
        for ev in events:
            out.append(_event_item(ev, ents))
        out.append("</ol>")
    else:
        out.append(f'<p class="muted">{L("لا أحداث.")}</p>')
    out.append("</section></aside>")
    return "".join(out)


#: below this confidence an event is shown as uncertain
LOW_CONFIDENCE = 0.5
#: entities below this calibrated confidence (one mention found by a rule or the tagger alone)
#: are shown as unsure
ENTITY_LOW_CONFIDENCE = 0.7


def _confidence_chip(conf) -> str:
    """The event's confidence as a percentage chip (nothing when it was not rated)."""
    if isinstance(conf, bool) or not isinstance(conf, (int, float)):
        return ""
    cls = "conf low" if conf < LOW_CONFIDENCE else "conf"
    return f'<span class="{cls}" dir="ltr" title="{L("الثقة")}">{round(conf * 100)}%</span> '


def _event_item(ev: dict, ents: dict[str, dict], article_link: bool = False) -> str:
    evid = ev.get("evidence")
    evidence = evid.get("text") if isinstance(evid, dict) else evid
    loc = ev.get("location")
    loc_e = ents.get(str(loc)) if loc is not None and not isinstance(loc, dict) else loc
    when = ev.get("date") or ev.get("article_date")
    mode = f' <span class="muted" dir="ltr">{esc(ev.get("mode"))}</span>' if ev.get("mode") else ""
    conf = ev.get("confidence")
    low = not isinstance(conf, bool) and isinstance(conf, (int, float)) and conf < LOW_CONFIDENCE
    li = '<li class="low-confidence">' if low else "<li>"
    parts = [
        f'{li}<span class="evtype" dir="ltr">{esc(ev.get("type") or "?")}</span>{mode} ',
        _confidence_chip(conf),
        _actor(ev.get("source"), ents), " ← ", _actor(ev.get("target"), ents),
        f' · {_date(when)}' if when else "",
        f" · {L('في')} {_ent_chip(_linkable(loc_e))}" if isinstance(loc_e, dict) else "",
    ]
    if evidence:
        parts.append(f'<p class="evidence">{esc(evidence)}</p>')
    if article_link and ev.get("article"):
        parts.append(f'<p class="muted"><a href="{esc(article_href(ev["article"]))}">{esc(ev.get("title") or ev["article"])}</a></p>')
    parts.append("</li>")
    return "".join(parts)


def dates_line(article: dict) -> str:
    times = [t for t in article.get("times") or [] if isinstance(t, dict)]
    if not times:
        return f'<p class="dates muted">{L("لا تواريخ.")}</p>'
    seen, chips = set(), []
    for t in times:
        k = (t.get("text"), t.get("value"))
        if k in seen:
            continue
        seen.add(k)
        chips.append(f'<li><span class="tx">{esc(t.get("text"))}</span> <span dir="ltr">{esc(t.get("value") or "?")}</span></li>')
    return f'<ul class="dates chips" aria-label="{L("التواريخ")}">' + "".join(chips) + "</ul>"


def legend() -> str:
    items = "".join(f'<span class="ent ent-{t.lower()}">{L(TYPE_AR[t])}</span>' for t in ENTITY_TYPES)
    return (f'<p class="legend">{items}<span class="quote q-legend">{L("اقتباس")}</span>'
            f'<span class="tx">{L("تاريخ")}</span></p>')


def article_view(article: dict, link_entities: bool = True) -> str:
    """Header, dates line, annotated text and side panel of one article (also the analyze result)."""
    meta = [_date(article.get("date"))] if article.get("date") else []
    if article.get("source"):
        meta.append(f'<bdi class="muted">{esc(article["source"])}</bdi>')
    url = safe_url(article.get("url"))
    if url:
        meta.append(f'<a href="{esc(url)}" rel="noopener noreferrer nofollow" class="src" dir="ltr">{esc(url)}</a>')
    title = article.get("title")
    head = f'<h1 class="title">{esc(title)}</h1>' if title else ""
    return (
        '<div class="reader">'
        f'<article class="doc" dir="rtl" lang="ar">{head}'
        + (f'<p class="meta">{" · ".join(meta)}</p>' if meta else "")
        + f'<h2 class="sr">{L("التواريخ")}</h2>{dates_line(article)}{legend()}'
        f'<div class="text" id="text" dir="rtl">{annotate(article, link_entities)}</div></article>'
        f"{side_panel(article)}</div>"
    )


def article_page(article: dict) -> str:
    return page(article.get("title") or str(article.get("id") or L("مقال")), article_view(article))


# --- entity ---------------------------------------------------------------------------------


def _parse_day(v: Any) -> Date | None:
    if not isinstance(v, str) or len(v) < 4:
        return None
    try:
        if len(v) >= 10:
            return Date.fromisoformat(v[:10])
        if len(v) == 7:
            return Date(int(v[:4]), int(v[5:7]), 1)
        return Date(int(v[:4]), 1, 1)
    except ValueError:
        return None


def timeline_svg(dates: Iterable[Any], label: str = "", width: int = 640, height: int = 140) -> str:
    """A small bar chart (inline SVG) of how many items fall on each day, month or year
    (whichever gives a readable number of bars). ``dates`` are ``YYYY[-MM[-DD]]`` strings."""
    days = [d for d in (_parse_day(v) for v in dates) if d is not None]
    if not days:
        return f'<p class="muted">{L("لا تواريخ لرسمها.")}</p>'
    lo, hi = min(days), max(days)
    span = (hi - lo).days
    if span <= 92:
        unit, key = "day", (lambda d: d.isoformat())
        keys = [Date.fromordinal(lo.toordinal() + i).isoformat() for i in range(span + 1)]
    elif span <= 366 * 4:
        unit, key = "month", (lambda d: f"{d.year:04d}-{d.month:02d}")
        keys, y, m = [], lo.year, lo.month
        while (y, m) <= (hi.year, hi.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        unit, key = "year", (lambda d: f"{d.year:04d}")
        keys = [f"{y:04d}" for y in range(lo.year, hi.year + 1)]
    counts = Counter(key(d) for d in days)
    top = max(counts.values())
    pad_l, pad_b, pad_t = 28, 20, 8
    plot_w, plot_h = width - pad_l - 4, height - pad_b - pad_t
    bw = plot_w / max(1, len(keys))
    bars = []
    for i, k in enumerate(keys):
        n = counts.get(k, 0)
        if not n:
            continue
        h = max(1.0, plot_h * n / top)
        w = min(40.0, max(1.0, bw * 0.8))
        x = pad_l + i * bw + (bw - w) / 2
        bars.append(
            f'<rect x="{x:.1f}" y="{pad_t + plot_h - h:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" class="bar"><title>{esc(k)}: {n}</title></rect>'
        )
    ticks = f'<text x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end" class="axis">{top}</text>'
    ticks += f'<text x="{pad_l - 4}" y="{pad_t + plot_h}" text-anchor="end" class="axis">0</text>'
    ticks += f'<text x="{pad_l}" y="{height - 4}" class="axis">{esc(keys[0])}</text>'
    if len(keys) > 1:
        ticks += f'<text x="{width - 4}" y="{height - 4}" text-anchor="end" class="axis">{esc(keys[-1])}</text>'
    axis = (f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 4}" y2="{pad_t + plot_h}" class="axisline"/>')
    per = L({"day": "يوميًا", "month": "شهريًا", "year": "سنويًا"}[unit])
    return (
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{esc(label)}" direction="ltr">'
        f"<title>{esc(label)}</title>{axis}{''.join(bars)}{ticks}</svg>"
        f'<figcaption>{esc(label)} ({per}؛ {len(days)} {L("في المجموع")})</figcaption></figure>'
    )


def entity_page(ent: dict, chart_dates: list[Any], chart_label: str) -> str:
    cls = _type_class(ent.get("type"))
    t = str(ent.get("type") or "")
    en = ent.get("name_en")
    if en and ui_lang() == "en":  # the English name first, the Arabic one under it
        head = [f'<header class="entity-head"><h1 lang="en" dir="ltr"><span class="ent ent-{cls}">{esc(en)}</span></h1>',
                f'<p class="ar" lang="ar" dir="rtl">{esc(ent.get("name"))}</p>']
    else:
        head = [f'<header class="entity-head"><h1><span class="ent ent-{cls}">{esc(ent.get("name"))}</span></h1>',
                f'<p class="en" lang="en" dir="ltr">{esc(en)}</p>' if en else f'<p class="muted">{L("لا اسم إنجليزيًا")}</p>']
    body = [
        *head,
        f'<p class="meta"><span class="badge t-{cls}">{esc(L(TYPE_AR.get(t, t)))} <span dir="ltr">{esc(t)}</span></span>',
    ]
    if ent.get("country"):
        body.append(f' · <span dir="ltr">{esc(ent["country"])}</span>')
    if ent.get("sector"):
        body.append(f' · <span dir="ltr">{esc(ent["sector"])}</span>')
    body.append(
        f' · {esc(ent.get("mentions") or 0)} {L("ذكرًا في")} {esc(ent.get("article_count") or 0)} {L("مقالًا")}'
        f' · {esc(ent.get("quote_count") or 0)} {L("اقتباسًا")} · {esc(ent.get("event_count") or 0)} {L("حدثًا")}</p></header>'
    )
    aliases = ent.get("aliases") or []
    body.append(f"<section><h2>{L('الأسماء الأخرى')}</h2>")
    body.append('<ul class="chips aliases">' + "".join(
        f'<li>{esc(a.get("text"))} <span class="muted">×{esc(a.get("count"))}</span></li>' for a in aliases[:40]
    ) + "</ul>" if aliases else f'<p class="muted">{L("لا أسماء أخرى.")}</p>')
    body.append("</section>")
    body.append(f"<section><h2>{L('عبر الزمن')}</h2>{timeline_svg(chart_dates, L(chart_label))}</section>")
    body.append('<div class="cols"><section>')
    quotes = ent.get("quotes") or []
    body.append(f"<h2>{L('اقتباسات منه')} <span class='muted'>({esc(ent.get('quote_count') or len(quotes))})</span></h2>")
    if quotes:
        body.append('<ol class="quotes">')
        for q in quotes:
            body.append(
                f'<li class="q-item">{_date(q.get("date"))}'
                + (f' <span class="cue">{esc(q.get("cue"))}</span>' if q.get("cue") else "")
                + f'<blockquote>{esc(q.get("content"))}</blockquote>'
                + f'<a class="muted" href="{esc(article_href(q.get("article")))}">{esc(q.get("title") or q.get("article"))}</a></li>'
            )
        body.append("</ol>")
    else:
        body.append(f'<p class="muted">{L("لا اقتباسات.")}</p>')
    events = ent.get("events") or []
    body.append(f"<h2>{L('أحداث يشارك فيها')} <span class='muted'>({esc(ent.get('event_count') or len(events))})</span></h2>")
    if events:
        body.append('<ol class="events">' + "".join(_event_item(ev, {}, article_link=True) for ev in events) + "</ol>")
    else:
        body.append(f'<p class="muted">{L("لا أحداث.")}</p>')
    body.append("</section><section>")
    co = ent.get("cooccurring") or []
    body.append(f"<h2>{L('يظهر غالبًا مع')}</h2>")
    if co:
        body.append('<ul class="entities">' + "".join(
            f"<li>{_ent_chip(c, c.get('articles'))}</li>" for c in co) + "</ul>")
    else:
        body.append(f'<p class="muted">{L("لا كيانات.")}</p>')
    arts = ent.get("articles") or []
    body.append(f"<h2>{L('مقالات تذكره')}</h2>")
    body.append('<ul class="articles">' + "".join(_article_row(a) for a in arts) + "</ul>"
                if arts else f'<p class="muted">{L("لا مقالات.")}</p>')
    other = ent.get("other_matches") or []
    if other:
        body.append(f"<h2>{L('كيانات أخرى بالاسم نفسه')}</h2><ul class='entities'>"
                    + "".join(f"<li>{_ent_chip(o, o.get('mentions'))}</li>" for o in other) + "</ul>")
    body.append("</section></div>")
    return page(str((ent.get("name_en") if ui_lang() == "en" else None) or ent.get("name") or L("كيان")), "".join(body))


# --- analyze, errors, docs ------------------------------------------------------------------


#: what the entity page's timeline counts: the events it takes part in, else the articles naming it
TIMELINE_EVENTS = "الأحداث التي يشارك فيها"
TIMELINE_ARTICLES = "المقالات التي تذكره"
#: the analyze page's answer to an empty text
TEXT_EMPTY = "النص فارغ."


def date_error(problem: str) -> str:
    """The analyze page's message for a bad publication date (``problem`` as the validator says it)."""
    return f"{L('التاريخ')}: {problem}"


def text_too_long(n: int, limit: int) -> str:
    """The analyze page's message for a text over the length limit."""
    return L("النص طويل جدًا: {n} حرفًا، والحد {limit}.").format(n=f"{n:,}", limit=f"{limit:,}")


def analyze_page(text: str = "", date: str = "", result: dict | None = None, error: str | None = None,
                 max_chars: int = 0, token: str = "") -> str:
    limit = (f' <span class="muted">({L("حتى {n} حرف").format(n=f"{max_chars:,}")})</span>'
             if max_chars else "")
    body = [
        f"<h1>{L('تحليل نص')}</h1>",
        '<form class="analyze" action="/analyze" method="post" accept-charset="utf-8">',
        f'<input type="hidden" name="token" value="{esc(token)}">',
        f'<label for="input-text">{L("النص")}{limit}</label>',
        f'<textarea id="input-text" name="text" dir="rtl" rows="10" required>{esc(text)}</textarea>',
        f'<div class="row"><label>{L("تاريخ النشر")} <input type="date" name="date" value="{esc(date)}" dir="ltr"></label>',
        f'<button type="submit">{L("حلّل")}</button></div></form>',
    ]
    if error:
        body.append(f'<p class="error" role="alert">{esc(error)}</p>')
    if result is not None:
        body.append(f"<h2>{L('النتيجة')}</h2>" + article_view(result, link_entities=False))
    return page(L("تحليل نص"), "".join(body), nav="analyze")


def error_page(status: int, message: str) -> str:
    return page(
        f"{L('خطأ')} {status}",
        f'<section class="error-page"><h1 dir="ltr">{int(status)}</h1><p class="error">{esc(message)}</p>'
        f'<p><a href="/">{L("الصفحة الرئيسية")}</a></p></section>',
    )


def _schema_type(s: dict, components: dict) -> str:
    if not isinstance(s, dict):
        return ""
    if "$ref" in s:
        return s["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in s:
        return " | ".join(_schema_type(x, components) for x in s["anyOf"])
    t = s.get("type", "")
    if t == "array":
        return f"array of {_schema_type(s.get('items') or {}, components)}"
    bits = [str(t)]
    for k, lab in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "min length "), ("maxLength", "max length "),
                   ("pattern", "pattern ")):
        if k in s:
            bits.append(f"{lab}{s[k]}")
    if "default" in s and s["default"] is not None:
        bits.append(f"default {s['default']}")
    return ", ".join(b for b in bits if b)


def docs_page(openapi: dict) -> str:
    """The API reference, written from the app's OpenAPI document (works offline, no scripts)."""
    info = openapi.get("info") or {}
    comps = (openapi.get("components") or {}).get("schemas") or {}
    body = [f'<div class="apidocs" dir="ltr" lang="en"><h1>{esc(info.get("title"))} <small>{esc(info.get("version"))}</small></h1>']
    if info.get("description"):
        body.append(f'<div class="desc">{_para(info["description"])}</div>')
    body.append('<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI '
                f'{esc(openapi.get("openapi"))}).</p><ul class="toc">')
    ops = []
    for path, methods in (openapi.get("paths") or {}).items():
        for method, op in methods.items():
            ops.append((path, method.upper(), op))
    for path, method, op in ops:
        anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")
        body.append(f'<li><a href="#{esc(anchor)}"><code>{esc(method)} {esc(path)}</code></a> — {esc(op.get("summary"))}</li>')
    body.append("</ul>")
    for path, method, op in ops:
        anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")
        body.append(f'<section class="op" id="{esc(anchor)}"><h2><code>{esc(method)} {esc(path)}</code></h2>')
        if op.get("summary"):
            body.append(f"<p><b>{esc(op['summary'])}</b></p>")
        if op.get("description"):
            body.append(f'<div class="desc">{_para(op["description"])}</div>')
        params = op.get("parameters") or []
        if params:
            body.append("<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>")
            for p in params:
                req = " <b>required</b>" if p.get("required") else ""
                body.append(
                    f"<tr><td><code>{esc(p.get('name'))}</code>{req}</td><td>{esc(p.get('in'))}</td>"
                    f"<td>{esc(_schema_type(p.get('schema') or {}, comps))}</td><td>{esc(p.get('description'))}</td></tr>"
                )
            body.append("</table>")
        rb = op.get("requestBody")
        if rb:
            for ctype, media in (rb.get("content") or {}).items():
                sch = media.get("schema") or {}
                name = _schema_type(sch, comps)
                body.append(f"<p>Request body (<code>{esc(ctype)}</code>): <code>{esc(name)}</code></p>")
                target = comps.get(name) if "$ref" in sch else sch
                props = (target or {}).get("properties") or {}
                required = set((target or {}).get("required") or [])
                if props:
                    body.append("<table><tr><th>field</th><th>type</th><th>description</th></tr>")
                    for k, v in props.items():
                        req = " <b>required</b>" if k in required else ""
                        body.append(f"<tr><td><code>{esc(k)}</code>{req}</td><td>{esc(_schema_type(v, comps))}</td>"
                                    f"<td>{esc(v.get('description'))}</td></tr>")
                    body.append("</table>")
        resp = op.get("responses") or {}
        if resp:
            body.append("<p>Responses: " + ", ".join(
                f"<code>{esc(code)}</code> {esc((r or {}).get('description'))}" for code, r in resp.items()) + "</p>")
        body.append("</section>")
    body.append("</div>")
    return page("API", "".join(body), nav="docs")


def _para(text: str) -> str:
    return "".join(f"<p>{esc(p.strip())}</p>" for p in str(text).split("\n\n") if p.strip())
