"""Restore what a moderator just removed: the console offers "Restore" for a while instead of relying on undo
(the API's `undo` covers the timer only)."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from db import repository as repo
from db.enums import HandType, SpeakerKind, SpeakerState, StakeholderGroup
from db.models import Speaker

from .actors import MODERATION, Actor
from .base import ServiceBase
from .errors import Conflict
from .events import ChangeKind
from .i18n import _


@dataclass(frozen=True)
class RemovedSpeaker:
    """Everything needed to put a removed speaker back at their place (returned by `remove_speaker`)."""

    id: str
    kind: SpeakerKind
    name: str
    organization: str
    title: str
    position: int
    planned_seconds: int | None
    raised_at: datetime
    state: SpeakerState = SpeakerState.WAITING
    participant_id: str | None = None
    hand_type: HandType | None = None
    group: StakeholderGroup | None = None
    show_name: bool = True

    @classmethod
    def of(cls, speaker: Speaker) -> 'RemovedSpeaker':
        return cls(id=str(speaker.id), kind=speaker.kind, name=speaker.name, organization=speaker.organization,
                   title=speaker.title, position=speaker.position, planned_seconds=speaker.planned_seconds,
                   raised_at=speaker.raised_at, state=speaker.state,
                   participant_id=str(speaker.participant_id) if speaker.participant_id else None,
                   hand_type=speaker.hand_type, group=speaker.group, show_name=speaker.show_name)


class RestoreCommands(ServiceBase):
    def reinsert_speaker(self, actor: Actor, code: str, removed: RemovedSpeaker) -> str:
        """Put a removed speaker back at their place in the line (those after them move down one). Returns the
        speaker id, which stays the same."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            if not isinstance(removed, RemovedSpeaker):
                raise Conflict(_('There is nothing to restore.'), code='nothing_to_restore')
            ident = uuid.UUID(removed.id)
            speakers = repo.list_speakers(db=cmd.db, session_id=cmd.session.id)
            if any(s.id == ident for s in speakers):
                raise Conflict(_('This speaker is already back in the line.'), code='already_restored')
            for other in speakers:
                if other.position >= removed.position:
                    other.position += 1
                    cmd.db.add(other)
            owner = uuid.UUID(removed.participant_id) if removed.participant_id else None
            cmd.db.add(Speaker(id=ident, session_id=cmd.session.id, kind=removed.kind, participant_id=owner,
                               hand_type=removed.hand_type, name=removed.name, organization=removed.organization,
                               title=removed.title, group=removed.group, show_name=removed.show_name,
                               position=removed.position, planned_seconds=removed.planned_seconds,
                               state=removed.state, raised_at=removed.raised_at))
            cmd.changed()
            return removed.id
