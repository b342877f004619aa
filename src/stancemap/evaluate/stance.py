"""Stance scores on VAST, IBM claim stance, GWSD and ArgKP layouts and on the project's own
corpus (``data/stance``, read three-way like VAST) (macro-F1 and accuracy).

ArgKP's dev arguments (4 topics the model never trains stance on) measure unseen topics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..corpora.stance import LOADERS, StanceExample, row_fold
from ..errors import DataError
from ..stance.model import StanceModel, StanceScores, macro_f1
from ..stance.sentiment import SENTIMENT_WEIGHT

THREE = ("support", "oppose", "neutral")
TWO = ("support", "oppose")
# How texts are read: "full" as the product reads statements (focus sentences, the question
# rephrased, sentence sentiment: StanceModel.predict_statements), "focus": focus sentences
# without rephrasing or sentiment, "whole": the model alone on the whole text.
READINGS = ("full", "focus", "whole")
# Two-way sets: every row is for or against its topic.
TWO_WAY = frozenset({"ibm", "argkp"})


def predict_label(scores: StanceScores, labels: Sequence[str]) -> tuple[str, float]:
    """The best of ``labels`` and its probability renormalised over ``labels``;
    "unrelated" folds into "neutral" for three-way data."""
    probs = dict(scores.probs)
    if "neutral" in labels:
        probs["neutral"] = probs.get("neutral", 0.0) + probs.pop("unrelated", 0.0)
    best = max(labels, key=lambda label: probs.get(label, 0.0))
    total = sum(probs.get(label, 0.0) for label in labels) or 1.0
    return best, probs.get(best, 0.0) / total


# Bootstrap resamples behind each 95 % interval, drawn with a fixed seed: the same figures
# every run.
RESAMPLES = 1000
_CHUNK = 100  # resamples drawn at once: memory stays ~rows x 100 x 8 bytes


def interval(
    gold: Sequence[str], preds: Sequence[str], labels: Sequence[str], *, seed: int = 0
) -> dict[str, list[float]]:
    """95 % percentile bootstrap intervals of macro-F1 and accuracy: rows resampled with
    replacement :data:`RESAMPLES` times. They size the noise of the rows drawn; a set of few
    topics varies more between topics than this says."""
    import numpy as np

    if not gold:
        return {"macro_f1": [0.0, 0.0], "accuracy": [0.0, 0.0]}
    code = {label: i for i, label in enumerate(labels)}
    g = np.array([code.get(x, len(labels)) for x in gold])
    p = np.array([code.get(x, len(labels)) for x in preds])
    rng = np.random.default_rng(seed)
    f1s, accs = [], []
    for start in range(0, RESAMPLES, _CHUNK):
        idx = rng.integers(0, len(g), size=(min(_CHUNK, RESAMPLES - start), len(g)))
        f1, acc = resampled_scores(g[idx], p[idx], len(labels))
        f1s.append(f1)
        accs.append(acc)

    def bounds(values: list[Any]) -> list[float]:
        low, high = np.percentile(np.concatenate(values), [2.5, 97.5])
        return [round(float(low), 4), round(float(high), 4)]

    return {"macro_f1": bounds(f1s), "accuracy": bounds(accs)}


def resampled_scores(gold: Any, preds: Any, n_labels: int) -> tuple[Any, Any]:
    """Macro-F1 and accuracy of each row of ``gold`` / ``preds`` (integer arrays, one
    resample per row; labels coded 0 .. n_labels - 1, anything else is no label), as
    :func:`~stancemap.stance.model.macro_f1` computes them."""
    import numpy as np

    per_label = []
    for c in range(n_labels):
        tp = ((gold == c) & (preds == c)).sum(axis=1)
        wrong = ((gold == c) != (preds == c)).sum(axis=1)  # false positives + negatives
        per_label.append(2 * tp / np.maximum(2 * tp + wrong, 1))  # F1; 0 when tp is 0
    return np.mean(per_label, axis=0), (gold == preds).mean(axis=1)


def reliability(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> dict[str, Any]:
    """The reliability table (accuracy per confidence bin) and the expected calibration
    error: a calibrated model is right 70 % of the times it says 0.7."""
    table = []
    ece = 0.0
    n = len(confidence)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidence[i] for i in idx) / len(idx)
        acc = sum(correct[i] for i in idx) / len(idx)
        ece += len(idx) / n * abs(acc - conf)
        table.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "rows": len(idx),
                "confidence": round(conf, 3),
                "accuracy": round(acc, 3),
            }
        )
    return {"ece": round(ece, 4), "bins": table}


def evaluate_stance(
    dataset: str,
    path: str | Path,
    *,
    model: StanceModel | None = None,
    progress: Callable[[int], None] | None = None,
    held_out: bool = False,
    reading: str = "full",
) -> dict[str, Any]:
    """``held_out``: score just what the model left out in training: IBM's topics
    (``train stance --ibm-hold-out K/N`` lists them in encoder.json) or GWSD's rows of a
    fold (``--gwsd-hold-out K/N``, :func:`~stancemap.corpora.stance.row_fold`). ``reading``: one of
    :data:`READINGS`."""
    if dataset not in LOADERS:
        raise DataError(f"unknown stance dataset {dataset!r}: use {', '.join(LOADERS)}")
    if reading not in READINGS:
        raise DataError(f"unknown reading {reading!r}: use {', '.join(READINGS)}")
    rows = LOADERS[dataset](path)
    m = model or StanceModel()
    if held_out:
        rows = _held_out_rows(dataset, rows, m.meta)
        if not rows:
            raise DataError(f"{path} has none of the rows the model held out")
    labels = TWO if dataset in TWO_WAY else THREE
    preds: list[str] = []
    confs: list[float] = []
    for i in range(0, len(rows), 256):
        chunk = rows[i : i + 256]
        pairs = [(r.target, r.text) for r in chunk]
        if reading == "whole":
            scored = m.predict_pairs(pairs)
        else:
            full = reading == "full"
            scored = [
                s.scores
                for s in m.predict_statements(
                    pairs, sentiment_weight=SENTIMENT_WEIGHT if full else 0.0, rephrase=full
                )
            ]
        for s in scored:
            label, conf = predict_label(s, labels)
            preds.append(label)
            confs.append(conf)
        if progress:
            progress(len(chunk))
    report = _scores(rows, preds, labels)
    report.update({"dataset": dataset, "path": str(path), "reading": reading})
    if held_out:
        report["held_out_fold"] = m.meta.get(f"{dataset}_fold")
    report["calibration"] = reliability(
        confs, [r.label == p for r, p in zip(rows, preds, strict=True)]
    )
    if dataset == "vast":
        zs = [i for i, r in enumerate(rows) if r.zero_shot]
        report["zero_shot"] = _scores([rows[i] for i in zs], [preds[i] for i in zs], labels)
    if dataset in TWO_WAY:
        topics: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            topics.setdefault(r.target, []).append(i)
        report["by_topic"] = {
            t: _scores([rows[i] for i in idx], [preds[i] for i in idx], labels)
            for t, idx in sorted(topics.items())
        }
    return report


def _held_out_rows(
    dataset: str, rows: list[StanceExample], meta: dict[str, Any]
) -> list[StanceExample]:
    """The rows of ``dataset`` that a model's training left out, as its encoder.json says."""
    if dataset == "ibm" and meta.get("ibm_held_out"):
        kept = set(meta["ibm_held_out"])
        return [r for r in rows if r.group in kept]
    if dataset == "gwsd" and meta.get("gwsd_fold"):
        k, n = (int(x) for x in meta["gwsd_fold"])
        return [r for r in rows if row_fold(r.text, n) == k]
    raise DataError(
        "--held-out needs a model trained with 'stancemap train stance --ibm-hold-out K/N' "
        "(then --dataset ibm) or '--gwsd-hold-out K/N' (then --dataset gwsd)"
    )


def _scores(
    rows: Sequence[StanceExample], preds: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    gold = [r.label for r in rows]
    correct = sum(g == p for g, p in zip(gold, preds, strict=True))
    return {
        "rows": len(rows),
        "macro_f1": round(macro_f1(gold, preds, labels), 4),
        "accuracy": round(correct / len(rows), 4) if rows else 0.0,
        "ci95": interval(gold, preds, labels),
    }
