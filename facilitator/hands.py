"""Raised hands: participants join the plenary speaker line."""

from sqlmodel import Session, col, select

from db import repository as repo
from db.enums import HandType, Role, SpeakerKind, SpeakerState
from db.models import Participant, Speaker

from . import validation as check
from .actors import Actor
from .base import ServiceBase
from .errors import Conflict, Forbidden, InvalidInput, Unauthorized
from .events import ChangeKind
from .i18n import _
from .state import hands_open

PARTICIPANT = frozenset({Role.PARTICIPANT})


class HandCommands(ServiceBase):
    def raise_hand(self, actor: Actor, code: str, hand_type: object = 'question') -> str:
        """Raise a hand (idempotent: a second raise keeps the place and updates the type). Returns its id."""
        try:
            kind = HandType(str(hand_type or 'question'))
        except ValueError:
            raise InvalidInput(_('Unknown hand type. Use question, comment, reply or point_of_order.')) from None
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            if actor.role != Role.PARTICIPANT:
                raise Forbidden(_('Only participants who have joined can raise a hand.'))
            self._require(actor, session, PARTICIPANT)
            person = tx.db.get(Participant, actor.participant_id)
            if person is None or person.removed:
                raise Unauthorized(_('You are no longer part of this session.'))
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            if not hands_open(session, segments):
                raise Conflict(_('Hands are closed right now.'), code='hands_closed')
            hand = self._waiting_hand(tx.db, person, include_skipped=True)
            end = max((s.position for s in repo.list_speakers(db=tx.db, session_id=session.id)), default=-1) + 1
            if hand is not None and hand.state == SpeakerState.SKIPPED:  # raised again: back in line, at the end
                hand.state, hand.raised_at, hand.position = SpeakerState.WAITING, self.clock(), end
            elif hand is None:
                hand = Speaker(session_id=session.id, kind=SpeakerKind.HAND, participant_id=person.id,
                               hand_type=kind, name=person.name, organization=person.organization,
                               group=person.group, show_name=person.show_name, position=end, raised_at=self.clock())
            elif hand.hand_type == kind:
                return str(hand.id)
            hand.hand_type = kind
            tx.db.add(hand)
            tx.changed(session, ChangeKind.AGENDA)
            return str(hand.id)

    def lower_hand(self, actor: Actor, code: str) -> bool:
        """Lower your hand. Returns False when it was not raised (nothing changes then)."""
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            if actor.role != Role.PARTICIPANT:
                raise Forbidden(_('Only participants can lower a hand.'))
            self._require(actor, session, PARTICIPANT)
            person = tx.db.get(Participant, actor.participant_id)
            hand = None if person is None else self._waiting_hand(tx.db, person)
            if hand is None:
                return False
            tx.db.delete(hand)
            tx.changed(session, ChangeKind.AGENDA)
            return True

    def set_hands(self, actor: Actor, code: str, is_open: bool, *, expected_version: int | None = None) -> None:
        """Open or close raised hands until the next segment change."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.hands_override = is_open
            tx.changed(session, ChangeKind.AGENDA)

    def set_fair_order(self, actor: Actor, code: str, on: object, *, expected_version: int | None = None) -> None:
        """Sort raised hands by fewest contributions so far, then by time raised."""
        if not isinstance(on, bool):
            raise InvalidInput(_('Fair order must be on (true) or off (false).'))
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.fair_order = on
            tx.changed(session, ChangeKind.AGENDA)

    def set_hand_seconds(self, actor: Actor, code: str, seconds: object, *,
                         expected_version: int | None = None) -> None:
        """The default speaking time for a called hand."""
        amount = check.seconds(seconds, field=_('The speaking time'))
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.hand_seconds = amount
            tx.changed(session, ChangeKind.AGENDA)

    @staticmethod
    def _waiting_hand(db: Session, person: Participant, *, include_skipped: bool = False) -> Speaker | None:
        states = [SpeakerState.WAITING, SpeakerState.SKIPPED] if include_skipped else [SpeakerState.WAITING]
        query = select(Speaker).where(Speaker.participant_id == person.id, col(Speaker.state).in_(states))
        return db.exec(query).first()
