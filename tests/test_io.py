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


# --- decoding never guesses silently (issue #17, items 4 and 10) ------------------------------

def _long_arabic(lines: int = 40) -> str:
    return "\n".join(f"{ARABIC} ({i})" for i in range(lines))


def test_one_bad_byte_keeps_a_utf8_file_utf8_with_a_warning(tmp_path):
    good = _long_arabic().encode("utf-8")
    cut = good.index("الرياض".encode()) + 2  # inside the word: a stray byte between two letters
    p = tmp_path / "a.txt"
    p.write_bytes(good[:cut] + b"\xff" + good[cut:])
    text, meta = read_input(p)
    assert "وزير الخارجية" in text and "\ufffd" in text
    assert text.replace("\ufffd", "") == _long_arabic()
    assert len(meta["warnings"]) == 1 and "1 invalid UTF-8 byte sequence" in meta["warnings"][0]


def test_a_file_cut_in_the_middle_of_a_letter_stays_utf8():
    data = (_long_arabic() + " الرياض").encode("utf-8")[:-1]
    warnings: list[str] = []
    assert decode_bytes(data, "x", warnings).startswith(ARABIC)
    assert warnings


def test_windows_1256_is_still_windows_1256():
    warnings: list[str] = []
    assert decode_bytes(_long_arabic().encode("cp1256"), "x", warnings) == _long_arabic()
    assert warnings == []
    assert decode_bytes("قال".encode("cp1256")) == "قال"


def test_many_bad_bytes_are_not_read_as_utf8():
    # half UTF-8, half Windows-1256: not "mostly UTF-8"; as Windows-1256 it is mojibake-free Arabic
    data = ARABIC.encode("cp1256") * 3 + b"\n" + "ab".encode()
    assert decode_bytes(data) == (ARABIC * 3) + "\nab"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_bom_is_read(tmp_path, codec, bom):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + ARABIC.encode(codec))
    assert read_input(p)[0] == ARABIC
    recs = list(iter_records([p]))
    assert isinstance(recs[0], Record) and recs[0].text == ARABIC


def test_binary_data_behind_a_utf16_bom_is_still_binary():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\xff\xfe" + bytes([1, 0, 2, 0, 3, 0, 4, 0]) * 100)
    with pytest.raises(EncodingError, match="UTF-16"):
        decode_bytes(b"\xff\xfe" + "قال".encode("utf-16-le") + b"\x00")  # an odd number of bytes


def test_a_utf8_bom_does_not_spoil_the_first_jsonl_record(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(json.dumps({"content": ARABIC + str(i)}) for i in range(2)).encode())
    recs = list(iter_records([p]))
    assert all(isinstance(r, Record) for r in recs), recs
    assert len(recs) == 2


def test_a_bom_is_dropped_from_a_json_file(tmp_path):
    p = tmp_path / "r.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps({"content": ARABIC}).encode())
    (rec,) = iter_records([p])
    assert isinstance(rec, Record) and rec.text == ARABIC


def test_a_jsonl_line_with_one_bad_byte_is_kept_with_a_warning(tmp_path):
    p = tmp_path / "r.jsonl"
    line = json.dumps({"content": _long_arabic()}, ensure_ascii=False).encode()
    cut = line.index("الرياض".encode()) + 2
    p.write_bytes(line[:cut] + b"\xfe" + line[cut:] + b"\n")
    (rec,) = iter_records([p])
    assert isinstance(rec, Record) and "\ufffd" in rec.text
    assert rec.warnings and "r.jsonl:1" in rec.warnings[0]


def test_unreadable_subfolders_are_reported(tmp_path, monkeypatch):
    import os

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(ARABIC, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ARABIC, encoding="utf-8")
    scandir = os.scandir

    def no_entry(path="."):  # as for a folder without read permission (root reads them all)
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_entry)
    recs = list(iter_records([tmp_path]))
    bad = [r for r in recs if isinstance(r, BadRecord)]
    assert [r.text for r in recs if isinstance(r, Record)] == [ARABIC]
    assert len(bad) == 1 and bad[0].source.endswith("locked") and "cannot be read" in bad[0].reason


def test_closed_stdin_is_an_input_error(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="stdin"):
        read_input("-")


def test_a_file_name_over_255_bytes_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_input(tmp_path / ("ا" * 200 + ".txt"))
    (bad,) = iter_records([tmp_path / ("ا" * 200 + ".txt")])
    assert isinstance(bad, BadRecord)
