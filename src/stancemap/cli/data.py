"""``data``: the project's own data sets (the stance corpus in data/stance)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from .common import echo_json, json_option


@main.group(name="data")
def data_group() -> None:
    """The project's own data (data/stance: a stance corpus written for stancemap)."""


@data_group.command(name="check")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False),
    help="The corpus folder (default: data/stance of this checkout).",
)
@click.option(
    "--shared",
    type=click.Path(file_okay=False),
    help="../shared: also check that no debate is a news dev one and no text overlaps an "
    "evaluation set.",
)
@json_option
def check_cmd(folder: str | None, shared: str | None, as_json: bool) -> None:
    """What the stance corpus holds and what is wrong with it; exits 1 on any problem.

    Example: stancemap data check --shared ../shared
    """
    from ..corpora.own import check_corpus

    report = check_corpus(folder, shared=Path(shared) if shared else None)
    if as_json:
        echo_json(report)
    else:
        click.echo(
            f"{report['debates']} debates, {report['statements']} statements, "
            f"{report['countries']} countries"
        )
        click.echo("labels: " + ", ".join(f"{k} {v}" for k, v in report["labels"].items()))
        click.echo("forms: " + ", ".join(f"{k} {v}" for k, v in report["forms"].items()))
        click.echo("domains: " + ", ".join(f"{k} {v}" for k, v in report["domains"].items()))
        if "second_reading" in report:
            sr = report["second_reading"]
            click.echo(
                f"second reading: {sr['statements']} statements, agreement "
                f"{sr['agreement']:.3f}, Cohen's kappa {sr['kappa']:.3f}"
            )
        for problem in report["problems"][:50]:
            click.echo(f"problem: {problem}")
        if len(report["problems"]) > 50:
            click.echo(f"... and {len(report['problems']) - 50} more problems")
    if report["problems"]:
        sys.exit(1)
