"""Calibrate the stance head: ``stancemap train calibrate`` (also the last step of training).

Two things are fitted on the training rows held out for calibration, read by the int8 model
that ships the way the product reads statements (``StanceModel.statement_logits``: focus
sentences, rephrased questions, sentiment), so what is calibrated is what users see: a
temperature that scales every logit
(Guo et al. 2017) and a bias on the neutral logit. The bias undoes a distortion of the
recipe: neutral is learnt from one corpus (GWSD, ~7 % of the rows), so the loss weights it
up to 3x and the model over-predicts it (GWSD train macro-F1 0.585 with the temperature
alone, 0.661 with the bias; NOTES.md). A free bias on every label was tried too: it fits the
made "unrelated" pairs' share and cost VAST dev 0.024 macro-F1.

Both are found by Newton's method on the held-out negative log-likelihood, which is convex
in (1 / temperature, bias): the same rows give the same figures every time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_atomic
from ..corpora.stance import StanceExample
from ..errors import DataError

if TYPE_CHECKING:
    import numpy as np

BIASED = ("neutral",)  # the labels that get a bias of their own


MAX_TEMPERATURE = 50.0  # a model whose logits say nothing gets near-uniform confidences


def fit_calibration(
    logits: np.ndarray, gold: np.ndarray, biased: Sequence[int] = ()
) -> tuple[float, list[float]]:
    """The temperature (at most :data:`MAX_TEMPERATURE`) and the per-column biases (0
    outside ``biased``) that minimise the negative log-likelihood of
    ``softmax(logits / temperature + bias)`` for the ``gold`` column indices."""
    import numpy as np

    z = np.asarray(logits, dtype=np.float64)
    n, k = z.shape
    y = np.zeros_like(z)
    y[np.arange(n), np.asarray(gold)] = 1.0
    # features of each (row, column) logit: the raw logit, then one indicator per bias;
    # the parameters: 1 / temperature, then the biases
    x = np.zeros((n, k, 1 + len(biased)))
    x[:, :, 0] = z
    for j, col in enumerate(biased):
        x[:, col, 1 + j] = 1.0
    theta = np.zeros(1 + len(biased))
    theta[0] = 1.0
    theta = _newton(x, y, theta, np.arange(len(theta)))
    if theta[0] < 1.0 / MAX_TEMPERATURE:  # logits that do not rank the gold labels
        theta[0] = 1.0 / MAX_TEMPERATURE
        theta = _newton(x, y, theta, np.arange(1, len(theta)))
    bias = [0.0] * k
    for j, col in enumerate(biased):
        bias[col] = float(theta[1 + j])
    return float(1.0 / theta[0]), bias


def _newton(x: np.ndarray, y: np.ndarray, theta: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Minimise the mean NLL of softmax(x @ theta) over the ``free`` parameters (damped
    Newton steps; the loss is convex in theta)."""
    import numpy as np

    theta = theta.copy()
    n = len(x)

    def nll(t: np.ndarray) -> float:
        s = x @ t
        s -= s.max(axis=1, keepdims=True)
        return float(-(y * (s - np.log(np.exp(s).sum(axis=1, keepdims=True)))).sum() / n)

    if not len(free):
        return theta
    for _ in range(100):
        s = x @ theta
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = np.einsum("nk,nkd->d", p - y, x) / n
        mean = np.einsum("nk,nkd->nd", p, x)
        hess = (np.einsum("nk,nkd,nke->de", p, x, x) - mean.T @ mean) / n
        sub = hess[np.ix_(free, free)] + 1e-9 * np.eye(len(free))
        step = np.zeros_like(theta)
        step[free] = np.linalg.solve(sub, grad[free])
        rate, before = 1.0, nll(theta)
        while nll(theta - rate * step) > before and rate > 1e-6:
            rate /= 2
        theta -= rate * step
        if np.abs(rate * step).max() < 1e-9:
            break
    return theta


def calibrate(folder: str | Path, rows: Sequence[StanceExample]) -> dict[str, Any]:
    """Fit the temperature and bias of the model in ``folder`` on ``rows`` and write them
    into its encoder.json (replaced whole, never half-written); returns what changed."""
    import numpy as np

    from ..encoder import Encoder
    from ..stance.model import StanceModel

    if not rows:
        raise DataError("no calibration rows")
    encoder = Encoder(folder)
    labels = list(encoder.labels)
    logits = StanceModel(encoder=encoder).statement_logits([(r.target, r.text) for r in rows])
    gold = np.array([labels.index(r.label) for r in rows])
    temperature, bias = fit_calibration(
        logits, gold, [labels.index(b) for b in BIASED if b in labels]
    )
    update = {
        "temperature": round(temperature, 4),
        "logit_bias": {
            label: round(b, 4) for label, b in zip(labels, bias, strict=True) if label in BIASED
        },
        "calibration_rows": len(rows),
    }
    meta = {**encoder.meta, **update}
    path = Path(folder) / "encoder.json"
    write_atomic(path, json.dumps(meta, indent=2) + "\n")
    return update
