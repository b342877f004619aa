"""Key points of a map over the corpus, kept in the database rather than in memory: a row per
map (its key points' figures, written when they are all found) and a row per statement that
joins one of them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_point_maps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON),
        sa.Column("computed_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("question_id", "fingerprint", name="uq_key_point_maps_question"),
    )
    op.create_table(
        "key_point_members",
        sa.Column("map_id", sa.Integer, sa.ForeignKey("key_point_maps.id"), primary_key=True),
        sa.Column("statement_id", sa.String(80), sa.ForeignKey("statements.id"), primary_key=True),
        sa.Column("point", sa.Integer, nullable=False),
        sa.Column("match", sa.Float, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("key_point_members")
    op.drop_table("key_point_maps")
