"""The parts several instances share, in one process on a PostgreSQL database of our own: the bus, the advisory
locks of the background jobs, the join cap, the secrets and the presence heartbeat."""

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db.engine import init_db, make_engine
from db.scale_repository import run_exclusive
from facilitator.clock import FakeClock
from facilitator.errors import RateLimited
from facilitator.events import ChangeKind, LocalEventBus, SessionChanged
from facilitator.heartbeat import EXPIRY_S, Heartbeat
from facilitator.live import LiveFeed
from facilitator.pg_bus import PgEventBus
from facilitator.scale import SharedJoinLimiter, conninfo, resync_served, shared_secrets
from facilitator.service import FacilitatorService
from facilitator.settings import Settings
from tests.factories import ADMIN_TOKEN
from tests.scale.instances import own_database, terminate_backends

WAIT_S = 10.0


@pytest.fixture(scope='module')
def database() -> Iterator[str]:
    with own_database() as url:
        engine = make_engine(url)
        init_db(engine)
        engine.dispose()
        yield url


@pytest.fixture
def engines(database: str) -> Iterator[tuple[Engine, Engine]]:
    """Two engines: two instances' connection pools."""
    first, second = make_engine(database), make_engine(database)
    yield first, second
    first.dispose()
    second.dispose()


@pytest.fixture
def buses(database: str) -> Iterator[tuple[PgEventBus, PgEventBus]]:
    x, y = PgEventBus(conninfo(database), instance_id='x'), PgEventBus(conninfo(database), instance_id='y')
    x.start()
    y.start()
    assert x.listening.wait(WAIT_S) and y.listening.wait(WAIT_S)
    yield x, y
    x.close()
    y.close()


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f'timed out waiting for {what}'
        time.sleep(0.02)


def test_an_event_reaches_the_other_instance_once_and_its_own_once(buses: tuple[PgEventBus, PgEventBus]) -> None:
    x, y = buses
    on_x: list[SessionChanged] = []
    on_y: list[SessionChanged] = []
    x.subscribe(on_x.append)
    y.subscribe(on_y.append)
    x.publish(SessionChanged(code='ABCDEFG', version=7, kind=ChangeKind.AGENDA))
    wait_for(lambda: on_y, 'the event on y')
    y.publish(SessionChanged(code='ABCDEFG', version=8, kind=ChangeKind.INPUT))  # x hears it after its own came back
    wait_for(lambda: len(on_x) == 2, "y's event on x")
    assert [(e.version, e.origin) for e in on_x] == [(7, ''), (8, 'y')]
    assert [(e.version, e.origin) for e in on_y] == [(7, 'x'), (8, '')]
    assert on_y[0].kind == ChangeKind.AGENDA


def test_a_long_list_of_people_travels_in_pieces_under_the_payload_limit(buses: tuple[PgEventBus, PgEventBus]) -> None:
    x, y = buses
    heard: set[str] = set()
    y.subscribe(lambda event: heard.update(event.people))
    people = tuple(f'{i:08d}-0000-4000-8000-000000000000' for i in range(1000))  # about 39 KB of ids
    x.publish(SessionChanged(code='ABCDEFG', version=3, kind=ChangeKind.PEOPLE, people=people, online_here=4))
    wait_for(lambda: len(heard) == len(people), 'every person')


def test_a_lost_listener_connection_reconnects_and_resyncs_and_hears_again(
        database: str, buses: tuple[PgEventBus, PgEventBus]) -> None:
    x, y = buses
    resynced = threading.Event()
    y.on_resync(resynced.set)
    on_y: list[SessionChanged] = []
    y.subscribe(on_y.append)
    terminate_backends(database, y.name('listen'))
    assert resynced.wait(WAIT_S), 'y resynchronises after reconnecting'
    assert y.reconnects == 1
    x.publish(SessionChanged(code='ABCDEFG', version=9, kind=ChangeKind.AGENDA))
    wait_for(lambda: on_y, 'an event after the reconnect')


def test_a_lost_sender_connection_loses_no_event(database: str, buses: tuple[PgEventBus, PgEventBus]) -> None:
    x, y = buses
    on_y: list[int] = []
    y.subscribe(lambda event: on_y.append(event.version))
    x.publish(SessionChanged(code='ABCDEFG', version=1, kind=ChangeKind.AGENDA))
    wait_for(lambda: on_y == [1], 'the first event')
    terminate_backends(database, x.name('send'))
    for version in (2, 3, 4):
        x.publish(SessionChanged(code='ABCDEFG', version=version, kind=ChangeKind.AGENDA))
    wait_for(lambda: on_y == [1, 2, 3, 4], 'the events sent after the sender reconnected, in order')


def test_a_job_tick_runs_on_one_instance_at_a_time(engines: tuple[Engine, Engine]) -> None:
    first, second = engines
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow_job() -> None:
        ran.append('first')
        started.set()
        release.wait(WAIT_S)

    holder = threading.Thread(target=run_exclusive, args=(first, 'sweep rooms', slow_job))
    holder.start()
    assert started.wait(WAIT_S)
    assert run_exclusive(second, 'sweep rooms', lambda: ran.append('second')) is False
    assert run_exclusive(second, 'send mail', lambda: ran.append('other job')) is True, 'other jobs are not held up'
    release.set()
    holder.join(WAIT_S)
    assert run_exclusive(second, 'sweep rooms', lambda: ran.append('second')) is True, 'the lock was released'
    assert ran == ['first', 'other job', 'second']


def test_the_join_cap_counts_the_joins_of_every_instance(engines: tuple[Engine, Engine]) -> None:
    clock = FakeClock()
    on_a, on_b = (SharedJoinLimiter(engine, 3, clock=clock) for engine in engines)
    on_a.check('203.0.113.9')
    on_b.check('203.0.113.9')
    on_a.check('203.0.113.9')
    with pytest.raises(RateLimited) as refused:
        on_b.check('203.0.113.9')
    assert 1 <= refused.value.retry_after <= 60
    on_b.check('198.51.100.1')  # another address has its own window
    clock.advance(61)
    on_b.check('203.0.113.9')  # a new minute


def test_the_secrets_are_made_once_and_shared(engines: tuple[Engine, Engine], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ('FACILITATOR_ADMIN_TOKEN', 'FACILITATOR_STORAGE_SECRET'):
        monkeypatch.delenv(name, raising=False)
    engine = engines[0]
    with engine.begin() as connection:
        connection.exec_driver_sql('DELETE FROM app_secret')
    first = shared_secrets(Settings(data_dir=tmp_path / 'a'), engine)
    second = shared_secrets(Settings(data_dir=tmp_path / 'b'), engines[1])
    assert first.generated and first.admin_token, 'the first instance made the organizer token and may print it'
    assert not second.generated and second.admin_token is None, 'the second never sees the token in clear'
    assert (first.storage_secret, first.admin_hash) == (second.storage_secret, second.admin_hash)
    with engine.connect() as connection:
        stored = dict(connection.exec_driver_sql('SELECT name, value FROM app_secret').all())
    assert first.admin_token not in stored.values(), 'only the hash of the organizer token is stored'


def test_online_count_is_the_sum_over_live_instances(engines: tuple[Engine, Engine]) -> None:
    clock = FakeClock()
    a, b = (FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://t', clock=clock)
            for engine in engines)
    code = a.create_session(a.authenticate(None, ADMIN_TOKEN), template='cop-industry-connect-2025-s2').code
    beat_a, beat_b = Heartbeat(a, 'instance-a'), Heartbeat(b, 'instance-b')
    a.presence.connected(code, 'p1')
    a.presence.connected(code, 'p2')
    b.presence.connected(code, 'p3')
    beat_a.beat()
    assert beat_b.beat() == {code}
    beat_a.beat()
    assert (a.presence.online(code), b.presence.online(code)) == (3, 3)
    assert b.state(code).online_count == 3
    clock.advance(EXPIRY_S + 1)  # A stops beating (killed)
    assert beat_b.beat() == {code}
    assert b.presence.online(code) == 1
    beat_a.beat()  # A is back: its pages count again
    beat_b.beat()
    assert b.presence.online(code) == 3
    beat_a.stop()
    beat_b.beat()
    assert b.presence.online(code) == 1


async def test_after_a_reconnect_the_served_sessions_are_rebuilt_from_stored_state(database: str) -> None:
    """A change whose notification never reached B (A publishes in process only, as if B's listener was away) shows
    on B's pages once B's listener reconnects: B resends every session it serves from the database."""
    engine_a, engine_b = make_engine(database), make_engine(database)
    a = FacilitatorService(engine=engine_a, admin_token=ADMIN_TOKEN, public_url='http://t', bus=LocalEventBus())
    bus_b = PgEventBus(conninfo(database), instance_id='b-resync')
    b = FacilitatorService(engine=engine_b, admin_token=ADMIN_TOKEN, public_url='http://t', bus=bus_b)
    feed = LiveFeed(b, coalesce_s=0.01)
    feed.start(asyncio.get_running_loop())
    bus_b.on_resync(lambda: resync_served(b, feed))
    bus_b.start()
    try:
        issued = a.create_session(a.authenticate(None, ADMIN_TOKEN), template='cop-industry-connect-2025-s2')
        seen: list[str] = []
        feed.listen(issued.code, lambda stamped, _kinds: seen.append(
            stamped.state.broadcast.message if stamped.state.broadcast else ''))
        assert b.state(issued.code).broadcast is None  # B has it cached now
        a.broadcast(a.authenticate(issued.code, issued.moderator_key), issued.code, 'Missed by the bus')
        assert bus_b.listening.wait(WAIT_S)
        terminate_backends(database, bus_b.name('listen'))
        async with asyncio.timeout(WAIT_S):
            while 'Missed by the bus' not in seen:
                await asyncio.sleep(0.05)
        assert b.state(issued.code).broadcast is not None, 'GET /state on B is rebuilt too'
    finally:
        feed.close()
        bus_b.close()
        engine_a.dispose()
        engine_b.dispose()
