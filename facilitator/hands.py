"""Raised hands: participants join the plenary speaker line."""

from datetime import datetime

from sqlmodel import Session, col, select

from db import repository as repo
from db.enums import HandType, QueueOrder, SpeakerKind, SpeakerState
from db.models import DialogueSession, Participant, Segment, Speaker

from .actors import MODERATION, PARTICIPANT, Actor
from .base import ServiceBase, Tx
from .errors import Conflict, InvalidInput
from .events import ChangeKind
from .i18n import _
from .input_rules import boolean
from .inputs import HandInput, HandTime, QueueOrderInput
from .notices import NoticeKind, give_notice
from .pipeline import input_open
from .state import hands_open


class HandCommands(ServiceBase):
    def raise_hand(self, actor: Actor, code: str, hand_type: HandType | str = HandType.QUESTION) -> str:
        """Raise a hand (idempotent: a second raise keeps the place and updates the type). Returns its id.

        A hand moves the queue, not the run of show: it publishes QUEUE, so `agenda_version` stays."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.QUEUE, rules=[input_open]) as cmd:
            kind = HandInput.parse({'type': hand_type}).type
            session, person = cmd.session, cmd.participant
            segments = repo.list_segments(db=cmd.db, session_id=session.id)
            if not hands_open(session, segments):
                raise Conflict(_('Hands are closed right now.'), code='hands_closed')
            hand = self._waiting_hand(cmd.db, person, include_skipped=True)
            end = max((s.position for s in repo.list_speakers(db=cmd.db, session_id=session.id)), default=-1) + 1
            if hand is not None and hand.state == SpeakerState.SKIPPED:  # raised again: back in line, at the end
                hand.state, hand.raised_at, hand.position = SpeakerState.WAITING, self.clock(), end
            elif hand is None:
                hand = Speaker(session_id=session.id, kind=SpeakerKind.HAND, participant_id=person.id,
                               hand_type=kind, name=person.name, organization=person.organization,
                               group=person.group, show_name=person.show_name, on_floor=person.on_floor,
                               position=end, raised_at=self.clock())
            elif hand.hand_type == kind:
                cmd.unchanged()
                return str(hand.id)
            hand.hand_type, hand.on_floor = kind, person.on_floor
            cmd.db.add(hand)
            cmd.changed()
            return str(hand.id)

    def lower_hand(self, actor: Actor, code: str) -> bool:
        """Lower your hand. Returns False when it was not raised (nothing changes then)."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.QUEUE) as cmd:
            hand = self._waiting_hand(cmd.db, cmd.participant)
            if hand is None:
                cmd.unchanged()
                return False
            cmd.db.delete(hand)
            cmd.changed()
            return True

    def set_hands(self, actor: Actor, code: str, is_open: bool, *, expected_version: int | None = None) -> None:
        """Open or close raised hands until the next segment change."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.hands_override = is_open
            cmd.changed()

    def set_hands_carry_over(self, actor: Actor, code: str, on: bool, *,
                             expected_version: int | None = None) -> None:
        """Whether raised hands stay up, in their order, when the segment changes. Off (the default) lowers them
        and tells their owners."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.hands_carry_over = boolean('hands_carry_over')(on)
            cmd.changed()

    def set_queue_order(self, actor: Actor, code: str, order: QueueOrder | str, *,
                        expected_version: int | None = None) -> None:
        """How raised hands are ordered: as raised, fewest contributions, least time for the person's stakeholder
        group, or alternating floor and online (facilitator/queue.py). Stored on the session."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            wanted = QueueOrderInput.parse({'order': order}).order
            if cmd.session.queue_order == wanted:
                cmd.unchanged()
                return
            cmd.session.queue_order = wanted
            cmd.changed()

    def set_fair_order(self, actor: Actor, code: str, on: bool, *, expected_version: int | None = None) -> None:
        """The former switch, kept for stream decks: on is `fewest_contributions`, off is `raised`."""
        if not isinstance(on, bool):
            raise InvalidInput(_('Fair order must be on (true) or off (false).'))
        self.set_queue_order(actor, code, QueueOrder.FEWEST_CONTRIBUTIONS if on else QueueOrder.RAISED,
                             expected_version=expected_version)

    def set_hand_seconds(self, actor: Actor, code: str, seconds: int, *,
                         expected_version: int | None = None) -> None:
        """The default speaking time for a called hand."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.hand_seconds = HandTime.parse({'seconds': seconds}).seconds
            cmd.changed()

    def _after_timer(self, tx: Tx, session: DialogueSession, segments: list[Segment], action: str,
                     now: datetime) -> None:
        super()._after_timer(tx, session, segments, action, now)
        if action not in {'next', 'previous'} or session.hands_carry_over:
            return
        for hand in repo.list_speakers(db=tx.db, session_id=session.id):
            if hand.kind != SpeakerKind.HAND or hand.state != SpeakerState.WAITING:
                continue
            owner = tx.db.get(Participant, hand.participant_id) if hand.participant_id else None
            if owner is not None:
                give_notice(tx, owner, NoticeKind.HAND_LOWERED, now)
            tx.db.delete(hand)

    @staticmethod
    def _waiting_hand(db: Session, person: Participant, *, include_skipped: bool = False) -> Speaker | None:
        states = [SpeakerState.WAITING, SpeakerState.SKIPPED] if include_skipped else [SpeakerState.WAITING]
        query = select(Speaker).where(Speaker.participant_id == person.id, col(Speaker.state).in_(states))
        return db.exec(query).first()
