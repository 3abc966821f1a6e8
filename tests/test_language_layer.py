"""Issue #12: Arabic word lists live in data files, not in code, so they cannot creep back."""

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "khabar"
#: the folders whose code must read its words from the language layer (UI text in api/ may stay)
CHECKED = ("stages", "models", "arabic", "store")
LIMIT = 20
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


def arabic_constants(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string constant with an Arabic letter or mark, docstrings aside."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings and ARABIC.search(node.value)
    ]


def test_the_counter_counts_literals_and_not_docstrings():
    src = '"""وثيقة"""\nX = ("في", "من")\ndef f():\n    """نص"""\n    return "،" + "abc"\n'
    assert [v for _, v in arabic_constants(src)] == ["في", "من", "،"]


def test_no_arabic_word_lists_in_code():
    found = []
    for folder in CHECKED:
        for path in sorted((SRC / folder).rglob("*.py")):
            for line, value in arabic_constants(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(SRC)}:{line} {value!r}")
    assert len(found) <= LIMIT, (
        f"{len(found)} string constants with Arabic letters in {', '.join(CHECKED)} (at most {LIMIT}); "
        "put word lists in khabar/data/lexicon/*.txt and read them through khabar.arabic.Lexicon:\n"
        + "\n".join(found[:60])
    )
