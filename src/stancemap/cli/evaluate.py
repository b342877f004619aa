"""``eval``: accuracy on the public corpora, with the figures CI gates."""

from __future__ import annotations

from typing import Any

import click

from ..corpora.stance import LOADERS as STANCE_LOADERS
from ..evaluate.stance import READINGS
from . import main
from .common import data_option, echo_json, json_option, progress

_model_option = click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False),
    help="A model folder from 'train stance' (default: the shipped model).",
)


@main.group(name="eval")
def eval_group() -> None:
    """Accuracy on public corpora (prints standard metrics)."""


@eval_group.command(name="attribution")
@data_option("Folder laid out like PolNeAR: SPLIT/text, SPLIT/attributions.")
@click.option("--split", default="dev", show_default=True)
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def eval_attribution(data_dir: str, split: str, as_json: bool, quiet: bool) -> None:
    """Source / Cue / Content span P/R/F1 (exact and overlap) and speaker accuracy.

    Example: stancemap eval attribution --data ../shared/data/polnear --split dev --json
    """
    from ..evaluate.attribution import evaluate_attribution

    report = evaluate_attribution(
        data_dir,
        split,
        progress=lambda docs: progress(docs, total=len(docs), label="eval", quiet=quiet),
    ).to_dict()
    if as_json:
        echo_json(report)
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


@eval_group.command(name="news")
@data_option("Folder laid out like ../shared/data/news (gold.json, articles/ID.txt).")
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@_model_option
def eval_news(data_dir: str, as_json: bool, quiet: bool, model_dir: str | None) -> None:
    """Real news: of the gold speakers, how many the map finds and puts on their side (of
    the gold and of those found), a confusion table by stance, and the mapped speakers
    that are in no gold (headline words among them).

    Example: stancemap eval news --data ../shared/data/news --json
    """
    from ..evaluate.news import MISSING, STANCES, evaluate_news
    from ..stance.model import StanceModel

    report = evaluate_news(
        data_dir,
        stance_model=StanceModel(model_dir) if model_dir else None,
        progress=lambda items: progress(items, total=len(items), label="eval", quiet=quiet),
    )
    if as_json:
        echo_json(report)
        return
    n = report["gold_speakers"]
    click.echo(f"news: {report['excerpts']} excerpts, {n} gold speakers")
    click.echo(f"  found {report['found']} / {n} ({report['found_share']:.0%})")
    click.echo(
        f"  right side {report['right']} / {n} ({report['right_of_gold']:.0%} of gold, "
        f"{report['right_of_found']:.0%} of found)"
    )
    _echo_confusion(report["confusion"], (*STANCES, MISSING))
    caps = report["capitalised_speakers"]
    click.echo(
        f"  mapped speakers in no gold: {report['not_in_gold']}"
        + (f" (in capitals: {'; '.join(caps)})" if caps else "")
    )


@eval_group.command(name="statements")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="A stance corpus folder laid out like data/stance (default: the shipped one).",
)
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@_model_option
def eval_statements(
    data_dir: str | None, as_json: bool, quiet: bool, model_dir: str | None
) -> None:
    """The project's stance corpus read as the map reads: each statement mapped as an
    article on its debate's question, its speaker found by name and placed; right sides
    overall, between support and oppose, and by form (quote, attack, rebuttal, ...).

    Example: stancemap eval statements --json
    """
    from ..evaluate.news import MISSING
    from ..evaluate.statements import evaluate_statements
    from ..stance.model import StanceModel

    report = evaluate_statements(
        data_dir,
        stance_model=StanceModel(model_dir) if model_dir else None,
        progress=lambda items: progress(items, total=len(items), label="debates", quiet=quiet),
    )
    if as_json:
        echo_json(report)
        return
    n = report["rows"]
    click.echo(f"stance corpus read as a map: {n} statements")
    click.echo(f"  speaker found {report['found']} / {n} ({report['found_share']:.0%})")
    click.echo(
        f"  right {report['right']} / {n} ({report['right_share']:.0%}; "
        f"{report['right_of_found']:.0%} of found); between for and against "
        f"{report['sides_right']:.0%} of {report['sided']}"
    )
    _echo_confusion(report["confusion"], (*report["confusion"], MISSING))
    click.echo("  form            rows  found  right")
    for form, f in report["forms"].items():
        click.echo(f"  {form:<14} {f['rows']:>5}  {f['found']:>5}  {f['right']:>5}")


def _echo_confusion(confusion: dict[str, dict[str, int]], columns: tuple[str, ...]) -> None:
    """A confusion table, gold labels down and what was mapped across."""
    click.echo("  gold \\ mapped  " + " ".join(f"{c[:5]:>5}" for c in columns))
    for gold, row in confusion.items():
        click.echo(f"  {gold:<13} " + " ".join(f"{row[c]:>5}" for c in columns))


@eval_group.command(name="relevance")
@data_option("Folder laid out like ../shared/data/news (gold.json, articles/ID.txt).")
@json_option
def eval_relevance(data_dir: str, as_json: bool) -> None:
    """Which documents a question over a corpus reads: each question of the folder asked of
    every article in it; an article should be kept on its own question only.

    Example: stancemap eval relevance --data ../shared/data/news --json
    """
    from ..evaluate.relevance import evaluate_relevance

    report = evaluate_relevance(data_dir)
    if as_json:
        echo_json(report)
        return
    click.echo(f"relevance: {report['articles']} articles, {report['questions']} questions")
    click.echo(f"  kept on their own question {report['own_kept']} / {report['own']}")
    click.echo(f"  kept on another question   {report['other_kept']} / {report['other']}")
    for line in report["own_left_out"]:
        click.echo(f"  left out: {line}")
    for line in report["other_kept_in"]:
        click.echo(f"  kept in:  {line}")


@eval_group.command(name="seed")
@click.option(
    "--dir",
    "seed_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder with gold.json and the article it names.",
)
@json_option
@click.option("--stance", is_flag=True, help="Check each actor's side on the gold question.")
def eval_seed(seed_dir: str, as_json: bool, stance: bool) -> None:
    """How many gold actors are found with their evidence text and role (or, with --stance,
    on the right side of the question).

    Example: stancemap eval seed --dir ../shared/seed --stance
    """
    from ..evaluate.seed import check_seed, check_seed_stance

    report: dict[str, Any] = (check_seed_stance if stance else check_seed)(seed_dir)
    if as_json:
        echo_json(report)
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
@click.option("--dataset", type=click.Choice(tuple(STANCE_LOADERS)), required=True)
@click.option(
    "--path",
    "path",
    required=True,
    type=click.Path(),
    help="A file laid out like the one in ../shared/data for that dataset (own: the folder "
    "data/stance).",
)
@json_option
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
    IBM unseen topics: a model from 'train stance --ibm-hold-out 1/2' with --held-out;
    the project's news-register corpus, three-way: --dataset own --path data/stance)
    """
    from ..evaluate.stance import evaluate_stance
    from ..stance.model import StanceModel

    model = StanceModel(model_dir) if model_dir else None
    report = evaluate_stance(dataset, path, model=model, held_out=held_out, reading=reading)
    if as_json:
        echo_json(report)
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
@data_option(
    "Folder laid out like ../shared/data/argkp (arguments_, key_points_, labels_NAME.csv)."
)
@click.option("--split", default="dev", show_default=True)
@json_option
@_model_option
def eval_keypoints(data_dir: str, split: str, as_json: bool, model_dir: str | None) -> None:
    """Key point matching: the KPA-2021 shared task's mean average precision, strict and
    relaxed.

    Example: stancemap eval keypoints --data ../shared/data/argkp --split dev
    """
    from ..corpora.argkp import load_kp_data
    from ..encoder import Encoder
    from ..evaluate.keypoints import embedding_scorer, evaluate_matching

    data = load_kp_data(data_dir, split)
    encoder = Encoder(model_dir) if model_dir else None
    scores = evaluate_matching(data, embedding_scorer(encoder))
    report: dict[str, Any] = {"split": split, **{k: round(v, 4) for k, v in scores.items()}}
    if as_json:
        echo_json(report)
        return
    click.echo(
        f"ArgKP {split}: mAP strict {report['map_strict']:.3f}, relaxed "
        f"{report['map_relaxed']:.3f} ({int(report['arguments'])} arguments, "
        f"{int(report['groups'])} topic-stance groups)"
    )
