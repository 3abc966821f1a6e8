"""Build src/khabar/data/lexicons/event_triggers.json: the event-mention trigger lexicon (issue #13).

Curated seeds (below) of PLOVER trigger verbs (3rd person masculine past stem, present stem
without the agreement prefix; the passive is spelt like the active in unvocalized text, so
قُتل and اعتُقل are covered by the same stems) and event nouns (masdar and event nouns, singular
and plural), each with its PLOVER type and mode. ``weak`` marks triggers that are often
metaphorical or background (معركة، حرب): they give a lower confidence. The seeds were
curated from the frequent predicates of SaudiNewsNet political sentences; ``--mine`` lists
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

# type -> list of (past stem, present stem, mode, weak)
VERBS = {
    "ASSAULT": [
        ("قتل", "قتل", None, False), ("اغتال", "غتال", "assassinate", False), ("استهدف", "ستهدف", None, False),
        ("هاجم", "هاجم", None, True), ("قصف", "قصف", "aerial", False), ("فجر", "فجر", "bombing", False),
        ("اشتبك", "شتبك", "clash", False), ("اعدم", None, "execute", False), ("اصيب", "صاب", None, False),
        ("جرح", None, None, True), ("ذبح", "ذبح", None, False), ("اختطف", "ختطف", "abduct", False),
        ("خطف", "خطف", "abduct", False), ("اعتدي", "عتدي", None, False), ("طعن", "طعن", None, True),
        ("اقتحم", "قتحم", None, False), ("احرق", "حرق", None, True), ("انفجر", "نفجر", "bombing", False),
        ("استشهد", "ستشهد", None, False), ("قنص", "قنص", None, False), ("دمر", "دمر", None, True),
        ("اغار", "غير", "aerial", False), ("امطر", "مطر", None, True), ("لقي", None, None, True),
        ("اسقط", "سقط", None, True), ("اطلق", None, None, True), ("شن", "شن", None, True), ("ضرب", None, None, True),
    ],
    "PROTEST": [
        ("تظاهر", "تظاهر", "demonstrate", False), ("احتج", "حتج", None, False), ("اعتصم", "عتصم", "sit-in", False),
        ("هتف", "هتف", None, True), ("تجمهر", "تجمهر", "demonstrate", False), ("احتشد", "حتشد", "demonstrate", True),
        ("تجمع", "تجمع", "demonstrate", True), ("ردد", "ردد", None, True),
    ],
    "COERCE": [
        ("اعتقل", "عتقل", "arrest", False), ("احتجز", "حتجز", "arrest", False), ("اوقف", None, "arrest", True),
        ("حاصر", "حاصر", "blockade", False), ("طرد", "طرد", "expel", True),
        ("داهم", "داهم", "raid", False), ("سجن", None, "arrest", True),
    ],
    "CONSULT": [
        ("زار", "زور", "visit", False), ("استقبل", "ستقبل", "host", True), ("التقي", "لتقي", None, False),
        ("اجتمع", "جتمع", None, False),
    ],
    "AGREE": [("وقع", None, None, True), ("اتفق", "تفق", None, False), ("تعهد", "تعهد", "promise", True)],
    "REQUEST": [("طالب", "طالب", None, True), ("ناشد", "ناشد", "appeal", False), ("دعا", "دعو", None, True)],
    "ACCUSE": [("ادان", "دين", "condemn", False), ("ندد", "ندد", "condemn", False), ("اتهم", "تهم", "accuse", False),
               ("انتقد", "نتقد", "criticize", True), ("استنكر", "ستنكر", "condemn", False)],
    "THREATEN": [("هدد", "هدد", None, False), ("توعد", "توعد", None, False), ("حذر", "حذر", "warn", True)],
    "REJECT": [("رفض", "رفض", None, True), ("نفي", "نفي", "deny", True)],
    "SANCTION": [("قاطع", "قاطع", "boycott", False)],
    "AID": [("ارسل", "رسل", None, True), ("تبرع", "تبرع", None, True)],
    "SUPPORT": [("اشاد", "شيد", "praise", True), ("ايد", "ؤيد", None, True)],
    "COOPERATE": [("تعاون", "تعاون", None, True)],
    "RETREAT": [("انسحب", "نسحب", "withdraw", False), ("افرج", "فرج", "release", True)],
    "CONCEDE": [("استقال", "ستقيل", "resign", False), ("تنازل", "تنازل", None, True), ("اعتذر", "عتذر", None, True)],
    "MOBILIZE": [("حشد", "حشد", None, True), ("جند", "جند", None, True)],
}

# type -> list of (nouns, mode, weak)
NOUNS = {
    "ASSAULT": [
        ("هجوم هجوما هجمات هجومين", None, False), ("اغتيال اغتيالات", "assassinate", False),
        ("تفجير تفجيرات تفجيرين", "bombing", False), ("انفجار انفجارات", "bombing", False),
        ("قصف", "aerial", False), ("غاره غارات", "aerial", False), ("اشتباك اشتباكات", "clash", False),
        ("مقتل مصرع حتف حتفهم حتفه", None, False), ("قتل", None, True), ("قتيل قتلي قتيلا", None, False),
        ("جريح جرحي", None, True), ("اعتداء اعتداءات", None, False), ("مجزره مجازر", None, False),
        ("معارك معركه", None, True), ("قذيفه قذائف", None, True), ("انتحاري انتحاريه انتحاريا", "bombing", False),
        ("مفخخه مفخخات", "bombing", False), ("ناسفه", "bombing", False), ("اختطاف خطف", "abduct", False),
        ("ذبح", None, False), ("اعدام", "execute", True), ("ضربات ضربه", None, True), ("رصاص", None, True),
        ("قنص", None, False), ("استشهاد", None, False), ("مواجهات", "clash", True), ("قتال", None, True),
        ("اطلاق", None, True), ("اقتحام", None, True), ("تصفيه", None, True), ("عدوان", None, True),
        ("حرب", None, True), ("طعن", None, True), ("اصابه", None, True),
    ],
    "PROTEST": [
        ("مظاهره مظاهرات تظاهره تظاهرات", "demonstrate", False), ("احتجاج احتجاجات احتجاجا", None, False),
        ("اعتصام اعتصامات", "sit-in", False), ("اضراب اضرابات", "strike", False), ("مسيره مسيرات", "demonstrate", True),
        ("متظاهر متظاهرين متظاهرون", "demonstrate", True), ("محتج محتجين محتجون", None, True),
        ("معتصم معتصمين معتصمون", "sit-in", True), ("عصيان", None, False), ("هتافات", None, True),
        ("احتجاجيه", None, False), ("مسيرات", "demonstrate", True), ("انتفاضه", None, True),
    ],
    "COERCE": [
        ("اعتقال اعتقالات", "arrest", False), ("احتجاز", "arrest", False), ("حصار", "blockade", False),
        ("مداهمه مداهمات", "raid", False), ("ترحيل", "expel", True), ("حظر", None, True),
    ],
    "CONSULT": [("زياره زيارات", "visit", False), ("لقاء", None, True), ("اجتماع اجتماعات", None, True),
                ("قمه", "summit", True), ("محادثات مباحثات مشاورات مفاوضات", None, False)],
    "AGREE": [("اتفاق اتفاقيه اتفاقيات اتفاقا", None, True), ("توقيع", None, False), ("معاهده", None, True),
              ("مذكره تفاهم", None, True)],
    "REQUEST": [("مطالبه مطالبات", None, True), ("مناشده", "appeal", False)],
    "ACCUSE": [("اتهام اتهامات", "accuse", True), ("ادانه", "condemn", True), ("تنديد", "condemn", False)],
    "THREATEN": [("تهديد تهديدات", None, True)],
    "SANCTION": [("عقوبات", None, False), ("مقاطعه", "boycott", True)],
    "AID": [("مساعدات", None, True), ("اغاثه", None, True), ("معونات", None, True)],
    "SUPPORT": [("اشاده", "praise", True), ("تهنئه", "praise", True)],
    "COOPERATE": [("تعاون", None, True), ("شراكه", None, True), ("تنسيق", None, True)],
    "RETREAT": [("انسحاب", "withdraw", False), ("افراج", "release", True), ("هدنه", "ceasefire", True)],
    "CONCEDE": [("استقاله", "resign", False)],
    "MOBILIZE": [("تعزيزات", None, False), ("حشود", None, True), ("تجنيد", None, True), ("مناورات", None, True)],
}

# actor phrases without an entity: noun (no ال, singular/plural) -> PLOVER sector
UNNAMED = {
    "مسلح مسلحون مسلحين": "REB", "متشدد متشددون متشددين": "REB", "ارهابي ارهابيون ارهابيين": "REB",
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
# threats, plans, attempts foiled, warnings (coded hypothetical)
NOT_REAL = ("هدد يهدد تهدد هددت تهديد تهديدات توعد يتوعد خطه خطط يخطط لمنع منع احباط احبطت "
            "حذر يحذر تحذير خشيه مخاوف تخوف محاوله محاولات امكانيه احتمال احتمالات بمنع لتجنب تجنب "
            "ضد مكافحه لمكافحه شبح خطر مخاطر")


# base confidence by evidence kind: a verb pattern with two named actors, a nominal pattern with
# named actors, a trigger-lexicon mention with actors coded on both sides, with fewer, a weak trigger
CONFIDENCE = {"pattern": 0.9, "nominal": 0.85, "mention_named": 0.7, "mention": 0.5, "weak": 0.4}


def _words(s: str) -> list[str]:
    return [normalize(w) for w in s.split()]


# verbs that take no object: a pronoun attached to their form makes it a noun (استقالته، انسحابه)
INTRANSITIVE = set("استقال انسحب تظاهر احتج اعتصم انفجر اشتبك استشهد احتشد تجمع تجمهر اجتمع تعاون اعتذر تنازل".split())


def build() -> dict:
    verbs = []
    for typ, rows in VERBS.items():
        for past, pres, mode, weak in rows:
            e = {"type": typ, "past": [normalize(past)]}
            if past in INTRANSITIVE:
                e["intransitive"] = True
            if pres:
                e["pres"] = [normalize(pres)]
            if mode:
                e["mode"] = mode
            if weak:
                e["weak"] = True
            verbs.append(e)
    nouns = []
    for typ, rows in NOUNS.items():
        for words, mode, weak in rows:
            e = {"type": typ, "nouns": _words(words)}
            if mode:
                e["mode"] = mode
            if weak:
                e["weak"] = True
            nouns.append(e)
    unnamed = {}
    for words, sector in UNNAMED.items():
        for w in _words(words):
            unnamed[w] = sector
    return {
        "_about": "Event-mention triggers (khabar.stages.events, issue #13), built by data/build_event_triggers.py; "
                  "normalized letters. verbs: PLOVER type, mode, past (3rd masc. sing. past stems) and pres "
                  "(present stems without the agreement prefix), conjugated by khabar.arabic.morph; the passive is "
                  "spelt like the active. nouns: masdar / event nouns (without ال and proclitics). weak: often "
                  "metaphorical or background (lower confidence, needs an actor or a second trigger). unnamed_actors: "
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
