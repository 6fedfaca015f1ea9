"""The live hub's throttle: input-only changes at most every interval, taking what the feed still holds."""

import asyncio
from typing import Any, cast

from facilitator.events import ChangeKind
from facilitator.snapshot_cache import Stamped
from ui.live_throttle import Throttle

INPUT, AGENDA = frozenset({ChangeKind.INPUT}), frozenset({ChangeKind.AGENDA})


def snap(name: str) -> Stamped:
    return cast(Stamped, name)  # the throttle only passes snapshots on


async def test_a_held_input_change_goes_when_due_with_what_the_feed_still_holds() -> None:
    sent: list[tuple[Any, frozenset[ChangeKind]]] = []
    pulls: list[float] = []

    def pull() -> bool:  # the feed flushes its window now: a newer snapshot, offered synchronously
        pulls.append(asyncio.get_running_loop().time())
        throttle.offer(snap('window'), INPUT)
        return True

    throttle = Throttle(lambda s, k: sent.append((s, k)), interval_s=0.05, pull=pull)
    throttle.offer(snap('first'), INPUT)
    assert sent == [('first', INPUT)], 'the first change goes at once'
    throttle.offer(snap('second'), INPUT)
    assert len(sent) == 1, 'held within the interval'
    await asyncio.sleep(0.2)
    assert len(pulls) == 1 and sent == [('first', INPUT), ('window', INPUT)], \
        "the due push carries the feed's newest snapshot, once"


async def test_a_due_push_waits_for_a_snapshot_being_built() -> None:
    sent: list[Any] = []
    throttle = Throttle(lambda s, _k: sent.append(s), interval_s=0.05, pull=lambda: False)
    throttle.offer(snap('first'), INPUT)
    throttle.offer(snap('held'), INPUT)
    await asyncio.sleep(0.2)
    assert sent == ['first'], 'its build is under way: the push waits for it'
    throttle.offer(snap('built'), INPUT)  # the build's flush
    assert sent == ['first', 'built']


async def test_agenda_changes_go_at_once_with_the_held_input() -> None:
    sent: list[tuple[Any, frozenset[ChangeKind]]] = []
    throttle = Throttle(lambda s, k: sent.append((s, k)), interval_s=10)
    throttle.offer(snap('first'), INPUT)
    throttle.offer(snap('held'), INPUT)
    throttle.offer(snap('timer'), AGENDA)
    assert sent == [('first', INPUT), ('timer', INPUT | AGENDA)]
    throttle.close()
