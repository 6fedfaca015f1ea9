"""One snapshot per version: a session's snapshot is built once per change and serialised once, then shared by
`GET /state`, every `/live` socket and every page.

An entry is current while no event announced a newer version, the online count is the one it was built with, and
(when a timer runs or rooms are open) it is younger than `max_age_s`: a running timer's `remaining_seconds` and the
rooms' closing move with the clock, not with the version. Thread-safe: builds may run in worker threads, and one
session's snapshot is never built twice at once (later readers wait for the one build).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from db.enums import SegmentState

from .clock import Clock, to_ms
from .events import SessionChanged
from .security import normalize_code
from .snapshot import SessionState

Builder = Callable[[str, bool, int], SessionState]
"""(code, staff, online count) → a fresh snapshot; raises NotFound for an unknown session"""

SERVER_TIME = b'{"server_time_ms":'


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of a snapshot and its JSON, built once. Never changed: every reader shares it."""

    state: SessionState
    online: int
    fresh_until: datetime | None
    """None: nothing in it moves with the clock"""

    @cached_property
    def body(self) -> bytes:
        """The JSON object without `server_time_ms`, serialised once; `json_at` puts the time in front."""
        return self.state.model_dump_json(exclude={'server_time_ms'}).encode()

    @property
    def etag(self) -> str:
        return f'"{self.state.version}-{self.online}"'

    def json_at(self, now: datetime) -> bytes:
        """The snapshot's JSON as of `now`: the shared body with this response's `server_time_ms` spliced in."""
        return b'%s%d,%s' % (SERVER_TIME, to_ms(now) or 0, self.body[1:])

    def at(self, now: datetime) -> 'Stamped':
        return Stamped(self, now)


class Stamped:
    """A snapshot as sent at one moment (one response, one live flush): the shared parts plus the time."""

    def __init__(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot, self.now = snapshot, now

    @cached_property
    def state(self) -> SessionState:
        """A shallow copy: the segments, rooms and posts stay shared."""
        return self.snapshot.state.model_copy(update={'server_time_ms': to_ms(self.now)})

    @cached_property
    def json(self) -> bytes:
        return self.snapshot.json_at(self.now)

    @cached_property
    def live_message(self) -> str:
        """`/live`'s message, built once per flush for every socket."""
        return f'{{"type":"snapshot","version":{self.snapshot.state.version},"state":{self.json.decode()}}}'


def moves_with_clock(state: SessionState) -> bool:
    """A running timer or open rooms: what the snapshot says changes with time, not only with the version."""
    return (state.rooms_open or any(s.state == SegmentState.RUNNING for s in state.segments)
            or any(s.ends_at_ms is not None for s in state.speakers))


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    entry: Snapshot | None = None


class SnapshotCache:
    """Snapshots per (session, staff), the latest version announced per session, and how many builds ran."""

    def __init__(self, build: Builder, clock: Clock, *, max_age_s: float = 1.0, max_sessions: int = 64) -> None:
        self._build, self._clock = build, clock
        self.max_age = timedelta(seconds=max_age_s)
        self.max_sessions = max_sessions
        self._lock = threading.Lock()
        self._slots: OrderedDict[tuple[str, bool], _Slot] = OrderedDict()
        self._latest: dict[str, int] = {}
        self.builds = 0
        """snapshots built so far (tests count them)"""

    def changed(self, event: SessionChanged) -> None:
        """The bus handler: entries older than the event's version are stale from now on."""
        with self._lock:
            self._latest[event.code] = max(self._latest.get(event.code, 0), event.version)

    def peek(self, code: str, *, online: int, staff: bool = False) -> Snapshot | None:
        """The current snapshot if there is one; never builds (safe on the event loop)."""
        key = (normalize_code(code), staff)
        with self._lock:
            slot = self._slots.get(key)
            entry = slot.entry if slot else None
            if entry is not None and self._current(entry, key[0], online):
                self._slots.move_to_end(key)
                return entry
        return None

    def get(self, code: str, *, online: int, staff: bool = False) -> Snapshot:
        """The current snapshot, built now when there is none. Blocking: on the event loop, run it in a thread."""
        entry = self.peek(code, online=online, staff=staff)
        if entry is not None:
            return entry
        key = (normalize_code(code), staff)
        with self._lock:
            slot = self._slots.setdefault(key, _Slot())
        with slot.lock:  # one builder per session; the others wait here and then take its snapshot
            entry = self.peek(code, online=online, staff=staff)
            if entry is not None:
                return entry
            now = self._clock()
            state = self._build(code, staff, online)
            entry = Snapshot(state=state, online=online,
                             fresh_until=now + self.max_age if moves_with_clock(state) else None)
            with self._lock:
                self.builds += 1
                if slot.entry is None or slot.entry.state.version <= state.version:
                    slot.entry = entry
                self._slots[key] = slot
                self._slots.move_to_end(key)
                while len(self._slots) > self.max_sessions * 2:  # public and staff: least recently read go first
                    self._slots.popitem(last=False)
            return entry

    def forget(self, code: str) -> None:
        """Release a session's snapshots (nobody follows it any more)."""
        code = normalize_code(code)
        with self._lock:
            for staff in (False, True):
                self._slots.pop((code, staff), None)
            self._latest.pop(code, None)

    def _current(self, entry: Snapshot, code: str, online: int) -> bool:
        if entry.online != online or entry.state.version < self._latest.get(code, 0):
            return False
        return entry.fresh_until is None or self._clock() < entry.fresh_until
