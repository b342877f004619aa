"""Attribution scores on PolNeAR-layout data.

Span precision / recall / F1 for Source, Cue and Content over the distinct spans of each
article, exact (same offsets) and overlap (any shared character), micro-averaged over the
split; plus speaker accuracy: for each predicted content that overlaps a gold content, does
the predicted speaker mention overlap that attribution's gold source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.records import Document, Extraction
from ..corpora.polnear import LABELS, GoldDoc, load_split
from ..pipeline import Pipeline

Spans = set[tuple[int, int]]


@dataclass(slots=True)
class _Counts:
    pred: int = 0
    gold: int = 0
    exact: int = 0
    pred_hit: int = 0
    gold_hit: int = 0

    def add(self, pred: Spans, gold: Spans) -> None:
        self.pred += len(pred)
        self.gold += len(gold)
        self.exact += len(pred & gold)
        self.pred_hit += sum(1 for p in pred if any(_ov(p, g) for g in gold))
        self.gold_hit += sum(1 for g in gold if any(_ov(p, g) for p in pred))

    def scores(self) -> dict[str, dict[str, float]]:
        return {
            "exact": _prf(self.exact, self.pred, self.exact, self.gold),
            "overlap": _prf(self.pred_hit, self.pred, self.gold_hit, self.gold),
        }


@dataclass(slots=True)
class AttributionReport:
    split: str
    documents: int
    counts: dict[str, _Counts] = field(default_factory=lambda: {k: _Counts() for k in LABELS})
    speaker_matched: int = 0
    speaker_correct: int = 0

    def to_dict(self) -> dict[str, Any]:
        acc = self.speaker_correct / self.speaker_matched if self.speaker_matched else 0.0
        return {
            "split": self.split,
            "documents": self.documents,
            **{label.lower(): c.scores() for label, c in self.counts.items()},
            "speaker_accuracy": round(acc, 4),
            "speaker_matched_contents": self.speaker_matched,
        }


def evaluate_attribution(
    data_dir: str | Path,
    split: str,
    *,
    pipeline: Pipeline | None = None,
    progress: Callable[[list[GoldDoc]], Iterable[GoldDoc]] | None = None,
) -> AttributionReport:
    docs = load_split(data_dir, split)
    pipe = pipeline or Pipeline.default()
    report = AttributionReport(split=split, documents=len(docs))
    stream = progress(docs) if progress else docs
    results = pipe.pipe(Document(text=gold.text, id=gold.name) for gold in stream)
    for gold, result in zip(docs, results, strict=True):
        score_document(report, gold, result)
    return report


def score_document(report: AttributionReport, gold: GoldDoc, result: Extraction) -> None:
    pred: dict[str, Spans] = {label: set() for label in LABELS}
    for s in result.statements:
        pred["Content"].add((s.content.start, s.content.end))
        if s.speaker is not None and s.speaker.end > s.speaker.start:
            pred["Source"].add((s.speaker.start, s.speaker.end))
        if s.cue is not None:
            pred["Cue"].add((s.cue.start, s.cue.end))
    for label in LABELS:
        report.counts[label].add(pred[label], gold.spans[label])
    for s in result.statements:
        content = (s.content.start, s.content.end)
        sources = [
            a.source
            for a in gold.attributions
            if a.content is not None and a.source is not None and _ov(content, a.content)
        ]
        if not sources:
            continue
        report.speaker_matched += 1
        if s.speaker is not None and any(_ov((s.speaker.start, s.speaker.end), g) for g in sources):
            report.speaker_correct += 1


def _ov(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
