"""Typed domain events and the bus they travel on.

The bus is one small interface: `LocalEventBus` in one process (SQLite), `PgEventBus` (pg_bus.py, PostgreSQL's
`LISTEN/NOTIFY`) when several instances share a database. Events are plain data and serialise to JSON.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Protocol

log = logging.getLogger(__name__)


class ChangeKind(StrEnum):
    AGENDA = 'agenda'
    """a moderator control change: timer, speakers, rooms, hands, Q&A, broadcasts, the agenda itself"""
    QUEUE = 'queue'
    """a participant's hand moved the speaker queue: sent at once, but `agenda_version` stays"""
    PEOPLE = 'people'
    """someone joined, left, was renamed, or the online count moved"""
    INPUT = 'input'
    """votes, edits and moderation of posts and questions (coalesced)"""
    NEW_INPUT = 'new_input'
    """a post or question was added: sent at once"""
    SETUP = 'setup'
    """the organiser edited the session, its links or keys"""


@dataclass(frozen=True, slots=True)
class SessionChanged:
    """Something in session `code` changed and is now at `version`."""

    code: str
    version: int
    kind: ChangeKind
    people: tuple[str, ...] = ()
    """the participants (ids) with a new personal notice or profile: only their own pages need to look"""
    online_here: int | None = None
    """PEOPLE events: the publishing instance's own online count of the session, so other instances add it up"""
    origin: str = ''
    """the instance it came from, when another instance published it (set by a shared bus); '' when local"""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> 'SessionChanged':
        online = data.get('online_here')
        return cls(code=str(data['code']), version=int(data['version']), kind=ChangeKind(data['kind']),
                   people=tuple(str(p) for p in data.get('people', ())),
                   online_here=None if online is None else int(online), origin=str(data.get('origin', '')))


Handler = Callable[[SessionChanged], None]


class EventBus(Protocol):
    """Where commands publish their events once their transaction has committed."""

    def publish(self, event: SessionChanged) -> None: ...

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        """Register a handler; the returned function unsubscribes it."""
        ...


class LocalEventBus:
    """The in-process bus: handlers run synchronously in the publisher's thread."""

    def __init__(self) -> None:
        self._handlers: list[Handler] = []

    def publish(self, event: SessionChanged) -> None:
        for handler in list(self._handlers):
            try:
                handler(event)
            except Exception:
                log.exception('event handler failed for %s', event)

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        self._handlers.append(handler)

        def unsubscribe() -> None:
            if handler in self._handlers:
                self._handlers.remove(handler)

        return unsubscribe
