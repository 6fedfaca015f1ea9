"""The live feed: bus events become at most one shared snapshot per session per flush.

Agenda changes flush at once; joins and votes are coalesced for `coalesce_s`
(the API allows up to 200 ms), so a burst costs one snapshot, not one per change.
"""

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from .errors import NotFound
from .events import ChangeKind, SessionChanged
from .service import FacilitatorService

log = logging.getLogger(__name__)

URGENT = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP, ChangeKind.NEW_INPUT})

Listener = Callable[[dict[str, Any], frozenset[ChangeKind]], None]


class LiveFeed:
    def __init__(self, service: FacilitatorService, *, coalesce_s: float = 0.2) -> None:
        self.service = service
        self.coalesce_s = coalesce_s
        self._listeners: dict[str, list[Listener]] = {}
        self._kinds: dict[str, set[ChangeKind]] = {}
        self._scheduled: dict[str, asyncio.TimerHandle] = {}
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

    def listen(self, code: str, listener: Listener) -> Callable[[], None]:
        """Call `listener(state, kinds)` after changes to session `code`. Returns the unsubscribe function."""
        self._listeners.setdefault(code, []).append(listener)

        def unsubscribe() -> None:
            listeners = self._listeners.get(code, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners:
                self._listeners.pop(code, None)

        return unsubscribe

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

    def flush_pending(self, code: str) -> None:
        """Send session `code`'s coalesced changes now, if any wait (a listener about to push wants the freshest)."""
        handle = self._scheduled.get(code)
        if handle is not None:
            handle.cancel()
            self._flush(code)

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
            self._flush(event.code)
        elif handle is None:
            self._scheduled[event.code] = self._loop.call_later(self.coalesce_s, self._flush, event.code)

    def _flush(self, code: str) -> None:
        self._scheduled.pop(code, None)
        kinds = frozenset(self._kinds.pop(code, set()))
        listeners = list(self._listeners.get(code, []))
        if not listeners:
            return
        try:
            state = self.service.state(code)
        except NotFound:
            return
        for listener in listeners:
            try:
                listener(state, kinds)
            except Exception:
                log.exception('live listener failed for session %s', code)
