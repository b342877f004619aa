"""The embedded stance model: the shared encoder's cross-encoder head (onnxruntime, no PyTorch).

``StanceModel.predict(question, texts)`` gives, per text, a probability for each of
support / oppose / neutral / unrelated, temperature-scaled so confidences are calibrated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..encoder import BATCH, Encoder, default_encoder


@dataclass(frozen=True, slots=True)
class StanceScores:
    probs: dict[str, float]

    @property
    def label(self) -> str:
        return max(self.probs, key=self.probs.__getitem__)

    @property
    def confidence(self) -> float:
        return self.probs[self.label]


class StanceModel:
    """Stance probabilities from the shared encoder's ``logits`` output."""

    def __init__(self, folder: str | Path | None = None, *, encoder: Encoder | None = None) -> None:
        if encoder is None:
            encoder = Encoder(folder) if folder else default_encoder()
        self.encoder = encoder
        self.labels = encoder.labels
        self.meta = encoder.meta

    def predict(
        self, question: str, texts: Sequence[str], *, batch_size: int = BATCH
    ) -> list[StanceScores]:
        return self.predict_pairs([(question, t) for t in texts], batch_size=batch_size)

    def predict_pairs(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = BATCH
    ) -> list[StanceScores]:
        if not pairs:
            return []
        return [StanceScores(p) for p in self.encoder.probabilities(pairs, batch_size=batch_size)]


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores)
