"""How ``train stance`` chooses its epoch: each epoch's readings of VAST dev and ArgKP dev,
taken from the fp32 model (``--select whole``) or from the int8 model that would ship, read
as the product reads (``--select product``), and the rank that orders epochs by their floors
first, then by VAST dev F1 plus key point mAP."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpora.argkp import KPData
from ..corpora.stance import LABELS, StanceExample
from ..evaluate.keypoints import evaluate_matching
from ..evaluate.stance import THREE, TWO, predict_label
from ..stance.model import macro_f1
from .calibration import calibrate
from .export import Export, kp_meta, write_meta
from .loop import Reader
from .rows import TrainingSets

SELECTIONS = ("whole", "product")  # how train_stance reads VAST dev to choose the epoch


def epoch_rank(
    vast_f1: float, kp_strict: float, floors: Sequence[tuple[float, float | None]] = ()
) -> tuple[bool, float]:
    """How an epoch ranks for selection (higher is better): first whether each of its
    readings reaches its floor (``floors``: (reading, floor) pairs; a floor of None always
    holds), then VAST dev F1 plus key point mAP."""
    held = all(floor is None or value >= floor for value, floor in floors)
    return (held, vast_f1 + kp_strict)


@dataclass(slots=True)
class EpochReading:
    """One epoch's readings: ``entry`` is its line in encoder.json's "selection"; ``vast_f1``
    and ``kp`` the VAST dev F1 and key point mAP it ranks by (the product's, once read);
    ``floors`` the (reading, floor) pairs beyond key points."""

    entry: dict[str, float]
    vast_f1: float
    kp: dict[str, float]
    floors: list[tuple[float, float | None]]

    def rank(self, kp_floor: float | None) -> tuple[bool, float]:
        kp = self.kp["map_strict"]
        return epoch_rank(self.vast_f1, kp, [(kp, kp_floor), *self.floors])


def read_fp32(reader: Reader, sets: TrainingSets, *, epoch: int, stance_only: bool) -> EpochReading:
    """VAST dev macro-F1 (unrelated counting as neutral) of the fp32 model on whole texts,
    and ArgKP dev's key point mAP (none for a stance-only model: it is ranked by VAST dev
    alone)."""
    vast = sets.vast
    vast_pred = [_vast_label(LABELS[i]) for i in reader.predict(vast).argmax(-1).tolist()]
    vast_f1 = macro_f1([r.label for r in vast], vast_pred, THREE)
    entry: dict[str, float] = {"epoch": epoch + 1, "vast_dev_macro_f1": round(vast_f1, 4)}
    kp = {"map_strict": 0.0}
    if not stance_only:
        reader.model.eval()
        kp = evaluate_matching(sets.kp_dev, reader.kp_scores)
        reader.model.train()
        entry["argkp_dev_map_strict"] = round(kp["map_strict"], 4)
        entry["argkp_dev_map_relaxed"] = round(kp["map_relaxed"], 4)
    return EpochReading(entry, vast_f1, kp, [])


def read_product(
    reading: EpochReading,
    model: Any,
    export: Export,
    folder: Path,
    sets: TrainingSets,
    *,
    argkp_floor: float | None,
    stance_only: bool,
    keep_epochs: bool,
) -> None:
    """Export the epoch to ``folder`` as the int8 model that would ship, calibrate it and
    read VAST dev as the product reads statements, ArgKP dev's arguments (with
    ``argkp_floor``) as ``eval stance`` reads them and its key points as ``eval keypoints``
    does: ``reading`` then ranks by these. ``keep_epochs``: the folder stays, a whole model
    (its key point scale, what training left out and its reading in its encoder.json),
    else it goes."""
    export.candidate(model, folder)
    calibrate(folder, sets.calibration)
    reading.vast_f1 = _product_read(folder, sets.vast, THREE)[0]
    reading.entry["vast_dev_macro_f1_product"] = round(reading.vast_f1, 4)
    if argkp_floor is not None:
        argkp_acc = _product_read(folder, sets.argkp_dev, TWO)[1]
        reading.entry["argkp_dev_accuracy_product"] = round(argkp_acc, 4)
        reading.floors.append((argkp_acc, argkp_floor))
    if not stance_only:
        reading.kp = _product_kp(folder, sets.kp_dev)
        reading.entry["argkp_dev_map_strict_product"] = round(reading.kp["map_strict"], 4)
    if keep_epochs:
        kept = json.loads((folder / "encoder.json").read_text("utf-8")) | kp_meta(
            model, stance_only
        )
        kept |= sets.left_out  # so that `eval stance --held-out` reads each epoch
        kept["selection"] = [reading.entry]
        write_meta(folder, kept)
    else:
        shutil.rmtree(folder)


def _vast_label(label: str) -> str:
    return "neutral" if label == "unrelated" else label


def _product_read(
    folder: Path, rows: Sequence[StanceExample], labels: Sequence[str]
) -> tuple[float, float]:
    """Macro-F1 and accuracy over ``labels`` (THREE: VAST's three, unrelated counting as
    neutral; TWO: ArgKP's two) of the calibrated model in ``folder``, each text read as the
    product reads a statement."""
    from ..stance.model import StanceModel

    m = StanceModel(folder)
    pred = [
        predict_label(s.scores, labels)[0]
        for s in m.predict_statements([(r.target, r.text) for r in rows])
    ]
    gold = [r.label for r in rows]
    right = sum(g == p for g, p in zip(gold, pred, strict=True))
    return macro_f1(gold, pred, labels), right / max(len(rows), 1)


def _product_kp(folder: Path, data: KPData) -> dict[str, float]:
    """Key point mAP of the int8 model in ``folder``, read as ``eval keypoints`` reads it."""
    from ..encoder import Encoder
    from ..evaluate.keypoints import embedding_scorer

    return evaluate_matching(data, embedding_scorer(Encoder(folder)))
