"""Stance adapted to one debate from a few labelled statements: no retraining.

The model reads every debate the same way; a debate has its own words and its own lean (on
one topic it reads too many statements as support). Given statements a reviewer labelled,
a small correction is fitted to this debate: a bias per label and one temperature on the
model's log-probabilities, ``p'(y) ∝ exp(log p(y) / T + b_y)``, pulled toward no change
(``b = 0``, ``T = 1``) so that five labels cannot swing it far. The labelled statements
take their labels; every other statement is read again through the correction.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..core import Extraction, Question, Stance, StanceLabel, Statement
from ..errors import LabelsError
from .stage import UNRELATED_MIN

MODEL_LABELS = ("support", "oppose", "neutral", "unrelated")
# How strongly the correction is pulled toward no change (a Gaussian prior on the biases and
# the log-temperature, as strong as this many statements read as the model reads them).
# At 1.0 five labels made VAST dev worse (0.611 against 0.635 unadapted); at 5.0 every
# point of the learning curve gains (docs/research.md).
PRIOR = 5.0
STEPS = 300
RATE = 0.1
FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class Adaptation:
    """The correction fitted to one debate."""

    bias: dict[str, float]
    temperature: float
    labelled: int

    def probs(self, probs: Mapping[str, float]) -> dict[str, float]:
        z = {
            k: math.log(max(probs.get(k, 0.0), FLOOR)) / self.temperature + self.bias[k]
            for k in MODEL_LABELS
        }
        top = max(z.values())
        e = {k: math.exp(v - top) for k, v in z.items()}
        total = sum(e.values())
        return {k: v / total for k, v in e.items()}


NO_CHANGE = Adaptation(dict.fromkeys(MODEL_LABELS, 0.0), 1.0, 0)


def fit(examples: Sequence[tuple[Mapping[str, float], str]], *, prior: float = PRIOR) -> Adaptation:
    """The correction that best reads ``examples`` ((model probabilities, gold label) with
    gold one of :data:`MODEL_LABELS`), by gradient descent on their log-loss plus the prior."""
    rows = [(p, y) for p, y in examples if y in MODEL_LABELS]
    if not rows:
        return NO_CHANGE
    logs = np.log(np.array([[max(p.get(k, 0.0), FLOOR) for k in MODEL_LABELS] for p, _ in rows]))
    gold = np.zeros_like(logs)
    gold[np.arange(len(rows)), [MODEL_LABELS.index(y) for _, y in rows]] = 1.0
    bias = np.zeros(len(MODEL_LABELS))
    log_t = 0.0
    n = len(rows)
    for _ in range(STEPS):
        inv_t = math.exp(-log_t)
        z = logs * inv_t + bias
        e = np.exp(z - z.max(axis=1, keepdims=True))
        err = e / e.sum(axis=1, keepdims=True) - gold
        g_bias = prior * bias + err.sum(axis=0)
        g_t = prior * log_t - inv_t * float((err * logs).sum())  # d z_k / d log T = -log p_k / T
        bias = bias - RATE * g_bias / n
        log_t -= RATE * g_t / n
    return Adaptation(dict(zip(MODEL_LABELS, bias.tolist(), strict=True)), math.exp(log_t), n)


def read_labels(path: str | Path) -> dict[str, str]:
    """Labelled statements from a CSV file: columns ``id,stance`` (a statement id as every
    output gives it) or ``document,start,end,stance``. Raises
    :class:`~stancemap.errors.LabelsError` for a missing or unreadable file, other columns, a
    row without an id, or a stance that is not one of stancemap's."""
    file = Path(path)
    if not file.is_file():
        raise LabelsError(f"no such labels file: {file}; give a CSV with columns id,stance")
    try:
        # utf-8-sig: a spreadsheet's CSV export starts with a byte-order mark
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fields = set(rows[0]) if rows else set()
    except UnicodeDecodeError:
        raise LabelsError(f"{file} is not UTF-8 text: save the CSV as UTF-8") from None
    by_id = {"id", "stance"} <= fields
    if not (by_id or {"document", "start", "end", "stance"} <= fields):
        raise LabelsError(
            f"{file}: columns must be id,stance or document,start,end,stance "
            "(ids as 'map --format csv' gives them)"
        )
    labels: dict[str, str] = {}
    for n, row in enumerate(rows, 2):
        cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
        ident = cell.get("id", "")
        if not ident and all(cell.get(k) for k in ("document", "start", "end")):
            ident = f"{cell['document']}:{cell['start']}-{cell['end']}"
        if not ident:
            raise LabelsError(f"{file}:{n}: no statement id (or document, start and end)")
        labels[ident] = cell.get("stance", "")
    return checked(labels, where=str(file))


def checked(labels: Mapping[str, str], *, where: str = "labels") -> dict[str, str]:
    """``labels`` with each stance lower-cased; a :class:`~stancemap.errors.LabelsError` for
    one that is not one of stancemap's."""
    known = {label.value for label in StanceLabel}
    out = {}
    for ident, stance in labels.items():
        value = str(stance).strip().lower()
        if value not in known:
            raise LabelsError(
                f"{where}: stance {stance!r} of {ident!r} is not one of {', '.join(sorted(known))}"
            )
        out[str(ident)] = value
    return out


def adapt(
    results: Sequence[Extraction], labels: Mapping[str, str]
) -> tuple[list[Extraction], Adaptation]:
    """``results`` with their stances adapted to ``labels`` (statement id -> stance): the
    labelled statements take their labels (confidence 1), the others are read through the
    correction :func:`fit` finds on the labelled ones. A label naming no statement is a
    :class:`~stancemap.errors.LabelsError`."""
    labels = checked(labels)
    by_id = {s.id: s for r in results for s in r.statements}
    unknown = [i for i in labels if i not in by_id]
    if unknown:
        raise LabelsError(
            f"{len(unknown)} labelled statements are not in the map (first: {unknown[0]!r}); "
            "take the ids from 'map --format csv' of the same articles"
        )
    examples = [(st.probs, labels[i]) for i, s in by_id.items() if i in labels and (st := s.stance)]
    correction = fit(examples)
    out = []
    for r in results:
        statements = tuple(
            _adapted(s, labels.get(s.id), correction, r.question) for s in r.statements
        )
        out.append(replace(r, statements=statements))
    return out, correction


def _adapted(
    s: Statement, label: str | None, correction: Adaptation, question: Question | None
) -> Statement:
    st = s.stance
    if label is not None:
        given = StanceLabel(label)
        evidence = st.evidence if st is not None else ()
        return replace(s, stance=Stance(given, 1.0, {given.value: 1.0}, evidence))
    if st is None:
        return s
    if st.label is StanceLabel.CONDITIONAL or not st.probs or correction.labelled == 0:
        return s
    probs = correction.probs(st.probs)
    best = max(probs, key=probs.__getitem__)
    if best == "unrelated" and (
        probs[best] < UNRELATED_MIN or (question is not None and question.named_in(s.content.text))
    ):
        # it names the question's subject, or the model is not sure enough that it is about
        # something else: it is about the question (as the stance stage reads)
        best = max(("support", "oppose", "neutral"), key=probs.__getitem__)
    return replace(s, stance=Stance(StanceLabel(best), probs[best], probs, st.evidence))
