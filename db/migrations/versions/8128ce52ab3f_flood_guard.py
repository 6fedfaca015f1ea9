"""flood guard

Revision ID: 8128ce52ab3f
Revises: 0003
Create Date: 2026-11-29 13:01:30.629645
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = '8128ce52ab3f'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A database adopted at the baseline may come from `create_all` on newer models and have the columns already.
    if 'flood_guard_at' in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('dialogue_session')}:
        return
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flood_guard_at', db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('flood_guard_room', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('flood_guard_since', db.types.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('flood_guard_since')
        batch_op.drop_column('flood_guard_room')
        batch_op.drop_column('flood_guard_at')

