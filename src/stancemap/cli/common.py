"""What the commands share: the progress bar, reading articles, writing the output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..atomic import write_atomic
from ..core import Document
from ..errors import StancemapError
from ..ingest import DEFAULT_MAX_BYTES, read_document

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def progress(items: Iterable[T], *, total: int, label: str, quiet: bool) -> Iterator[T]:
    """``items`` with a progress bar on stderr (silent when ``quiet``, for one item, or when
    stderr is not a terminal)."""
    if quiet or total < 2:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(
        items, total=total, desc=label, unit="doc", file=sys.stderr, disable=None, leave=False
    )


@contextmanager
def counter(total: int, *, label: str, quiet: bool) -> Iterator[Callable[[int], object] | None]:
    """A progress bar on stderr that the work advances itself (``advance(n)``), with items/s
    and the time left; None when ``quiet``, for one item, or when stderr is not a
    terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False) as bar:
        yield bar.update


def data_option(help_text: str) -> Callable[[F], F]:
    """The ``--data FOLDER`` option of the commands that read a corpus."""
    return click.option(
        "--data", "data_dir", required=True, type=click.Path(file_okay=False), help=help_text
    )


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)


def article_options(formats: tuple[str, ...], *, files: bool = True) -> Callable[[F], F]:
    """Options every command that reads articles shares (``files``: FILES are required)."""

    def wrap(fn: F) -> F:
        for option in reversed(
            (
                click.argument("files", nargs=-1, required=files),
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


def read_documents(
    files: tuple[str, ...],
    *,
    max_mb: float,
    quiet: bool,
    label: str,
    failures: list[StancemapError],
) -> Iterator[Document]:
    """Documents in order; a file that cannot be read is reported (one line) and skipped."""
    for name in progress(files, total=len(files), label=label, quiet=quiet):
        try:
            yield read_document(name, max_bytes=int(max_mb * 1e6))
        except StancemapError as exc:
            failures.append(exc)
            click.echo(f"stancemap: error: {exc}", err=True)


def finish(
    text: str | Iterable[str] | None, output: str | None, failures: list[StancemapError]
) -> None:
    """Print ``text`` (or its pieces, as they come) or write it to ``output`` (whole or not
    at all); exit non-zero when a file could not be read."""
    if text is not None:
        if output:
            write_atomic(output, text)
        elif isinstance(text, str):
            click.echo(text, nl=False)
        else:
            for piece in text:
                click.echo(piece, nl=False)
    if failures:
        sys.exit(max(f.exit_code for f in failures))


def db_option(fn: F) -> F:
    """The ``--db`` option of the commands on a corpus database."""
    return click.option(
        "--db",
        envvar="STANCEMAP_DB",
        default="stancemap.db",
        show_default=True,
        help="The corpus database: a SQLite file (made on first use) or a postgresql:// URL "
        "[env STANCEMAP_DB].",
    )(fn)


def echo_json(report: Any) -> None:
    import json

    click.echo(json.dumps(report, indent=2, ensure_ascii=False))
