"""queue order and the floor

`fair_order` (a switch) becomes `queue_order` (raised, fewest contributions, least time, alternating floor and online);
a session with fair order on keeps it as `fewest_contributions`. Participants and hands learn whether they are in the
room (`on_floor`).

Revision ID: 4fa428515c96
Revises: 5c0a1e7d9b21
Create Date: 2026-11-29 15:22:03.625500
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '4fa428515c96'
down_revision: str | None = '5c0a1e7d9b21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDERS = ('RAISED', 'FEWEST_CONTRIBUTIONS', 'LEAST_TIME', 'ALTERNATE_FLOOR')


def _columns(table: str) -> set[str]:
    return {c['name'] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    # A database adopted at the baseline may come from `create_all` on newer models and have the columns already.
    if 'queue_order' in _columns('dialogue_session'):
        return
    postgresql.ENUM(*ORDERS, name='queueorder').create(op.get_bind(), checkfirst=True)
    order = postgresql.ENUM(*ORDERS, name='queueorder', create_type=False)
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_order', order, nullable=False, server_default='RAISED'))
    op.execute("UPDATE dialogue_session SET queue_order = 'FEWEST_CONTRIBUTIONS' WHERE fair_order")
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('fair_order')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_floor', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_floor', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.drop_column('on_floor')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('on_floor')
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fair_order', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE dialogue_session SET fair_order = (queue_order = 'FEWEST_CONTRIBUTIONS')")
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('queue_order')
    postgresql.ENUM(*ORDERS, name='queueorder').drop(op.get_bind(), checkfirst=True)
