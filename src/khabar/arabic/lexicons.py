"""The entity lexicons: demonyms, first names, entity cues, institutions.

Each function reads its data file through a :class:`~khabar.arabic.lexicon.Lexicon` (the
shipped one unless ``lexicon`` is given) on first call, and keeps the result with that
lexicon (no I/O on import; a missing or corrupt file raises
:class:`~khabar.errors.DataError`). The gazetteer is :class:`khabar.arabic.gazetteer.Gazetteer`.
"""

from __future__ import annotations

from khabar.arabic.gazetteer import GazEntry
from khabar.arabic.lexicon import Lexicon, table_entry
from khabar.arabic.normalize import normalize
from khabar.errors import DataError

__all__ = ["GazEntry", "class_ref", "demonyms", "first_names", "entity_rules", "phrase_set", "ya_forms", "institutions"]

RULES_NAME = "lexicons/entity_rules.json"
DEMONYMS_NAME = "lexicons/demonyms.tsv"
FIRST_NAMES_NAME = "first_names.txt"
ACTORS_NAME = "lexicons/actors.json"


def _lex(lexicon: Lexicon | None) -> Lexicon:
    return lexicon if lexicon is not None else Lexicon.default()


def demonyms(lexicon: Lexicon | None = None) -> dict[str, tuple[str, str]]:
    """Normalized nationality adjective (الروسي، روسية …) → (ISO-3, English country name)."""
    lex = _lex(lexicon)

    def make() -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for line in lex.text_lines(DEMONYMS_NAME):
            parts = line.split("\t")
            if len(parts) >= 3:
                out[parts[0]] = (parts[1], parts[2])
        return out

    return lex.memo("lexicons.demonyms", make)


def first_names(lexicon: Lexicon | None = None) -> frozenset[str]:
    """The shipped given names (normalized)."""
    lex = _lex(lexicon)
    return lex.memo("lexicons.first_names", lambda: frozenset(lex.text_lines(FIRST_NAMES_NAME)))


def entity_rules(lexicon: Lexicon | None = None) -> dict:
    """The entity cue lists, every entry normalized (so the file may be written naturally)."""
    lex = _lex(lexicon)

    def make() -> dict:
        raw = lex.table(RULES_NAME)
        if not isinstance(raw, dict):
            raise DataError(f"corrupt data file khabar/data/{RULES_NAME} (not an object); reinstall khabar")
        return {k: ([normalize(x, lex) for x in v] if isinstance(v, list) else class_ref(lex, v, RULES_NAME))
                for k, v in raw.items()}

    return lex.memo("lexicons.entity_rules", make)


def class_ref(lex: Lexicon, value, table: str):
    """A table entry ``{"class": C, "tag": T}`` stands for the entries of word class C tagged T
    (one class file, read by several stages); any other value is returned as it is."""
    if isinstance(value, dict) and "class" in value:
        try:
            return list(lex.tagged(value["class"], value["tag"]))
        except KeyError:
            raise DataError(f"corrupt data file khabar/data/{table} (a class reference needs 'class' and "
                            "'tag'); reinstall khabar") from None
    return value


def ya_forms(name: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Entries of an ``entity_rules.json`` list written with a final ى (على), normalized.

    Normalization folds ى into ي, so على and the name علي meet; a matcher can tell them
    apart by the token's original spelling.
    """
    lex = _lex(lexicon)

    def make() -> frozenset[str]:
        ya = lex.entry(RULES_NAME, "ya_alef")
        return frozenset(normalize(x, lex) for x in lex.entry(RULES_NAME, name) if x.endswith(ya))

    return lex.memo(f"lexicons.ya_forms.{name}", make)


def phrase_set(name: str, lexicon: Lexicon | None = None) -> frozenset[tuple[str, ...]]:
    """A list from ``entity_rules.json`` as a set of word tuples (multi-word phrases)."""
    lex = _lex(lexicon)

    def make() -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(p.split()) for p in table_entry(entity_rules(lex), RULES_NAME, name))

    return lex.memo(f"lexicons.phrase_set.{name}", make)


def institutions(lexicon: Lexicon | None = None) -> dict[str, tuple[str, str]]:
    """Institution names that stand for a state or body (الكرملين، البيت الأبيض), normalized →
    (country or IGO, PLOVER sector), from ``lexicons/actors.json``."""
    lex = _lex(lexicon)

    def make() -> dict[str, tuple[str, str]]:
        try:
            return {normalize(e["name"], lex): (e["country"], e["sector"])
                    for e in lex.table(ACTORS_NAME)["institutions"]}
        except (KeyError, TypeError) as exc:
            raise DataError(f"corrupt data file khabar/data/{ACTORS_NAME} (missing or bad entry {exc}); "
                            "reinstall khabar") from None

    return lex.memo("lexicons.institutions", make)
