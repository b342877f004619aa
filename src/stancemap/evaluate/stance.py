"""Stance scores on VAST, IBM claim stance and GWSD layouts (macro-F1 and accuracy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..stance.model import StanceModel, StanceScores, macro_f1
from .stance_data import LOADERS, StanceExample

THREE = ("support", "oppose", "neutral")


def predict_label(scores: StanceScores, labels: Sequence[str]) -> str:
    """The best of ``labels``; "unrelated" folds into "neutral" for three-way data."""
    probs = dict(scores.probs)
    if "neutral" in labels:
        probs["neutral"] = probs.get("neutral", 0.0) + probs.pop("unrelated", 0.0)
    return max(labels, key=lambda label: probs.get(label, 0.0))


def evaluate_stance(
    dataset: str,
    path: str | Path,
    *,
    model: StanceModel | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    if dataset not in LOADERS or dataset == "argkp":
        raise DataError(f"unknown stance dataset {dataset!r}: use vast, ibm or gwsd")
    rows = LOADERS[dataset](path)
    m = model or StanceModel()
    labels = ("support", "oppose") if dataset == "ibm" else THREE
    preds: list[str] = []
    for i in range(0, len(rows), 256):
        chunk = rows[i : i + 256]
        preds += [
            predict_label(s, labels) for s in m.predict_pairs([(r.target, r.text) for r in chunk])
        ]
        if progress:
            progress(len(chunk))
    report = _scores(rows, preds, labels)
    report.update({"dataset": dataset, "path": str(path)})
    if dataset == "vast":
        zs = [i for i, r in enumerate(rows) if r.zero_shot]
        report["zero_shot"] = _scores([rows[i] for i in zs], [preds[i] for i in zs], labels)
    return report


def _scores(
    rows: Sequence[StanceExample], preds: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    gold = [r.label for r in rows]
    correct = sum(g == p for g, p in zip(gold, preds, strict=True))
    return {
        "rows": len(rows),
        "macro_f1": round(macro_f1(gold, preds, labels), 4),
        "accuracy": round(correct / len(rows), 4) if rows else 0.0,
    }
