"""Stance corpora in the layouts of ``../shared/data``: ArgKP, IBM claim stance, GWSD, VAST.

Every loader returns :class:`StanceExample` rows with one label vocabulary:
``support``, ``oppose``, ``neutral`` (about the target, no side taken).
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

GWSD_TARGET = "Global warming is a serious concern."
LABELS = ("support", "oppose", "neutral", "unrelated")


@dataclass(frozen=True, slots=True)
class StanceExample:
    text: str
    target: str
    label: str
    group: str  # topic id: folds and "seen" checks split on it
    zero_shot: bool = True
    source: str = ""


def _rows(path: str | Path, delimiter: str = ",") -> list[dict[str, str]]:
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p} not found")
    csv.field_size_limit(10**8)
    with p.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _need(rows: list[dict[str, str]], path: str | Path, *columns: str) -> None:
    if not rows or any(c not in rows[0] for c in columns):
        raise DataError(f"{path} must be a table with columns {', '.join(columns)}")


def load_argkp(path: str | Path) -> list[StanceExample]:
    """``arguments_*.csv``: arg_id, argument, topic, stance (1 / -1)."""
    rows = _rows(path)
    _need(rows, path, "argument", "topic", "stance")
    return [
        StanceExample(
            r["argument"],
            r["topic"],
            "support" if int(r["stance"]) > 0 else "oppose",
            r["topic"],
            source="argkp",
        )
        for r in rows
    ]


def load_ibm(path: str | Path) -> list[StanceExample]:
    """IBM Debater claim stance: claims.claimCorrectedText, topicText, claims.stance."""
    rows = _rows(path)
    _need(rows, path, "topicText", "claims.stance", "claims.claimCorrectedText")
    return [
        StanceExample(
            r["claims.claimCorrectedText"],
            r["topicText"],
            "support" if r["claims.stance"] == "PRO" else "oppose",
            r["topicId"],
            source="ibm",
        )
        for r in rows
    ]


def load_ibm_targets(path: str | Path) -> list[StanceExample]:
    """Noun-phrase targets from IBM claim stance's annotations (training only): each claim
    toward its own target ("claims.claimTarget.text", by "claims.claimSentiment") and toward
    the motion's target ("topicTarget": the claim's stance times "topicSentiment")."""
    rows = _rows(path)
    _need(
        rows,
        path,
        "topicId",
        "topicTarget",
        "topicSentiment",
        "claims.stance",
        "claims.claimCorrectedText",
        "claims.claimTarget.text",
        "claims.claimSentiment",
    )
    out = []
    for r in rows:
        text, group = r["claims.claimCorrectedText"], r["topicId"]
        target, sentiment = r["claims.claimTarget.text"].strip(), r["claims.claimSentiment"]
        if target and sentiment in {"1", "-1"} and target != text:
            label = "support" if sentiment == "1" else "oppose"
            out.append(StanceExample(text, target, label, group, source="ibm-target"))
        pro = (r["claims.stance"] == "PRO") == (r["topicSentiment"] == "1")
        label = "support" if pro else "oppose"
        out.append(StanceExample(text, r["topicTarget"], label, group, source="ibm-np"))
    return out


def parse_fold(text: str) -> tuple[int, int]:
    """'K/N' -> (K, N): fold K (1-based) of N, with N >= 2."""
    k, sep, n = text.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n) and int(n) >= 2):
        raise DataError(f"fold {text!r}: use K/N, e.g. 1/2 (N >= 2, 1 <= K <= N)")
    return int(k), int(n)


def topic_fold(rows: list[StanceExample], fold: int, folds: int) -> frozenset[str]:
    """The topic ids of fold ``fold`` (1-based) of ``folds``: topics sorted by id (numerically
    where they are numbers) and dealt round-robin, so the split is the same on every run."""
    parse_fold(f"{fold}/{folds}")  # the same checks as for a fold given as text
    ids = sorted(
        {r.group for r in rows}, key=lambda g: (not g.isdigit(), int(g) if g.isdigit() else 0, g)
    )
    return frozenset(g for i, g in enumerate(ids) if i % folds == fold - 1)


def row_fold(text: str, folds: int) -> int:
    """The fold (1-based, of ``folds``) a row of one-topic data (GWSD) falls in, by a
    checksum of its text: the same on every run and for every file that holds the row."""
    return zlib.crc32(text.encode("utf-8")) % folds + 1


def load_gwsd(path: str | Path) -> list[StanceExample]:
    """GWStance: label = argmax of the agree / neutral / disagree posteriors; rows without
    posteriors are attention checks and are dropped."""
    rows = _rows(path, delimiter="\t")
    _need(rows, path, "sentence", "agree", "neutral", "disagree")
    out = []
    for r in rows:
        try:
            post = {
                "support": float(r["agree"]),
                "neutral": float(r["neutral"]),
                "oppose": float(r["disagree"]),
            }
        except ValueError:
            continue
        out.append(
            StanceExample(
                r["sentence"],
                GWSD_TARGET,
                max(post, key=post.__getitem__),
                "global warming",
                source="gwsd",
            )
        )
    return out


def load_vast(path: str | Path) -> list[StanceExample]:
    """VAST: Tweet, Target, Stance (0 con, 1 pro, 2 neutral), seen? (0 = zero-shot)."""
    rows = _rows(path)
    _need(rows, path, "Tweet", "Target", "Stance")
    names = {"0": "oppose", "1": "support", "2": "neutral"}
    return [
        StanceExample(
            r["Tweet"],
            r["Target"],
            names[r["Stance"]],
            r["Target"],
            source="vast",
            zero_shot=r.get("seen?", "0") == "0",
        )
        for r in rows
    ]


# the project's corpus read three-way like VAST: a condition on support is support, a
# statement about something else takes no side
_OWN_THREE = {"conditional": "support", "unrelated": "neutral"}


def load_own(path: str | Path) -> list[StanceExample]:
    """The project's stance corpus (``data/stance``, :mod:`.own`), three-way toward each
    debate's question: news register, the annotation guide's hard forms."""
    from .own import read_corpus

    return [
        StanceExample(r.text, r.question, _OWN_THREE.get(r.label, r.label), r.debate, source="own")
        for r in read_corpus(path)
    ]


LOADERS = {
    "argkp": load_argkp,
    "ibm": load_ibm,
    "gwsd": load_gwsd,
    "vast": load_vast,
    "own": load_own,
}
