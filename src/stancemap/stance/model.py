"""The embedded stance model: an int8 ONNX cross-encoder run by onnxruntime (no PyTorch).

``StanceModel.predict(question, texts)`` gives, per text, a probability for each of
support / oppose / neutral / unrelated, temperature-scaled so confidences are calibrated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelNotFound

MODEL_FILES = ("stance_model.onnx", "stance_model.json", "tokenizer.json")


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
    def __init__(self, folder: str | Path | None = None, *, threads: int = 1) -> None:
        root = Path(folder) if folder else Path(str(resources.files(__package__)))
        missing = [f for f in MODEL_FILES if not (root / f).is_file()]
        if missing:
            raise ModelNotFound(
                f"stance model files missing in {root} ({', '.join(missing)}); "
                "build the model with 'stancemap train stance --data DIR' (README: Stance)"
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((root / "stance_model.json").read_text("utf-8"))
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.temperature = float(meta.get("temperature", 1.0))
        self.max_length = int(meta.get("max_length", 128))
        self.meta = meta
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(root / "stance_model.onnx"), opts, providers=["CPUExecutionProvider"]
        )

    def predict(
        self, question: str, texts: Sequence[str], *, batch_size: int = 32
    ) -> list[StanceScores]:
        return self.predict_pairs([(question, t) for t in texts], batch_size=batch_size)

    def predict_pairs(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32
    ) -> list[StanceScores]:
        import numpy as np

        out: list[StanceScores] = []
        for i in range(0, len(pairs), batch_size):
            chunk = list(pairs[i : i + batch_size])
            encs = self.tokenizer.encode_batch(chunk)
            feed: dict[str, Any] = {
                "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64),
            }
            logits = self.session.run(["logits"], feed)[0]
            for row in logits.tolist():
                out.append(StanceScores(_softmax(row, self.temperature, self.labels)))
        return out


def _softmax(row: list[float], temperature: float, labels: Sequence[str]) -> dict[str, float]:
    scaled = [x / temperature for x in row]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    total = sum(exps)
    return {label: e / total for label, e in zip(labels, exps, strict=True)}


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
