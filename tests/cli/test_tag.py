"""`khabar tag --format conll`: files, stdin, one-line errors."""

from __future__ import annotations


def test_tag_conll_file_keeps_blank_lines(tmp_path, run_cli):
    src = tmp_path / "in.conll"
    src.write_text("قال\tO\tx\nالرئيس\nالأمريكي\n\nفي\nواشنطن\n.\n", encoding="utf-8")
    rc, out, err = run_cli(["tag", "--format", "conll", str(src)])
    assert rc == 0, err
    blocks = out.rstrip("\n").split("\n\n")
    assert len(blocks) == 2
    lines = blocks[0].split("\n") + blocks[1].split("\n")
    assert [ln.split("\t")[0] for ln in lines] == ["قال", "الرئيس", "الأمريكي", "في", "واشنطن", "."]
    assert all(len(ln.split("\t")) == 2 for ln in lines)
    assert lines[4].split("\t")[1] == "B-LOC"


def test_tag_stdin(run_cli):
    rc, out, err = run_cli(["tag", "--format", "conll", "-"], stdin="باريس\n\nلندن\n")
    assert rc == 0, err
    assert out.count("\n\n") == 2 and out.startswith("باريس\t")


def test_tag_missing_file_is_one_line_error(tmp_path, run_cli):
    rc, out, err = run_cli(["tag", "--format", "conll", str(tmp_path / "nope.conll")])
    assert rc == 2
    assert err.startswith("khabar: error:") and err.count("\n") == 1


def test_tag_bad_model_path(tmp_path, run_cli):
    src = tmp_path / "in.conll"
    src.write_text("باريس\n", encoding="utf-8")
    rc, out, err = run_cli(["tag", "--format", "conll", "--model", str(tmp_path / "m.crfsuite"), str(src)])
    assert rc == 2 and "model" in err
