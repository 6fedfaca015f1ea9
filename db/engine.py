"""The database engine, built from `DATABASE_URL`."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, create_engine

from . import models  # noqa: F401  (registers the tables)


def sqlite_url(data_dir: Path) -> str:
    return f'sqlite:///{data_dir / "facilitator.db"}'


def make_engine(url: str, *, search_path: str | None = None) -> Engine:
    """Create the engine. SQLite gets WAL mode, foreign keys and a busy timeout. `search_path`: a PostgreSQL
    schema to work in (the tests give each world its own)."""
    if url.startswith('sqlite'):
        engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': 15})

        @event.listens_for(engine, 'connect')
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA foreign_keys=ON')
            cursor.execute('PRAGMA busy_timeout=15000')
            cursor.execute('PRAGMA synchronous=NORMAL')
            cursor.close()

        return engine
    if url.startswith('postgres://'):
        url = 'postgresql+psycopg://' + url.removeprefix('postgres://')
    elif url.startswith('postgresql://'):
        url = 'postgresql+psycopg://' + url.removeprefix('postgresql://')
    options = {'options': f'-csearch_path={search_path}'} if search_path else {}
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args=options)


MIGRATIONS = Path(__file__).resolve().parent / 'migrations'
BASELINE = '0001'
"""The first revision: the schema of every database created before migrations existed."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS))
    config.attributes['connection'] = connection
    return config


def init_db(engine: Engine) -> None:
    """Bring the database to the newest schema, keeping its data (see db/migrations/README.md)."""
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if not tables:
            SQLModel.metadata.create_all(connection)
            command.stamp(config, 'head')
            return
        if 'alembic_version' not in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, 'head')
