"""Scoring khabar's analysis against hand-made gold (``gold.json``; format in the gold README).

Rules, per layer:

* entities — a predicted mention (widened to whole word tokens with their clitics) is right
  when its span and type equal a gold mention's; micro P/R/F1. B-cubed F1 of how the matched
  mentions are grouped into entities.
* quotes — a predicted quote matches a gold quote when its content covers at least half of
  the gold content's characters; attribution is right when the predicted speaker (its
  mention, or any mention of its entity) overlaps a gold mention of the gold speaker (or, for
  unnamed speakers, when the speaker words match).
* events — a predicted event matches when its type is one of the accepted types, its
  evidence overlaps the gold evidence, and source and target match the gold actors by entity
  or by country code (either order for symmetric events). Predicted events with context
  ``negated`` or ``hypothetical`` are not scored (they are not claimed to have happened).
* times — overlap for detection, exact ``value`` for normalization.
* English names — for each gold entity with a found mention (a predicted mention overlapping
  one of its gold mentions), the English name of the predicted entity holding most of those
  mentions is right when it equals the gold ``entity`` name (case, accents, hyphens,
  apostrophes and parenthetical qualifiers aside) or shares most of its content words (Dice
  ≥ 2/3 over words other than of, the, al, and …). It is an accuracy: P = R = F1 = right /
  entities scored (the gold/pred columns both count the entities scored).
* ``optional`` gold items are neither required nor counted as false positives.

Totals: the ``ALL`` row is micro (counts summed over articles). The ``MEAN`` row is the mean
over articles of each article's P, R and F1 (the bars of issues #13/#14/#16 are set on these
means), with one rule for empty articles:

* P is averaged over the articles that predicted something for the layer (an article that
  predicted nothing is skipped for P, not counted as 0 or 1);
* R is averaged over the articles with required gold for the layer (an article without
  required gold is skipped for R);
* F1 is averaged over the articles that have required gold or predictions (an article with
  neither is skipped; one with only one of them has F1 = 0).

The JSON report gives, for ``MEAN``, ``p``/``r``/``f1`` and ``articles_p``/``articles_r``/
``articles_f1`` (how many articles each mean is over).

Sentence-level event detection (:func:`score_gsr`, ``khabar eval gsr FILE``) scores the
Arabic event gold standard (``arabic_event_gsr/dev.jsonl``: ``id``, ``event_type``,
``label``, ``text`` a line) as its README says: a sentence is predicted positive for its
``event_type`` when analysing the sentence alone (no date) emits an event of that type whose
context holds neither ``negated`` nor ``hypothetical``; it is gold positive when ``label`` is
``yes`` (``easy no`` and ``difficult no`` are negatives). Each sentence is scored only for its
own ``event_type``; P/R/F1 per type and micro over types (``ALL``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from khabar.arabic.normalize import normalize
from khabar.errors import InputError

__all__ = ["PRF", "Mean", "score_article", "names_match", "evaluate_dirs", "format_report", "report_dict", "find_gold_dirs",
           "mean_scores", "read_gsr", "score_gsr", "evaluate_gsr", "format_gsr_report", "GSR_TYPES"]


@dataclass
class PRF:
    tp_p: float = 0  # predicted items that are right
    n_p: float = 0  # predicted items counted
    tp_r: float = 0  # gold items found
    n_r: float = 0  # gold items required

    @property
    def p(self) -> float:
        return self.tp_p / self.n_p if self.n_p else 0.0

    @property
    def r(self) -> float:
        return self.tp_r / self.n_r if self.n_r else 0.0

    @property
    def f(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp_p += other.tp_p
        self.n_p += other.n_p
        self.tp_r += other.tp_r
        self.n_r += other.n_r
        return self

    def to_dict(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f, 4),
                "tp": self.tp_r, "gold": self.n_r, "predicted": self.n_p}


@dataclass
class ArticleScore:
    id: str
    entities: PRF = field(default_factory=PRF)
    bcubed: PRF = field(default_factory=PRF)
    quotes: PRF = field(default_factory=PRF)
    attribution: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    times: PRF = field(default_factory=PRF)
    time_values: PRF = field(default_factory=PRF)
    names: PRF = field(default_factory=PRF)
    span_errors: int = 0
    seconds: float = 0.0
    name_misses: list = field(default_factory=list)  # (gold name, predicted name, type)

    LAYERS = ("entities", "bcubed", "quotes", "attribution", "events", "times", "time_values", "names")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or "\u064b" <= ch <= "\u065f" or ch in "\u0640\u0670\u200c\u200d"


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span to whole word tokens (clitics included, punctuation not)."""
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _designators() -> frozenset[str]:
    from khabar.arabic.lexicon import Lexicon

    return Lexicon.default().words("designators")


def undesignated(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a designator word that opens it (محافظة الأحساء → الأحساء, بمحافظة
    الحسكة → الحسكة, تنظيم داعش → داعش), as the gold README compares entities; the span itself
    when it opens with none or is one word."""
    first_end = start
    while first_end < end and not text[first_end].isspace():
        first_end += 1
    rest = first_end
    while rest < end and text[rest].isspace():
        rest += 1
    if rest >= end:
        return start, end
    from khabar.arabic.morph import noun_keys

    if set(noun_keys(normalize(text[start:first_end]))) & _designators():
        return rest, end
    return start, end


def _score_entities(text: str, pred: dict, gold: dict, sc: ArticleScore) -> dict[str, set[str]]:
    # spans are compared without an opening designator word (the gold README's rule)
    gold_ms = {undesignated(text, g["start"], g["end"]): g for g in gold.get("entities", [])}
    pred_ms: dict[tuple[int, int], tuple[str, str]] = {}
    for ent in pred.get("entities", []):
        for m in ent["mentions"]:
            pred_ms[undesignated(text, *widen(text, m["start"], m["end"]))] = (ent["type"], ent["id"])
    right = {sp for sp, (typ, _) in pred_ms.items() if sp in gold_ms and gold_ms[sp]["type"] == typ}
    sc.entities = PRF(len(right), len(pred_ms), len(right), len(gold_ms))
    # B-cubed over mentions found with the right span
    matched = [sp for sp in pred_ms if sp in gold_ms]
    if matched:
        pc: dict[str, set] = {}
        gc: dict[str, set] = {}
        for sp in matched:
            pc.setdefault(pred_ms[sp][1], set()).add(sp)
            gc.setdefault(gold_ms[sp]["entity"], set()).add(sp)
        p = r = 0.0
        for sp in matched:
            a, b = pc[pred_ms[sp][1]], gc[gold_ms[sp]["entity"]]
            inter = len(a & b)
            p += inter / len(a)
            r += inter / len(b)
        sc.bcubed = PRF(p, len(matched), r, len(matched))
    # predicted entity id -> gold entity names it overlaps (for quotes and events)
    links: dict[str, set[str]] = {}
    for ent in pred.get("entities", []):
        names = links.setdefault(ent["id"], set())
        for m in ent["mentions"]:
            for g in gold.get("entities", []):
                if _overlap((m["start"], m["end"]), (g["start"], g["end"])):
                    names.add(g["entity"])
        if ent.get("name_en"):
            names.add(ent["name_en"])
    return links


_NAME_STOP = frozenset("of the al el and a an for in on at to de la le du des d l".split())
_PAREN_RE = re.compile(r"\s*\([^)]*\)")


def _name_words(name: str) -> list[str]:
    """Lower-cased words of an English name, accents and apostrophes dropped, hyphens split."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[\u2019'`\u02bc\u02bf\u02be]", "", s)
    return re.findall(r"[^\W_]+", s)


def names_match(pred: str | None, gold: str) -> bool:
    """The English-name rule of the gold README: equal (case, accents, hyphens, apostrophes and
    parenthetical qualifiers aside) or Dice >= 2/3 over content words."""
    if not pred:
        return False
    for g in {gold, _PAREN_RE.sub("", gold).strip() or gold}:
        for p in {pred, _PAREN_RE.sub("", pred).strip() or pred}:
            pw, gw = _name_words(p), _name_words(g)
            if "".join(pw) == "".join(gw) or pw == gw:
                return True
            pc = [w for w in pw if w not in _NAME_STOP]
            gc = [w for w in gw if w not in _NAME_STOP]
            if not pc or not gc:
                continue
            common = sum(min(pc.count(w), gc.count(w)) for w in set(pc))
            if 3 * 2 * common >= 2 * (len(pc) + len(gc)):
                return True
    return False


def _score_names(text: str, pred: dict, gold: dict, sc: ArticleScore) -> None:
    by_entity: dict[str, list[tuple[int, int]]] = {}
    types: dict[str, str] = {}
    for g in gold.get("entities", []):
        by_entity.setdefault(g["entity"], []).append((g["start"], g["end"]))
        types.setdefault(g["entity"], g.get("type", ""))
    pms = [(widen(text, m["start"], m["end"]), ent) for ent in pred.get("entities", []) for m in ent["mentions"]]
    right = n = 0
    for name, spans in by_entity.items():
        votes: dict[str, int] = {}
        first: dict[str, dict] = {}
        for sp, ent in pms:
            if any(_overlap(sp, g) for g in spans):
                votes[ent["id"]] = votes.get(ent["id"], 0) + 1
                first.setdefault(ent["id"], ent)
        if not votes:
            continue
        best = first[max(votes, key=lambda k: votes[k])]
        n += 1
        if names_match(best.get("name_en"), name):
            right += 1
        else:
            sc.name_misses.append((name, best.get("name_en"), types[name]))
    sc.names = PRF(right, n, right, n)


def _content_cover(pred_spans: list[tuple[int, int]], gold_spans: list[tuple[int, int]]) -> float:
    total = sum(e - s for s, e in gold_spans)
    if not total:
        return 0.0
    covered = 0
    for gs in gold_spans:
        pos = set()
        for ps in pred_spans:
            lo, hi = max(gs[0], ps[0]), min(gs[1], ps[1])
            pos.update(range(lo, hi))
        covered += len(pos)
    return covered / total


def _score_quotes(text: str, pred: dict, gold: dict, links: dict[str, set[str]], sc: ArticleScore) -> None:
    gold_q = gold.get("quotes", [])
    gold_ents = gold.get("entities", [])
    preds = pred.get("quotes", [])
    used: set[int] = set()
    q, a = PRF(), PRF()
    q.n_r = a.n_r = sum(1 for g in gold_q if not g.get("optional"))
    for pq in preds:
        pspans = [(c["start"], c["end"]) for c in pq.get("content", [])]
        best, best_cov = None, 0.0
        for gi, g in enumerate(gold_q):
            if gi in used:
                continue
            cov = _content_cover(pspans, [tuple(s) for s in g["spans"]])
            if cov >= 0.5 and cov > best_cov:
                best, best_cov = gi, cov
        if best is None:
            q.n_p += 1
            a.n_p += 1
            continue
        used.add(best)
        g = gold_q[best]
        if g.get("optional"):
            continue
        q.n_p += 1
        a.n_p += 1
        q.tp_p += 1
        q.tp_r += 1
        if _attribution_ok(pq, g, pred, gold_ents, links):
            a.tp_p += 1
            a.tp_r += 1
    sc.quotes, sc.attribution = q, a


def _attribution_ok(pq: dict, g: dict, pred: dict, gold_ents: list[dict], links: dict[str, set[str]]) -> bool:
    sp = pq.get("speaker") or {}
    speaker = g["speaker"]
    if speaker.startswith("(unnamed)"):
        st = normalize(g.get("speaker_text", ""))
        return bool(st) and sp.get("entity") is None and st in normalize(sp.get("text") or "")
    spans = []
    if sp.get("start") is not None:
        spans.append((sp["start"], sp["end"]))
    if sp.get("entity"):
        if speaker in links.get(sp["entity"], set()):
            return True
        for ent in pred.get("entities", []):
            if ent["id"] == sp["entity"]:
                spans += [(m["start"], m["end"]) for m in ent["mentions"]]
    gold_spans = [(e["start"], e["end"]) for e in gold_ents if e["entity"] == speaker]
    return any(_overlap(a, b) for a in spans for b in gold_spans)


def _as_set(v: Any) -> set[str]:
    if v is None:
        return set()
    return {v} if isinstance(v, str) else set(v)


#: how the gold names an actor that no entity stands for (militants, protesters …)
UNNAMED = "(unnamed)"


def _actor_ok(actor: dict, names: list[str], countries: Any, links: dict[str, set[str]]) -> bool:
    if not countries and all(str(n).startswith(UNNAMED) for n in names):
        return True  # no actor given, or only unnamed ones with no country: any actor matches
    want = set(names)
    for eid in actor.get("entities") or []:
        if links.get(eid, set()) & want:
            return True
    return bool(actor.get("country")) and actor["country"] in _as_set(countries)


def _score_events(pred: dict, gold: dict, links: dict[str, set[str]], sc: ArticleScore) -> None:
    gold_ev = gold.get("events", [])
    ev = PRF()
    ev.n_r = sum(1 for g in gold_ev if not g.get("optional"))
    found: set[int] = set()
    for pe in pred.get("events", []):
        if {"negated", "hypothetical"} & set(pe.get("context") or ()):
            continue  # not claimed to have happened: neither right nor wrong
        e = pe["evidence"]
        hit = None
        for gi, g in enumerate(gold_ev):
            if pe["type"] not in g["types"] or not _overlap((e["start"], e["end"]), tuple(g["evidence_span"])):
                continue
            s, t = pe.get("source") or {}, pe.get("target") or {}
            ok = _actor_ok(s, g["source"], g.get("source_country"), links) and _actor_ok(
                t, g["target"], g.get("target_country"), links
            )
            if not ok and g.get("symmetric"):
                ok = _actor_ok(t, g["source"], g.get("source_country"), links) and _actor_ok(
                    s, g["target"], g.get("target_country"), links
                )
            if ok:
                hit = gi
                if gi not in found:
                    break
        if hit is None:
            ev.n_p += 1
            continue
        if not gold_ev[hit].get("optional"):
            ev.n_p += 1
            ev.tp_p += 1
            if hit not in found:
                ev.tp_r += 1
        found.add(hit)
    sc.events = ev


def _score_times(pred: dict, gold: dict, sc: ArticleScore) -> None:
    gold_t = gold.get("times", [])
    det, val = PRF(), PRF()
    det.n_r = val.n_r = sum(1 for g in gold_t if not g.get("optional"))
    found_d: set[int] = set()
    found_v: set[int] = set()
    for pt in pred.get("times", []):
        hits = [gi for gi, g in enumerate(gold_t) if _overlap((pt["start"], pt["end"]), (g["start"], g["end"]))]
        if not hits:
            det.n_p += 1
            val.n_p += 1
            continue
        if all(gold_t[gi].get("optional") for gi in hits):
            continue
        hits = [gi for gi in hits if not gold_t[gi].get("optional")]
        det.n_p += 1
        det.tp_p += 1
        val.n_p += 1
        found_d.update(hits)
        exact = [gi for gi in hits if gold_t[gi]["value"] == pt["value"]]
        if exact:
            val.tp_p += 1
            found_v.update(exact)
    det.tp_r, val.tp_r = len(found_d), len(found_v)
    sc.times, sc.time_values = det, val


def score_article(pred: dict, gold: dict) -> ArticleScore:
    """Score one analysed article (the JSON contract) against its gold."""
    text = pred["text"]
    sc = ArticleScore(gold.get("document", {}).get("id", "?"))
    links = _score_entities(text, pred, gold, sc)
    _score_quotes(text, pred, gold, links, sc)
    _score_events(pred, gold, links, sc)
    _score_times(pred, gold, sc)
    _score_names(text, pred, gold, sc)
    return sc


def find_gold_dirs(paths: Iterable[str | Path]) -> list[Path]:
    """Gold folders (holding article.txt and gold.json) in or below the given paths."""
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(f"{p}: no such folder")
        if (p / "gold.json").exists():
            out.append(p)
        else:
            out.extend(sorted(d.parent for d in p.rglob("gold.json")))
    if not out:
        raise InputError("no gold folders found (each needs article.txt and gold.json)")
    return out


def evaluate_dirs(paths: Iterable[str | Path], date: str | None = None) -> list[ArticleScore]:
    """Analyse each gold article with the default pipeline and score it."""
    import time

    from khabar.doc import Article
    from khabar.pipeline import analyze

    scores = []
    for d in find_gold_dirs(paths):
        gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
        text = (d / "article.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        art: Article = analyze(text, date=date or gold.get("document", {}).get("date"))
        sc = score_article(art.to_dict(), gold)
        sc.seconds = time.perf_counter() - t0
        sc.span_errors = len(art.check())
        if sc.id == "?":
            sc.id = d.name
        scores.append(sc)
    return scores


def total(scores: list[ArticleScore]) -> ArticleScore:
    tot = ArticleScore("ALL")
    for sc in scores:
        for layer in ArticleScore.LAYERS:
            getattr(tot, layer).__iadd__(getattr(sc, layer))
        tot.span_errors += sc.span_errors
        tot.seconds += sc.seconds
    return tot


@dataclass
class Mean:
    """Means over articles of one layer's P, R and F1 (rules in the module docstring)."""

    p: float = 0.0
    r: float = 0.0
    f: float = 0.0
    n_p: int = 0  # articles averaged for P (those that predicted something)
    n_r: int = 0  # articles averaged for R (those with required gold)
    n_f: int = 0  # articles averaged for F1 (either)

    @classmethod
    def of(cls, prfs: Iterable[PRF]) -> "Mean":
        ps, rs, fs = [], [], []
        for m in prfs:
            if m.n_p:
                ps.append(m.p)
            if m.n_r:
                rs.append(m.r)
            if m.n_p or m.n_r:
                fs.append(m.f)
        avg = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
        return cls(avg(ps), avg(rs), avg(fs), len(ps), len(rs), len(fs))

    def to_dict(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f, 4),
                "articles_p": self.n_p, "articles_r": self.n_r, "articles_f1": self.n_f}


def mean_scores(scores: list[ArticleScore]) -> dict[str, Mean]:
    """The MEAN row: per layer, the mean over articles of P, R and F1."""
    return {layer: Mean.of(getattr(s, layer) for s in scores) for layer in ArticleScore.LAYERS}


def format_report(scores: list[ArticleScore]) -> str:
    """The eval table: one block per layer, a row per article, the micro total (ALL) and the
    mean over articles (MEAN; its gold/pred columns count the articles averaged for R and P)."""
    many = len(scores) > 1
    rows = scores + ([total(scores)] if many else [])
    means = mean_scores(scores) if many else {}
    width = max(12, *(len(s.id) for s in rows))
    lines = []
    names = {"entities": "entities (span+type)", "bcubed": "entities B-cubed", "quotes": "quotes (content)",
             "attribution": "quote attribution", "events": "events", "times": "times (detection)",
             "time_values": "times (ISO value)",
             "names": "English names (accuracy: P = R = F1; gold/pred = entities scored)"}
    for layer in ArticleScore.LAYERS:
        lines.append(f"{names[layer]}")
        lines.append(f"  {'article':<{width}}  {'P':>6} {'R':>6} {'F1':>6}  {'gold':>5} {'pred':>5}")
        for s in rows:
            m: PRF = getattr(s, layer)
            lines.append(f"  {s.id:<{width}}  {m.p:6.3f} {m.r:6.3f} {m.f:6.3f}  {m.n_r:5.0f} {m.n_p:5.0f}")
        if many:
            mn = means[layer]
            lines.append(f"  {'MEAN':<{width}}  {mn.p:6.3f} {mn.r:6.3f} {mn.f:6.3f}  {mn.n_r:5d} {mn.n_p:5d}")
    tot = rows[-1]
    if many:
        lines.append("ALL: micro (counts summed); MEAN: mean over articles of P (articles that predicted "
                     "something), R (articles with gold), F1 (either); its gold/pred columns count those articles")
    lines.append(f"span errors (text[start:end] != text): {tot.span_errors}; analysis time {tot.seconds:.2f} s")
    return "\n".join(lines)


def report_dict(scores: list[ArticleScore]) -> dict:
    rows = scores + [total(scores)]
    out = {s.id: {layer: getattr(s, layer).to_dict() for layer in ArticleScore.LAYERS} | {
        "span_errors": s.span_errors, "seconds": round(s.seconds, 3)} for s in rows}
    out["MEAN"] = {layer: m.to_dict() for layer, m in mean_scores(scores).items()}
    return out



# --- sentence-level event detection: the Arabic event gold standard (GSR) ---------------------

GSR_TYPES = ("ASSAULT", "PROTEST")
_GSR_LABELS = {"yes": True, "easy no": False, "difficult no": False}
_IRREALIS = frozenset({"negated", "hypothetical"})


def read_gsr(path: str | Path) -> list[dict[str, str]]:
    """The GSR sentences (``id``, ``event_type``, ``label``, ``text``); raises InputError on a bad line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    out = []
    with p.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{p}:{n}: not UTF-8 text; give the GSR as JSON lines in UTF-8") from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                row = {k: obj[k] for k in ("id", "event_type", "label", "text")}
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{p}:{n}: not a GSR line (id, event_type, label, text): {exc!r}") from exc
            if row["label"] not in _GSR_LABELS:
                raise InputError(f"{p}:{n}: unknown label {row['label']!r} (yes, easy no, difficult no)")
            out.append(row)
    if not out:
        raise InputError(f"{p}: no sentences")
    return out


def _ev_get(ev: Any, key: str) -> Any:
    return ev.get(key) if isinstance(ev, dict) else getattr(ev, key, None)


def _trigger_text(ev: Any) -> str:
    sp = _ev_get(ev, "trigger") or _ev_get(ev, "evidence")
    if sp is None:
        return ""
    return sp.get("text", "") if isinstance(sp, dict) else getattr(sp, "text", "")


def _default_gsr_analyse(text: str) -> list:
    from khabar.pipeline import default_pipeline

    return default_pipeline().analyze(text).events


def score_gsr(sentences: Iterable[dict[str, str]],
              analyse: Callable[[str], Iterable[Any]] | None = None,
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score sentence-level event detection.

    ``analyse(text)`` gives the events of one sentence analysed alone (:class:`~khabar.doc.Event`
    objects or contract dicts with ``type`` and ``context``); default: the default pipeline,
    no date. Returns ``{"types": {TYPE: {tp, fp, fn, tn, p, r, f1, fp_easy, fp_difficult}},
    "ALL": {...}, "sentences": N, "seconds": S, "errors": {TYPE: {"fn": [...], "fp": [...]}}}``;
    an error item is ``{"id", "label", "text", "triggers"}`` (triggers: the words of the
    events of that type, realis or not).
    """
    import time

    analyse = analyse or _default_gsr_analyse
    counts: dict[str, dict[str, int]] = {}
    errors: dict[str, dict[str, list]] = {}
    n = 0
    t0 = time.perf_counter()
    for row in sentences:
        typ = row["event_type"]
        c = counts.setdefault(typ, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "fp_easy": 0, "fp_difficult": 0})
        err = errors.setdefault(typ, {"fn": [], "fp": []})
        of_type = [ev for ev in analyse(row["text"]) if _ev_get(ev, "type") == typ]
        predicted = any(not (_IRREALIS & set(_ev_get(ev, "context") or ())) for ev in of_type)
        gold = _GSR_LABELS[row["label"]]
        item = {"id": row["id"], "label": row["label"], "text": row["text"],
                "triggers": [_trigger_text(ev) for ev in of_type]}
        if predicted and gold:
            c["tp"] += 1
        elif predicted:
            c["fp"] += 1
            c["fp_easy" if row["label"] == "easy no" else "fp_difficult"] += 1
            err["fp"].append(item)
        elif gold:
            c["fn"] += 1
            err["fn"].append(item)
        else:
            c["tn"] += 1
        n += 1
        if progress:
            progress(n)

    def prf(c: dict[str, int]) -> dict[str, Any]:
        m = PRF(c["tp"], c["tp"] + c["fp"], c["tp"], c["tp"] + c["fn"])
        return dict(c) | {"p": round(m.p, 4), "r": round(m.r, 4), "f1": round(m.f, 4)}

    all_c = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn", "tn", "fp_easy", "fp_difficult")}
    order = sorted(counts, key=lambda t: (GSR_TYPES.index(t) if t in GSR_TYPES else 99, t))
    return {"types": {t: prf(counts[t]) for t in order}, "ALL": prf(all_c), "sentences": n,
            "seconds": round(time.perf_counter() - t0, 2), "errors": errors}


def evaluate_gsr(path: str | Path, analyse: Callable[[str], Iterable[Any]] | None = None,
                 progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Read a GSR file and score it (see :func:`score_gsr`)."""
    return score_gsr(read_gsr(path), analyse, progress)


def format_gsr_report(report: dict[str, Any], errors: int = 0) -> str:
    """The GSR table (P/R/F1 and counts per type, micro ALL) and, with ``errors=N``, N false
    negatives and N false positives per type."""
    lines = ["sentence-level event detection (sentence analysed alone; negated/hypothetical not counted)",
             f"  {'type':<8}  {'P':>6} {'R':>6} {'F1':>6}  {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>5}"
             f"  {'FP easy/difficult no':>20}"]
    rows = list(report["types"].items()) + ([("ALL", report["ALL"])] if len(report["types"]) > 1 else [])
    for t, m in rows:
        lines.append(f"  {t:<8}  {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f}  {m['tp']:4d} {m['fp']:4d} "
                     f"{m['fn']:4d} {m['tn']:5d}  {m['fp_easy']:>9d}/{m['fp_difficult']:<10d}")
    lines.append(f"{report['sentences']} sentences in {report['seconds']:.1f} s")
    if errors:
        for t, err in report["errors"].items():
            for kind, title in (("fn", "false negatives (gold yes, no realis event)"),
                                ("fp", "false positives (gold no, event emitted)")):
                items = err[kind][:errors]
                lines.append(f"\n{t} {title}: {len(items)} of {len(err[kind])}")
                for it in items:
                    trig = f"  [triggers: {', '.join(it['triggers'])}]" if it["triggers"] else ""
                    extra = f" ({it['label']})" if kind == "fp" else ""
                    lines.append(f"  {it['id']}{extra}: {it['text']}{trig}")
    return "\n".join(lines)
