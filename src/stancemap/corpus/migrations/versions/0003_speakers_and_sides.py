"""What a map groups a speaker's statements by and sums their sides from, stored with each
statement and stance, so that a map over the corpus is read without rebuilding every
statement: ``statements.speaker_name``, ``speaker_key``, ``identified``; ``stances.p_support``,
``p_oppose``, ``p_neutral``. Rows stored before are filled in here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PAGE = 5000
SUMMED = ("support", "oppose", "neutral")


def upgrade() -> None:
    # columns added in place (no table copied: other tables' foreign keys point here)
    op.add_column("statements", sa.Column("speaker_name", sa.Text))
    op.add_column("statements", sa.Column("speaker_key", sa.Text))
    op.add_column(
        "statements",
        sa.Column("identified", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_statements_speaker", "statements", ["speaker_key"])
    for name in SUMMED:
        op.add_column(
            "stances", sa.Column(f"p_{name}", sa.Float, nullable=False, server_default="0")
        )
    _fill_statements()
    _fill_stances()


def _fill_statements() -> None:
    from stancemap.core.speakers import identifies, speaker_key

    conn = op.get_bind()
    s = sa.table(
        "statements",
        sa.column("id", sa.String),
        sa.column("actor", sa.Text),
        sa.column("speaker", sa.JSON),
        sa.column("speaker_name", sa.Text),
        sa.column("speaker_key", sa.Text),
        sa.column("identified", sa.Boolean),
    )
    after = ""
    while rows := conn.execute(
        sa.select(s.c.id, s.c.actor, s.c.speaker).where(s.c.id > after).order_by(s.c.id).limit(PAGE)
    ).all():
        after = rows[-1].id
        values: list[dict[str, Any]] = []
        for r in rows:
            mention = _json(r.speaker)
            text = str(mention[2]) if mention else None
            name = r.actor or text
            values.append(
                {
                    "ident": r.id,
                    "name": name,
                    "key": None if name is None else speaker_key(name),
                    "identified": identifies(r.actor, text),
                }
            )
        conn.execute(
            s.update()
            .where(s.c.id == sa.bindparam("ident"))
            .values(
                speaker_name=sa.bindparam("name"),
                speaker_key=sa.bindparam("key"),
                identified=sa.bindparam("identified"),
            ),
            values,
        )


def _fill_stances() -> None:
    conn = op.get_bind()
    st = sa.table(
        "stances",
        sa.column("question_id", sa.Integer),
        sa.column("statement_id", sa.String),
        sa.column("probs", sa.JSON),
        sa.column("p_support", sa.Float),
        sa.column("p_oppose", sa.Float),
        sa.column("p_neutral", sa.Float),
    )
    after: tuple[int, str] = (-1, "")
    while rows := conn.execute(
        sa.select(st.c.question_id, st.c.statement_id, st.c.probs)
        .where(sa.tuple_(st.c.question_id, st.c.statement_id) > sa.tuple_(*after))
        .order_by(st.c.question_id, st.c.statement_id)
        .limit(PAGE)
    ).all():
        after = (rows[-1].question_id, rows[-1].statement_id)
        values = []
        for r in rows:
            probs = _json(r.probs) or {}
            values.append(
                {
                    "q": r.question_id,
                    "sid": r.statement_id,
                    **{
                        f"v_{k}": float(probs.get(k, 0.0)) for k in ("support", "oppose", "neutral")
                    },
                }
            )
        conn.execute(
            st.update()
            .where(st.c.question_id == sa.bindparam("q"), st.c.statement_id == sa.bindparam("sid"))
            .values(
                p_support=sa.bindparam("v_support"),
                p_oppose=sa.bindparam("v_oppose"),
                p_neutral=sa.bindparam("v_neutral"),
            ),
            values,
        )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def downgrade() -> None:
    for name in SUMMED:
        op.drop_column("stances", f"p_{name}")
    op.drop_index("ix_statements_speaker", table_name="statements")
    for name in ("identified", "speaker_key", "speaker_name"):
        op.drop_column("statements", name)
