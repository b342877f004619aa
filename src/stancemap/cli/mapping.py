"""``extract``, ``map`` and ``schema``: statements and debate maps of articles."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..atomic import write_atomic
from ..core import Question
from ..errors import StancemapError, UsageError
from ..render import FORMATS, render
from . import main
from .common import article_options, counter, finish, read_documents

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..debate import DebateMap

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date without a time
MAP_FORMATS = ("table", "json", "markdown", "csv", "graphml", "html")


@main.command()
@article_options(FORMATS)
def extract(
    files: tuple[str, ...], fmt: str, output: str | None, max_mb: float, quiet: bool
) -> None:
    """Statements and their speakers in FILES (plain text or HTML; '-' reads stdin).

    Example: stancemap extract article.txt page.html --format csv -o statements.csv
    """
    from ..pipeline import default_pipeline

    failures: list[StancemapError] = []
    pipe = default_pipeline()
    docs = read_documents(files, max_mb=max_mb, quiet=quiet, label="extract", failures=failures)
    results = list(pipe.pipe(docs))
    finish(render(results, fmt) if results else None, output, failures)


@main.command(name="map")
@article_options(MAP_FORMATS, files=False)
@click.option(
    "--db",
    help="Map the corpus in this database (see 'stancemap ingest' and 'run') instead of FILES.",
)
@click.option("--since", help="With --db: documents dated on or after this date.")
@click.option("--until", help="With --db: documents dated on or before this date.")
@click.option("--source", help="With --db: documents found at this source (feed, outlet).")
@click.option(
    "--every-document",
    is_flag=True,
    help="With --db: map every matching document, not only those found about the question.",
)
@click.option(
    "--question", help="The question, in plain words. Proposed from the articles when left out."
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
    "--labels",
    "labels_path",
    type=click.Path(dir_okay=False),
    help="CSV of statements you labelled (id,stance; ids from --format csv): they keep "
    "their labels and the debate's other stances adapt to them.",
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
    labels_path: str | None,
    key_points: bool,
    backend: str,
    db: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    every_document: bool,
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

    Over a corpus: stancemap map --db news.db --question "..." --since 2024-01-01
    """
    from ..api import debate_map

    asked = Question.parse(question) if question is not None else None  # before any work
    labels = None
    if labels_path is not None:
        from ..stance.adapt import read_labels

        labels = read_labels(labels_path)  # a bad file fails before any work
    if db is not None:
        if files:
            raise UsageError("give FILES or --db, not both")
        filters = (since, until, source, every_document)
        debate = _corpus_map(db, asked, filters, key_points, labels, backend, quiet)
        _show(debate, fmt, output, html_path, quiet)
        return
    if not files:
        raise UsageError("give the articles to map (FILES), or a corpus with --db")
    if since or until or source or every_document:
        raise UsageError("--since, --until, --source and --every-document read a corpus: give --db")
    client = None
    if backend == "llm":
        from ..llm import LLMClient, LLMSettings

        settings = LLMSettings.from_env(
            base_url=llm_base_url,
            model=llm_model,
            cache_path=Path(llm_cache) if llm_cache else None,
        )
        client = LLMClient(settings)
    failures: list[StancemapError] = []
    # read as the pipeline goes: the progress bar follows the work
    docs = read_documents(files, max_mb=max_mb, quiet=quiet, label="map", failures=failures)
    debate = debate_map(
        docs,
        question=asked,
        backend="llm" if client is not None else "embedded",
        llm=client,
        key_points=key_points,
        labels=labels,
    )
    text = _rendered(debate, fmt, html_path, quiet)
    if client is not None and not quiet:
        u = client.usage
        click.echo(
            f"llm: {u.requests} requests ({u.retries} retries), {u.cache_hits} cached, "
            f"{u.prompt_tokens} prompt + {u.completion_tokens} completion tokens",
            err=True,
        )
    finish(text, output, failures)


def _rendered(
    debate: DebateMap, fmt: str, html_path: str | None, quiet: bool
) -> str | Iterator[str] | None:
    """The map in ``fmt``: piece by piece for the formats that stream (a corpus map is then
    never whole in memory), else whole; the report written to ``html_path`` first."""
    from ..report import RENDERERS, STREAMS, stream_html

    if not debate.documents:
        return None
    if html_path:
        write_atomic(html_path, stream_html(debate))
        if not quiet:
            click.echo(f"stancemap: wrote the report to {html_path}", err=True)
    return STREAMS[fmt](debate) if fmt in STREAMS else RENDERERS[fmt](debate)


def _show(
    debate: DebateMap, fmt: str, output: str | None, html_path: str | None, quiet: bool
) -> None:
    text = _rendered(debate, fmt, html_path, quiet)
    if text is None:
        raise UsageError("no processed document matches: see 'stancemap status'")
    finish(text, output, [])


def when(name: str, value: str | None) -> datetime | None:
    """``--since`` / ``--until`` as a UTC time; a date alone is its whole day for
    ``--until`` ("--until 2024-03-31" keeps all of 31 March)."""
    from ..corpus.sources import parse_date

    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise UsageError(f"cannot read --{name} {value!r}: give a date like 2024-03-05")
    if name == "until" and DAY.fullmatch(value.strip()):
        return parsed + timedelta(days=1) - timedelta(microseconds=1)
    return parsed


def _corpus_map(
    db: str,
    asked: Question | None,
    filters: tuple[str | None, str | None, str | None, bool],
    key_points: bool,
    labels: dict[str, str] | None,
    backend: str,
    quiet: bool,
) -> DebateMap:
    from ..corpus import Corpus

    if asked is None:
        raise UsageError("a map over a corpus needs --question")
    if backend != "embedded":
        raise UsageError("a map over a corpus reads stance with the embedded model")

    since, until, source, every = filters
    first, last = when("since", since), when("until", until)
    with Corpus(db) as corpus:
        todo = corpus.unread(asked, since=first, until=last, source=source, every_document=every)
        with counter(todo, label="stance", quiet=quiet) as advance:
            return corpus.map(
                asked,
                since=first,
                until=last,
                source=source,
                key_points=key_points,
                labels=labels,
                progress=advance,
                every_document=every,
            )


@main.command(name="schema")
def schema_cmd() -> None:
    """Print the JSON Schema of 'extract --format json' and 'map --format json' (draft
    2020-12; one schema, one schema_version, the two kinds of output).

    Example: stancemap schema > stancemap.schema.json
    """
    from ..report import SCHEMA_PATH

    click.echo(SCHEMA_PATH.read_text("utf-8"), nl=False)
