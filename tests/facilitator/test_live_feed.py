"""The live feed: agenda changes go out at once, input is coalesced, and a pending batch can be sent early."""

import asyncio

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed
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

        world.service.set_hands(mod, issued.code, True)  # an agenda change goes out at once
        await asyncio.sleep(0.05)
        assert len(calls) == 2 and ChangeKind.AGENDA in calls[-1][1]
    finally:
        feed.close()
