"""The live feed: agenda changes go out at once, input is coalesced, and a pending batch can be sent early."""

import asyncio
import threading
from collections.abc import Callable

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed
from facilitator.snapshot import SessionState
from facilitator.snapshot_cache import Stamped
from tests.factories import World

from .test_rooms import member, with_rooms


async def until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Wait for a worker thread's build and the flush after it (the test fails on its assert, not here)."""
    for _ in range(int(timeout_s / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)


async def test_input_is_coalesced_and_flush_pending_sends_it_early(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='An idea')
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    feed = LiveFeed(world.service, coalesce_s=5.0)  # long enough that only an early flush can send it
    feed.start(asyncio.get_running_loop())
    calls: list[tuple[Stamped, frozenset[ChangeKind]]] = []
    feed.listen(issued.code, lambda snapshot, kinds: calls.append((snapshot, kinds)))
    try:
        feed.flush_pending(issued.code)
        assert calls == [], 'nothing waits: nothing is sent'
        world.service.cast_vote(kofi, issued.code, post)
        await asyncio.sleep(0.05)
        assert calls == [], 'a vote waits for the coalescing window'
        feed.flush_pending(issued.code)
        await until(lambda: bool(calls))  # its snapshot is built in a worker thread first
        [(snapshot, kinds)] = calls
        assert kinds == {ChangeKind.INPUT} and snapshot.state.rooms[0].posts[0].votes == 1
        feed.flush_pending(issued.code)
        assert len(calls) == 1, 'the window was used up: no second send'

        world.service.set_hands(mod, issued.code, True)  # an agenda change goes out at once (well before 5 s)
        await until(lambda: len(calls) == 2)
        assert len(calls) == 2 and ChangeKind.AGENDA in calls[-1][1] and calls[-1][0].state.hands_open
    finally:
        feed.close()


async def test_a_change_is_built_off_the_event_loop_and_reaches_every_listener_once(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    feed = LiveFeed(world.service, coalesce_s=5.0)
    feed.start(asyncio.get_running_loop())
    loop_thread = threading.get_ident()
    built_in: list[int] = []
    build = world.service.snapshots._build

    def spy(code: str, staff: bool, online: int) -> SessionState:
        built_in.append(threading.get_ident())
        return build(code, staff, online)

    world.service.snapshots._build = spy
    got: list[list[Stamped]] = [[], []]
    feed.listen(issued.code, lambda snapshot, kinds: got[0].append(snapshot))
    feed.listen(issued.code, lambda snapshot, kinds: got[1].append(snapshot))
    try:
        world.service.set_hands(mod, issued.code, True)
        await until(lambda: bool(got[0] and got[1]))
        assert len(got[0]) == len(got[1]) == 1 and got[0][0] is got[1][0], 'one snapshot for every listener'
        assert built_in and loop_thread not in built_in, 'built in a worker thread, never on the event loop'
    finally:
        feed.close()


async def test_changes_during_a_build_follow_it_and_nothing_is_built_on_the_event_loop(world: World) -> None:
    """A vote storm on a slow database: every build is outdated by the next vote before it is sent. The outdated
    snapshot goes out, the newer change follows it, and the event loop never reads the database for it."""
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='An idea')
    voters = [member(world, issued, rooms[0], f'Voter {i}', 'academia') for i in range(6)]
    feed = LiveFeed(world.service, coalesce_s=0.01)
    feed.start(asyncio.get_running_loop())
    loop_thread = threading.get_ident()
    built_in: list[int] = []
    build = world.service.snapshots._build
    waiting = list(voters[1:])

    def build_then_a_vote_lands(code: str, staff: bool, online: int) -> SessionState:
        built_in.append(threading.get_ident())
        state = build(code, staff, online)
        if waiting:  # the next vote commits while this build is on its way
            world.service.cast_vote(waiting.pop(0), issued.code, post)
        return state

    world.service.snapshots._build = build_then_a_vote_lands
    seen: list[int] = []
    feed.listen(issued.code, lambda snapshot, kinds: seen.append(snapshot.state.rooms[0].posts[0].votes))
    try:
        await asyncio.to_thread(world.service.cast_vote, voters[0], issued.code, post)
        await until(lambda: bool(seen) and seen[-1] == len(voters))
        assert seen == list(range(1, len(voters) + 1)), 'each outdated snapshot went out, then the newer one'
        assert len(built_in) == len(voters), 'one build per change'
        assert loop_thread not in built_in, 'every build ran in a worker thread'
    finally:
        feed.close()
