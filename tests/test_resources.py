import pytest

from khabar.errors import DataError
from khabar.resources import data_path, load_json, read_lines


def test_shipped_files_are_found():
    assert data_path("charmap.json").is_file()
    assert isinstance(load_json("charmap.json"), dict)
    assert all(not ln.startswith("#") for ln in read_lines("lexicon/copulas.txt"))


def test_a_missing_file_says_to_reinstall():
    with pytest.raises(DataError, match="khabar/data/no/such.json; reinstall"):
        data_path("no/such.json")
