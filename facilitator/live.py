"""The live feed: bus events become at most one shared snapshot per session per flush.

Agenda changes flush at once; joins and votes are coalesced for `coalesce_s`
(the API allows up to 200 ms), so a burst costs one snapshot, not one per change.
"""

import asyncio
import logging
from collections.abc import Callable

from .errors import NotFound
from .events import ChangeKind, SessionChanged
from .service import FacilitatorService
from .snapshot_cache import Snapshot, Stamped
from .worker import read

log = logging.getLogger(__name__)

URGENT = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP, ChangeKind.NEW_INPUT})

Listener = Callable[[Stamped, frozenset[ChangeKind]], None]
"""(the shared snapshot as of this flush, the kinds of change since the previous flush)"""


class LiveFeed:
    def __init__(self, service: FacilitatorService, *, coalesce_s: float = 0.2) -> None:
        self.service = service
        self.coalesce_s = coalesce_s
        self._listeners: dict[str, list[Listener]] = {}
        self._kinds: dict[str, set[ChangeKind]] = {}
        self._scheduled: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._building: set[str] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._personal: dict[tuple[str, str], list[Callable[[], None]]] = {}
        self._unsubscribe = service.bus.subscribe(self._on_event)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def close(self) -> None:
        self._unsubscribe()
        for handle in self._scheduled.values():
            handle.cancel()
        self._scheduled.clear()
        for task in self._tasks:
            task.cancel()

    def listen(self, code: str, listener: Listener) -> Callable[[], None]:
        """Call `listener(snapshot, kinds)` after changes to session `code`. Returns the unsubscribe function: when
        the last listener of a session leaves, everything kept for it is released."""
        self._listeners.setdefault(code, []).append(listener)

        def unsubscribe() -> None:
            listeners = self._listeners.get(code, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners and self._listeners.pop(code, None) is not None:
                handle = self._scheduled.pop(code, None)
                if handle is not None:
                    handle.cancel()
                self._kinds.pop(code, None)
                self.service.snapshots.forget(code)

        return unsubscribe

    def listened(self) -> set[str]:
        """The sessions someone listens to now."""
        return set(self._listeners)

    def listen_personal(self, code: str, participant_id: str, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` when a change names this participant (a notice for them, a new name): only their
        own page looks again. Returns the unsubscribe function."""
        key = (code, participant_id)
        self._personal.setdefault(key, []).append(listener)

        def unsubscribe() -> None:
            listeners = self._personal.get(key, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners:
                self._personal.pop(key, None)

        return unsubscribe

    def resync(self, code: str, version: int) -> None:
        """This instance may have missed changes to session `code` (its shared bus lost its connection): drop the
        cached snapshots and send everything again from stored state, to every page and personal listener of it.
        Thread-safe."""
        people = tuple(person for (session, person) in list(self._personal) if session == code)
        event = SessionChanged(code=code, version=version, kind=ChangeKind.AGENDA, people=people)
        self.service.snapshots.forget(code)
        self.service.snapshots.changed(event)
        self._on_event(event)

    def flush_pending(self, code: str) -> bool:
        """Send session `code`'s coalesced changes now, if any wait (a listener about to push wants the freshest):
        at once when their snapshot is built, else as soon as a worker thread has built it. Never builds here.
        False while a build is under way: its flush follows, so a listener may wait for it instead."""
        if code in self._scheduled:
            self._flush_soon(code)
        return code not in self._building

    def _on_event(self, event: SessionChanged) -> None:
        loop = self._loop
        if loop is not None and event.people:
            for person in event.people:
                for listener in list(self._personal.get((event.code, person), [])):
                    loop.call_soon_threadsafe(listener)
        if loop is None or event.code not in self._listeners:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:  # the command ran on the event loop, after its commit
            self._schedule(event)
        else:
            loop.call_soon_threadsafe(self._schedule, event)

    def _schedule(self, event: SessionChanged) -> None:
        assert self._loop is not None
        self._kinds.setdefault(event.code, set()).add(event.kind)
        handle = self._scheduled.get(event.code)
        if event.kind in URGENT:  # someone waits: send now, with any pending input
            if handle is not None:
                handle.cancel()
            self._flush_soon(event.code)
        elif handle is None:
            self._scheduled[event.code] = self._loop.call_later(self.coalesce_s, self._flush_soon, event.code)

    def _flush_soon(self, code: str) -> None:
        """Flush now if the snapshot is built; otherwise build it in a worker thread first, off the event loop (one
        build per session at a time: changes during a build are flushed after it)."""
        assert self._loop is not None
        snapshot = self.service.cached_snapshot(code)
        if snapshot is not None:
            self._flush(code, snapshot)
            return
        handle = self._scheduled.pop(code, None)
        if handle is not None:
            handle.cancel()
        if code in self._building:
            return
        self._building.add(code)
        task = self._loop.create_task(self._build_then_flush(code))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _build_then_flush(self, code: str) -> None:
        try:
            snapshot = await read(self.service.snapshot, code)
        except NotFound:
            return
        finally:
            self._building.discard(code)
        if code in self._kinds:  # nobody flushed it meanwhile
            self._flush(code, snapshot)

    def _flush(self, code: str, snapshot: Snapshot) -> None:
        """Send `snapshot` to every listener of the session. When a newer change came in while it was built, its
        kinds stay pending and another flush follows (built off the event loop, like this one)."""
        handle = self._scheduled.pop(code, None)
        if handle is not None:  # what it waited for goes out now
            handle.cancel()
        kinds = frozenset(self._kinds.pop(code, set()))
        listeners = list(self._listeners.get(code, []))
        if not listeners:
            return
        stamped = snapshot.at(self.service.clock())  # built once per change for every listener
        for listener in listeners:
            try:
                listener(stamped, kinds)
            except Exception:
                log.exception('live listener failed for session %s', code)
        if self.service.cached_snapshot(code) is None:  # outdated already: the newer change follows
            self._kinds.setdefault(code, set()).update(kinds)
            self._follow_up(code)

    def _follow_up(self, code: str) -> None:
        assert self._loop is not None
        if code in self._scheduled or code in self._building:
            return
        if self._kinds.get(code, set()) & URGENT:
            self._flush_soon(code)
        else:
            self._scheduled[code] = self._loop.call_later(self.coalesce_s, self._flush_soon, code)
