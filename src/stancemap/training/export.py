"""A trained joint model written as the product loads it (:class:`~stancemap.encoder.Encoder`):
``encoder.onnx`` (the CPU graph exported to ONNX, then int8, :mod:`.quantize`),
``tokenizer.json`` (the base model's) and ``encoder.json`` (what the model is and how it was
made).

Every ``encoder.json`` is replaced whole, never half-written (:mod:`stancemap.atomic`).
"""

from __future__ import annotations

import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..corpora.stance import LABELS
from ..encoder import PER_ROW
from .quantize import quantize


@dataclass(frozen=True, slots=True)
class Export:
    """How models are written: ``tok`` and ``base`` (the base model's folder) give the
    tokenizer, ``max_length`` the longest input read, ``per_channel`` / ``per_row`` the int8
    scales (:func:`~.quantize.quantize`)."""

    torch: Any
    tok: Any
    base: Path
    max_length: int
    per_channel: bool
    per_row: bool

    def onnx(self, model: Any, out: Path, *, keep_fp32: bool = False) -> None:
        """``out/encoder.onnx``, int8; ``keep_fp32``: also leave ``encoder.fp32.onnx``."""
        torch = self.torch
        out.mkdir(parents=True, exist_ok=True)
        dev = next(model.parameters()).device
        model.cpu().eval()  # the exported graph is the CPU one the product runs
        enc = self.tok(
            ["a question"],
            ["a statement"],
            return_tensors="pt",
            padding="max_length",
            max_length=16,
        )
        fp32 = out / "encoder.fp32.onnx"
        with warnings.catch_warnings():
            # the tracer's notes on Python-side checks inside transformers' masks, and the
            # exporter's on index ops with negative indices, do not apply here: the exported
            # graph takes any batch size and length (dynamic axes; the tests run the shipped
            # export on batches of many lengths, padded)
            warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx")
            _onnx_export(torch, model, enc, fp32)
        model.to(dev)
        quantize(fp32, out / "encoder.onnx", per_channel=self.per_channel, per_row=self.per_row)
        if not keep_fp32:
            fp32.unlink()

    def candidate(self, model: Any, folder: Path) -> None:
        """An epoch's model in ``folder`` with the least it needs to load as an
        :class:`~stancemap.encoder.Encoder` (to be calibrated and read as the product reads)."""
        self.onnx(model, folder)
        shutil.copy(self.base / "tokenizer.json", folder / "tokenizer.json")
        meta = {"labels": list(LABELS), "max_length": self.max_length}
        if self.per_row:
            meta["activation_scales"] = PER_ROW
        write_meta(folder, meta)

    def model(self, model: Any, out: Path, *, keep_fp32: bool) -> None:
        """The chosen model's ``encoder.onnx`` and ``tokenizer.json`` in ``out`` (its
        ``encoder.json`` is written from what training records, :func:`write_meta`)."""
        out.mkdir(parents=True, exist_ok=True)
        self.onnx(model, out, keep_fp32=keep_fp32)
        shutil.copy(self.base / "tokenizer.json", out / "tokenizer.json")


def write_meta(folder: Path, meta: dict[str, Any]) -> None:
    """``folder/encoder.json``, replaced whole."""
    write_atomic(folder / "encoder.json", json.dumps(meta, indent=2) + "\n")


def kp_meta(model: Any, stance_only: bool) -> dict[str, Any]:
    """encoder.json's key point fields: the learned cosine scale and bias, or the mark of a
    model that has none."""
    if stance_only:
        return {"stance_only": True}
    return {
        "kp_scale": round(float(model.kp_scale.item()), 4),
        "kp_bias": round(float(model.kp_bias.item()), 4),
    }


def _onnx_export(torch: Any, model: Any, enc: Any, fp32: Path) -> None:
    torch.onnx.export(
        model,
        (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits", "embedding"],
        dynamic_axes={
            n: {0: "batch", 1: "sequence"}
            for n in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"logits": {0: "batch"}, "embedding": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
