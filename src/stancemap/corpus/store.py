"""Opening a corpus database: a path or URL to an engine, upgraded to the current schema on
open (Alembic), and the one insert that both SQLite and PostgreSQL read the same way.

SQLite runs in WAL mode with a busy timeout, so readers never block the writer and two
processes that write in turn wait for each other instead of failing; within one
``stancemap run`` only the parent process writes (workers return their results to it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import CorpusError

DEFAULT_DB = "stancemap.db"
MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_405_162  # a PostgreSQL advisory lock key of stancemap's own
log = logging.getLogger(__name__)


def database_url(db: str | Path | None = None) -> str:
    """A SQLAlchemy URL for ``db``: a file path (SQLite), ``sqlite:///...`` or
    ``postgresql://...`` (driven by psycopg 3); default ``$STANCEMAP_DB`` or
    ``stancemap.db`` in the working folder."""
    value = str(db) if db is not None else os.environ.get("STANCEMAP_DB", DEFAULT_DB)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return value


def open_engine(db: str | Path | None = None) -> Engine:
    """An engine on the corpus database, created on first use and upgraded to the current
    schema. Raises :class:`CorpusError` (one line) for a URL it cannot read, a database it
    cannot reach, or one made by a newer stancemap."""
    url = database_url(db)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise CorpusError(f"no folder {folder} for the database: create it first")
        engine = create_engine(url, future=True)
    except ArgumentError as exc:
        raise CorpusError(f"cannot read the database URL {url!r}: {exc}") from None
    except ImportError as exc:
        raise CorpusError(
            f"no driver for {url.split(':', 1)[0]} ({exc}): pip install 'stancemap[postgres]'"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with database_errors(f"cannot open the database {_shown(url)}"):
            upgrade(engine)
    except CorpusError:
        engine.dispose()
        raise
    return engine


def reason_of(exc: SQLAlchemyError) -> str:
    """The driver's message, first line."""
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig is not None else str(exc)).strip().splitlines()[0]


@contextmanager
def database_errors(doing: str) -> Iterator[None]:
    """A database error (unreachable, not a database, disk full, ...) as one
    :class:`CorpusError` line that says what was being done."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise CorpusError(f"{doing}: {reason_of(exc)}") from None


def _shown(url: str) -> str:
    """The URL without its password."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest migration (a new database gets every table). A
    database whose revision this stancemap does not know fails with what to do."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two processes opening at once: one migrates
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        current = MigrationContext.configure(conn).get_current_revision()
        known = {r.revision for r in script.walk_revisions()}
        if current is not None and current not in known:
            raise CorpusError(
                f"the database is at schema revision {current}, which this stancemap does not "
                "know: it was made by a newer version; upgrade stancemap"
            )
        if current == script.get_current_head():
            return
        if current is None and inspect(conn).has_table("documents"):
            raise CorpusError(
                "the database has corpus tables but no schema revision: it was not made by "
                "stancemap; give another --db"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def refresh_statistics(engine: Engine) -> None:
    """Let the database's query planner know the tables' sizes again (after a run or a
    question's first reading), so that a speaker's statements are found by their index
    rather than by reading every stance: SQLite's ANALYZE on a bounded sample of each index
    (a few milliseconds), PostgreSQL's sampled ANALYZE."""
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=400")
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE documents, statements, stances")
    except SQLAlchemyError as exc:  # a database opened read-only: maps are slower, not wrong
        log.warning("cannot refresh the query planner's statistics: %s", reason_of(exc))


def has_statistics(engine: Engine) -> bool:
    """Has the query planner been told the tables' sizes (:func:`refresh_statistics`)?
    PostgreSQL keeps its own (autovacuum); SQLite's are there once ANALYZE ran."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first():
            return False
        query = "SELECT 1 FROM sqlite_stat1 WHERE tbl = 'statements'"
        return conn.exec_driver_sql(query).first() is not None


def revision(engine: Engine) -> str | None:
    """The database's schema revision."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def insert_ignore(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows``, leaving out those whose key is already stored; the number inserted."""
    batch = list(rows)
    if not batch:
        return 0
    dialect = conn.dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table).on_conflict_do_nothing()
    elif dialect == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - the two supported databases
        raise CorpusError(f"unsupported database {dialect}: use SQLite or PostgreSQL")
    result = conn.execute(stmt, batch)
    return max(int(result.rowcount), 0)


__all__ = [
    "DEFAULT_DB",
    "database_errors",
    "database_url",
    "insert_ignore",
    "open_engine",
    "revision",
    "upgrade",
]
