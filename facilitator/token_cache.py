"""Participants' tokens this instance verified a moment ago, so a vote storm authenticates without the database.

Only a shortcut: every command still loads the participant and refuses a removed one, so a stale entry can never
act. Removal forgets the person's entries here at once; another instance forgets them when it hears the event
(`heard`), and in any case within `ttl_s`.
"""

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from .actors import Actor
from .events import ChangeKind, SessionChanged


class TokenCache:
    def __init__(self, *, ttl_s: float = 10.0, size: int = 20_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s, self.size, self.clock = ttl_s, size, clock
        self._entries: OrderedDict[tuple[str, str], tuple[float, Actor]] = OrderedDict()
        self._lock = threading.Lock()  # commands authenticate in the worker's threads

    def get(self, code: str, digest: str) -> Actor | None:
        with self._lock:
            entry = self._entries.get((code, digest))
            if entry is None:
                return None
            if self.clock() - entry[0] > self.ttl_s:
                del self._entries[(code, digest)]
                return None
            return entry[1]

    def put(self, code: str, digest: str, actor: Actor) -> None:
        with self._lock:
            self._entries[(code, digest)] = (self.clock(), actor)
            self._entries.move_to_end((code, digest))
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, participant_id: uuid.UUID) -> None:
        with self._lock:
            for key in [k for k, (_at, actor) in self._entries.items() if actor.participant_id == participant_id]:
                del self._entries[key]

    def forget_session(self, code: str) -> None:
        """Forget every token of session `code` (the session was deleted)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == code]:
                del self._entries[key]

    def heard(self, event: SessionChanged) -> None:
        """A bus handler for another instance's events: a renamed person's cached actor carries the old name, and a
        staff action (removal, reset, deletion) may have revoked tokens, so those entries go."""
        if not event.origin:
            return
        if event.kind in {ChangeKind.AGENDA, ChangeKind.SETUP}:
            self.forget_session(event.code)
        for person in event.people:
            try:
                self.forget(uuid.UUID(person))
            except ValueError:
                continue
