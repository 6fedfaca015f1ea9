"""Post edits limited per token: a sliding window per participant, counted where the command runs.

Edits leave no row behind (the post keeps only its last text), so unlike posts they cannot be counted from the
database; the window lives in the service. With several instances each instance counts its own edits, which still
bounds a flood to a small multiple of the limit.
"""

import math
import threading
from collections import deque
from datetime import datetime, timedelta

from .errors import RateLimited
from .i18n import _

EDIT_LIMIT = 10
EDIT_WINDOW_S = 60
MAX_TRACKED = 50_000
"""Participants kept at most; past that, the idle ones are dropped first, so fresh tokens cannot grow memory."""


class EditLimiter:
    """At most `limit` edits per participant in any `window_s` seconds; the clock is passed in, so tests never
    sleep."""

    def __init__(self, limit: int = EDIT_LIMIT, window_s: int = EDIT_WINDOW_S) -> None:
        self.limit = limit
        self.window = timedelta(seconds=window_s)
        self._edits: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, participant_id: str, now: datetime) -> None:
        """Count one edit; RateLimited (429 with Retry-After) once the window is full. A refused edit is not
        counted."""
        with self._lock:
            edits = self._edits.setdefault(participant_id, deque())
            while edits and edits[0] <= now - self.window:
                edits.popleft()
            if len(edits) >= self.limit:
                retry = max(1, math.ceil((edits[0] + self.window - now).total_seconds()))
                raise RateLimited(_('You are editing very fast. Try again in {n} seconds.').format(n=retry),
                                  retry_after=retry)
            edits.append(now)
            if len(self._edits) > MAX_TRACKED:
                self._forget(now)

    def _forget(self, now: datetime) -> None:
        for key in [k for k, edits in self._edits.items() if not edits or edits[-1] <= now - self.window]:
            del self._edits[key]
        while len(self._edits) > MAX_TRACKED:
            del self._edits[next(iter(self._edits))]
