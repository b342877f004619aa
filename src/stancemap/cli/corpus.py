"""``ingest``, ``run`` and ``status``: a corpus kept in a database (:mod:`stancemap.corpus`).
``map --db`` (in :mod:`.mapping`) asks a question over it."""

from __future__ import annotations

import sys

import click

from . import main
from .common import db_option, echo_json, json_option, progress


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--max-mb", type=float, default=10.0, show_default=True, help="Largest article accepted."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@json_option
def ingest(inputs: tuple[str, ...], db: str, max_mb: float, quiet: bool, as_json: bool) -> None:
    """Store the articles of INPUTS in the corpus database: files, folders and globs of
    .txt, .md and .html, JSONL (one article per line: text or html, with url, date, source,
    title, author) and WARC crawls (.warc, .warc.gz).

    The same article from two feeds is stored once, with both sources; ingesting the same
    data again changes nothing. Inputs that cannot be read are listed with the reason (and
    kept: see 'stancemap status'); the rest is stored.

    Example: stancemap ingest feeds/*.jsonl crawl.warc.gz --db news.db
    """
    from ..corpus import Corpus

    with Corpus(db) as corpus:
        report = None
        shown = 0
        for report in corpus.ingest_stream(list(inputs), max_bytes=int(max_mb * 1e6)):
            if not quiet:
                for origin, code, reason in report.rejected[shown:]:
                    click.echo(f"stancemap: skipped {origin}: [{code}] {reason}", err=True)
            shown = len(report.rejected)
        if report is not None and report.skipped > shown and not quiet:
            click.echo(f"stancemap: {report.skipped - shown} more skipped", err=True)
    if report is None:  # nothing at all was read
        click.echo("stancemap: no article in the inputs", err=True)
        sys.exit(1)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(
            f"{report.new} new documents, {report.duplicates} already stored, "
            f"{report.new_sources} new sources, {report.skipped} inputs skipped"
        )
    if report.read == 0:
        sys.exit(1)


@main.command()
@db_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Local worker processes (with --engine local).",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="Where documents are processed: local processes or a Dask cluster.",
)
@click.option("--scheduler", help="With --engine dask: the scheduler's address (tcp://HOST:8786).")
@click.option("--retry-failed", is_flag=True, help="Process the documents that failed again.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=120.0,
    show_default=True,
    help="Seconds a document may take; one that takes longer is recorded as failed.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@json_option
def run(
    db: str,
    workers: int,
    engine: str,
    scheduler: str | None,
    retry_failed: bool,
    time_limit: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """Process the stored documents not yet processed: statements, speakers, roles and
    offsets, stored once per document and pipeline version (a question then reads them).

    Killed at any moment, the next run goes on where it stopped. A document that fails or
    takes longer than --time-limit is recorded with its reason and skipped.

    Example: stancemap run --db news.db --workers 2
    """
    from ..corpus import Corpus

    with Corpus(db) as corpus:
        outcomes = corpus.run_stream(
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            retry_failed=retry_failed,
            time_limit=time_limit,
        )
        total = corpus.pending(retry_failed=retry_failed)
        done = failed = 0
        for outcome in progress(outcomes, total=total, label="run", quiet=quiet):
            done += outcome.ok
            failed += not outcome.ok
    if as_json:
        echo_json({"done": done, "failed": failed})
    else:
        tail = ": see 'stancemap status'" if failed else ""
        click.echo(f"{done} documents processed, {failed} failed{tail}")


@main.command()
@db_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Failures and skipped inputs listed (of each).",
)
@json_option
def status(db: str, limit: int, as_json: bool) -> None:
    """Where the corpus stands: documents by state, the failures with their reasons, the
    inputs skipped at ingest, the questions asked, the pipeline and schema versions.

    Example: stancemap status --db news.db
    """
    from ..corpus import Corpus

    with Corpus(db) as corpus:
        report = corpus.status(limit=limit)
    if as_json:
        echo_json(report)
        return
    docs = report["documents"]
    lines = [
        f"database  {report['database']} (schema {report['schema']})",
        f"pipeline  {report['pipeline']}",
        f"documents {docs['done']} done, {docs['pending']} pending, {docs['failed']} failed"
        + (f", {report['outdated']} done by an older pipeline" if report["outdated"] else "")
        + (f"; {report['claimed']} being processed by a run" if report["claimed"] else ""),
        f"stored    {report['statements']} statements, {report['actors']} actors, "
        f"{report['sources']} sources",
    ]
    for f in report["failures"]:
        lines.append(f"failed    {f['id']}: [{f['code']}] {f['reason']}")
    if docs["failed"] > len(report["failures"]):
        lines.append(f"failed    ... {docs['failed'] - len(report['failures'])} more")
    for r in report["rejected"]:
        lines.append(f"skipped   {r['origin']}: [{r['code']}] {r['reason']}")
    if report["rejected_count"] > len(report["rejected"]):
        lines.append(f"skipped   ... {report['rejected_count'] - len(report['rejected'])} more")
    for q in report["questions"]:
        lines.append(f"question  {q['question']} ({q['model']})")
    click.echo("\n".join(lines))
