"""The embedded stance model: a cross-encoder head (onnxruntime, no PyTorch), the shipped
stance-only model's when there is one, else the shared encoder's
(:func:`~stancemap.encoder.default_stance_encoder`).

``StanceModel.predict(question, texts)`` gives, per text, a probability for each of
support / oppose / neutral / unrelated, calibrated (a temperature and a neutral bias).

``StanceModel.predict_statements`` reads a statement of several sentences the way the
product and the evaluation do: only the sentences that name the question's subject (all of
them when none does) go to the model, one by one, and their logits are averaged. The model
learnt stance from one- or two-sentence arguments; a long text in one piece reads worse
(VAST dev macro-F1 0.469 whole, 0.555 focused, 0.574 with each sentence's sentiment as
well, :mod:`.sentiment`; README: Accuracy).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import Question, Span
from ..encoder import Encoder, default_stance_encoder
from ..lang.en.question import MEASURE_MENTION
from ..text import sentence_spans
from .rebuttal import is_rebuttal, rebutted_view
from .sentiment import SENTIMENT_WEIGHT, sentiment

if TYPE_CHECKING:
    import numpy as np


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


Asked = Question | str  # a question read, or its text (read once per call)


def read_questions(pairs: Sequence[tuple[Asked, str]]) -> list[tuple[Question, str]]:
    """The pairs with each question read (:meth:`Question.parse`), each distinct text once:
    evaluation and training sets pass their targets as text, read as they are."""
    seen: dict[str, Question] = {}
    out = []
    for q, text in pairs:
        if isinstance(q, str):
            if q not in seen:
                seen[q] = Question.parse(q, check=False)
            q = seen[q]
        out.append((q, text))
    return out


def focus_sentences(question: Question, text: str) -> list[Span]:
    """The parts of ``text`` the model reads: the whole of a one-sentence text; else the
    sentences (three words or more) that name the question's subject, or all of them when
    none does. Offsets are into ``text``."""
    sentences = sentence_spans(text, min_words=3)
    if len(sentences) <= 1:
        return [Span.of(text, 0, len(text))]
    named = [s for s in sentences if question.named_in(s.text)]
    return named or sentences


class StanceModel:
    """Stance probabilities from a model's ``logits`` output (by default the shipped stance
    model: :func:`~stancemap.encoder.default_stance_encoder`)."""

    def __init__(self, folder: str | Path | None = None, *, encoder: Encoder | None = None) -> None:
        if encoder is None:
            encoder = Encoder(folder) if folder else default_stance_encoder()
        self.encoder = encoder
        self.labels = encoder.labels
        self.meta = encoder.meta

    def predict(
        self, question: str, texts: Sequence[str], *, batch_size: int | None = None
    ) -> list[StanceScores]:
        return self.predict_pairs([(question, t) for t in texts], batch_size=batch_size)

    def predict_pairs(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int | None = None
    ) -> list[StanceScores]:
        if not pairs:
            return []
        return [StanceScores(p) for p in self.encoder.probabilities(pairs, batch_size=batch_size)]

    def predict_statements(
        self,
        pairs: Sequence[tuple[Asked, str]],
        *,
        batch_size: int | None = None,
        sentiment_weight: float = SENTIMENT_WEIGHT,
        rephrase: bool = True,
    ) -> list[StatementScores]:
        """Per (question, statement): the stance of its focus sentences
        (:func:`focus_sentences`), each sentence's logits shifted by its sentiment
        (``sentiment_weight`` x VADER compound x its :meth:`Question.relation` to the
        question, toward support and away from oppose), averaged, then calibrated
        (:meth:`~stancemap.encoder.Encoder.calibrated`).
        A sentence that reports a view to rebut it (:func:`~.rebuttal.rebutted_view`) is
        read by that view, support and oppose swapped, and so is the rebuttal that follows
        it ("They are wrong."). ``rephrase``: each sentence is also
        read toward the question put another way: for a question that asks to ban, end, ...
        something, toward that something alone (:attr:`Question.object_phrase`), support
        and oppose swapped, the surer of the two readings kept; for a bare topic, toward it
        as a question as well (:attr:`Question.topic_question`), the two readings averaged;
        for another question that asks for an act, toward the act alone as a bare target
        (:attr:`Question.proposition`: "closing its old town to cars"), in one pass; and a
        sentence that names the measure as "the plan" is read with that act in its place
        (:func:`named_measure`)."""
        focus, logits = self._read(pairs, batch_size, sentiment_weight, rephrase)
        calibrated = self.encoder.calibrated
        out: list[StatementScores] = []
        for spans, block in _blocks(focus, logits):
            each = tuple(
                (span, StanceScores(calibrated(row.tolist())))
                for span, row in zip(spans, block, strict=True)
            )
            mean = calibrated(block.mean(axis=0).tolist())
            out.append(StatementScores(StanceScores(mean), each))
        return out

    def statement_logits(
        self,
        pairs: Sequence[tuple[Asked, str]],
        *,
        batch_size: int | None = None,
        sentiment_weight: float = SENTIMENT_WEIGHT,
        rephrase: bool = True,
    ) -> np.ndarray:
        """Per (question, statement), the averaged logits that :meth:`predict_statements`
        calibrates: what ``train calibrate`` fits the temperature and bias on."""
        import numpy as np

        focus, logits = self._read(pairs, batch_size, sentiment_weight, rephrase)
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float64)
        for i, (_spans, block) in enumerate(_blocks(focus, logits)):
            out[i] = block.mean(axis=0)
        return out

    def _read(
        self,
        asked: Sequence[tuple[Asked, str]],
        batch_size: int | None,
        sentiment_weight: float,
        rephrase: bool,
    ) -> tuple[list[list[Span]], np.ndarray]:
        """The focus sentences of each pair and one row of logits per focus sentence, read
        as :meth:`predict_statements` says (before calibration)."""
        pairs = read_questions(asked)
        focus = [focus_sentences(q, text) for q, text in pairs]
        flat: list[tuple[Question, str]] = []
        flips: list[int] = []
        for (q, text), spans in zip(pairs, focus, strict=True):
            last: str | None = None
            for span in spans:
                view = rebutted_view(span.text, text[span.end :])
                if view is None and last is not None and is_rebuttal(span.text):
                    view = last  # "Nothing could be further from the truth.": the view, denied
                if view is not None:
                    flips.append(len(flat))
                said = view or span.text
                flat.append((q, named_measure(q, said) if rephrase else said))
                last = view
        objects = [q.object_phrase if rephrase else None for q, _ in flat]
        # a second target, the two readings averaged: a bare topic as a question
        topics = [q.topic_question if rephrase else None for q, _ in flat]
        turned = [i for i, target in enumerate(objects) if target]
        posed = [i for i, target in enumerate(topics) if target]
        extra = [(objects[i] or "", flat[i][1]) for i in turned]
        extra += [(topics[i] or "", flat[i][1]) for i in posed]
        plain = [(_target(q) if rephrase else q.text, text) for q, text in flat]
        every = self.encoder.logits(plain + extra, batch_size=batch_size)
        logits = every[: len(flat)]
        pro, con = self.labels.index("support"), self.labels.index("oppose")
        if turned:
            against = every[len(flat) : len(flat) + len(turned)]
            against[:, [pro, con]] = against[:, [con, pro]]
            logits[turned] = _surer(logits[turned], against, pro, con)
        if posed:
            logits[posed] = (logits[posed] + every[len(flat) + len(turned) :]) / 2
        if sentiment_weight and flat:
            for i, (q, text) in enumerate(flat):
                way = q.relation(text)
                if not way:
                    continue
                shift = sentiment_weight * sentiment(text) * way
                logits[i, pro] += shift
                logits[i, con] -= shift
        if flips:
            logits[flips] = logits[flips][:, _swap(len(self.labels), pro, con)]
        return focus, logits


def _target(question: Question) -> str:
    """What a statement is read toward first: the act a question asks for, as a bare
    target ("closing its old town to cars"), when the question has neither a topic nor an
    object reading; else the question. Read toward the act alone, news register reads
    better than toward the question, or the two averaged, in half the passes (docs/research.md,
    "One pass toward the act")."""
    if question.topic_question or question.object_phrase or not question.proposition:
        return question.text
    return question.proposition


def named_measure(question: Question, text: str) -> str:
    """``text`` with its first reference to the measure ("the plan", "this proposal":
    :data:`~stancemap.lang.en.question.MEASURE_MENTION`) put as the act the question asks
    for (:attr:`Question.proposition`): "the plan was the most important change in fifty
    years" -> "closing its old town to cars was ...". The model reads a bare "the plan"
    as about nothing in particular; the act it can read toward the question."""
    act = question.proposition
    if not act:
        return text
    m = MEASURE_MENTION.search(text)
    if m is None:
        return text
    if m.start() == 0 or text[: m.start()].rstrip().endswith((".", "!", "?", '"', "“")):
        act = act[:1].upper() + act[1:]
    return text[: m.start()] + act + text[m.end() :]


def _blocks(focus: list[list[Span]], logits: np.ndarray) -> Iterator[tuple[list[Span], np.ndarray]]:
    """Each statement's focus sentences with their rows of ``logits`` (one per sentence,
    statements in order)."""
    at = 0
    for spans in focus:
        yield spans, logits[at : at + len(spans)]
        at += len(spans)


def _swap(n: int, a: int, b: int) -> list[int]:
    """Column order that swaps columns ``a`` and ``b`` of ``n``."""
    order = list(range(n))
    order[a], order[b] = b, a
    return order


def _surer(first: np.ndarray, second: np.ndarray, pro: int, con: int) -> np.ndarray:
    """Row by row, the reading whose support-vs-oppose margin is larger."""
    import numpy as np

    wider = np.abs(second[:, pro] - second[:, con]) > np.abs(first[:, pro] - first[:, con])
    return np.where(wider[:, None], second, first)


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
