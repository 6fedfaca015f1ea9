"""Who is asking: the authenticated principal every command receives."""

import uuid
from dataclasses import dataclass

from db.enums import Role

MODERATION = frozenset({Role.ORGANIZER, Role.MODERATOR})
"""Who runs the show: the timer, the speaker queue, rooms, hands, Q&A, broadcasts and the agenda."""
STAFF = frozenset({Role.ORGANIZER, Role.MODERATOR, Role.RAPPORTEUR})
"""Who sees and moderates input, and writes notes."""
PARTICIPANT = frozenset({Role.PARTICIPANT})
"""Someone who joined the session and is still part of it."""
ORGANIZER = frozenset({Role.ORGANIZER})
"""Who creates sessions and issues their links."""
ANYONE = frozenset(Role)
"""No role needed: joining, and swapping a link for a browser grant."""


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    session_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None
    name: str = ''
    credential: str = ''
    """For staff: the hash of the key they proved. Every command checks it is still the current key."""

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


ANONYMOUS = Actor(role=Role.PUBLIC)
