"""Key points stored per question and per set of statements they were found over.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_point_sets",
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("key_point_sets")
