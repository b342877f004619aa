"""Command line: a thin layer over the library, one module per command group.

Errors go through one funnel (:class:`Funnel`): a :class:`~stancemap.errors.StancemapError`
raised anywhere under a command becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from ..errors import StancemapError


class Funnel(click.Group):
    """The group every command runs under: coded errors become one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StancemapError as exc:
            click.echo(f"stancemap: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=Funnel, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stancemap")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (to stderr).")
def main(verbose: bool) -> None:
    """stancemap: who argues what in news coverage of a contested question.

    Example: stancemap map examples/roundup.txt --html report.html
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


from . import corpus, data, evaluate, mapping, training  # noqa: E402  (commands register on main)

__all__ = ["corpus", "data", "evaluate", "main", "mapping", "training"]
