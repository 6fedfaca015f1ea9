"""Who is connected now, per session. Instance-local: each instance counts its own connections."""

import threading
from collections import Counter


class Presence:
    """Thread-safe: pages count in and out from the event loop and from the worker's threads."""

    def __init__(self) -> None:
        self._online: Counter[str] = Counter()
        self._lock = threading.Lock()

    def connected(self, code: str) -> int:
        with self._lock:
            self._online[code] += 1
            return self._online[code]

    def disconnected(self, code: str) -> int:
        with self._lock:
            self._online[code] = max(0, self._online[code] - 1)
            return self._online[code]

    def online(self, code: str) -> int:
        return self._online[code]
