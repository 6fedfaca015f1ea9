"""Breakout rooms: open for N minutes, extend, close (by hand or after the grace period), assignment."""

import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import Session

from db import repository as repo
from db.enums import RoomsState
from db.models import DialogueSession, Participant, Room

from .actors import MODERATION, PARTICIPANT, STAFF, Actor
from .base import ServiceBase, Tx
from .errors import Conflict, InvalidInput
from .events import ChangeKind
from .i18n import _
from .input_rules import Ident
from .inputs import Extension, ReportBack, RoomsOpening, RoomSummary


def rooms_open(session: DialogueSession, now: datetime) -> bool:
    """Open, and not past the end plus the grace period (the sweeper persists the close soon after)."""
    if session.rooms_state != RoomsState.OPEN:
        return False
    return session.rooms_ends_at is None or now < session.rooms_ends_at + timedelta(
        seconds=session.rooms_grace_seconds)


class RoomCommands(ServiceBase):
    def open_rooms(self, actor: Actor, code: str, minutes: float | None = None, *, grace_seconds: int | None = None,
                   expected_version: int | None = None) -> None:
        """Open the breakout rooms, for `minutes` when given (any time, not only in the dialogue)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            session, opening = cmd.session, RoomsOpening.parse({'minutes': minutes, 'grace_seconds': grace_seconds})
            if not repo.list_rooms(db=cmd.db, session_id=session.id):
                raise Conflict(_('There are no rooms. Add a dialogue topic first.'), code='no_rooms')
            now = self.clock()
            session.rooms_ends_at = None if opening.minutes is None else now + timedelta(
                seconds=round(opening.minutes * 60))
            if opening.grace_seconds is not None:
                session.rooms_grace_seconds = opening.grace_seconds
            session.rooms_state = RoomsState.OPEN
            session.rooms_ever_opened = True
            session.report_back_room = None
            cmd.changed()

    def extend_rooms(self, actor: Actor, code: str, seconds: int, *, expected_version: int | None = None) -> None:
        """Give the rooms more time (they must be open). A relative action."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=expected_version,
                           relative=True) as cmd:
            session, amount = cmd.session, Extension.parse({'seconds': seconds}).seconds
            now = self.clock()
            if not rooms_open(session, now):
                raise Conflict(_('The rooms are closed.'), code='rooms_closed')
            base = session.rooms_ends_at if session.rooms_ends_at and session.rooms_ends_at > now else now
            session.rooms_ends_at = base + timedelta(seconds=amount)
            cmd.changed()

    def close_rooms(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Close every room at once and bring everyone back to the plenary."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            if cmd.session.rooms_state != RoomsState.OPEN:
                raise Conflict(_('The rooms are already closed.'), code='rooms_closed')
            self._close(cmd.session)
            cmd.changed()

    def close_expired_rooms(self) -> list[str]:
        """Close the rooms whose time and grace period have run out. Returns the session codes closed.

        Not a command of anyone (the sweeper runs it across sessions), so it uses the transaction directly; an
        automatic close counts as absolute: a stale `extend_rooms` after it is refused."""
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

    def set_room_switching(self, actor: Actor, code: str, allowed: bool, *,
                           expected_version: int | None = None) -> None:
        """Whether participants may change rooms themselves."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            if not isinstance(allowed, bool):
                raise InvalidInput(_('Room switching must be on (true) or off (false).'))
            cmd.session.room_switching = allowed
            cmd.changed()

    def join_room(self, actor: Actor, code: str, room_id: Ident) -> None:
        """A participant picks a room (open or closed)."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.PEOPLE) as cmd:
            room, person = self._find_room(cmd.db, cmd.session, room_id), cmd.participant
            if person.room_id == room.id:
                cmd.unchanged()
                return
            if person.room_id is not None and not cmd.session.room_switching:
                raise Conflict(_('The moderator has turned off switching rooms.'), code='switching_off')
            person.room_id = room.id
            cmd.db.add(person)
            cmd.changed()

    def move_participant(self, actor: Actor, code: str, participant_id: Ident, room_id: Ident | None) -> None:
        """The moderator puts someone in a room (or, with room_id None, back in the plenary)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.PEOPLE) as cmd:
            tx, session = cmd.tx, cmd.session
            person = self._participant(tx.db, session, participant_id)
            person.room_id = None if room_id is None else self._find_room(tx.db, session, room_id).id
            tx.db.add(person)
            cmd.changed()

    def auto_balance(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Spread every stakeholder group evenly across the rooms (deterministic, smallest room first)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.PEOPLE,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
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
            cmd.changed()

    def report_back(self, actor: Actor, code: str, room_index: int | None, *,
                    expected_version: int | None = None) -> None:
        """Step through the rooms' results in the plenary (None ends the report-back)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            index = ReportBack.parse({'room_index': room_index}).room_index
            rooms = repo.list_rooms(db=cmd.db, session_id=cmd.session.id)
            if index is not None and not 0 <= index < len(rooms):
                raise InvalidInput(_('There is no such room to report back.'), code='no_such_room')
            cmd.session.report_back_room = index
            cmd.changed()

    def set_room_summary(self, actor: Actor, code: str, room_id: Ident, *, text: str, ready: bool = True) -> None:
        """A rapporteur writes a room's short summary; `ready` shows it on the stage during that room's report-back
        (the summary marked ready last is the one shown). Saving a draft changes no screen but the staff's."""
        with self._command(actor, code, roles=STAFF, kind=ChangeKind.INPUT) as cmd:
            summary = RoomSummary.parse({'text': text, 'ready': ready})
            room = self._find_room(cmd.db, cmd.session, room_id)
            on_stage = room.summary_ready_at is not None or summary.ready  # the stage shows it, or did
            room.summary = summary.text
            room.summary_ready_at = self.clock() if summary.ready else None
            cmd.db.add(room)
            cmd.changed(ChangeKind.AGENDA if on_stage else None)

    # helpers ------------------------------------------------------------------------------------------------------

    @staticmethod
    def _close(session: DialogueSession) -> None:
        """Close the rooms. The report-back waits for the moderator (`report_back`), even after a timed close."""
        session.rooms_state = RoomsState.CLOSED
        session.rooms_ends_at = None

    def _find_room(self, db: Session, session: DialogueSession, room_id: Ident) -> Room:
        return self._owned(db, Room, session, room_id, what=_('There is no such room.'), code='room_not_found')

    def _participant(self, db: Session, session: DialogueSession, participant_id: Ident) -> Participant:
        return self._owned(db, Participant, session, participant_id, what=_('There is no such participant.'),
                           code='participant_not_found')

    def _on_end(self, tx: Tx, session: DialogueSession) -> None:
        super()._on_end(tx, session)
        if session.rooms_state == RoomsState.OPEN:
            self._close(session)

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        super()._on_reset(tx, session, clear_input=clear_input)
        session.rooms_state = RoomsState.CLOSED
        session.rooms_ends_at = None
        session.report_back_room = None



