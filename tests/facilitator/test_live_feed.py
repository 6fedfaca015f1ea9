"""The live feed: agenda changes go out at once, input is coalesced, and a pending batch can be sent early."""

import asyncio
import threading

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed
from facilitator.snapshot import SessionState
from facilitator.snapshot_cache import Stamped
from tests.factories import World

from .test_rooms import member, with_rooms


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
        [(snapshot, kinds)] = calls
        assert kinds == {ChangeKind.INPUT} and snapshot.state.rooms[0].posts[0].votes == 1
        feed.flush_pending(issued.code)
        assert len(calls) == 1, 'the window was used up: no second send'

        world.service.set_hands(mod, issued.code, True)  # an agenda change goes out at once (well before 5 s)
        for _ in range(100):  # its snapshot is built in a worker thread first
            if len(calls) == 2:
                break
            await asyncio.sleep(0.02)
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
        for _ in range(100):
            if got[0] and got[1]:
                break
            await asyncio.sleep(0.02)
        assert len(got[0]) == len(got[1]) == 1 and got[0][0] is got[1][0], 'one snapshot for every listener'
        assert built_in and loop_thread not in built_in, 'built in a worker thread, never on the event loop'
    finally:
        feed.close()
