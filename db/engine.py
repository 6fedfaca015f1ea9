"""The database engine, built from `DATABASE_URL`."""

import os
import shutil
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, create_engine

from . import models  # noqa: F401  (registers the tables)

LOCK_WAIT_S = 4.0
"""How long a write waits for another writer's lock before it gives up (then the API answers 503)."""
POOL_SIZE = 24
"""Connections kept open: at least the worker's command and read threads plus the event loop's few."""


def sqlite_url(data_dir: Path) -> str:
    return f'sqlite:///{data_dir / "facilitator.db"}'


def make_engine(url: str, *, search_path: str | None = None) -> Engine:
    """Create the engine. SQLite gets WAL mode, foreign keys and a busy timeout. `search_path`: a PostgreSQL
    schema to work in (the tests give each world its own)."""
    if url.startswith('sqlite'):
        engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': LOCK_WAIT_S},
                               pool_size=POOL_SIZE, max_overflow=8)

        @event.listens_for(engine, 'connect')
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA foreign_keys=ON')
            cursor.execute(f'PRAGMA busy_timeout={int(LOCK_WAIT_S * 1000)}')
            cursor.execute('PRAGMA synchronous=NORMAL')
            cursor.close()

        return engine
    if url.startswith('postgres://'):
        url = 'postgresql+psycopg://' + url.removeprefix('postgres://')
    elif url.startswith('postgresql://'):
        url = 'postgresql+psycopg://' + url.removeprefix('postgresql://')
    options = f'-c lock_timeout={int(LOCK_WAIT_S * 1000)}' + (f' -csearch_path={search_path}' if search_path else '')
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=20,
                         connect_args={'options': options})


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == 'sqlite'


def begin_write(connection: Connection, wait_s: float = LOCK_WAIT_S) -> None:
    """On SQLite, take the write lock when a write transaction begins (waiting up to `wait_s`, what is left of
    `LOCK_WAIT_S` after `writing`).

    SQLite cannot upgrade a deferred transaction that has read while another connection writes: it fails at
    once, without waiting. Threads that write side by side must therefore queue for the lock up front.
    """
    if connection.dialect.name != 'sqlite':
        return
    if wait_s >= LOCK_WAIT_S:
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        return
    connection.exec_driver_sql(f'PRAGMA busy_timeout={int(wait_s * 1000)}')
    try:
        connection.exec_driver_sql('BEGIN IMMEDIATE')
    finally:
        connection.exec_driver_sql(f'PRAGMA busy_timeout={int(LOCK_WAIT_S * 1000)}')


class WriteLockTimeout(Exception):
    """This process's writers held SQLite's write lock for longer than `LOCK_WAIT_S` between them."""


_WRITERS: 'weakref.WeakKeyDictionary[Engine, threading.RLock]' = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[float]:
    """On SQLite, this process's write transactions take turns on a lock of their own, handed straight to the
    next writer. Queued in SQLite alone, a writer that finds the lock taken sleeps in growing steps (up to 100 ms)
    and a burst of votes waits long after the lock is free. Another process still meets SQLite's own lock: yields
    the seconds left of `LOCK_WAIT_S` for it (`begin_write`), so a write waits `LOCK_WAIT_S` in all, however many
    wait before it. Raises `WriteLockTimeout` after `LOCK_WAIT_S`. PostgreSQL: nothing to take."""
    if not is_sqlite(engine):
        yield LOCK_WAIT_S
        return
    with _WRITERS_LOCK:
        lock = _WRITERS.setdefault(engine, threading.RLock())
    started = time.monotonic()
    if not lock.acquire(timeout=LOCK_WAIT_S):
        raise WriteLockTimeout()
    try:
        waited = time.monotonic() - started
        yield LOCK_WAIT_S if waited < 0.05 else max(0.0, LOCK_WAIT_S - waited)
    finally:
        lock.release()


SQLITE_FAILURES = {'database is locked': 'locked', 'database table is locked': 'locked',
                   'readonly database': 'read_only', 'database or disk is full': 'disk_full',
                   'disk i/o error': 'unreachable', 'unable to open database': 'unreachable'}
POSTGRES_FAILURES = {'55P03': 'locked', '57014': 'locked', '40P01': 'locked', '25006': 'read_only',
                     '53100': 'disk_full', '53200': 'disk_full', '57P01': 'unreachable', '57P03': 'unreachable'}


def write_failure(error: DBAPIError) -> str | None:
    """Why the database refused: `locked`, `read_only`, `disk_full` or `unreachable`; None for a bug."""
    if error.connection_invalidated:
        return 'unreachable'
    sqlstate = getattr(error.orig, 'sqlstate', None)
    if sqlstate is not None:
        return POSTGRES_FAILURES.get(sqlstate, 'unreachable' if sqlstate.startswith('08') else None)
    message = str(error.orig).lower()
    return next((reason for text, reason in SQLITE_FAILURES.items() if text in message), None)


def write_blocker(engine: Engine) -> str | None:
    """Why a write would fail now, found without writing anything; None when writes can succeed.

    SQLite: the `mode=ro` URI or a read-only file, a full disk, or another connection holding the write lock
    (`BEGIN IMMEDIATE` without waiting, then `ROLLBACK`: the lock is taken and released, nothing is written).
    PostgreSQL: `transaction_read_only` (a standby or a read-only default). Its row locks are not global,
    so a timed-out lock clears at the next write.
    """
    if not is_sqlite(engine):
        with engine.connect() as connection:
            read_only = connection.exec_driver_sql('SHOW transaction_read_only').scalar()
        return 'read_only' if read_only == 'on' else None
    url = make_url(str(engine.url))
    if url.query.get('mode') == 'ro':
        return 'read_only'
    path = Path((url.database or '').removeprefix('file:'))
    if url.database and path.exists():
        if not os.access(path, os.W_OK):
            return 'read_only'
        if shutil.disk_usage(path.parent).free < 1024 * 1024:
            return 'disk_full'
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute('PRAGMA busy_timeout=0')
        try:
            cursor.execute('BEGIN IMMEDIATE')
        except Exception as error:  # sqlite3.OperationalError, without importing the driver here
            return 'locked' if 'locked' in str(error).lower() else 'unreachable'
        finally:
            raw.rollback()
            cursor.execute(f'PRAGMA busy_timeout={int(LOCK_WAIT_S * 1000)}')
        return None
    finally:
        raw.close()


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
