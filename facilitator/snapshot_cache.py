"""One snapshot per version: a session's snapshot is built once per change and serialised once, then shared by
`GET /state`, every `/live` socket and every page.

An entry is current while no event announced a newer version and the online count is the one it was built with.
What moves with the clock alone is applied when a snapshot is stamped (`Stamped`), without the database: a running
timer's `remaining_seconds` follows from its `ends_at_ms`. The rooms' closing at the end of their grace period
ends the entry's life (`fresh_until`). Thread-safe: builds may run in worker threads, and one session's snapshot is
never built twice at once (later readers wait for the one build).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from db.enums import SegmentState, SpeakerState

from .clock import Clock, to_ms
from .events import SessionChanged
from .security import normalize_code
from .snapshot import SessionState

Builder = Callable[[str, bool, int], SessionState]
"""(code, staff, online count) → a fresh snapshot; raises NotFound for an unknown session"""

INPUT = frozenset({'rooms', 'questions', 'polls'})
"""the big part of a snapshot, the same at every moment of a version"""


def _left(ends_at_ms: int, now_ms: int) -> float:
    return round((ends_at_ms - now_ms) / 1000, 3)


def is_running(state: SessionState) -> bool:
    return any(s.state == SegmentState.RUNNING and s.ends_at_ms is not None for s in state.segments) or any(
        s.state == SpeakerState.SPEAKING and s.ends_at_ms is not None for s in state.speakers)


def retimed(state: SessionState, now_ms: int) -> SessionState:
    """The snapshot as of `now_ms`: running timers' `remaining_seconds` follow from their `ends_at_ms`. Shallow:
    rooms and posts stay shared."""
    if not is_running(state):
        return state.model_copy(update={'server_time_ms': now_ms})
    segments = [s.model_copy(update={'remaining_seconds': _left(s.ends_at_ms, now_ms)})
                if s.state == SegmentState.RUNNING and s.ends_at_ms is not None else s for s in state.segments]
    speakers = [s.model_copy(update={'remaining_seconds': _left(s.ends_at_ms, now_ms)})
                if s.state == SpeakerState.SPEAKING and s.ends_at_ms is not None else s for s in state.speakers]
    current = next((s for s in speakers if s.state == SpeakerState.SPEAKING), None)
    return state.model_copy(update={'server_time_ms': now_ms, 'segments': segments, 'speakers': speakers,
                                    'current_speaker': current})


def _fresh_until(state: SessionState) -> datetime | None:
    """When the open rooms close by themselves (the end plus the grace period), if they will."""
    if not state.rooms_open or state.rooms_ends_at_ms is None:
        return None
    return datetime.fromtimestamp(state.rooms_ends_at_ms / 1000, UTC) + timedelta(seconds=state.rooms_grace_seconds)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of a snapshot and its JSON, built once. Never changed: every reader shares it."""

    state: SessionState
    online: int
    fresh_until: datetime | None
    """None: nothing in it ends with the clock"""

    @cached_property
    def input_json(self) -> bytes:
        """`{"rooms": [...], "questions": [...], "polls": [...]}`: the input, serialised once per version."""
        return self.state.model_dump_json(include=set(INPUT)).encode()

    @cached_property
    def head_json(self) -> bytes:
        """Everything else but `server_time_ms`, while no timer runs (a running one is retimed per response)."""
        return self._head(self.state)

    @property
    def etag(self) -> str:
        return f'"{self.state.version}-{self.online}"'

    def json_at(self, now: datetime) -> bytes:
        """The snapshot's JSON as of `now`: this moment's time (and running timers) around the shared posts."""
        now_ms = to_ms(now) or 0
        head = self._head(retimed(self.state, now_ms)) if is_running(self.state) else self.head_json
        return b'{"server_time_ms":%d,%s,%s' % (now_ms, head[1:-1], self.input_json[1:])

    def at(self, now: datetime) -> 'Stamped':
        return Stamped(self, now)

    @staticmethod
    def _head(state: SessionState) -> bytes:
        return state.model_dump_json(exclude=set(INPUT) | {'server_time_ms'}).encode()


class Stamped:
    """A snapshot as sent at one moment (one response, one live flush): the shared parts plus the time."""

    def __init__(self, snapshot: Snapshot, now: datetime) -> None:
        self.snapshot, self.now = snapshot, now

    @cached_property
    def state(self) -> SessionState:
        """A shallow copy: the rooms and posts stay shared."""
        return retimed(self.snapshot.state, to_ms(self.now) or 0)

    @cached_property
    def json(self) -> bytes:
        return self.snapshot.json_at(self.now)

    @cached_property
    def live_message(self) -> str:
        """`/live`'s message, built once per flush for every socket."""
        return f'{{"type":"snapshot","version":{self.snapshot.state.version},"state":{self.json.decode()}}}'


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    entry: Snapshot | None = None


class SnapshotCache:
    """Snapshots per (session, staff), the latest version announced per session, and how many builds ran."""

    def __init__(self, build: Builder, clock: Clock, *, max_sessions: int = 64) -> None:
        self._build, self._clock = build, clock
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
        """The current snapshot if there is one; never builds (safe on the event loop).

        When only the online count moved (a page came or went), the snapshot is derived from the current one
        without the database, and the posts' JSON is shared."""
        key = (normalize_code(code), staff)
        with self._lock:
            slot = self._slots.get(key)
            entry = slot.entry if slot else None
            if slot is None or entry is None or not self._current(entry, key[0]):
                return None
            self._slots.move_to_end(key)
            if entry.online == online:
                return entry
            derived = Snapshot(state=entry.state.model_copy(update={'online_count': online}), online=online,
                               fresh_until=entry.fresh_until)
            if 'input_json' in entry.__dict__:  # the posts did not change: their JSON is shared, not made again
                derived.__dict__['input_json'] = entry.input_json
            slot.entry = derived
            return derived

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
            state = self._build(code, staff, online)
            entry = Snapshot(state=state, online=online, fresh_until=_fresh_until(state))
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
        """Release a session's snapshots (nobody follows it any more). Its latest version number stays known, so a
        build that was running meanwhile can never pass for current after a newer change."""
        code = normalize_code(code)
        with self._lock:
            for staff in (False, True):
                self._slots.pop((code, staff), None)

    def forget_all(self) -> None:
        """Release every snapshot (changes may have been missed: the shared bus lost its connection)."""
        with self._lock:
            self._slots.clear()

    def _current(self, entry: Snapshot, code: str) -> bool:
        """No newer version announced, and the open rooms have not closed by themselves since."""
        if entry.state.version < self._latest.get(code, 0):
            return False
        return entry.fresh_until is None or self._clock() < entry.fresh_until
