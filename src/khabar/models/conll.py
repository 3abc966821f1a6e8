"""CoNLL reading/writing and conlleval-style exact-span scoring for NER.

Format: one token per line, first whitespace-separated column the token, the last column
(when there are two or more) the tag; a blank line between sentences. Extra columns are
ignored. Scoring follows ``conlleval``: a chunk starts at ``B-X``, or at ``I-X`` when no
chunk of type ``X`` is open (an ``I-`` without ``B-`` starts a chunk); a chunk is correct
only when its span and type both match exactly.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import IO, Iterable

from khabar.errors import InputError

__all__ = [
    "read_conll",
    "read_conll_text",
    "write_conll",
    "chunks",
    "score_ner",
    "eval_ner",
    "format_ner_report",
    "TYPES",
]

TYPES = ("PERS", "ORG", "LOC", "MISC")


def read_conll_text(text: str, *, source: str = "<input>", need_tags: bool = False):
    """Parse CoNLL text into ``(sentences, tags)``.

    ``sentences`` is a list of token lists; ``tags`` a parallel list of tag lists
    (``None`` entries for lines with a single column).  Blank lines separate sentences;
    several blank lines in a row count as one boundary.
    """
    sents: list[list[str]] = []
    tags: list[list[str | None]] = []
    cur: list[str] = []
    cur_t: list[str | None] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if cur:
                sents.append(cur)
                tags.append(cur_t)
                cur, cur_t = [], []
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        cols = [c.strip() for c in cols if c.strip()]
        if not cols:
            continue
        tok = cols[0]
        tag = cols[-1] if len(cols) >= 2 else None
        if need_tags and tag is None:
            raise InputError(f"{source}:{lineno}: expected 'token tag', found one column")
        cur.append(tok)
        cur_t.append(tag)
    if cur:
        sents.append(cur)
        tags.append(cur_t)
    return sents, tags


def _read_source(path: str | Path) -> tuple[str, str]:
    if str(path) == "-":
        if sys.stdin is None:
            raise InputError("stdin: is closed; pipe CoNLL text in, or give a file name")
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        if p.is_dir():
            raise InputError(f"{p}: is a directory, expected a CoNLL file")
        data = p.read_bytes()
        name = str(p)
    if isinstance(data, bytes):
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: binary file, expected CoNLL text")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    return data, name


def read_conll(path: str | Path, *, need_tags: bool = False):
    """Read a CoNLL file (``-`` for stdin); see :func:`read_conll_text`."""
    text, name = _read_source(path)
    sents, tags = read_conll_text(text, source=name, need_tags=need_tags)
    if not sents:
        raise InputError(f"{name}: no tokens found")
    return sents, tags


def write_conll(sentences: Iterable[list[str]], tags: Iterable[list[str]], out: IO[str]) -> None:
    """Write ``token<TAB>tag`` lines, a blank line after each sentence."""
    for toks, tg in zip(sentences, tags):
        out.write("".join(f"{w}\t{t}\n" for w, t in zip(toks, tg)))
        out.write("\n")


# ----------------------------------------------------------------------------- scoring

def _split(tag: str | None) -> tuple[str, str]:
    if not tag or tag == "O" or "-" not in tag:
        return "O", ""
    prefix, _, typ = tag.partition("-")
    if prefix not in ("B", "I", "E", "S"):
        return "O", ""
    return prefix, typ


def chunks(tags: list[str]) -> set[tuple[int, int, str]]:
    """Chunks ``(start, end_exclusive, type)`` of one tag sequence, by conlleval rules."""
    out: set[tuple[int, int, str]] = set()
    start = None
    typ = ""
    for i, tag in enumerate(list(tags) + ["O"]):
        p, t = _split(tag)
        # does the open chunk end before token i?
        if start is not None and (p in ("O", "B", "S") or t != typ):
            out.add((start, i, typ))
            start = None
        if p in ("B", "S") or (p in ("I", "E") and start is None):
            start, typ = i, t
        if p in ("E", "S") and start is not None:
            out.add((start, i + 1, typ))
            start = None
    return out


def score_ner(gold: list[list[str]], pred: list[list[str]], types: Iterable[str] | None = None) -> dict:
    """Exact-span P/R/F1 per type and micro over all types (percentages)."""
    if len(gold) != len(pred):
        raise InputError(f"gold has {len(gold)} sentences, prediction {len(pred)}")
    tp: dict[str, int] = {}
    ng: dict[str, int] = {}
    npred: dict[str, int] = {}
    ntok = ncorrect = 0
    for g, p in zip(gold, pred):
        if len(g) != len(p):
            raise InputError("gold and predicted sentence lengths differ")
        gc, pc = chunks(g), chunks(p)
        for c in gc:
            ng[c[2]] = ng.get(c[2], 0) + 1
        for c in pc:
            npred[c[2]] = npred.get(c[2], 0) + 1
        for c in gc & pc:
            tp[c[2]] = tp.get(c[2], 0) + 1
        ntok += len(g)
        ncorrect += sum(a == b for a, b in zip(g, p))
    all_types = sorted(set(ng) | set(npred)) if types is None else list(types)

    def prf(t, g, p):
        pr = 100.0 * t / p if p else 0.0
        rc = 100.0 * t / g if g else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return {"precision": pr, "recall": rc, "f1": f, "gold": g, "pred": p, "correct": t}

    per = {t: prf(tp.get(t, 0), ng.get(t, 0), npred.get(t, 0)) for t in all_types}
    micro = prf(sum(tp.get(t, 0) for t in all_types), sum(ng.get(t, 0) for t in all_types),
                sum(npred.get(t, 0) for t in all_types))
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    return {
        "micro": micro,
        "macro_f1": macro,
        "per_type": per,
        "tokens": ntok,
        "token_accuracy": 100.0 * ncorrect / ntok if ntok else 0.0,
        "sentences": len(gold),
    }


def eval_ner(test_path: str | Path, model_path: str | Path | None = None) -> dict:
    """Tag a gold CoNLL file with the NER model and score it (see :func:`score_ner`).

    Returns the score dict plus ``test`` (path), ``model`` (path) and ``seconds``
    (tagging time, excluding the model load).
    """
    import time

    from khabar.models.ner import get_tagger, load_tagger

    sents, gold = read_conll(test_path, need_tags=True)
    tagger = load_tagger(model_path) if model_path else get_tagger()
    t0 = time.perf_counter()
    pred = tagger.tag(sents)
    secs = time.perf_counter() - t0
    res = score_ner(gold, pred, types=TYPES)
    res.update({"test": str(test_path), "model": str(tagger.model_path), "seconds": secs})
    return res


def format_ner_report(res: dict) -> str:
    """A plain-text table of :func:`eval_ner` / :func:`score_ner` results."""
    buf = io.StringIO()
    if "test" in res:
        buf.write(f"test:  {res['test']}\nmodel: {res['model']}\n")
    buf.write(
        f"{res['sentences']} sentences, {res['tokens']} tokens, "
        f"token accuracy {res['token_accuracy']:.2f}%\n"
    )
    buf.write(f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'ok':>6}\n")
    rows = list(res["per_type"].items()) + [("micro", res["micro"])]
    for name, v in rows:
        buf.write(
            f"{name:<6} {v['precision']:6.2f} {v['recall']:6.2f} {v['f1']:6.2f} "
            f"{v['gold']:6d} {v['pred']:6d} {v['correct']:6d}\n"
        )
    buf.write(f"macro-F1 {res['macro_f1']:.2f}\n")
    return buf.getvalue()
