"""session rules: hands carry-over, personal notices, room summaries

- `dialogue_session.hands_carry_over`: whether raised hands stay up when the segment changes;
- `participant.notice` and `notice_at`: the latest notice for one person (a hand lowered, a post hidden);
- `room.summary` and `summary_ready_at`: the rapporteur's summary, shown in the report-back once ready.

Each column is added only when missing: a database adopted at the baseline may have been built with it.

Revision ID: 0003
Revises: 4a408bfb4261
Create Date: 2026-11-29 12:26:26.988569
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = '0003'
down_revision: str | None = '4a408bfb4261'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS: dict[str, list[sa.Column]] = {  # type: ignore[type-arg]
    'dialogue_session': [sa.Column('hands_carry_over', sa.Boolean(), nullable=False, server_default=sa.false())],
    'participant': [
        sa.Column('notice', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False, server_default=''),
        sa.Column('notice_at', db.types.UTCDateTime(timezone=True), nullable=True),
    ],
    'room': [
        sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False, server_default=''),
        sa.Column('summary_ready_at', db.types.UTCDateTime(timezone=True), nullable=True),
    ],
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns in NEW_COLUMNS.items():
        present = {c['name'] for c in inspector.get_columns(table)}
        missing = [column for column in columns if column.name not in present]
        if not missing:
            continue
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in missing:
                batch_op.add_column(column)
        defaulted = [column.name for column in missing if column.server_default is not None]
        if defaulted:  # the default only fills existing rows; the models set new ones
            with op.batch_alter_table(table, schema=None) as batch_op:
                for name in defaulted:
                    batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column.name)
