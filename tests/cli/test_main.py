"""The `khabar` command: sub-commands registered in order, errors as one line and an exit status."""

from __future__ import annotations

import pytest

from khabar.cli import main as cli
from khabar.errors import InputError, UsageError


def test_every_sub_command_is_registered_in_order(capsys):
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == list(cli.COMMANDS)
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("khabar ")


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def _with_func(monkeypatch, func):
    real = cli.build_parser

    def build():
        parser = real()
        parser.set_defaults(func=func)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)


@pytest.mark.parametrize("raised,status,message", [
    (UsageError("give --db"), 2, "khabar: error: give --db\n"),
    (InputError("bad file"), 2, "khabar: error: bad file\n"),
    (KeyboardInterrupt(), 130, "khabar: interrupted\n"),
    (BrokenPipeError(), 0, ""),
])
def test_errors_become_one_line_and_a_status(monkeypatch, capsys, raised, status, message):
    def boom(args):
        raise raised

    _with_func(monkeypatch, boom)
    assert cli.main([]) == status
    assert capsys.readouterr().err == message


def test_an_unexpected_error_is_not_swallowed(monkeypatch):
    def boom(args):
        raise RuntimeError("a bug")

    _with_func(monkeypatch, boom)
    with pytest.raises(RuntimeError):
        cli.main([])


def test_the_return_value_is_the_status(monkeypatch):
    _with_func(monkeypatch, lambda args: 7)
    assert cli.main([]) == 7
    _with_func(monkeypatch, lambda args: None)
    assert cli.main([]) == 0


@pytest.mark.parametrize("argv", [
    ["bogus"], ["search", "x", "--limit", "ten"], ["search", "x", "--limit", str(10**30)],
    ["export", "events", "--format", "nope"], ["train", "ner"], ["analyze"],
])
def test_a_refused_argument_ends_in_one_khabar_error_line(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: khabar") and err.splitlines()[-1].startswith("khabar: error: ")
