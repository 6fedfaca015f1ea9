"""Who is asking: the authenticated principal every command receives."""

import uuid
from dataclasses import dataclass

from db.enums import Role

MODERATION = frozenset({Role.ORGANIZER, Role.MODERATOR})
STAFF = frozenset({Role.ORGANIZER, Role.MODERATOR, Role.RAPPORTEUR})


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
