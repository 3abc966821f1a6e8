"""The founding gold article must come out right (issue #2's bar)."""

from khabar.evaluate import score_article


def test_every_span_is_a_view(gold_kim_article):
    assert gold_kim_article.check() == []


def test_entities_meet_the_bar(gold_kim, gold_kim_article):
    _, gold = gold_kim
    sc = score_article(gold_kim_article.to_dict(), gold)
    assert sc.entities.f >= 0.90, sc.entities.to_dict()
    assert sc.bcubed.f >= 0.85, sc.bcubed.to_dict()


def test_times_meet_the_bar(gold_kim, gold_kim_article):
    _, gold = gold_kim
    sc = score_article(gold_kim_article.to_dict(), gold)
    assert sc.time_values.f >= 0.90, sc.time_values.to_dict()


def test_windows_1256_copy_gives_the_same_text(gold_kim, tmp_path):
    from khabar.io import read_input

    text, _ = gold_kim
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode("cp1256"))
    assert read_input(p)[0] == text
