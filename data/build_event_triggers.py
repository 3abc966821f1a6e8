"""Build src/khabar/data/lexicons/event_triggers.json: the event-mention trigger lexicon (issue #13).

The curated lexicon is data: data/events/verbs.tsv (PLOVER trigger verbs: 3rd person masculine
past stem, present stem without the agreement prefix; the passive is spelt like the active in
unvocalized text, so قُتل and اعتُقل are covered by the same stems) and data/events/nouns.tsv (masdar
and event nouns, singular and plural), each row with its PLOVER type, mode and flags: ``weak``
marks triggers that are often metaphorical or background (معركة، حرب: a lower confidence, a second
trigger needed), ``victim`` nouns whose complement underwent the event (مقتل عشرين من …),
``framed`` those that report an event only with a light verb or a crowd next to
them (المظاهرات، وردد المتظاهرون), ``intransitive`` verbs that take no object pronoun. The rows
were curated from the frequent predicates of SaudiNewsNet political sentences; ``--mine`` lists
the most frequent words next to violence / protest / diplomacy cue words as candidates.

Run: PYTHONPATH=src python data/build_event_triggers.py [--articles N] [--mine]
The output records, per type, how many forms the lexicon compiles to and what share of
SaudiNewsNet sentences (a sample of N articles) carry a trigger of that type. No corpus
text is written to the lexicon.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
from pathlib import Path

from khabar.arabic.morph import morph
from khabar.arabic.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/khabar/data/lexicons/event_triggers.json"
CORPUS = ROOT / "../shared/data/saudinewsnet/saudinewsnet.jsonl.gz"

VERBS_TSV = ROOT / "data/events/verbs.tsv"
NOUNS_TSV = ROOT / "data/events/nouns.tsv"


def _rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of a curated lexicon file ('#' lines are comments; '-' is empty)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 4:
            raise SystemExit(f"{path.name}:{n}: expected at least 4 tab-separated columns")
        out.append([("" if c == "-" else c) for c in cols])
    return out


def read_verbs(path: Path = VERBS_TSV) -> list[tuple[str, str, str | None, str | None, set[str]]]:
    """(type, past stem, present stem, mode, flags) per row of data/events/verbs.tsv."""
    rows = []
    for cols in _rows(path):
        typ, past, pres, mode = cols[:4]
        flags = set(filter(None, (cols[4] if len(cols) > 4 else "").split(",")))
        rows.append((typ, past, pres or None, mode or None, flags))
    return rows


def read_nouns(path: Path = NOUNS_TSV) -> list[tuple[str, str, str | None, set[str]]]:
    """(type, forms, mode, flags) per row of data/events/nouns.tsv."""
    rows = []
    for cols in _rows(path):
        typ, words, mode = cols[:3]
        flags = set(filter(None, cols[3].split(",")))
        rows.append((typ, words, mode or None, flags))
    return rows


# actor phrases without an entity: noun (no ال, singular/plural) -> PLOVER sector
UNNAMED = {
    "مسلح مسلحون مسلحين": "REB", "مقاوم مقاومون مقاومين": "REB", "متشدد متشددون متشددين": "REB", "ارهابي ارهابيون ارهابيين": "REB",
    "مقاتل مقاتلون مقاتلين": "REB", "متمرد متمردون متمردين": "REB", "ميليشيا ميليشيات مليشيات مليشيا": "REB",
    "انتحاري": "REB", "حوثي حوثيون حوثيين": "REB", "جماعه": "REB", "تنظيم": "REB",
    "متظاهر متظاهرون متظاهرين محتج محتجون محتجين معتصم معتصمون معتصمين": "CVL",
    "طلاب طلبه": "EDU", "عمال": "CVL", "مواطن مواطنون مواطنين سكان اهالي مدنيين مدنيون اشخاص شخصا": "CVL",
    "جيش جنود جندي": "MIL", "قوات": "MIL", "طيران": "MIL", "طائرات": "MIL",
    "شرطه شرطي": "POL", "امن": "POL",
    "مصادر مصدر": None, "ناشط ناشطون ناشطين": "CVL", "معارضه معارضون معارضين": "OPP",
    "سلطات حكومه": "GOV", "محكمه": "JUD",
}

# words that, right before a trigger (within 3 tokens), say the event did not happen (yet):
# threats, plans, warnings (coded hypothetical). An attempt, foiled or survived (نجا من محاولة اغتيال،
# أحبطت محاولات لتفجير …), is an event that happened, as the gold articles and the OEDA sentences code it.
NOT_REAL = ("هدد يهدد تهدد هددت تهديد تهديدات توعد يتوعد خطه خطط يخطط لمنع منع "
            "حذر يحذر تحذير خشيه مخاوف تخوف امكانيه احتمال احتمالات بمنع لتجنب تجنب "
            "ضد مكافحه لمكافحه شبح خطر مخاطر")


# base confidence by evidence kind: a verb pattern with two named actors, a nominal pattern with
# named actors, a trigger-lexicon mention with actors coded on both sides, with fewer, a weak trigger
CONFIDENCE = {"pattern": 0.9, "nominal": 0.85, "mention_named": 0.7, "mention": 0.5, "weak": 0.4}


def _words(s: str) -> list[str]:
    return [normalize(w) for w in s.split()]


def _typed_light_verbs(table: dict[str, str]) -> dict[str, list[str]]:
    return {w: v.split() for forms, v in table.items() for w in _words(forms)}


#: the flags of a TSV row that become ``true`` keys of its entry, in this order
ENTRY_FLAGS = ("weak", "framed", "victim")


def _entry(e: dict, mode: str | None, flags: set[str]) -> dict:
    """``e`` with the row's mode and flags."""
    if mode:
        e["mode"] = mode
    e.update((f, True) for f in ENTRY_FLAGS if f in flags)
    return e


def build() -> dict:
    verbs = []
    for typ, past, pres, mode, flags in read_verbs():
        e = {"type": typ, "past": [normalize(past)]}
        if "intransitive" in flags:
            e["intransitive"] = True
        if pres:
            e["pres"] = [normalize(pres)]
        verbs.append(_entry(e, mode, flags))
    nouns = [_entry({"type": typ, "nouns": _words(words)}, mode, flags) for typ, words, mode, flags in read_nouns()]
    unnamed = {}
    for words, sector in UNNAMED.items():
        for w in _words(words):
            unnamed[w] = sector
    return {
        "_about": "Event-mention triggers (khabar.stages.events, issue #13), built by data/build_event_triggers.py; "
                  "normalized letters. verbs: PLOVER type, mode, past (3rd masc. sing. past stems) and pres "
                  "(present stems without the agreement prefix), conjugated by khabar.arabic.morph; the passive is "
                  "spelt like the active. nouns: masdar / event nouns (without ال and proclitics). weak: often "
                  "metaphorical or background (lower confidence, needs an actor or a second trigger). framed: reports "
                  "an event only with a light verb or a crowd word next to it (crowd_words). unnamed_actors: "
                  "actor nouns without an entity -> PLOVER sector. intransitive: no object pronoun on the verb (else a noun). not_real: words right before a trigger that make "
                  "it unreal (threats, plans, foiled attempts): context hypothetical.",
        "verbs": verbs,
        "nouns": nouns,
        "unnamed_actors": unnamed,
        "not_real": sorted(set(_words(NOT_REAL))),
        "target_preps": _words("علي ضد ل ب الي مع"),
        "source_preps": _words("من"),
        "between_preps": _words("بين"),
        # light verbs whose object is an event noun and whose subject is its source:
        # عقد الرئيس اجتماعا، نفذت قوات التحالف ضربات، ترأس الوزير الاجتماع، شن الجيش غارات
        "light_verbs": _words("عقد عقدت يعقد تعقد ترأس ترأست يترأس تترأس أجرى أجرت يجري تجري "
                              "نفذ نفذت ينفذ تنفذ شن شنت يشن تشن"),
        # light verbs that frame only some types of event noun: نظم زيارات، أصدرت المحكمة أحكاما،
        # فرض عقوبات، قدم مساعدات، وجه انتقادات، أعرب عن إدانته
        "light_verbs_typed": _typed_light_verbs({
            "نظم نظمت ينظم تنظم": "CONSULT PROTEST",
            "أصدر أصدرت يصدر تصدر": "COERCE",
            "فرض فرضت يفرض تفرض": "SANCTION COERCE",
            "قدم قدمت يقدم تقدم": "AID CONCEDE REQUEST",
            "وجه وجهت يوجه توجه": "ACCUSE THREATEN REQUEST ASSAULT",
            # an attempt is an event (حاول مقاتلون اقتحام البلدة): its subject is the source
            "حاول حاولت حاولوا يحاول تحاول يحاولون": "ASSAULT COERCE",
            "أبدى أبدت يبدي تبدي أعرب أعربت يعرب تعرب": "SUPPORT ACCUSE REJECT",
            "شارك شاركت شاركوا يشارك تشارك يشاركون": "PROTEST CONSULT",
            # أعلنت فرنسا عن مساعدات للسودان، أعلنت الحكومة فرض عقوبات: the announced act
            "أعلن أعلنت يعلن تعلن": "AID SANCTION MOBILIZE",
            # the event noun is the subject: اندلعت مظاهرات، تجددت الاحتجاجات
            "اندلع اندلعت تجدد تجددت انطلق انطلقت عم عمت خرج خرجت": "PROTEST",
        }),
        # framed triggers (protest nouns, chants, gatherings: المظاهرات، وردد المتظاهرون، تجمع) report an
        # event only with a light verb before the noun (نظم مظاهرة) or a crowd named next to the
        # trigger (آلاف، مئات، عشرات، عدد من، 5 آلاف): otherwise they talk about a protest already told
        "crowd_words": _words("الاف الالاف الف مئات المئات مئه عشرات العشرات مليون ملايين عدد حشد حشود "
                              "جموع الحشود الجموع نحو حوالي حوالى اكثر قرابه"),
        # a crowd alone is the source of these types (تظاهر أمس عشرات من …), with this sector
        "crowd_types": ["PROTEST"],
        "crowd_sector": "CVL",
        # words of a sentence about sport: matches (لقاء), a team's meetings, a coach criticised
        # are no PLOVER events (فريق is left out: it is also a military rank)
        "off_topic": _words("مباراه المباراه مباريات المباريات الدوري دوري المنتخب منتخب منتخبنا اللاعبين "
                            "لاعبي اللاعب المدرب مدرب بطوله البطوله الملعب نادي النادي الاولمبي كره"),
        # speech acts: the quotes stage's cue verb -> PLOVER type (past stems, conjugated like the
        # verbs above, and the circumstantial participles the quotes stage takes as cues)
        "speech_acts": {
            "REQUEST": {"past": _words("دعا طالب ناشد"), "pres": _words("دعو طالب ناشد"),
                        "forms": _words("داعيا مطالبا مناشدا")},
            "THREATEN": {"past": _words("حذر هدد توعد"), "pres": _words("حذر هدد توعد"),
                         "forms": _words("محذرا مهددا متوعدا")},
            "ACCUSE": {"past": _words("اتهم حمل أدان ندد استنكر شجب"), "pres": _words("تهم حمل دين ندد ستنكر شجب"),
                       "forms": _words("متهما محملا مدينا منددا مستنكرا شاجبا")},
            "REJECT": {"past": _words("رفض"), "pres": _words("رفض"), "forms": _words("رافضا")},
            "SUPPORT": {"past": _words("أيد رحب"), "pres": _words("ؤيد رحب"), "forms": _words("مؤيدا مرحبا")},
        },
        # an object pronoun on a trigger verb with no object named (اتهمته، هاجمها): the nearest
        # earlier actor of its kind is the target: ه a person, ها a country or an organization
        "object_pronouns": {"ه": "PER", "ها": "LOC ORG"},
        # light verbs whose subject undergoes the event noun, its source after من:
        # تعرضت بلدة الزبداني لهجوم من قوات النظام
        "undergo_verbs": _words("تعرض تعرضت يتعرض تتعرض"),
        # words after an event noun that give its owner by لـ (مساعدات إنسانية تابعة للأمم المتحدة)
        "owner_words": _words("تابعة تابع التابعة التابع"),
        # types coded only with a counterpart: a resignation from a post is no concession
        "need_target_types": ["CONCEDE"],
        "confidence": CONFIDENCE,
        "victim_types": ["ASSAULT", "COERCE"],
        # types whose unnamed sides are coded with the country where it happened (domestic by default)
        "place_country_types": ["ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "AID", "REQUEST"],
        "victim_sectors": ["CVL", "EDU"],
    }


def forms(data: dict) -> dict[str, dict[str, str]]:
    """type -> {form: 'verb'|'noun'} as the stage compiles them."""
    mo = morph()
    out: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for e in data["verbs"]:
        for s in e.get("past", ()):
            for f in mo.past_forms(s):
                out[e["type"]][f] = "verb"
        for s in e.get("pres", ()):
            for f in mo.present_forms(s):
                out[e["type"]][f] = "verb"
    for e in data["nouns"]:
        for n in e["nouns"]:
            out[e["type"]][n] = "noun"
    return out


def coverage(data: dict, n_articles: int, mine: bool) -> None:
    mo = morph()
    fm = forms(data)
    index: dict[str, set[str]] = collections.defaultdict(set)
    for typ, d in fm.items():
        for f, kind in d.items():
            index[f].add(typ)
    per_type = collections.Counter()
    n_sent = 0
    cand = collections.Counter()
    cues = {normalize(w) for w in "قتل مقتل هجوم انفجار تظاهر احتجاج متظاهرين اعتقال زيارة اتفاق مسلحين".split()}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n_articles:
                break
            text = json.loads(line).get("content") or ""
            for sent in re.split(r"[.!؟?\n]+", text):
                toks = [normalize(t) for t in re.findall(r"\w+", sent)]
                if len(toks) < 4:
                    continue
                n_sent += 1
                types = set()
                for t in toks:
                    for pro, core, enc in mo.readings(t):
                        types |= index.get(core, set())
                    for key in mo.noun_keys(t):
                        types |= index.get(key, set())
                for typ in types:
                    per_type[typ] += 1
                if mine and cues & set(toks):
                    for t in toks:
                        if len(t) > 3:
                            cand[t] += 1
    print(f"SaudiNewsNet sample: {n_articles} articles, {n_sent} sentences")
    print(f"{'type':10} {'entries':>7} {'forms':>6} {'sentences':>9} {'share':>6}")
    for typ in sorted(fm):
        n_e = sum(1 for e in data["verbs"] + data["nouns"] if e["type"] == typ)
        print(f"{typ:10} {n_e:7d} {len(fm[typ]):6d} {per_type[typ]:9d} {per_type[typ] / max(n_sent, 1):6.3f}")
    print(f"all: {sum(len(d) for d in fm.values())} forms")
    if mine:
        print("candidate words near cue words:", " ".join(w for w, _ in cand.most_common(300)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--mine", action="store_true")
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args()
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['verbs'])} verb entries, {len(data['nouns'])} noun entries, "
          f"{len(data['unnamed_actors'])} unnamed actor nouns")
    if not args.no_corpus and CORPUS.exists():
        coverage(data, args.articles, args.mine)


if __name__ == "__main__":
    main()
