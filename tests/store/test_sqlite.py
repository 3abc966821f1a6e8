"""The SQLite store: add/get, idempotence, search folding and escaping, filters, the
cross-article entity base, quotes, events, stats, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from khabar.errors import StoreError, UsageError
from khabar.io import Record
from khabar.store import open_store

PUTIN_1 = "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة. وأضاف بوتين أن الأمم المتحدة مهمة."
PUTIN_2 = "التقى لبوتين وزير الخارجية سيرغي لافروف في موسكو أمس، وبحثا الأوضاع."
OTHER = "أعلنت وزارة الداخلية في الرياض القبض على خلية."


def _rec(text, id, date=None, title=None, source="test.jsonl:1"):
    return Record(text=text, id=id, source=source, title=title, date=date, url=f"http://x/{id}")


def _putin_corpus(store, make_article):
    a1 = make_article(
        PUTIN_1,
        entities=[
            ("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "بوتين"]),
            ("E2", "LOC", "موسكو", "Moscow", ["موسكو"]),
            ("E3", "ORG", "الأمم المتحدة", "United Nations", ["الأمم المتحدة"]),
        ],
        quotes=[("E1", "فلاديمير بوتين", "قال", "موسكو مستعدة")],
        events=[("CONSULT", ["E1"], ["E3"], "وأضاف بوتين أن الأمم المتحدة مهمة")],
        title="بوتين والأمم المتحدة",
    )
    a2 = make_article(
        PUTIN_2,
        entities=[
            ("E1", "PER", "بوتين", "Vladimir Putin", ["لبوتين"]),
            ("E2", "PER", "سيرغي لافروف", "Sergei Lavrov", ["سيرغي لافروف"]),
            ("E3", "LOC", "موسكو", "", ["موسكو"]),
        ],
        events=[("CONSULT", ["E1"], ["E2"], "التقى لبوتين وزير الخارجية سيرغي لافروف")],
    )
    a3 = make_article(OTHER, entities=[("E1", "LOC", "الرياض", "Riyadh", ["الرياض"])])
    assert store.add(a1, _rec(PUTIN_1, "a1", "2015-07-20", "بوتين والأمم المتحدة"))
    assert store.add(a2, _rec(PUTIN_2, "a2", "2015-08-02"))
    assert store.add(a3, _rec(OTHER, "a3", "2015-08-15"))


# --- articles ------------------------------------------------------------------------------


def test_add_get_has_and_duplicates(store, make_article):
    art = make_article(PUTIN_1, entities=[("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين"])])
    rec = _rec(PUTIN_1, "a1", "2015-07-20", "عنوان")
    assert not store.has("a1")
    assert store.add(art, rec) is True
    assert store.has("a1")
    assert store.add(art, rec) is False  # same id: nothing stored twice
    assert store.stats()["articles"] == 1
    got = store.get_article("a1")
    assert got["id"] == "a1" and got["title"] == "عنوان" and got["date"] == "2015-07-20"
    assert got["url"] == "http://x/a1" and got["source"] == "test.jsonl:1"
    assert got["text"] == PUTIN_1
    assert got["analyzed"] is True
    ent = got["entities"][0]
    assert ent["name_en"] == "Vladimir Putin"
    assert ent["mentions"][0]["text"] == PUTIN_1[ent["mentions"][0]["start"] : ent["mentions"][0]["end"]]
    assert isinstance(ent["corpus_id"], int)
    assert store.get_article("missing") is None


def test_add_without_record_uses_text_hash(store, make_article):
    from khabar.io import text_hash

    art = make_article(OTHER)
    assert store.add(art)
    assert store.has(text_hash(OTHER))
    # the same text with other harakat/tatweel is the same article
    assert store.add(make_article(OTHER.replace("الداخلية", "الداخليـــة"))) is False


def test_text_only_articles(store):
    assert store.add_text(_rec("نص بلا تحليل عن الرياض", "t1"))
    got = store.get_article("t1")
    assert got["analyzed"] is False and got["entities"] == [] and got["quotes"] == []
    assert [h["id"] for h in store.search("الرياض")] == ["t1"]


def test_iter_analyses_and_list_articles(store, make_article):
    _putin_corpus(store, make_article)
    ids = [d["id"] for d in store.iter_analyses()]
    assert ids == ["a1", "a2", "a3"]
    assert [a["id"] for a in store.list_articles()] == ["a3", "a2", "a1"]  # newest first
    assert [a["id"] for a in store.list_articles(limit=1, offset=1)] == ["a2"]
    assert [a["id"] for a in store.list_articles(entity="Vladimir Putin")] == ["a2", "a1"]


# --- search --------------------------------------------------------------------------------

FOLD_TEXTS = {
    "f1": "عقد مجلس الأمن التابع للأُمَمِ المتّحِدة جلسة طارئة.",
    "f2": "وبالأمم المتحـــدة اجتماع آخر حول اليمن.",
    "f3": "قالت الامم المتحده إن المساعدات وصلت.",
    "f4": "لا علاقة لهذا النص بالموضوع: اقتصاد ونفط.",
}


@pytest.fixture
def fold_store(store):
    for i, t in FOLD_TEXTS.items():
        store.add_text(_rec(t, i))
    return store


def test_search_folds_spelling_and_clitics(fold_store):
    base = {h["id"] for h in fold_store.search("الامم المتحده")}
    assert base == {"f1", "f2", "f3"}
    for q in ("الأمم المتحدة", "الأُمَمُ المُتَّحِدة", "الامـــم المتحـــدة", "وبالأمم المتحدة", "للأمم المتحدة"):
        assert {h["id"] for h in fold_store.search(q)} == base, q


def test_search_hits_have_the_contract_fields(fold_store):
    hits = fold_store.search("الأمم المتحدة", mark=("<<", ">>"))
    assert hits
    for h in hits:
        assert set(h) >= {"id", "title", "date", "snippet", "score"}
        assert "<<" in h["snippet"] and ">>" in h["snippet"]
        assert h["score"] > 0
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_exact_form_ranks_first(store):
    store.add_text(_rec("زار وبالرياض وفد.", "clitic"))
    store.add_text(_rec("زار الرياض وفد.", "exact"))
    assert [h["id"] for h in store.search("الرياض")] == ["exact", "clitic"]


def test_search_phrase_needs_adjacent_words(store):
    store.add_text(_rec("الأمم المتحدة قررت.", "adjacent"))
    store.add_text(_rec("المتحدة قررت شيئا في الأمم.", "apart"))
    assert {h["id"] for h in store.search("الأمم المتحدة")} == {"adjacent", "apart"}
    assert [h["id"] for h in store.search('"الأمم المتحدة"')] == ["adjacent"]


def test_search_escapes_fts_syntax(fold_store):
    base = {h["id"] for h in fold_store.search("الأمم")}
    for q in ('"الأمم', "الأمم)", "(الأمم", "الأمم*", "^الأمم", "-الأمم", "«الأمم»", "الأمم:"):
        assert {h["id"] for h in fold_store.search(q)} == base, q
    for q in ('"', "()", "AND", "OR NOT", "NEAR(", "'; DROP TABLE articles; --", "*", "\\", "%", "\x00"):
        fold_store.search(q)  # no exception
    assert fold_store.stats()["articles"] == 4
    # a column filter is not syntax either: "title" is a word to find
    assert fold_store.search("title:الأمم") == []


def test_search_operators_are_searched_for(store):
    store.add_text(_rec("rock AND roll, NOT jazz", "ops"))
    store.add_text(_rec("كلام عربي فقط", "other"))
    assert [h["id"] for h in store.search("AND")] == ["ops"]
    assert [h["id"] for h in store.search("NOT jazz")] == ["ops"]
    assert store.search("OR") == []


def test_search_paging_and_empty(fold_store):
    all_ids = [h["id"] for h in fold_store.search("الأمم", limit=10)]
    assert [h["id"] for h in fold_store.search("الأمم", limit=1, offset=1)] == all_ids[1:2]
    assert fold_store.search("") == []
    assert fold_store.search("غائبتماما") == []
    with pytest.raises(UsageError):
        fold_store.search("الأمم", limit=-1)


def test_search_filters(store, make_article):
    _putin_corpus(store, make_article)
    assert {h["id"] for h in store.search("موسكو")} == {"a1", "a2"}
    assert [h["id"] for h in store.search("موسكو", entity="سيرغي لافروف")] == ["a2"]
    assert [h["id"] for h in store.search("موسكو", speaker="بوتين")] == ["a1"]
    assert {h["id"] for h in store.search("موسكو", event="consult")} == {"a1", "a2"}
    assert [h["id"] for h in store.search("موسكو", since="2015-08")] == ["a2"]
    assert [h["id"] for h in store.search("موسكو", until="2015-07")] == ["a1"]
    assert [h["id"] for h in store.search("موسكو", since="2015-07-21", until="2015-08-02")] == ["a2"]
    assert store.search("موسكو", entity="لا أحد بهذا الاسم") == []
    # filters alone list articles
    assert [h["id"] for h in store.search("", entity="الرياض")] == ["a3"]
    with pytest.raises(UsageError):
        store.search("موسكو", since="yesterday")


# --- entities ------------------------------------------------------------------------------


def test_entities_merge_across_articles(store, make_article):
    _putin_corpus(store, make_article)
    putin = store.entity("بوتين")
    assert putin["name_en"] == "Vladimir Putin" and putin["type"] == "PER"
    assert putin["mentions"] == 3 and putin["article_count"] == 2
    assert {a["id"] for a in putin["articles"]} == {"a1", "a2"}
    aliases = {a["text"] for a in putin["aliases"]}
    assert {"فلاديمير بوتين", "بوتين"} <= aliases
    # one corpus entity whatever the spelling or language of the lookup
    for name in ("Vladimir Putin", "vladimir  putin", "لبوتين", "وبوتين", "فلاديمير بوتين", putin["id"], str(putin["id"])):
        assert store.entity(name)["id"] == putin["id"], name
    # Moscow: once with an English name, once without: merged by Arabic name and type
    moscow = store.entity("موسكو")
    assert moscow["article_count"] == 2 and moscow["name_en"] == "Moscow"
    assert store.stats()["entities"] == 5  # Putin, Moscow, UN, Lavrov, Riyadh


def test_entity_details_quotes_events_cooccurrence(store, make_article):
    _putin_corpus(store, make_article)
    putin = store.entity("Vladimir Putin")
    assert [q["content"] for q in putin["quotes"]] == ["موسكو مستعدة"]
    assert putin["quotes"][0]["speaker"]["name_en"] == "Vladimir Putin"
    assert putin["quote_count"] == 1 and putin["event_count"] == 2
    assert {e["type"] for e in putin["events"]} == {"CONSULT"}
    targets = {t["name_en"] for e in putin["events"] for t in e["target"]["entities"]}
    assert targets == {"United Nations", "Sergei Lavrov"}
    co = {c["name_en"]: c["articles"] for c in putin["cooccurring"]}
    assert co["Moscow"] == 2 and co["Sergei Lavrov"] == 1
    assert "Riyadh" not in co
    assert store.entity("لا أحد") is None


def _add_one(store, make_article, n, entity):
    """Store a distinct one-entity article (texts differ so that they are not duplicates)."""
    text = f"كتب محمد علي عن كيم جونغ أون وعن الرياض. {n}"
    store.add(make_article(text, entities=[("E1", *entity)]), _rec(text, f"m{n}"))


def test_entity_merge_rules(store, make_article):
    # same Arabic name, different English names: two people
    _add_one(store, make_article, 1, ("PER", "محمد علي", "Muhammad Ali", ["محمد علي"]))
    _add_one(store, make_article, 2, ("PER", "محمد علي", "Mohamed Ali Pasha", ["محمد علي"]))
    # same name, other type: another entity
    _add_one(store, make_article, 3, ("LOC", "الرياض", "Riyadh", ["الرياض"]))
    _add_one(store, make_article, 4, ("ORG", "الرياض", "Al Riyadh (newspaper)", ["الرياض"]))
    # no English name: joins the entity whose alias it is, when only one has it
    _add_one(store, make_article, 5, ("LOC", "الرياض", "", ["الرياض"]))
    ents = store.entities()
    names = sorted((e["type"], e["name_en"]) for e in ents)
    assert names == [("LOC", "Riyadh"), ("ORG", "Al Riyadh (newspaper)"), ("PER", "Mohamed Ali Pasha"), ("PER", "Muhammad Ali")]
    riyadh = next(e for e in ents if e["name_en"] == "Riyadh")
    assert riyadh["article_count"] == 2
    ali = store.entity("محمد علي")
    assert len(ali["other_matches"]) == 1
    assert [e["name_en"] for e in store.entities(type="per")] == ["Muhammad Ali", "Mohamed Ali Pasha"]


def test_entity_gets_english_name_later(store, make_article):
    _add_one(store, make_article, 1, ("PER", "كيم جونغ أون", "", ["كيم جونغ أون"]))
    _add_one(store, make_article, 2, ("PER", "كيم جونغ أون", "Kim Jong Un", ["كيم جونغ أون"]))
    _add_one(store, make_article, 3, ("PER", "كيم جونغ اون", "Kim Jong Un", ["كيم جونغ أون"]))
    assert store.stats()["entities"] == 1
    kim = store.entity("Kim Jong Un")
    assert kim["article_count"] == 3 and kim["mentions"] == 3


def test_two_local_entities_one_corpus_entity_count_one_article(store, make_article):
    t = "قال بوتين ثم أكد فلاديمير بوتين."
    art = make_article(t, entities=[
        ("E1", "PER", "بوتين", "Vladimir Putin", ["بوتين"]),
        ("E2", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين"]),
    ])
    store.add(art, _rec(t, "x"))
    putin = store.entity("بوتين")
    assert putin["article_count"] == 1 and putin["mentions"] == 2


# --- quotes, events, stats -----------------------------------------------------------------


def test_quotes_and_events_queries(store, make_article):
    _putin_corpus(store, make_article)
    qs = store.quotes()
    assert len(qs) == 1 and qs[0]["article"] == "a1" and qs[0]["cue"] == "قال"
    assert store.quotes(speaker="بوتين")[0]["content"] == "موسكو مستعدة"
    assert store.quotes(speaker="لافروف") == []
    evs = store.events(type="CONSULT")
    assert [e["article"] for e in evs] == ["a2", "a1"]
    assert store.events(type="CONSULT", since="2015-08") and len(store.events(type="CONSULT", since="2015-08")) == 1
    assert store.events(type="FIGHT") == []
    assert len(store.events(entity="سيرغي لافروف")) == 1


def test_stats(store, make_article):
    _putin_corpus(store, make_article)
    s = store.stats()
    assert {k: s[k] for k in ("articles", "entities", "quotes", "events")} == {
        "articles": 3, "entities": 5, "quotes": 1, "events": 2
    }
    assert s["first_date"] == "2015-07-20" and s["last_date"] == "2015-08-15"
    assert s["schema_version"] >= 2


# --- transactions and errors ---------------------------------------------------------------


def test_batch_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.batch():
            store.add_text(_rec("نص أول", "b1"))
            store.add_text(_rec("نص ثان", "b2"))
            raise RuntimeError("boom")
    assert store.stats()["articles"] == 0
    assert store.search("نص") == []
    with store.batch():
        store.add_text(_rec("نص أول", "b1"))
        with store.batch():  # nested joins the outer transaction
            store.add_text(_rec("نص ثان", "b2"))
    assert store.stats()["articles"] == 2


def test_closed_store_raises(tmp_path):
    st = open_store(tmp_path / "x.db")
    st.close()
    st.close()  # idempotent
    with pytest.raises(StoreError):
        st.stats()


def test_reindex_keeps_search(fold_store):
    before = [h["id"] for h in fold_store.search("الأمم")]
    assert fold_store.reindex() == 4
    assert [h["id"] for h in fold_store.search("الأمم")] == before
    fold_store.optimize()
    assert fold_store.integrity_check() == "ok"


def test_wal_mode_and_concurrent_reader(tmp_path):
    db = tmp_path / "w.db"
    with open_store(db) as writer:
        writer.add_text(_rec("الرياض", "w1"))
        with writer.batch():
            writer.add_text(_rec("الرياض مرة أخرى", "w2"))
            with open_store(db) as reader:  # a reader sees the committed state meanwhile
                assert reader.stats()["articles"] == 1
        assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_text_under_another_id_is_a_duplicate(store):
    assert store.add_text(_rec("نص الخبر نفسه.", "id-1"))
    assert store.add_text(_rec("نصّ الخبر نفسه.", "id-2")) is False  # same normalized text
    assert store.add_text(_rec("نص خبر آخر.", "id-3"))
    assert not store.has("id-2") and store.stats()["articles"] == 2


def test_date_bounds_are_inclusive_and_checked(store):
    for i, date in enumerate(("2015-01-31", "2015-02-01", "2015-12-31", "2016-01-01")):
        store.add_text(Record(text=f"خبر رقم {i} عن الرياض", id=f"d{i}", source="x", date=date))

    def ids(**kw):
        return sorted(a["id"] for a in store.list_articles(**kw))

    assert ids(since="2015-02", until="2015") == ["d1", "d2"]
    assert ids(until="2015-01") == ["d0"] and ids(since="2016") == ["d3"]
    assert ids(since=" 2015-12-31 ", until="2015-12-31") == ["d2"]
    with pytest.raises(UsageError, match="^until: no such date: 2015-02-30$"):
        store.list_articles(until="2015-02-30")


def test_event_confidence_is_stored_and_listed(store, make_article):
    text = "زار بوتين القاهرة. ثم زار بوتين دمشق."
    art = make_article(text, entities=[("E1", "PER", "بوتين", "Putin", ["بوتين", "بوتين"])],
                       events=[("CONSULT", ["E1"], [], "زار بوتين القاهرة"), ("CONSULT", ["E1"], [], "زار بوتين دمشق")])
    art.events[0].confidence = 0.85  # the second is not rated
    assert store.add(art, _rec(text, "c1", "2015-07-20"))
    got = {e["evidence"]: e["confidence"] for e in store.events(type="CONSULT")}
    assert got == {"زار بوتين القاهرة": 0.85, "زار بوتين دمشق": None}


def _person_article(make_article, text, name, name_en, surfaces, id_):
    return make_article(text, entities=[("E1", "PER", name, name_en, surfaces)], id=id_), _rec(text, id_)


@pytest.mark.parametrize("order", ["short first", "full first"])
def test_a_short_and_a_full_name_are_one_person_across_articles(store, make_article, order):
    short = _person_article(make_article, "قال بوتين إن الاتفاق مهم.", "بوتين", "Putin", ["بوتين"], "s")
    full = _person_article(make_article, "قال فلاديمير بوتين ثم بوتين.", "فلاديمير بوتين", "Vladimir Putin",
                           ["فلاديمير بوتين", "بوتين"], "f")
    for art, rec in ([short, full] if order == "short first" else [full, short]):
        assert store.add(art, rec)
    people = [e for e in store.entities(type="PER")]
    assert len(people) == 1, people
    assert people[0]["name_en"] == "Vladimir Putin" and people[0]["article_count"] == 2


def test_a_short_name_shared_by_two_people_joins_neither(store, make_article):
    for i, (name, en) in enumerate([("محمد بن لادن", "Mohammed bin Laden"), ("اسامه بن لادن", "Osama bin Laden")]):
        art, rec = _person_article(make_article, f"قال {name} ثم لادن.", name, en, [name, "لادن"], f"f{i}")
        assert store.add(art, rec)
    art, rec = _person_article(make_article, "وصل لادن أمس.", "لادن", "Laden", ["لادن"], "s")
    assert store.add(art, rec)
    assert len(store.entities(type="PER")) == 3


def test_a_fathers_name_is_no_family_name(store, make_article):
    art, rec = _person_article(make_article, "وصل عبدالعزيز أمس.", "عبدالعزيز", "Abdulaziz", ["عبدالعزيز"], "s")
    assert store.add(art, rec)
    name = "مشعل بن ماجد بن عبدالعزيز"
    art, rec = _person_article(make_article, f"قال {name} إن.", name, "Mishaal bin Majid", [name], "f")
    assert store.add(art, rec)
    assert len(store.entities(type="PER")) == 2


# --- hostile ids and pages (issue #17, item 6) -----------------------------------------------

@pytest.mark.parametrize("odd", ["²", "①", "¹²", "𝟙", "٣", str(2**63), str(2**70), 2**70, -1])
def test_ids_that_are_not_row_ids_find_nothing(store, make_article, odd):
    art = make_article(PUTIN_1, entities=[("E1", "PER", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين"])])
    store.add(art, _rec(PUTIN_1, "a1", "2015-07-20"))
    assert store.entity(odd) is None
    assert store.search("بوتين", entity=odd) == []
    assert store.quotes(speaker=odd) == []
    assert store.events(entity=odd) == []


@pytest.mark.parametrize("limit,offset", [(2**63, 0), (0, 2**63), (2**70, 2**70)])
def test_pages_too_large_for_sqlite_are_usage_errors(store, limit, offset):
    from khabar.errors import UsageError

    with pytest.raises(UsageError, match="at most"):
        store.search("بوتين", limit=limit, offset=offset)
    with pytest.raises(UsageError, match="at most"):
        store.list_articles(limit=limit, offset=offset)


def test_english_name_lookup_and_search(store, make_article):
    # issue #15: a part of an English name finds the entity, an English query its articles
    _putin_corpus(store, make_article)
    putin = store.entity("فلاديمير بوتين")
    assert store.entity("Putin")["id"] == putin["id"]
    assert store.entity("putin")["id"] == putin["id"]
    assert store.entity("Puti") is None
    hits = store.search("Vladimir Putin")
    assert {h["id"] for h in hits} == {"a1", "a2"}
    assert all("[" in h["snippet"] and "بوتين]" in h["snippet"] for h in hits)  # the Arabic name marked
    assert {h["id"] for h in store.search("Riyadh")} == {"a3"}
    assert store.search("Nobody Here") == []
    assert {h["id"] for h in store.search("موسكو")} == {"a1", "a2"}  # Arabic search as before
