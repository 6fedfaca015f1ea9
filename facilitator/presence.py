"""Who is connected now, per session. Instance-local: each instance counts its own connections."""

from collections import Counter


class Presence:
    def __init__(self) -> None:
        self._online: Counter[str] = Counter()

    def connected(self, code: str) -> int:
        self._online[code] += 1
        return self._online[code]

    def disconnected(self, code: str) -> int:
        self._online[code] = max(0, self._online[code] - 1)
        return self._online[code]

    def online(self, code: str) -> int:
        return self._online[code]
