"""Helpers shared by the data build scripts (not shipped)."""

from __future__ import annotations

import gzip
import io
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # use this checkout's khabar even if not installed

from khabar.arabic.normalize import normalize  # noqa: E402

DATA_OUT = ROOT / "src" / "khabar" / "data"

# Letters of the basic Arabic block that Arabic itself uses (hamza..yeh, incl. ى ة),
# harakat/shadda/sukun/dagger alef and tatweel; anything else (Persian/Urdu پ چ ژ گ ک ی ے ۀ ...)
# marks a non-Arabic spelling.
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0640-\u0652\u0670 \-'/]+$")
_PARENS = re.compile(r"\s*[(（][^)）]*[)）]\s*")


def is_arabic_only(text: str) -> bool:
    return bool(_ARABIC_ONLY.match(text)) and any("\u0621" <= c <= "\u064A" for c in text)


def strip_parens(text: str) -> str:
    """'معسكر (مدينة)' -> 'معسكر'."""
    return _PARENS.sub(" ", text).strip()


def key_variants(arabic: str) -> list[str]:
    """Normalized keys for one Arabic name: the name itself, and for names with a hyphen
    or a slash, the hyphen as a space / removed, and each side of a slash."""
    base = normalize(strip_parens(arabic))
    out = [base]
    if "-" in base:
        out.append(normalize(base.replace("-", " ")))
        out.append(normalize(base.replace("-", "")))
    if "/" in base:
        out.extend(normalize(p) for p in base.split("/"))
    seen, keys = set(), []
    for k in out:
        k = k.strip(" -/'")
        if k and k not in seen:
            seen.add(k)
            keys.append(k)
    return keys


def title_en(name: str) -> str:
    """'vladimir putin' -> 'Vladimir Putin' (also after hyphens and apostrophes-initials)."""
    def cap(w: str) -> str:
        return "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
    return " ".join(cap(w) for w in name.split())


def write_gzip_text(path: Path, text: str) -> int:
    """Deterministic gzip (no name, mtime 0). Returns the size in bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return len(buf.getvalue())


@lru_cache(maxsize=1)
def vocab() -> dict[str, int]:
    """Word counts from the built vocab (build_vocab.py must have run)."""
    path = DATA_OUT / "vocab.tsv.gz"
    if not path.exists():
        raise SystemExit(f"{path} missing: run python data/build_vocab.py first")
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, n = line.rstrip("\n").split("\t")
            out[w] = int(n)
    return out


@lru_cache(maxsize=1)
def arwikicats_dir() -> Path:
    """The installed ArWikiCats package's JSON tables (read directly: importing the package
    needs extra dependencies and logs a lot)."""
    import importlib.util

    spec = importlib.util.find_spec("ArWikiCats")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("ArWikiCats not installed: pip install arwikicats")
    return Path(list(spec.submodule_search_locations)[0]) / "jsons"


def load_arwikicats(rel: str):
    import json

    return json.loads((arwikicats_dir() / rel).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """lower-case English country name (pycountry names/common/official, CLDR English) -> ISO3."""
    import pycountry
    from babel import Locale

    idx: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                idx.setdefault(v.lower(), c.alpha_3)
    for code, name in Locale("en").territories.items():
        c = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if c:
            idx.setdefault(name.lower(), c.alpha_3)
    return idx


def iso3_from_en(name: str) -> str:
    """ISO3 for an English country name, or ''."""
    n = name.lower().strip()
    idx = _country_index()
    if n in idx:
        return idx[n]
    if n.startswith("the ") and n[4:] in idx:
        return idx[n[4:]]
    return _fuzzy(n)


@lru_cache(maxsize=None)
def _fuzzy(n: str) -> str:
    """Word-set match: the countries one of whose English names contains every word of the
    query; the one with the fewest extra words wins, a tie means ambiguous ('')."""
    words = set(re.findall(r"[a-z]+", n)) - _STOP
    if not words:
        return ""
    best: dict[str, int] = {}
    for name, code in _country_index().items():
        nw = set(re.findall(r"[a-z]+", name)) - _STOP
        if words <= nw:
            extra = len(nw - words)
            best[code] = min(best.get(code, 99), extra)
    if not best:
        return ""
    low = min(best.values())
    winners = [c for c, e in best.items() if e == low]
    return winners[0] if len(winners) == 1 else ""


_STOP = {"the", "of", "and"}


def iso3(alpha2: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else ""
