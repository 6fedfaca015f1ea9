"""Migrations: the revisions build exactly the schema the models describe, and every kind of database the app
meets on start-up ends at the newest revision with its data kept."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from db.engine import BASELINE, alembic_config, init_db
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, TEMPLATE, json_state, world_engine


def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_revisions_build_the_schema_the_models_describe(tmp_path: Path) -> None:
    engine = world_engine(tmp_path)  # SQLite, or PostgreSQL with FACILITATOR_TEST_DATABASE_URL
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), 'head')  # the revisions alone, no create_all
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={'compare_type': True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], 'db/models.py changed without a revision: run `python -m db.revision "…"`'


def test_a_new_database_gets_the_schema_at_the_newest_revision(tmp_path: Path) -> None:
    engine = world_engine(tmp_path)  # SQLite, or PostgreSQL with FACILITATOR_TEST_DATABASE_URL
    init_db(engine)
    assert version(engine) == head()
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    init_db(engine)  # a restart changes nothing
    assert version(engine) == head()


def test_a_database_from_before_migrations_is_adopted_with_its_data(tmp_path: Path) -> None:
    engine = world_engine(tmp_path)  # SQLite, or PostgreSQL with FACILITATOR_TEST_DATABASE_URL
    (tmp_path / 'baseline').mkdir()
    baseline = world_engine(tmp_path / 'baseline')
    with baseline.begin() as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    tables = set(inspect(baseline).get_table_names())
    baseline.dispose()
    # what earlier builds did on start-up, with no version table: the baseline's tables (later ones came with revisions)
    SQLModel.metadata.create_all(engine, tables=[t for t in SQLModel.metadata.sorted_tables if t.name in tables])
    service = FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://testserver')
    issued = service.create_session(service.authenticate(None, ADMIN_TOKEN), template=TEMPLATE)
    assert version(engine) is None

    init_db(engine)
    assert version(engine) == head()
    with engine.connect() as connection:
        assert connection.execute(text('select code from dialogue_session')).scalars().all() == [issued.code]
    assert service.state(issued.code).code == issued.code


def test_the_baseline_is_the_first_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision(BASELINE).down_revision is None  # type: ignore[union-attr]


def test_existing_sessions_count_their_whole_history_as_absolute(tmp_path: Path) -> None:
    """Revision 0002: a relative action with a version older than the upgrade is refused, as before it."""
    engine = world_engine(tmp_path)  # SQLite, or PostgreSQL with FACILITATOR_TEST_DATABASE_URL
    init_db(engine)
    service = FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://testserver')
    issued = service.create_session(service.authenticate(None, ADMIN_TOKEN), template=TEMPLATE)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), BASELINE)
        connection.execute(text('update dialogue_session set agenda_version = 7'))
    init_db(engine)
    with engine.connect() as connection:
        assert connection.execute(text('select absolute_version from dialogue_session')).scalar_one() == 7
    assert json_state(service, issued.code)['agenda_version'] == 7
