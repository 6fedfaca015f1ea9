"""Repository functions for the tables several instances share (db/scale_models.py), and per-job advisory locks."""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import case, delete, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .scale_models import AppSecret, InstancePresence, RateWindow


def _insert(db: Session, model: type[InstancePresence | RateWindow | AppSecret]):  # type: ignore[no-untyped-def]
    """INSERT with ON CONFLICT in the database's own dialect (both SQLite and PostgreSQL have it)."""
    return (postgresql.insert if db.get_bind().dialect.name == 'postgresql' else sqlite.insert)(model)


def beat(*, db: Session, instance_id: str, counts: dict[str, int], now: datetime) -> None:
    """Replace this instance's presence rows with `counts` (sessions with nobody online get no row)."""
    db.exec(delete(InstancePresence).where(col(InstancePresence.instance_id) == instance_id))  # type: ignore[call-overload]
    for code, online in counts.items():
        if online > 0:
            db.add(InstancePresence(instance_id=instance_id, session_code=code, online=online, seen_at=now))


def presence_of_others(*, db: Session, instance_id: str, since: datetime) -> list[InstancePresence]:
    """Other instances' rows seen since `since` (older ones belong to instances that died)."""
    return list(db.exec(select(InstancePresence).where(col(InstancePresence.instance_id) != instance_id,
                                                       col(InstancePresence.seen_at) >= since)))


def forget_instance(*, db: Session, instance_id: str, before: datetime | None = None) -> None:
    """Drop an instance's rows (it stops), and every row older than `before` (instances long dead)."""
    condition = col(InstancePresence.instance_id) == instance_id
    if before is not None:
        condition = condition | (col(InstancePresence.seen_at) < before)
    db.exec(delete(InstancePresence).where(condition))  # type: ignore[call-overload]


def count_in_window(*, db: Session, key: str, now: datetime, window_s: float) -> tuple[int, datetime]:
    """Count one more in `key`'s fixed window (a new window once `window_s` passed); atomic across instances.
    Returns the count including this one and when the window started."""
    expired = now - timedelta(seconds=window_s)
    stmt = _insert(db, RateWindow).values(key=key, started_at=now, count=1)
    table = RateWindow.__table__  # type: ignore[attr-defined]
    fresh = table.c.started_at <= expired
    stmt = stmt.on_conflict_do_update(index_elements=['key'], set_={
        'count': case((fresh, 1), else_=table.c.count + 1),
        'started_at': case((fresh, stmt.excluded.started_at), else_=table.c.started_at),
    }).returning(table.c.count, table.c.started_at)
    count, started = db.execute(stmt).one()
    return int(count), started


def purge_windows(*, db: Session, before: datetime) -> None:
    db.exec(delete(RateWindow).where(col(RateWindow.started_at) < before))  # type: ignore[call-overload]


def shared_secret(*, db: Session, name: str, make: Callable[[], str]) -> tuple[str, bool]:
    """The secret `name`, made once by whichever instance comes first. Returns it and whether this call made it."""
    value = make()
    result = db.execute(_insert(db, AppSecret).values(name=name, value=value)
                        .on_conflict_do_nothing(index_elements=['name']))
    inserted = getattr(result, 'rowcount', 0)
    stored = db.exec(select(AppSecret.value).where(AppSecret.name == name)).one()
    return stored, bool(inserted) and stored == value


def lock_key(job: str) -> int:
    """A stable signed 64-bit advisory-lock key for a job name."""
    return int.from_bytes(hashlib.sha256(f'facilitator:{job}'.encode()).digest()[:8], 'big', signed=True)


@contextmanager
def job_lock(engine: Engine, job: str) -> Iterator[bool]:
    """Whether this instance runs `job` now: PostgreSQL's `pg_try_advisory_lock`, held on one pooled connection
    for the tick and released after it, so one instance at a time runs each job (never waits). Always True on
    SQLite, which one instance serves."""
    if engine.dialect.name != 'postgresql':
        yield True
        return
    key = lock_key(job)
    with engine.connect() as connection:
        got = bool(connection.execute(text('SELECT pg_try_advisory_lock(:k)'), {'k': key}).scalar())
        connection.commit()
        try:
            yield got
        finally:
            if got:
                try:
                    connection.execute(text('SELECT pg_advisory_unlock(:k)'), {'k': key})
                    connection.commit()
                except Exception:  # a lost connection released the lock with it; never pool it again
                    connection.invalidate()


def run_exclusive(engine: Engine, job: str, fn: Callable[[], object]) -> bool:
    """Run one tick of `job` unless another instance is running it now. True if it ran here. Blocking."""
    with job_lock(engine, job) as mine:
        if mine:
            fn()
        return mine
