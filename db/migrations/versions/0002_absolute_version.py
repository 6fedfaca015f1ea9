"""absolute_version: the agenda version at the last absolute control action

Relative actions (extend, extend_speaker, extend_rooms) with an older expected_version are accepted unless an
absolute action happened since: this column remembers when the last one did.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 11:42:03.667308
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('dialogue_session')}
    if 'absolute_version' not in columns:  # a database adopted at the baseline may have been built with it
        with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
            batch_op.add_column(sa.Column('absolute_version', sa.Integer(), nullable=False, server_default='1'))
        with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
            batch_op.alter_column('absolute_version', server_default=None)
    # Existing sessions: treat everything so far as absolute, so no stale relative action slips through.
    op.execute('UPDATE dialogue_session SET absolute_version = agenda_version')


def downgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('absolute_version')
