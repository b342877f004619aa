"""The embedded stance model: the shared encoder's cross-encoder head (onnxruntime, no PyTorch).

``StanceModel.predict(question, texts)`` gives, per text, a probability for each of
support / oppose / neutral / unrelated, temperature-scaled so confidences are calibrated.

``StanceModel.predict_statements`` reads a statement of several sentences the way the
product and the evaluation do: only the sentences that name the question's subject (all of
them when none does) go to the model, one by one, and their logits are averaged. The model
learnt stance from one- or two-sentence arguments; a long text in one piece reads worse
(VAST dev macro-F1 0.469 whole, 0.555 focused, 0.574 with each sentence's sentiment as
well, :mod:`.sentiment`; README: Accuracy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..encoder import BATCH, Encoder, default_encoder, softmax
from ..records import Span
from ..text import sentence_spans
from .sentiment import SENTIMENT_WEIGHT, relation, sentiment
from .terms import mentions, question_terms


@dataclass(frozen=True, slots=True)
class StanceScores:
    probs: dict[str, float]

    @property
    def label(self) -> str:
        return max(self.probs, key=self.probs.__getitem__)

    @property
    def confidence(self) -> float:
        return self.probs[self.label]


@dataclass(frozen=True, slots=True)
class StatementScores:
    """A statement's stance: ``scores`` from its focus sentences' averaged logits, and each
    focus sentence (offsets into the statement) with its own scores."""

    scores: StanceScores
    sentences: tuple[tuple[Span, StanceScores], ...]


def focus_sentences(question: str, text: str) -> list[Span]:
    """The parts of ``text`` the model reads: the whole of a one-sentence text; else the
    sentences (three words or more) that name the question's subject, or all of them when
    none does. Offsets are into ``text``."""
    sentences = sentence_spans(text, min_words=3)
    if len(sentences) <= 1:
        return [Span.of(text, 0, len(text))]
    terms = question_terms(question)
    named = [s for s in sentences if mentions(s.text, terms)]
    return named or sentences


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

    def predict_statements(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = BATCH,
        sentiment_weight: float = SENTIMENT_WEIGHT,
    ) -> list[StatementScores]:
        """Per (question, statement): the stance of its focus sentences
        (:func:`focus_sentences`), each sentence's logits shifted by its sentiment
        (``sentiment_weight`` x VADER compound x its :func:`~.sentiment.relation` to the
        question, toward support and away from oppose), averaged, then temperature-scaled."""
        focus = [focus_sentences(q, text) for q, text in pairs]
        flat = [
            (q, span.text) for (q, _), spans in zip(pairs, focus, strict=True) for span in spans
        ]
        logits = self.encoder.logits(flat, batch_size=batch_size)
        if sentiment_weight and flat:
            pro, con = self.labels.index("support"), self.labels.index("oppose")
            for i, (q, text) in enumerate(flat):
                way = relation(q, text)
                if not way:
                    continue
                shift = sentiment_weight * sentiment(text) * way
                logits[i, pro] += shift
                logits[i, con] -= shift
        temperature = self.encoder.temperature
        out: list[StatementScores] = []
        at = 0
        for spans in focus:
            block = logits[at : at + len(spans)]
            at += len(spans)
            each = tuple(
                (span, StanceScores(softmax(row.tolist(), temperature, self.labels)))
                for span, row in zip(spans, block, strict=True)
            )
            mean = softmax(block.mean(axis=0).tolist(), temperature, self.labels)
            out.append(StatementScores(StanceScores(mean), each))
        return out


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
