"""The corpus: documents, sources, rejects, actors, statements, questions, stances, reviews.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("date", sa.DateTime),
        sa.Column("date_text", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("pipeline", sa.String(80)),
        sa.Column("error_code", sa.String(8)),
        sa.Column("error", sa.Text),
        sa.Column("processed_at", sa.DateTime),
    )
    op.create_index("ix_documents_state", "documents", ["state"])
    op.create_index("ix_documents_date", "documents", ["date"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "source", "url", name="uq_sources_document_source_url"),
    )
    op.create_index("ix_sources_source", "sources", ["source"])
    op.create_table(
        "rejects",
        sa.Column("origin", sa.Text, primary_key=True),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("mentions", sa.JSON, nullable=False),
    )
    op.create_index("ix_actors_document", "actors", ["document_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("speaker", sa.JSON),
        sa.Column("cue", sa.JSON),
        sa.Column("actor", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
    )
    op.create_index("ix_statements_document", "statements", ["document_id", "ordinal"])
    op.create_index("ix_statements_actor", "statements", ["actor"])
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("model", sa.String(80), nullable=False),
        sa.Column("asked_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("key", "model", name="uq_questions_key_model"),
    )
    op.create_table(
        "question_documents",
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id"), primary_key=True),
    )
    op.create_table(
        "stances",
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column("statement_id", sa.String(80), sa.ForeignKey("statements.id"), primary_key=True),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("probs", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("argument", sa.Text),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("statement_id", sa.String(80), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id")),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("stance", sa.String(16)),
        sa.Column("reviewer", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_reviews_statement", "reviews", ["statement_id"])


def downgrade() -> None:
    for name in (
        "reviews",
        "stances",
        "question_documents",
        "questions",
        "statements",
        "actors",
        "rejects",
        "sources",
        "documents",
    ):
        op.drop_table(name)
