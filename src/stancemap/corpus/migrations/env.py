"""Alembic's environment for the corpus database: migrations run on the connection that
:func:`stancemap.corpus.store.open_engine` hands over (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from stancemap.corpus.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
