"""Revision 5c1f0e7a9b21 (input versions): versions only grow across the upgrade and back."""

from pathlib import Path

from alembic import command
from sqlalchemy import text

from db.engine import alembic_config, init_db
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, TEMPLATE, json_state, world_engine

BEFORE = '8128ce52ab3f'


def test_versions_keep_growing_across_the_upgrade_and_the_downgrade(tmp_path: Path) -> None:
    engine = world_engine(tmp_path)  # SQLite, or PostgreSQL with FACILITATOR_TEST_DATABASE_URL
    init_db(engine)
    service = FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://testserver')
    issued = service.create_session(service.authenticate(None, ADMIN_TOKEN), template=TEMPLATE)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), BEFORE)
        connection.execute(text('update dialogue_session set version = 500'))
    init_db(engine)
    assert json_state(service, issued.code)['version'] == 500
    service.join(issued.code, name='Amina', group='academia')  # a change: the first version drawn after the upgrade
    joined = json_state(service, issued.code)['version']
    assert joined > 500
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), BEFORE)
        assert connection.execute(text('select version from dialogue_session')).scalar_one() == joined
    engine.dispose()
