import pytest

import khabar
from khabar import errors


def test_one_tree():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.KhabarError)
        assert getattr(khabar, name) is cls  # the public surface re-exports every one
    assert issubclass(errors.EncodingError, errors.InputError)


def test_errors_reach_the_user_as_one_line(tmp_path, capsys):
    from khabar.cli.main import main

    assert main(["analyze", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("khabar: error: ") and err.count("\n") == 1


def test_bad_input_is_an_input_error():
    with pytest.raises(errors.InputError):
        khabar.Article.from_dict({"no": "text"})
