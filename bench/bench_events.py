"""Events on news at large: the events stage over SaudiNewsNet articles (issue #13).

    python bench/bench_events.py [--corpus PATH] [--n 1000] [--step 31] [--label TEXT]

Takes every 31st record of SaudiNewsNet from the start (``khabar.io.iter_records``, good records
only; the corpus has 31,030 records, some empty, so a step of 31 gives a little under 1,000),
analyses each with the default pipeline and its date, and writes bench/results/events.md:

* events per article (mean, median, share of articles with any, most);
* per type: count, share of all events, how many have a named source / target (an actor
  linked to a named entity), how many have a coded one (entity, country or sector), and
  how many are negated/hypothetical;
* the events stage's speed: tokens/s from ``Pipeline.timings['events']`` (wall) and from the
  stage's CPU time (``time.process_time`` around the stage), beside the whole pipeline's.

It also writes 50 events drawn at random (seed 13) to bench/results/events_sample.jsonl for a
hand check: type, mode, context, trigger, the evidence clause, the actors (their words only
where they lie inside the evidence; otherwise the entity names and offsets) and the
article's record index and URL. Nothing else of the article text is written.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, every_nth, find_corpus  # noqa: E402

RESULTS = ROOT / "bench" / "results"



class _CpuTimed:
    """Wraps a stage to add up its CPU time (the pipeline itself times wall clock)."""

    def __init__(self, stage):
        self.stage = stage
        self.name, self.requires, self.provides = stage.name, stage.requires, stage.provides
        self.cpu = 0.0

    def __call__(self, article) -> None:
        c0 = time.process_time()
        self.stage(article)
        self.cpu += time.process_time() - c0


def _actor(art, actor, evidence) -> dict:
    names = []
    for eid in actor.entities:
        ent = art.entity(eid)
        if ent is not None:
            names.append(ent.name_en or ent.name)
    d = {"entities": names, "country": actor.country, "sector": actor.sector}
    if actor.text is not None:
        inside = evidence.start <= actor.text.start and actor.text.end <= evidence.end
        d["text"] = actor.text.text if inside else None
        if not inside:
            d["outside_evidence"] = [actor.text.start, actor.text.end]
    return d


def _named(actor) -> bool:
    return bool(actor.entities)


def _coded(actor) -> bool:
    return bool(actor.entities or actor.country or actor.sector)


def _eval_lines() -> list[str]:
    """The GSR scores (`khabar eval gsr`) and the gold events row (`khabar eval`), where the
    shared data is beside the repo."""
    from khabar.evaluate import evaluate_dirs, evaluate_gsr, mean_scores, total

    out = []
    gsr = ROOT.parent / "shared" / "data" / "arabic_event_gsr" / "dev.jsonl"
    if gsr.exists():
        rep = evaluate_gsr(gsr)
        out += [f"`khabar eval gsr` on `arabic_event_gsr/dev.jsonl` ({rep['sentences']:,} sentences, each "
                f"analysed alone, {rep['seconds']:.0f} s):", "",
                "| type | P | R | F1 | TP | FP | FN | FP easy / difficult no |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for t, m in list(rep["types"].items()) + [("ALL", rep["ALL"])]:
            out.append(f"| {t} | {m['p']:.3f} | {m['r']:.3f} | {m['f1']:.3f} | {m['tp']} | {m['fp']} | {m['fn']} | "
                       f"{m['fp_easy']} / {m['fp_difficult']} |")
        out.append("")
    gold = ROOT.parent / "shared" / "gold"
    if gold.exists():
        scores = evaluate_dirs([gold])
        a, m = total(scores).events, mean_scores(scores)["events"]
        out += [f"`khabar eval ../shared/gold`, events ({len(scores)} articles):", "",
                "| row | P | R | F1 |", "|---|---:|---:|---:|",
                f"| ALL (micro; {a.n_r:.0f} gold, {a.n_p:.0f} predicted) | {a.p:.3f} | {a.r:.3f} | {a.f:.3f} |",
                f"| MEAN (over articles; P over {m.n_p}, R over {m.n_r}) | {m.p:.3f} | {m.r:.3f} | {m.f:.3f} |", ""]
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--step", type=int, default=31)
    ap.add_argument("--label", default="current code", help="what the run measures (in the title)")
    ap.add_argument("--out", default=str(RESULTS / "events.md"))
    ap.add_argument("--sample", default=str(RESULTS / "events_sample.jsonl"))
    ap.add_argument("--no-eval", action="store_true", help="leave out the GSR and gold scores")
    args = ap.parse_args(argv)
    from khabar.threads import one_blas_thread

    one_blas_thread()
    from khabar.pipeline import default_pipeline

    recs = every_nth(find_corpus(args.corpus), args.n, args.step)
    pipe = default_pipeline()
    pipe.analyze("قال الرئيس إن الجيش قصف مواقع المسلحين أمس.", "2015-08-01")  # lazy loads
    i_ev = pipe.names.index("events")
    timed = _CpuTimed(pipe.stages[i_ev])
    pipe.stages[i_ev] = timed
    for k in pipe.timings:
        pipe.timings[k] = 0.0
    per_article: list[int] = []
    events = []  # (record index, url, article, event)
    ntok = 0
    c0, t0 = time.process_time(), time.perf_counter()
    try:
        for idx, rec in recs:
            art = pipe.analyze(rec.text, rec.date)
            ntok += len(art.tokens)
            per_article.append(len(art.events))
            events.extend((idx, rec.url, art, ev) for ev in art.events)
    finally:
        pipe.stages[i_ev] = timed.stage
    cpu_all, wall_all = time.process_time() - c0, time.perf_counter() - t0
    wall_ev = pipe.timings["events"]

    n_art, n_ev = len(per_article), len(events)
    by_type = Counter(ev.type for *_, ev in events)
    src_named = Counter(ev.type for *_, ev in events if _named(ev.source))
    tgt_named = Counter(ev.type for *_, ev in events if _named(ev.target))
    src_coded = Counter(ev.type for *_, ev in events if _coded(ev.source))
    tgt_coded = Counter(ev.type for *_, ev in events if _coded(ev.target))
    irrealis = Counter(ev.type for *_, ev in events if {"negated", "hypothetical"} & set(ev.context))
    pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "–"  # noqa: E731

    lines = [
        f"# Events on news at large (`bench/bench_events.py`, {args.label})", "",
        f"The default pipeline over {n_art:,} SaudiNewsNet articles (records 0, {args.step}, "
        f"{2 * args.step}, … of the corpus, good records only; {ntok:,} tokens), each with its own date. Written "
        f"{time.strftime('%Y-%m-%d')}; 2 shared cores, CPU only.", "",
        "| measure | result |", "|---|---|",
        f"| events | {n_ev:,} |",
        f"| events per article: mean / median / most | {n_ev / max(1, n_art):.2f} / "
        f"{statistics.median(per_article) if per_article else 0:g} / {max(per_article, default=0)} |",
        f"| articles with at least one event | {sum(1 for k in per_article if k)} ({pct(sum(1 for k in per_article if k), n_art)}) |",
        f"| events stage, wall (`Pipeline.timings['events']`) | {wall_ev:.2f} s, "
        f"{ntok / wall_ev if wall_ev else 0:,.0f} tokens/s, {1000 * wall_ev / max(1, n_art):.1f} ms/article |",
        f"| events stage, CPU time | {timed.cpu:.2f} s, {ntok / timed.cpu if timed.cpu else 0:,.0f} tokens/s |",
        f"| whole pipeline, wall / CPU | {wall_all:.1f} s / {cpu_all:.1f} s, "
        f"{ntok / wall_all if wall_all else 0:,.0f} tokens/s wall |",
        "",
        "Per type. *Named*: the actor is linked to a named entity; *coded*: it has an entity, a "
        "country or a sector; *irrealis*: context holds `negated` or `hypothetical`.", "",
        "| type | events | share | source named | target named | source coded | target coded | irrealis |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for typ, k in by_type.most_common():
        lines.append(f"| {typ} | {k} | {pct(k, n_ev)} | {src_named[typ]} ({pct(src_named[typ], k)}) | "
                     f"{tgt_named[typ]} ({pct(tgt_named[typ], k)}) | {src_coded[typ]} ({pct(src_coded[typ], k)}) | "
                     f"{tgt_coded[typ]} ({pct(tgt_coded[typ], k)}) | {irrealis[typ]} ({pct(irrealis[typ], k)}) |")
    tot = lambda c: sum(c.values())  # noqa: E731
    lines.append(f"| all | {n_ev} | 100% | {tot(src_named)} ({pct(tot(src_named), n_ev)}) | "
                 f"{tot(tgt_named)} ({pct(tot(tgt_named), n_ev)}) | {tot(src_coded)} ({pct(tot(src_coded), n_ev)}) | "
                 f"{tot(tgt_coded)} ({pct(tot(tgt_coded), n_ev)}) | {tot(irrealis)} ({pct(tot(irrealis), n_ev)}) |")
    hist = Counter(min(k, 10) for k in per_article)
    lines += ["", "Events per article: " + ", ".join(
        f"{'10+' if k == 10 else k}: {hist[k]}" for k in sorted(hist)), ""]
    if not args.no_eval:
        lines += _eval_lines()
    sample = random.Random(13).sample(events, min(50, n_ev))
    lines += [f"A hand-check sample of {len(sample)} events (seed 13) is in `bench/results/events_sample.jsonl` "
              "(evidence clauses and actor words only; not committed: it quotes the corpus, which is "
              "CC BY-NC-SA — rerun the script to make it).", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    with open(args.sample, "w", encoding="utf-8") as fh:
        for idx, url, art, ev in sample:
            fh.write(json.dumps({
                "record": idx, "url": url, "date": ev.date, "type": ev.type, "mode": ev.mode,
                "context": ev.context, "trigger": ev.trigger.text if ev.trigger else None,
                "source": _actor(art, ev.source, ev.evidence), "target": _actor(art, ev.target, ev.evidence),
                "evidence": ev.evidence.text, "ok": None,
            }, ensure_ascii=False) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
