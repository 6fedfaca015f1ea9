"""Input-only changes reach pages at most twice a second per session, like vote counts (ui/input_hub.py).

A poll storm is a stream of INPUT events; the live feed coalesces them for 200 ms (facilitator/live.py), which
still meant up to five whole-view pushes a second to every page. Changes to the run of show (agenda, queue, setup)
go at once and take any held change with them; the latest held snapshot is always sent, so pages end exact.
"""

import asyncio
import time
from collections.abc import Callable

from facilitator.events import ChangeKind
from facilitator.snapshot_cache import Stamped

AT_ONCE = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP, ChangeKind.NEW_INPUT})
INTERVAL_S = 0.5

Send = Callable[[Stamped, frozenset[ChangeKind]], None]


class Throttle:
    """One per session in the hub: `offer` every flush of the feed; `send` runs at most every INTERVAL_S for
    input-only changes."""

    def __init__(self, send: Send, *, interval_s: float = INTERVAL_S) -> None:
        self._send = send
        self.interval_s = interval_s
        self._last = -interval_s
        self._held: Stamped | None = None
        self._kinds: set[ChangeKind] = set()
        self._handle: asyncio.TimerHandle | None = None

    def offer(self, snapshot: Stamped, kinds: frozenset[ChangeKind]) -> None:
        self._held = snapshot
        self._kinds |= kinds
        wait = self._last + self.interval_s - time.monotonic()
        if kinds & AT_ONCE or wait <= 0:
            self._flush()
        elif self._handle is None:
            self._handle = asyncio.get_running_loop().call_later(wait, self._flush)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _flush(self) -> None:
        self.close()
        held, kinds = self._held, frozenset(self._kinds)
        self._held, self._kinds = None, set()
        if held is not None:
            self._last = time.monotonic()
            self._send(held, kinds)
