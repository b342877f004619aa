"""The embedded model: one int8 ONNX MiniLM encoder run by onnxruntime (no PyTorch).

It has two outputs, trained together by ``stancemap train stance``:
``logits`` (a cross-encoder stance head over a (question, statement) pair) and
``embedding`` (a normalised sentence vector used to group arguments under key points).
:func:`default_encoder` loads it once per process for the key point stages.
A stance-only model (``train stance --stance-only``) may ship beside it in ``model/stance``:
:func:`default_stance_encoder` then reads stance with it, else with the shared encoder.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ModelNotFound

if TYPE_CHECKING:
    import numpy as np

MODEL_DIR = Path(__file__).parent / "model"
MODEL_FILES = ("encoder.onnx", "encoder.json", "tokenizer.json")
# the stance-only model, when one ships (its encoder.json says "stance_only": true)
STANCE_DIR = MODEL_DIR / "stance"
# Rows per forward pass, of near-equal token lengths: measured fastest per row on one core.
# The shipped model quantises a batch's activations with one scale, so in a batch a row's
# logits move with its batch-mates (VAST dev: 44 of 2,062 labels changed with the batching):
# its stance rows go one per pass, making a statement's stance its own (~1.3-1.5x the model
# time). A model with per-row activation scales (training.quantize; encoder.json says
# "activation_scales": "per-row") batches them too.
BATCH = 4
# encoder.json's "activation_scales" for such a model (train_stance(per_row=True) writes it)
PER_ROW = "per-row"
# Threads per forward pass when not given: two where the process may use two cores (stance
# 1.4-1.9x faster than one thread, measured; spaCy's parse uses one core either way).
MAX_THREADS = 2
_CHUNK = 1024  # inputs tokenised and length-sorted together


def available_cores() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_threads() -> int:
    """The cores this process may use, at most :data:`MAX_THREADS`."""
    return min(MAX_THREADS, available_cores())


class Encoder:
    def __init__(self, folder: str | Path | None = None, *, threads: int | None = None) -> None:
        root = Path(folder) if folder else MODEL_DIR
        missing = [f for f in MODEL_FILES if not (root / f).is_file()]
        if missing:
            raise ModelNotFound(
                f"model files missing in {root} ({', '.join(missing)}); "
                "build the model with 'stancemap train stance --data DIR' (README: Models)"
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.root = root
        self.meta: dict[str, Any] = json.loads((root / "encoder.json").read_text("utf-8"))
        self.labels: tuple[str, ...] = tuple(self.meta["labels"])
        self.temperature = float(self.meta.get("temperature", 1.0))
        # added to the temperature-scaled logits (fitted with the temperature; NOTES.md)
        bias = self.meta.get("logit_bias", {})
        self.bias = tuple(float(bias.get(label, 0.0)) for label in self.labels)
        self.max_length = int(self.meta.get("max_length", 128))
        self.kp_scale = float(self.meta.get("kp_scale", 20.0))
        self.kp_bias = float(self.meta.get("kp_bias", -10.0))
        # a stance-only model was not trained to embed: its vectors group nothing
        self.stance_only = bool(self.meta.get("stance_only", False))
        # per-row activation scales: batch-mates leave a row's stance logits alone
        self.rows_apart = self.meta.get("activation_scales") == PER_ROW
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or default_threads()
        opts.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: the pipeline runs the model beside spaCy's
        # parse (pipeline.Pipeline.pipe), which spinning threads would slow down (stance
        # added 45 % with spinning, 28 % without, two cores; benchmarks/stance_speed.py).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(root / "encoder.onnx"), opts, providers=["CPUExecutionProvider"]
        )
        self.size_bytes = (root / "encoder.onnx").stat().st_size

    def _run(self, output: str, inputs: Sequence[Any], batch_size: int) -> np.ndarray:
        """Run ``inputs`` (texts or text pairs) in small batches of equal or near-equal token
        length (little padding; small batches stay in the CPU cache: about 30 % faster than
        batches of 32 sorted by characters); rows come back in input order. An input given
        more than once is run once (a sentence that two statements share)."""
        import numpy as np

        if not inputs:
            return np.zeros((0, 0), dtype=np.float32)
        first_of: dict[Any, int] = {}
        keys = [x if isinstance(x, str) else tuple(x) for x in inputs]
        where = [first_of.setdefault(k, len(first_of)) for k in keys]
        if len(first_of) < len(inputs):
            return self._run(output, list(first_of), batch_size)[where]
        rows: list[np.ndarray] = [np.empty(0)] * len(inputs)
        # tokenised a chunk at a time, so memory stays flat however many inputs come
        for first in range(0, len(inputs), _CHUNK):
            chunk = list(inputs[first : first + _CHUNK])
            encs = self.tokenizer.encode_batch(chunk)
            order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
            for at in range(0, len(order), batch_size):
                idx = order[at : at + batch_size]
                result = self.session.run([output], _feed([encs[i] for i in idx]))[0]
                for i, row in zip(idx, result, strict=True):
                    rows[first + i] = row
        return np.stack(rows).astype(np.float32)

    def logits(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int | None = None
    ) -> np.ndarray:
        """Stance logits per (question, statement) pair; ``batch_size`` defaults to
        :data:`BATCH` for a model with per-row activation scales, else 1."""
        if batch_size is None:
            batch_size = BATCH if self.rows_apart else 1
        return self._run("logits", list(pairs), batch_size)

    def probabilities(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int | None = None
    ) -> list[dict[str, float]]:
        """Calibrated stance probabilities per (question, statement) pair."""
        return [self.calibrated(row.tolist()) for row in self.logits(pairs, batch_size=batch_size)]

    def calibrated(self, row: Sequence[float]) -> dict[str, float]:
        """One row of stance logits -> probabilities: divided by the temperature, plus the
        per-label bias, softmax (both fitted on held-out training rows)."""
        return softmax(row, self.temperature, self.labels, self.bias)

    def embed(self, texts: Sequence[str], *, batch_size: int = BATCH) -> np.ndarray:
        """Unit-length sentence vectors, one row per text."""
        if self.stance_only:
            raise ModelNotFound(
                f"the model in {self.root} reads stance only and has no key point embedding; "
                "use the shared encoder (leave out --model, or give a folder built without "
                "--stance-only)"
            )
        out = self._run("embedding", list(texts), batch_size)
        if out.size:
            import numpy as np

            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out

    def match_probability(self, cosine: np.ndarray) -> np.ndarray:
        """Cosine similarity -> probability that an argument matches a key point."""
        import numpy as np

        return 1.0 / (1.0 + np.exp(-(self.kp_scale * cosine + self.kp_bias)))


def _feed(encs: Sequence[Any]) -> dict[str, np.ndarray]:
    """Model inputs for one batch of encodings, padded to the longest."""
    import numpy as np

    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for r, e in enumerate(encs):
        n = len(e.ids)
        ids[r, :n] = e.ids
        mask[r, :n] = 1
        types[r, :n] = e.type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def softmax(
    row: Sequence[float],
    temperature: float,
    labels: Sequence[str],
    bias: Sequence[float] | None = None,
) -> dict[str, float]:
    scaled = [x / temperature + (bias[i] if bias else 0.0) for i, x in enumerate(row)]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    total = sum(exps)
    return {label: e / total for label, e in zip(labels, exps, strict=True)}


_LOCK = threading.Lock()
_DEFAULT: Encoder | None = None
_STANCE: Encoder | None = None


def default_encoder() -> Encoder:
    """The shipped shared encoder (key point embeddings), loaded once per process."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = Encoder()
        return _DEFAULT


def stance_model_dir() -> Path:
    """The folder of the shipped stance model: :data:`STANCE_DIR` when a stance-only model
    ships there, else the shared encoder's (:data:`MODEL_DIR`)."""
    return STANCE_DIR if (STANCE_DIR / "encoder.onnx").is_file() else MODEL_DIR


def default_stance_encoder() -> Encoder:
    """The shipped stance model (:func:`stance_model_dir`), loaded once per process."""
    global _STANCE
    if stance_model_dir() == MODEL_DIR:
        return default_encoder()
    with _LOCK:
        if _STANCE is None:
            _STANCE = Encoder(STANCE_DIR)
        return _STANCE
