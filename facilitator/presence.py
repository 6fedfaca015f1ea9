"""Who is connected now, per session: distinct participants with an open page (API.md, state notes).

Anonymous sockets (`/live`, the join form before joining) and stage screens are not counted; a participant with two
tabs counts once. Each instance counts its own pages; with several instances (PostgreSQL) the count is the sum over
all of them: each instance tells the others its own count with every PEOPLE event it publishes (`heard`), and
writes it to the database with a heartbeat that also brings in the others' (`merge`, facilitator/heartbeat.py). An
instance that stops beating (killed) drops out once its rows are older than `heartbeat.EXPIRY_S`.
"""

import threading
from collections import Counter
from datetime import datetime

from .events import ChangeKind, SessionChanged


class Presence:
    """Thread-safe: pages count in and out from the event loop and from the worker's threads."""

    def __init__(self) -> None:
        self._pages: Counter[tuple[str, str]] = Counter()
        self._online: Counter[str] = Counter()
        self._remote: dict[tuple[str, str], tuple[int, datetime]] = {}
        """(instance, session) → (that instance's online count, when it was true)"""
        self._remote_total: Counter[str] = Counter()
        self._merged_at: datetime | None = None
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
        """Participants online in the session, on every instance."""
        with self._lock:
            return self._online[code] + self._remote_total[code]

    def local(self, code: str) -> int:
        """Participants online in the session on this instance."""
        with self._lock:
            return self._online[code]

    def local_counts(self) -> dict[str, int]:
        with self._lock:
            return {code: n for code, n in self._online.items() if n > 0}

    def heard(self, event: SessionChanged, now: datetime) -> None:
        """A bus handler: another instance announced its own online count of a session."""
        if event.kind != ChangeKind.PEOPLE or not event.origin or event.online_here is None:
            return
        with self._lock:
            self._remote[event.origin, event.code] = (event.online_here, now)
            self._total()

    def merge(self, rows: list[tuple[str, str, int, datetime]], *, since: datetime, now: datetime) -> set[str]:
        """Take the other instances' heartbeat rows (instance, session, count, seen at), read at `now`; forget what
        was last true before `since` (a dead instance) and what has no row any more (a stopped one), unless it was
        heard since the previous merge. Returns the sessions whose total moved."""
        with self._lock:
            before = Counter(self._remote_total)
            merged = {key: value for key, value in self._remote.items()
                      if value[1] >= since and (self._merged_at is None or value[1] > self._merged_at)}
            for instance, code, count, seen in rows:
                if seen >= since:
                    known = merged.get((instance, code))
                    if known is None or known[1] <= seen:
                        merged[instance, code] = (count, seen)
            self._remote, self._merged_at = merged, now
            self._total()
            return {code for code in set(before) | set(self._remote_total)
                    if before[code] != self._remote_total[code]}

    def _total(self) -> None:
        totals: Counter[str] = Counter()
        for (_instance, code), (count, _seen) in self._remote.items():
            totals[code] += count
        self._remote_total = totals
