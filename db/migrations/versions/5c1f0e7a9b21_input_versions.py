"""input versions: votes no longer update the session row (issue 17, part 3)

Revision ID: 5c1f0e7a9b21
Revises: 4fa428515c96
Create Date: 2026-11-29 15:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5c1f0e7a9b21'
down_revision: str | None = '4fa428515c96'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # A database adopted at the baseline may come from `create_all` on newer models and have the table already.
    if 'input_version' not in sa.inspect(bind).get_table_names():
        op.create_table('input_version',
                        sa.Column('session_id', sa.Uuid(), nullable=False),
                        sa.Column('version', sa.Integer(), nullable=False),
                        sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
                        sa.PrimaryKeyConstraint('session_id', 'version'))
    if bind.dialect.name == 'postgresql':
        # the sequence starts above every version a session has now, so each session's next change moves it
        op.execute('CREATE SEQUENCE IF NOT EXISTS change_version START WITH 2 CACHE 1')
        op.execute("SELECT setval('change_version', greatest(2, (SELECT coalesce(max(version), 0) + 1 "
                   'FROM dialogue_session), (SELECT coalesce(max(version), 0) + 1 FROM input_version)), false)')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        # the row keeps the public version, so counting on from it stays above every version clients saw
        op.execute('UPDATE dialogue_session SET version = greatest(version, coalesce((SELECT max(i.version) '
                   'FROM input_version i WHERE i.session_id = dialogue_session.id), 0))')
        op.execute('DROP SEQUENCE IF EXISTS change_version')
    else:
        op.execute('UPDATE dialogue_session SET version = max(version, coalesce((SELECT max(i.version) '
                   'FROM input_version i WHERE i.session_id = dialogue_session.id), 0))')
    op.drop_table('input_version')
