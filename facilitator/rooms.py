"""Breakout rooms: open for N minutes, extend, close (by hand or after the grace period), assignment."""

import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import Session

from db import repository as repo
from db.enums import Role, RoomsState
from db.models import DialogueSession, Participant, Room

from . import validation as check
from .actors import Actor
from .base import ServiceBase, Tx
from .errors import Conflict, Forbidden, InvalidInput
from .events import ChangeKind
from .i18n import _

PARTICIPANT = frozenset({Role.PARTICIPANT})
MAX_GRACE_SECONDS = 600


def rooms_open(session: DialogueSession, now: datetime) -> bool:
    """Open, and not past the end plus the grace period (the sweeper persists the close soon after)."""
    if session.rooms_state != RoomsState.OPEN:
        return False
    return session.rooms_ends_at is None or now < session.rooms_ends_at + timedelta(
        seconds=session.rooms_grace_seconds)


class RoomCommands(ServiceBase):
    def open_rooms(self, actor: Actor, code: str, minutes: object = None, *, grace_seconds: object = None,
                   expected_version: int | None = None) -> None:
        """Open the breakout rooms, for `minutes` when given (any time, not only in the dialogue)."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            if not repo.list_rooms(db=tx.db, session_id=session.id):
                raise Conflict(_('There are no rooms. Add a dialogue topic first.'), code='no_rooms')
            now = self.clock()
            if minutes is None:
                session.rooms_ends_at = None
            else:
                if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0 < minutes <= 480:
                    raise InvalidInput(_('The minutes must be a number from 1 to 480.'))
                session.rooms_ends_at = now + timedelta(seconds=round(float(minutes) * 60))
            if grace_seconds is not None:
                if isinstance(grace_seconds, bool) or not isinstance(grace_seconds, int) \
                        or not 0 <= grace_seconds <= MAX_GRACE_SECONDS:
                    raise InvalidInput(_('The grace period must be 0 to 600 seconds.'))
                session.rooms_grace_seconds = grace_seconds
            session.rooms_state = RoomsState.OPEN
            session.rooms_ever_opened = True
            session.report_back_room = None
            tx.changed(session, ChangeKind.AGENDA)

    def extend_rooms(self, actor: Actor, code: str, seconds: object, *, expected_version: int | None = None) -> None:
        """Give the rooms more time (they must be open)."""
        amount = check.seconds(seconds, field=_('The extension'), allow_negative=True)
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            now = self.clock()
            if not rooms_open(session, now):
                raise Conflict(_('The rooms are closed.'), code='rooms_closed')
            base = session.rooms_ends_at if session.rooms_ends_at and session.rooms_ends_at > now else now
            session.rooms_ends_at = base + timedelta(seconds=amount)
            tx.changed(session, ChangeKind.AGENDA)

    def close_rooms(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Close every room at once and bring everyone back to the plenary."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            if session.rooms_state != RoomsState.OPEN:
                raise Conflict(_('The rooms are already closed.'), code='rooms_closed')
            self._close(session)
            tx.changed(session, ChangeKind.AGENDA)

    def close_expired_rooms(self) -> list[str]:
        """Close the rooms whose time and grace period have run out. Returns the session codes closed."""
        now = self.clock()
        closed: list[str] = []
        with self._tx() as tx:
            for session in repo.sessions_with_open_rooms(db=tx.db):
                if not rooms_open(session, now):
                    self._close(session)
                    tx.changed(session, ChangeKind.AGENDA)
                    closed.append(session.code)
        return closed

    def next_room_deadline(self) -> datetime | None:
        """When the sweeper next needs to run."""
        with self._read() as db:
            deadlines = [s.rooms_ends_at + timedelta(seconds=s.rooms_grace_seconds)
                         for s in repo.sessions_with_open_rooms(db=db) if s.rooms_ends_at is not None]
        return min(deadlines, default=None)

    def set_room_switching(self, actor: Actor, code: str, allowed: object) -> None:
        """Whether participants may change rooms themselves."""
        if not isinstance(allowed, bool):
            raise InvalidInput(_('Room switching must be on (true) or off (false).'))
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            session.room_switching = allowed
            tx.changed(session, ChangeKind.AGENDA)

    def join_room(self, actor: Actor, code: str, room_id: object) -> None:
        """A participant picks a room (open or closed)."""
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            self._require(actor, session, PARTICIPANT)
            room = self._find_room(tx.db, session, room_id)
            person = self._person(tx.db, actor)
            if person.room_id == room.id:
                return
            if person.room_id is not None and not session.room_switching:
                raise Conflict(_('The moderator has turned off switching rooms.'), code='switching_off')
            person.room_id = room.id
            tx.db.add(person)
            tx.changed(session, ChangeKind.PEOPLE)

    def move_participant(self, actor: Actor, code: str, participant_id: object, room_id: object) -> None:
        """The moderator puts someone in a room (or, with room_id None, back in the plenary)."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            person = self._participant(tx.db, session, participant_id)
            person.room_id = None if room_id is None else self._find_room(tx.db, session, room_id).id
            tx.db.add(person)
            tx.changed(session, ChangeKind.PEOPLE)

    def auto_balance(self, actor: Actor, code: str) -> None:
        """Spread every stakeholder group evenly across the rooms (deterministic, smallest room first)."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            rooms = repo.list_rooms(db=tx.db, session_id=session.id)
            if not rooms:
                raise Conflict(_('There are no rooms. Add a dialogue topic first.'), code='no_rooms')
            people = sorted(repo.room_members(db=tx.db, session_id=session.id),
                            key=lambda p: (p.group.value, p.joined_at))
            sizes: Counter[uuid.UUID] = Counter({room.id: 0 for room in rooms})
            per_group: Counter[tuple[str, uuid.UUID]] = Counter()
            for person in people:
                target = min(rooms, key=lambda r: (per_group[(person.group.value, r.id)], sizes[r.id], r.position))
                person.room_id = target.id
                sizes[target.id] += 1
                per_group[(person.group.value, target.id)] += 1
                tx.db.add(person)
            tx.changed(session, ChangeKind.PEOPLE)

    def report_back(self, actor: Actor, code: str, room_index: object, *,
                    expected_version: int | None = None) -> None:
        """Step through the rooms' results in the plenary (None ends the report-back)."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            rooms = repo.list_rooms(db=tx.db, session_id=session.id)
            if room_index is not None and (isinstance(room_index, bool) or not isinstance(room_index, int)
                                           or not 0 <= room_index < len(rooms)):
                raise InvalidInput(_('There is no such room to report back.'), code='no_such_room')
            session.report_back_room = room_index
            tx.changed(session, ChangeKind.AGENDA)

    # helpers ------------------------------------------------------------------------------------------------------

    @staticmethod
    def _close(session: DialogueSession) -> None:
        session.rooms_state = RoomsState.CLOSED
        session.rooms_ends_at = None
        session.report_back_room = 0

    def _find_room(self, db: Session, session: DialogueSession, room_id: object) -> Room:
        return self._owned(db, Room, session, room_id, what=_('There is no such room.'), code='room_not_found')

    def _participant(self, db: Session, session: DialogueSession, participant_id: object) -> Participant:
        return self._owned(db, Participant, session, participant_id, what=_('There is no such participant.'),
                           code='participant_not_found')

    @staticmethod
    def _person(db: Session, actor: Actor) -> Participant:
        person = db.get(Participant, actor.participant_id)
        if person is None or person.removed:
            raise Forbidden(_('You are no longer part of this session.'))
        return person

    def _on_end(self, tx: Tx, session: DialogueSession) -> None:
        super()._on_end(tx, session)
        if session.rooms_state == RoomsState.OPEN:
            self._close(session)

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        super()._on_reset(tx, session, clear_input=clear_input)
        session.rooms_state = RoomsState.CLOSED
        session.rooms_ends_at = None
        session.report_back_room = None



