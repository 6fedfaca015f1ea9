"""One snapshot per version: built once for many readers (in threads too), rebuilt after a change or when the
online count moves, retimed without a rebuild while a timer runs, and released when nobody follows the session."""

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from facilitator.live import LiveFeed
from facilitator.snapshot import SessionState, StaffSessionState
from facilitator.snapshot_cache import SnapshotCache
from tests.factories import World, json_state

from .test_rooms import member, with_rooms


def test_many_readers_of_one_version_share_one_build(world: World) -> None:
    issued = world.new_session()
    builds = world.service.snapshots.builds
    states = [world.service.state(issued.code) for _ in range(50)]
    bodies = {world.service.snapshot(issued.code).json_at(world.clock()) for _ in range(50)}
    assert world.service.snapshots.builds == builds + 1, 'one build for every reader of the version'
    assert len(bodies) == 1
    assert all(state.rooms is states[0].rooms for state in states), 'the posts are shared, not copied'


def test_a_change_builds_again_and_a_new_online_count_is_derived_without_a_build(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    first = world.service.snapshot(issued.code)
    world.service.start_segment(mod, issued.code)
    second = world.service.snapshot(issued.code)
    assert second is not first and second.state.version > first.state.version
    assert second.etag != first.etag
    body = second.json_at(world.clock())
    builds = world.service.snapshots.builds
    world.service.client_connected(issued.code, 'a-participant')
    online = world.service.snapshot(issued.code)
    assert online is not second and online.state.online_count == second.state.online_count + 1
    assert online.state.version == second.state.version and online.etag != second.etag
    assert online.input_json is second.input_json, 'the posts are serialised once per version'
    assert json.loads(online.json_at(world.clock())) == {**json.loads(body), 'online_count': 1}
    assert world.service.snapshots.builds == builds, 'a page coming or going costs no build'
    world.service.client_disconnected(issued.code, 'a-participant')
    assert world.service.snapshot(issued.code).etag == second.etag


def test_concurrent_readers_in_threads_wait_for_the_one_builder(world: World) -> None:
    issued = world.new_session()
    calls: list[str] = []
    gate = threading.Event()

    def slow_build(code: str, staff: bool, online: int) -> SessionState:
        calls.append(code)
        gate.wait(5)
        return world.service.state(code)

    cache = SnapshotCache(slow_build, world.clock)
    with ThreadPoolExecutor(8) as pool:
        readers = [pool.submit(cache.get, issued.code, online=0) for _ in range(8)]
        time.sleep(0.1)
        gate.set()
        snapshots = [reader.result(5) for reader in readers]
    assert calls == [issued.code] and cache.builds == 1, 'the others waited for the one build'
    assert all(snapshot is snapshots[0] for snapshot in snapshots)


def test_a_running_timer_is_retimed_without_a_rebuild(world: World) -> None:
    issued = world.new_session()
    world.service.start_segment(world.moderator(issued), issued.code)
    before = world.service.state(issued.code).segments[0].remaining_seconds
    builds = world.service.snapshots.builds
    world.clock.advance(30)
    state = world.service.state(issued.code)
    assert state.segments[0].remaining_seconds == before - 30
    body = json.loads(world.service.snapshot(issued.code).json_at(world.clock()))
    assert body['segments'][0]['remaining_seconds'] == before - 30
    assert body['server_time_ms'] == state.server_time_ms
    assert body == json_state(world.service, issued.code), 'the shared JSON is the model, as of now'
    assert world.service.snapshots.builds == builds


def test_open_rooms_closing_by_themselves_build_again(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.service.open_rooms(mod, issued.code, 1, grace_seconds=0)
    assert world.service.state(issued.code).rooms_open
    world.clock.advance(61)
    assert not world.service.state(issued.code).rooms_open, 'closed by the clock, with no change of version'


def test_the_staff_snapshot_is_built_once_per_version_too(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    member(world, issued, rooms[0])
    builds = world.service.snapshots.builds
    staff = [world.service.state(issued.code, staff=True) for _ in range(5)]
    assert all(isinstance(state, StaffSessionState) for state in staff)
    assert world.service.snapshots.builds == builds + 1
    assert [p.name for p in staff[0].people] == ['Amina']
    assert not isinstance(world.service.state(issued.code), StaffSessionState), 'the public one stays apart'


async def test_the_feed_releases_a_session_when_its_last_listener_leaves(world: World) -> None:
    issued = world.new_session()
    feed = LiveFeed(world.service)
    feed.start(asyncio.get_running_loop())
    try:
        stop_a = feed.listen(issued.code, lambda snapshot, kinds: None)
        stop_b = feed.listen(issued.code, lambda snapshot, kinds: None)
        world.service.state(issued.code)
        stop_a()
        assert feed.listened() == {issued.code}
        assert world.service.snapshots.peek(issued.code, online=0) is not None
        stop_b()
        assert feed.listened() == set()
        assert world.service.snapshots.peek(issued.code, online=0) is None, 'its snapshot is released too'
    finally:
        feed.close()
