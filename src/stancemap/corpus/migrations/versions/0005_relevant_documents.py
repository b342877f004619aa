"""Whether a document a question has read is about it (``question_documents.relevant``):
a map draws on those only. Documents read before are.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "question_documents",
        sa.Column("relevant", sa.Boolean, nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    with op.batch_alter_table("question_documents") as batch:
        batch.drop_column("relevant")
