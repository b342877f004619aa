"""A corpus of articles kept in a database: :class:`Corpus` ingests articles, runs the
question-independent pipeline over the documents not yet processed, answers a question over
all of them, and says where it stands. The CLI's ``ingest``, ``run``, ``status`` and
``map --db`` are thin layers over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import DataError, IntegrityError

from .. import __version__
from ..core import Question
from ..core.records import SCHEMA_VERSION
from ..errors import CorpusError
from ..ingest import DEFAULT_MAX_BYTES
from . import tables as t
from .asking import (
    Filters,
    extractions,
    model_version,
    question_id,
    read_stances,
    unread,
)
from .asking import key_points as stored_key_points
from .claims import LEASE, Claims
from .convert import extraction_rows
from .engines import ENGINES, in_process, local_processes, on_dask
from .ingest import IngestReport, store_articles
from .sources import read_inputs
from .store import (
    database_errors,
    database_url,
    has_statistics,
    insert_ignore,
    open_engine,
    reason_of,
    refresh_statistics,
    revision,
)
from .work import Outcome

if TYPE_CHECKING:
    from ..debate import DebateMap
    from ..stance.model import StanceModel

# What the stored statements depend on: a document done under another version is done again.
# Bump the reading's date with a change of what the parse, attribution, speaker or position
# stages find.
ATTRIBUTION_READING = "2026-12-04.9"
PIPELINE_VERSION = f"stancemap {__version__} / records {SCHEMA_VERSION} / {ATTRIBUTION_READING}"
DEFAULT_TIME_LIMIT = 120.0


@dataclass(slots=True)
class RunReport:
    """What one run did: documents processed, failed (id, code, reason), seconds."""

    done: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0


class Corpus:
    """A corpus database. ``db``: a SQLite file path (created on first use), a
    ``sqlite:///`` or ``postgresql://`` URL; default ``$STANCEMAP_DB`` or ``stancemap.db``.
    An older database is upgraded on open."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(db)
        self.engine = open_engine(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ingest
    def ingest_stream(
        self,
        inputs: Sequence[str | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        check_language: bool = True,
    ) -> Iterator[IngestReport]:
        """Store the articles of ``inputs`` (files, folders, globs; .txt, .md, .html,
        .jsonl, .warc[.gz]); yields the running report after every batch."""
        items = read_inputs(inputs, max_bytes=max_bytes, check_language=check_language)
        with database_errors("cannot store the articles"):
            yield from store_articles(self.engine, items)

    def ingest(
        self,
        inputs: Sequence[str | Path] | str | Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        check_language: bool = True,
    ) -> IngestReport:
        """Store the articles of ``inputs``; what was stored and what was rejected."""
        paths = [inputs] if isinstance(inputs, str | Path) else inputs
        report = IngestReport()
        for report in self.ingest_stream(  # noqa: B007  (the last report is the whole)
            paths, max_bytes=max_bytes, check_language=check_language
        ):
            pass
        return report

    # run
    def pending(self, *, retry_failed: bool = False) -> int:
        """How many stored documents a run would process."""
        with database_errors("cannot read the corpus"), self.engine.connect() as conn:
            query = select(func.count()).select_from(t.documents).where(_todo(retry_failed))
            return int(conn.scalar(query) or 0)

    def run_stream(
        self,
        *,
        workers: int = 1,
        engine: str = "local",
        scheduler: str | Any = None,
        retry_failed: bool = False,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
        lease: float = LEASE,
    ) -> Iterator[Outcome]:
        """Process the documents not yet processed (and, with ``retry_failed``, those that
        failed), storing each one's statements and actors as its outcome comes; yields
        the outcomes. ``engine``: "local" (``workers`` processes; 1: this process) or
        "dask" (``scheduler``: a Dask scheduler's address or a cluster). Killed at any
        moment, a later run goes on where it stopped: a document's rows and its state are
        written in one transaction. Runs at once on one database share the documents: each
        claims a few at a time, for ``lease`` seconds renewed while it works
        (:mod:`.claims`)."""
        if engine not in ENGINES:
            raise CorpusError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
        if workers < 1:
            raise CorpusError(f"--workers must be 1 or more, not {workers}")
        if engine == "dask" and scheduler is None:
            raise CorpusError("the dask engine needs --scheduler tcp://HOST:PORT")
        started = datetime.now(UTC).replace(tzinfo=None)
        claims = Claims(self.engine, _todo(retry_failed, before=started), lease=lease)
        with database_errors("cannot run over the corpus"), claims.held():
            yield from self._outcomes(claims, engine, workers, scheduler, time_limit)

    def _outcomes(
        self,
        claims: Claims,
        engine: str,
        workers: int,
        scheduler: str | Any,
        time_limit: float | None,
    ) -> Iterator[Outcome]:
        items = claims.items()
        outcomes: Iterable[Outcome]
        if engine == "dask":
            outcomes = on_dask(items, scheduler=scheduler, time_limit=time_limit)
        elif workers > 1:
            outcomes = local_processes(items, workers=workers, time_limit=time_limit)
        else:
            outcomes = in_process(items, time_limit=time_limit)
        wrote = False
        for outcome in outcomes:
            wrote = True
            try:
                self._write(outcome)
            except (IntegrityError, DataError) as exc:  # this document's rows only
                outcome = Outcome(
                    outcome.document_id,
                    None,
                    CorpusError.code,
                    f"its statements could not be stored: {reason_of(exc)}",
                )
                self._write(outcome)
            yield outcome
        if wrote:
            refresh_statistics(self.engine)

    def run(self, **options: Any) -> RunReport:
        """:meth:`run_stream` to the end: what it did."""
        report = RunReport()
        started = datetime.now(UTC)
        for outcome in self.run_stream(**options):
            if outcome.ok:
                report.done += 1
            else:
                report.failed.append((outcome.document_id, outcome.code or "", outcome.error or ""))
        report.seconds = (datetime.now(UTC) - started).total_seconds()
        return report

    def _write(self, outcome: Outcome) -> None:
        """One document's outcome in one transaction: its rows replace any older ones."""
        ident = outcome.document_id
        d = t.documents.c
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            old = select(t.statements.c.id).where(t.statements.c.document_id == ident)
            conn.execute(delete(t.stances).where(t.stances.c.statement_id.in_(old)))
            # key points found over the old statements: never read again (their fingerprint
            # holds the document's processing time), and their members point at those rows
            km = t.key_point_members.c
            stale = list(conn.scalars(select(km.map_id).where(km.statement_id.in_(old)).distinct()))
            if stale:
                conn.execute(delete(t.key_point_members).where(km.map_id.in_(stale)))
                conn.execute(delete(t.key_point_maps).where(t.key_point_maps.c.id.in_(stale)))
            conn.execute(
                delete(t.question_documents).where(t.question_documents.c.document_id == ident)
            )
            conn.execute(delete(t.statements).where(t.statements.c.document_id == ident))
            conn.execute(delete(t.actors).where(t.actors.c.document_id == ident))
            values: dict[str, Any] = {
                "pipeline": PIPELINE_VERSION,
                "processed_at": now,
                "claimed_by": None,
                "claimed_until": None,
            }
            if outcome.extraction is not None:
                statements, actors = extraction_rows(outcome.extraction)
                insert_ignore(conn, t.actors, actors)
                insert_ignore(conn, t.statements, statements)
                values.update(state="done", error_code=None, error=None)
            else:
                values.update(state="failed", error_code=outcome.code, error=outcome.error)
            conn.execute(update(t.documents).where(d.id == ident).values(**values))

    # questions
    def map(
        self,
        question: str | Question,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        key_points: bool = True,
        stance_model: StanceModel | None = None,
        labels: Mapping[str, str] | str | Path | None = None,
        progress: Callable[[int], object] | None = None,
        every_document: bool = False,
    ) -> DebateMap:
        """The debate map of the processed documents that match (dated from ``since`` to
        ``until``, found at ``source``) and are about ``question`` (every one of them with
        ``every_document``: :mod:`stancemap.stance.relevance` decides). Stances are read
        once per question and stance model and stored; ``progress`` (optional) is called
        with the number of documents of each page read for the first time. ``labels``:
        statements a reviewer labelled, as in :func:`stancemap.debate_map` (applied to this
        map, not stored)."""
        from ..api import given_labels
        from ..debate import assemble

        asked = Question.parse(question) if isinstance(question, str) else question
        given = given_labels(labels)  # a bad labels file fails before any work
        filters = Filters(since=since, until=until, source=source)
        every = every_document
        with database_errors("cannot map the corpus"):
            asked, model, qid = self._asked(asked, stance_model, every=every)
            read = 0
            for n in read_stances(self.engine, asked, qid, filters, model=model, every=every):
                read += n
                if progress is not None:
                    progress(n)
            if read or not has_statistics(self.engine):
                refresh_statistics(self.engine)
            filters = replace(filters, about=qid)  # the documents about the question
            if given is None:
                from .reading import Reader  # the map's code: not needed to ingest or run

                reader = Reader(self.engine, asked, qid, filters)
                debate = reader.debate()
                if key_points:
                    reader.add_key_points(debate)
                return debate
            # a reviewer's labels adapt every statement's stance: read them all
            results = list(extractions(self.engine, asked, qid, filters))
            debate = assemble(results, asked, labels=given, key_points=False)
            if key_points:
                stored_key_points(self.engine, qid, debate)
        return debate

    def unread(
        self,
        question: str | Question,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        stance_model: StanceModel | None = None,
        every_document: bool = False,
    ) -> int:
        """How many matching documents ``question`` has not read under the model yet."""
        with database_errors("cannot read the corpus"):
            _asked, _model, qid = self._asked(question, stance_model, every=every_document)
            return unread(self.engine, qid, Filters(since=since, until=until, source=source))

    def _asked(
        self, question: str | Question, stance_model: StanceModel | None, *, every: bool
    ) -> tuple[Question, StanceModel, int]:
        """The question read, the stance model (default the shipped one) and the stored
        question's id under that model (added on first ask; asked of ``every`` document
        or only those about it: stored apart)."""
        from ..stance.model import StanceModel as Model

        asked = Question.parse(question) if isinstance(question, str) else question
        model = stance_model or Model()
        version = model_version(model, every=every)
        return asked, model, question_id(self.engine, asked, version)

    # status
    def status(self, *, limit: int | None = 100) -> dict[str, Any]:
        """Documents by state (and how many a run has claimed now), the failures with their
        reasons and the rejected inputs (the first ``limit`` of each, with their counts),
        the questions asked, the pipeline and schema versions."""
        d = t.documents.c
        with database_errors("cannot read the corpus"), self.engine.connect() as conn:
            states: dict[str, int] = {
                str(state): int(n)
                for state, n in conn.execute(select(d.state, func.count()).group_by(d.state))
            }
            stale = conn.scalar(
                select(func.count())
                .select_from(t.documents)
                .where(d.state == "done", d.pipeline != PIPELINE_VERSION)
            )
            now = datetime.now(UTC).replace(tzinfo=None)
            claimed = conn.scalar(
                select(func.count())
                .select_from(t.documents)
                .where(d.claimed_by.is_not(None), d.claimed_until >= now)
            )
            failures = [
                {"id": r.id, "code": r.error_code, "reason": r.error}
                for r in conn.execute(
                    select(d.id, d.error_code, d.error)
                    .where(d.state == "failed")
                    .order_by(d.id)
                    .limit(limit)
                )
            ]
            rejects = [
                {"origin": r.origin, "code": r.code, "reason": r.message}
                for r in conn.execute(select(t.rejects).order_by(t.rejects.c.origin).limit(limit))
            ]
            rejected = int(conn.scalar(select(func.count()).select_from(t.rejects)) or 0)
            counts = {
                name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in (
                    ("statements", t.statements),
                    ("actors", t.actors),
                    ("sources", t.sources),
                )
            }
            questions = [
                {"question": r.text, "model": r.model}
                for r in conn.execute(select(t.questions).order_by(t.questions.c.id))
            ]
        return {
            "database": self.engine.url.render_as_string(hide_password=True),
            "schema": revision(self.engine),
            "pipeline": PIPELINE_VERSION,
            "documents": {s: int(states.get(s, 0)) for s in ("pending", "done", "failed")},
            "outdated": int(stale or 0),
            "claimed": int(claimed or 0),
            **counts,
            "rejected_count": rejected,
            "failures": failures,
            "rejected": rejects,
            "questions": questions,
        }


def _todo(retry_failed: bool, *, before: datetime | None = None) -> Any:
    """The documents a run processes: pending, done by another pipeline, and with
    ``retry_failed`` failed; with ``before``, only those processed before that time (a run
    does not take up again what it did itself, nor what a run of another pipeline version
    at the same time did)."""
    d = t.documents.c
    again: Any = (d.state == "done") & (d.pipeline != PIPELINE_VERSION)
    if retry_failed:
        again = or_(again, d.state == "failed")
    if before is not None:
        again = again & or_(d.processed_at.is_(None), d.processed_at < before)
    return or_(d.state == "pending", again)


__all__ = ["PIPELINE_VERSION", "Corpus", "RunReport", "insert_ignore"]
