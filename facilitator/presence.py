"""Who is connected now, per session: distinct participants with an open page (API.md, state notes).

Anonymous sockets (`/live`, the join form before joining) and stage screens are not counted; a participant with two
tabs counts once. Instance-local: each instance counts its own pages.
"""

import threading
from collections import Counter


class Presence:
    """Thread-safe: pages count in and out from the event loop and from the worker's threads."""

    def __init__(self) -> None:
        self._pages: Counter[tuple[str, str]] = Counter()
        self._online: Counter[str] = Counter()
        self._lock = threading.Lock()

    def connected(self, code: str, participant_id: str) -> bool:
        """One more open page of this participant; True when the online count moved."""
        with self._lock:
            self._pages[code, participant_id] += 1
            if self._pages[code, participant_id] == 1:
                self._online[code] += 1
                return True
            return False

    def disconnected(self, code: str, participant_id: str) -> bool:
        """One page fewer; True when the online count moved (their last page closed)."""
        with self._lock:
            key = (code, participant_id)
            if self._pages[key] <= 0:
                return False
            self._pages[key] -= 1
            if self._pages[key] == 0:
                del self._pages[key]
                self._online[code] = max(0, self._online[code] - 1)
                return True
            return False

    def online(self, code: str) -> int:
        with self._lock:
            return self._online[code]
