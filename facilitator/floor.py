"""The hybrid floor: people in the room join the one speaker line, from the floor manager's phone or by checking in.

A floor hand is a raised hand, raised for someone: it moves the queue, not the run of show (a QUEUE event, so the
console's Next speaker is never refused as stale because the floor manager added someone).
"""

from sqlmodel import Session, col, select

from db.enums import HandType, SpeakerKind, SpeakerState, StakeholderGroup
from db.models import Participant, Speaker

from .actors import MODERATION, PARTICIPANT, Actor
from .base import ServiceBase
from .errors import Conflict, NotFound
from .events import ChangeKind
from .i18n import _
from .input_rules import Ident
from .inputs import FloorPersonInput
from .pipeline import Command, input_open
from .security import hash_secret, new_secret


class FloorCommands(ServiceBase):
    def add_floor_speaker(self, actor: Actor, code: str, *, name: str, group: StakeholderGroup | str,
                          organization: str = '', hand_type: HandType | str = HandType.QUESTION) -> str:
        """Put someone in the room in the speaker line: they are counted as present on the floor and their hand
        joins the queue like a raised one. Returns the participant id (for a one-tap re-add)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.QUEUE, rules=[input_open]) as cmd:
            new = FloorPersonInput.parse({'name': name, 'group': group, 'organization': organization,
                                          'type': hand_type})
            person = Participant(session_id=cmd.session.id, name=new.name, organization=new.organization,
                                 group=new.group, show_name=new.group != StakeholderGroup.YOUTH, on_floor=True,
                                 token_hash=hash_secret(new_secret()), joined_at=self.clock())
            cmd.db.add(person)
            cmd.db.flush()
            self._floor_hand(cmd, person, new.type)
            return str(person.id)

    def add_floor_speaker_again(self, actor: Actor, code: str, participant_id: Ident) -> None:
        """One tap: someone in the room who is not in the line (any more) raises their hand again."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.QUEUE, rules=[input_open]) as cmd:
            person = self._owned(cmd.db, Participant, cmd.session, participant_id,
                                 what=_('There is no such person in this session.'), code='participant_not_found')
            if person.removed:
                raise NotFound(_('There is no such person in this session.'), code='participant_not_found')
            if _waiting(cmd.db, person) is not None:
                raise Conflict(_('{name} is already waiting to speak.').format(name=person.name),
                               code='already_waiting')
            self._floor_hand(cmd, person, HandType.QUESTION)

    def check_in(self, actor: Actor, code: str) -> bool:
        """A participant says they are in the room (the venue's QR code on the stage). Returns False when they
        had checked in already (nothing changes then)."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.PEOPLE) as cmd:
            person = cmd.participant
            if person.on_floor:
                cmd.unchanged()
                return False
            person.on_floor = True
            cmd.db.add(person)
            hand = _waiting(cmd.db, person)
            if hand is not None:
                hand.on_floor = True
                cmd.db.add(hand)
            cmd.changed(ChangeKind.QUEUE if hand is not None else None)
            return True

    def _floor_hand(self, cmd: Command, person: Participant, hand_type: HandType) -> None:
        if not person.on_floor:
            person.on_floor = True
            cmd.db.add(person)
        end = max((s.position for s in cmd.db.exec(select(Speaker).where(Speaker.session_id == cmd.session.id))),
                  default=-1) + 1
        hand = _previous(cmd.db, person)
        if hand is None:
            hand = Speaker(session_id=cmd.session.id, kind=SpeakerKind.HAND, participant_id=person.id,
                           name=person.name, organization=person.organization, group=person.group,
                           show_name=person.show_name, raised_at=self.clock())
        hand.state, hand.hand_type, hand.on_floor = SpeakerState.WAITING, hand_type, True
        hand.position, hand.raised_at = end, self.clock()
        cmd.db.add(hand)
        cmd.changed()


def _waiting(db: Session, person: Participant) -> Speaker | None:
    query = select(Speaker).where(Speaker.participant_id == person.id, Speaker.state == SpeakerState.WAITING)
    return db.exec(query).first()


def _previous(db: Session, person: Participant) -> Speaker | None:
    """A skipped hand of theirs goes back in line (at the end) rather than leaving a second entry."""
    query = select(Speaker).where(Speaker.participant_id == person.id, col(Speaker.state) == SpeakerState.SKIPPED)
    return db.exec(query).first()

