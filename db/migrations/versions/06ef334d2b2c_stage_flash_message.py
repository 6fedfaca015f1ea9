"""stage flash message

Revision ID: 06ef334d2b2c
Revises: 0002
Create Date: 2026-11-29 11:38:36.623810
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '06ef334d2b2c'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A database adopted at the baseline may come from `create_all` on newer models and have the column already.
    if 'flash_message' in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('dialogue_session')}:
        return
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flash_message', sqlmodel.sql.sqltypes.AutoString(length=140), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('flash_message')
