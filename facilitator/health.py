"""Whether the database takes writes, as the last write found it. `/api/health` reads this; it never writes."""

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

PROBE_EVERY_S = 1.0
"""While degraded, the cheap probe runs at most this often (health checks may come many times a second)."""


class WriteHealth:
    """`degraded` holds why the last write failed for the database's sake (`locked`, `read_only`, `disk_full`,
    `unreachable`), or None. A write that succeeds clears it; so does `recheck`, when `probe` (which must not
    write) finds nothing in the way."""

    def __init__(self, probe: Callable[[], str | None], *, clock: Callable[[], float] = time.monotonic) -> None:
        self._probe = probe
        self._clock = clock
        self._lock = threading.Lock()
        self._probing = False
        self._probed_at = float('-inf')
        self.degraded: str | None = None

    @property
    def ok(self) -> bool:
        return self.degraded is None

    def wrote(self) -> None:
        """A write committed."""
        if self.degraded is not None:
            log.warning('the database takes writes again')
        self.degraded = None

    def failed(self, reason: str) -> None:
        """A write failed because of the database (not because of a rule)."""
        if self.degraded != reason:
            log.warning('a write failed: the database is %s', reason)
        self.degraded = reason

    def recheck_due(self) -> bool:
        return self.degraded is not None and not self._probing and self._clock() - self._probed_at >= PROBE_EVERY_S

    def recheck(self) -> None:
        """Run the probe (blocking: call it off the event loop) and take its answer. One probe at a time."""
        with self._lock:
            if self._probing:
                return
            self._probing = True
        try:
            self.degraded = self._probe()
        except Exception:
            log.exception('the database probe failed')
        finally:
            self._probed_at = self._clock()
            self._probing = False
