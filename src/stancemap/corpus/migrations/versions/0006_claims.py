"""Runs that share the work: which run has claimed a document, and until when
(``documents.claimed_by``, ``claimed_until``). A reviewer's decision names its statement by
its stable id without a foreign key, so a document can be processed again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_REVIEW_COLUMNS = "id, statement_id, question_id, decision, stance, reviewer, note, decided_at"


def _reviews(name: str, *, statement_key: bool) -> None:
    statement = (
        sa.Column("statement_id", sa.String(80), sa.ForeignKey("statements.id"), nullable=False)
        if statement_key
        else sa.Column("statement_id", sa.String(80), nullable=False)
    )
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        statement,
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id")),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("stance", sa.String(16)),
        sa.Column("reviewer", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )


def _rebuild_reviews(*, statement_key: bool) -> None:
    """The reviews table again, its rows kept (SQLite cannot drop a foreign key in place)."""
    _reviews("reviews_new", statement_key=statement_key)
    # back under the foreign key, a decision on a statement not stored now cannot be kept
    kept = " WHERE statement_id IN (SELECT id FROM statements)" if statement_key else ""
    op.execute(
        f"INSERT INTO reviews_new ({_REVIEW_COLUMNS}) SELECT {_REVIEW_COLUMNS} FROM reviews{kept}"
    )
    op.drop_index("ix_reviews_statement", table_name="reviews")
    op.drop_table("reviews")
    op.rename_table("reviews_new", "reviews")
    op.create_index("ix_reviews_statement", "reviews", ["statement_id"])
    if op.get_bind().dialect.name == "postgresql":  # the id sequence keeps counting on
        op.execute(
            "SELECT setval(pg_get_serial_sequence('reviews', 'id'), "
            "COALESCE((SELECT MAX(id) FROM reviews), 0) + 1, false)"
        )


def upgrade() -> None:
    op.add_column("documents", sa.Column("claimed_by", sa.String(160)))
    op.add_column("documents", sa.Column("claimed_until", sa.DateTime))
    op.create_index("ix_documents_claimed_by", "documents", ["claimed_by"])
    _rebuild_reviews(statement_key=False)


def downgrade() -> None:
    _rebuild_reviews(statement_key=True)
    op.drop_index("ix_documents_claimed_by", table_name="documents")
    # in place (SQLite 3.35+): rebuilding the documents table would break its references
    op.drop_column("documents", "claimed_until")
    op.drop_column("documents", "claimed_by")
