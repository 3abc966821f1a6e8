import gzip
import json

import pytest

from khabar.errors import EncodingError, InputError
from khabar.io import BadRecord, Record, RecordFields, decode_bytes, iter_records, read_input, text_hash

ARABIC = "قال وزير الخارجية إن المحادثات “بناءة”.\nوأضاف أن الجولة المقبلة ستعقد في الرياض."


def test_utf8_and_windows_1256_give_the_same_text(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_bytes(ARABIC.encode("utf-8"))
    b.write_bytes(ARABIC.encode("cp1256"))
    assert read_input(a)[0] == read_input(b)[0] == ARABIC


def test_bom_and_crlf_are_cleaned(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARABIC.replace("\n", "\r\n").encode())
    assert read_input(p)[0] == ARABIC


@pytest.mark.parametrize(
    "data,msg",
    [(b"", "empty"), (b"  \n ", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary")],
)
def test_bad_files_raise_input_error(tmp_path, data, msg):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=msg):
        read_input(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_input(tmp_path)


def test_latin1_bytes_are_not_taken_for_arabic():
    with pytest.raises(EncodingError):
        decode_bytes("Ça déjà été très, où ça? ÉÈÊ àéèù".encode("latin-1") * 3)


def test_html_is_reduced_to_article_text(tmp_path):
    p = tmp_path / "a.html"
    body = "".join(f"<p>{line}</p>" for line in ARABIC.split("\n"))
    p.write_text(f"<html><head><title>عنوان</title><script>var x=1;</script></head><body><article>{body}</article></body></html>", encoding="utf-8")
    text, meta = read_input(p)
    assert "وزير الخارجية" in text and "var x" not in text


def test_records_from_jsonl_gz_with_bad_lines(tmp_path):
    p = tmp_path / "r.jsonl.gz"
    lines = [
        json.dumps({"content": ARABIC, "title": "t1", "date_extracted": "2015-07-21 10:00:00"}, ensure_ascii=False),
        "{not json",
        json.dumps({"content": 5}),
        json.dumps({"title": "no text"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"content": ARABIC + " 2", "id": "x"}),
    ]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    recs = list(iter_records([p], RecordFields(id="id")))
    good = [r for r in recs if isinstance(r, Record)]
    bad = [r for r in recs if isinstance(r, BadRecord)]
    assert [r.title for r in good] == ["t1", None]
    assert good[0].date == "2015-07-21"
    assert good[0].id == text_hash(ARABIC)
    assert good[1].id == "x"
    assert [b.line for b in bad] == [2, 3, 4, 5]
    assert "not JSON" in bad[0].reason


def test_folders_are_walked(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    recs = list(iter_records([tmp_path]))
    assert sum(isinstance(r, Record) for r in recs) == 1
    assert sum(isinstance(r, BadRecord) for r in recs) == 1


def test_hash_ignores_harakat_and_spacing():
    assert text_hash("قالَ  الوزير") == text_hash("قال الوزير")
