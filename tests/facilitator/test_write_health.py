"""A write the database refuses is a 503 `DatabaseBusy` that changes nothing, publishes nothing, and marks
`write_health`; the probe tells without writing when writes can succeed again."""

import sqlite3
from pathlib import Path

import pytest

import db.engine
from db.engine import make_engine, sqlite_url, write_blocker
from facilitator.errors import DatabaseBusy
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, POSTGRES_URL, World, json_state, make_world

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason='SQLite file locks and mode=ro')


@pytest.fixture
def quick_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """A world whose writes give up on a lock after 0.2 s instead of 4 s."""
    monkeypatch.setattr(db.engine, 'LOCK_WAIT_S', 0.2)
    return make_world(tmp_path)


def test_a_write_blocked_by_another_connection_raises_database_busy_and_health_recovers_without_a_write(
        quick_world: World) -> None:
    service = quick_world.service
    issued = quick_world.new_session()
    moderator = quick_world.moderator(issued)
    published = len(quick_world.events)
    other = sqlite3.connect(quick_world.path / 'facilitator.db', isolation_level=None)
    other.execute('BEGIN IMMEDIATE')

    with pytest.raises(DatabaseBusy) as refused:
        service.start_segment(moderator, issued.code)
    assert (refused.value.status, refused.value.code, refused.value.reason) == (503, 'database_busy', 'locked')
    assert refused.value.message.lower().startswith('database busy')
    assert len(quick_world.events) == published, 'a refused write publishes nothing'
    assert service.write_health.degraded == 'locked'
    assert json_state(service, issued.code)['segments'][0]['state'] == 'pending', 'reads work during the lock'
    service.write_health.recheck()
    assert service.write_health.degraded == 'locked', 'the probe sees the lock too'

    other.execute('ROLLBACK')
    service.write_health.recheck()
    assert service.write_health.ok, 'the probe clears it once the lock is gone, without writing'
    service.start_segment(moderator, issued.code)
    assert json_state(service, issued.code)['segments'][0]['state'] == 'running'


def test_a_read_only_database_refuses_writes_as_database_busy_and_keeps_serving_reads(quick_world: World) -> None:
    issued = quick_world.new_session()
    database = (quick_world.path / 'facilitator.db').resolve()
    engine = make_engine(f'sqlite:///file:{database}?mode=ro&uri=true')
    service = FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://testserver')
    try:
        assert write_blocker(engine) == 'read_only'
        assert json_state(service, issued.code)['code'] == issued.code
        with pytest.raises(DatabaseBusy) as refused:
            service.start_segment(service.authenticate(issued.code, issued.moderator_key), issued.code)
        assert refused.value.reason == 'read_only'
        assert service.write_health.degraded == 'read_only'
    finally:
        engine.dispose()


def test_a_writable_database_has_nothing_in_the_way(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    try:
        assert write_blocker(engine) is None
    finally:
        engine.dispose()
