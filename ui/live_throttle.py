"""Input-only changes reach pages at most twice a second per session, like vote counts (ui/input_hub.py).

A poll storm is a stream of INPUT events; the live feed coalesces them for 200 ms (facilitator/live.py), which
still meant up to five whole-view pushes a second to every page. Changes to the run of show (agenda, queue, setup)
go at once and take any held change with them; the latest held snapshot is always sent, so pages end exact.

When a held change falls due, the answers still in the feed's window go with it (`pull`): otherwise an answer that
came just after the feed's last flush waited for the next push, up to 200 ms more.
"""

import asyncio
import time
from collections.abc import Callable

from facilitator.events import ChangeKind
from facilitator.snapshot_cache import Stamped

AT_ONCE = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP, ChangeKind.NEW_INPUT})
INTERVAL_S = 0.5

Send = Callable[[Stamped, frozenset[ChangeKind]], None]
Pull = Callable[[], bool]
"""flushes the feed's coalesced changes now, offering their snapshot at once if it is built; False while a build is
under way (its flush offers it when done)"""


class Throttle:
    """One per session in the hub: `offer` every flush of the feed; `send` runs at most every INTERVAL_S for
    input-only changes."""

    def __init__(self, send: Send, *, interval_s: float = INTERVAL_S, pull: Pull = lambda: True) -> None:
        self._send = send
        self._pull = pull
        self.interval_s = interval_s
        self._last = -interval_s
        self._held: Stamped | None = None
        self._kinds: set[ChangeKind] = set()
        self._handle: asyncio.TimerHandle | None = None
        self._pulling = False
        self._waited = False

    def offer(self, snapshot: Stamped, kinds: frozenset[ChangeKind]) -> None:
        self._held = snapshot
        self._kinds |= kinds
        if self._pulling:  # the feed flushes into a push that is due: it sends
            return
        wait = self._last + self.interval_s - time.monotonic()
        if kinds & AT_ONCE or wait <= 0:
            self._flush()
        elif self._handle is None:
            self._handle = asyncio.get_running_loop().call_later(wait, self._due)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _due(self) -> None:
        self._handle = None
        self._pulling = True
        try:
            built = self._pull()
        finally:
            self._pulling = False
        if not built and not self._waited:  # their snapshot is being built: its flush offers it, due by then
            self._waited = True
            return
        self._flush()

    def _flush(self) -> None:
        self.close()
        self._waited = False
        held, kinds = self._held, frozenset(self._kinds)
        self._held, self._kinds = None, set()
        if held is not None:
            self._last = time.monotonic()
            self._send(held, kinds)
