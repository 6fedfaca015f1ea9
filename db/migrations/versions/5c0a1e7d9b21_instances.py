"""instances: presence per instance, shared rate windows and secrets

Revision ID: 5c0a1e7d9b21
Revises: caf2e09d82b1
Create Date: 2026-11-29 15:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = '5c0a1e7d9b21'
down_revision: str | None = 'caf2e09d82b1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A database adopted at the baseline may come from `create_all` on newer models and have the tables already.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if 'instance_presence' not in existing:
        op.create_table('instance_presence',
        sa.Column('instance_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('session_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('online', sa.Integer(), nullable=False),
        sa.Column('seen_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('instance_id', 'session_code')
        )
        with op.batch_alter_table('instance_presence', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_instance_presence_seen_at'), ['seen_at'], unique=False)
    if 'rate_window' not in existing:
        op.create_table('rate_window',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('started_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key')
        )
        with op.batch_alter_table('rate_window', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_rate_window_started_at'), ['started_at'], unique=False)
    if 'app_secret' not in existing:
        op.create_table('app_secret',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint('name')
        )


def downgrade() -> None:
    op.drop_table('app_secret')
    with op.batch_alter_table('rate_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_window_started_at'))
    op.drop_table('rate_window')
    with op.batch_alter_table('instance_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instance_presence_seen_at'))
    op.drop_table('instance_presence')
