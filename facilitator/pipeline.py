"""The one way a command runs. Every command of the service is written as

    with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=v) as cmd:
        ...change cmd.session and rows through cmd.db...
        cmd.changed()

and the pipeline, not the command, does the rest, in this order:
1. load the session FOR UPDATE, or FOR SHARE for input many send at once (`SessionLock`; 404 when unknown);
2. check the role (403, or 401 for a replaced staff key), which no command can skip;
3. for a participant: check they are still here (one check, one error);
4. check `expected_version` (absolute or relative, see `version_is_stale`);
5. check the declared state rules;
6. run the body; on leaving it, refuse to commit unless the change was recorded with `cmd.changed()` or the body
   declared `cmd.unchanged()` (an idempotent repeat). Events go out only after the commit (`Tx`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from db.enums import Role, SessionStatus
from db.models import DialogueSession, Participant

from .actors import Actor
from .errors import Conflict, Forbidden, Unauthorized
from .events import ChangeKind
from .i18n import _

if TYPE_CHECKING:  # base imports this module, not the reverse
    from .base import Tx

StateRule = Callable[[DialogueSession], None]
"""A declared state rule: raises a domain error (usually a 409 Conflict) when the command may not run now."""


class UnpublishedCommand(RuntimeError):
    """A programming error: a command finished without recording its change or declaring that it made none."""


class SessionLock(StrEnum):
    """How a command holds the session row for its transaction."""

    EXCLUSIVE = 'exclusive'
    """FOR UPDATE: one such command per session at a time; it may change the row (the agenda, set-up, joins)"""
    SHARED = 'shared'
    """FOR SHARE: many at once (votes, answers); never changes the row, and waits for an EXCLUSIVE one"""


class SharedLockBreach(RuntimeError):
    """A programming error: a command that shares the session row changed it."""


class Outcome(StrEnum):
    OPEN = 'open'
    CHANGED = 'changed'
    UNCHANGED = 'unchanged'


@dataclass
class Command:
    """What a command body works with: the transaction, the locked session and, for participants, the person."""

    tx: 'Tx'
    actor: Actor
    session: DialogueSession
    kind: ChangeKind | None
    """The event kind the command declared; None for a command that writes nothing any snapshot shows."""
    relative: bool = False
    person: Participant | None = None
    lock: SessionLock = SessionLock.EXCLUSIVE
    outcome: Outcome = Outcome.OPEN
    grouped: bool = False
    """one request of a group commit (facilitator/group_commit.py): the group records one change for all"""
    loaded: Any = None
    """in a group, what the request's loader read for the whole group (`Pending.loader`)"""
    writes_before: int = 0
    """in a group, the writes the requests before this one left for the group's flush"""

    @property
    def db(self) -> Session:
        return self.tx.db

    @property
    def participant(self) -> Participant:
        """The acting participant (only for commands whose roles are participants)."""
        if self.person is None:
            raise RuntimeError('only a command declared for participants has one')
        return self.person

    def changed(self, kind: ChangeKind | None = None) -> None:
        """Record the change: bump the versions and queue the event (the declared kind unless `kind` is given)."""
        if self.outcome == Outcome.CHANGED:
            return  # one command, one event
        event_kind = kind or self.kind
        if event_kind is None:
            raise UnpublishedCommand('a command declared without an event kind cannot publish')
        if not self.grouped:
            self.tx.changed(self.session, event_kind, relative=self.relative, shared=self.lock == SessionLock.SHARED)
        self.outcome = Outcome.CHANGED

    def unchanged(self) -> None:
        """Declare that this call changes nothing (an idempotent repeat): nothing is written or published."""
        self.outcome = Outcome.UNCHANGED

    def finish(self) -> None:
        """Called when the body ended normally, before the commit."""
        if self.lock == SessionLock.SHARED and self.db.is_modified(self.session):
            raise SharedLockBreach('a command that shares the session row must not change it')
        if self.outcome == Outcome.UNCHANGED and pending_writes(self.db) > self.writes_before:
            raise UnpublishedCommand('a command declared unchanged but wrote to the database')
        if self.outcome == Outcome.OPEN and self.kind is not None:
            raise UnpublishedCommand(f'a {self.kind} command finished without publishing its event')


def pending_writes(db: Session) -> int:
    """The rows added, deleted or changed in `db` and not yet flushed."""
    return len(db.new) + len(db.deleted) + sum(db.is_modified(row) for row in db.dirty)


def require_role(actor: Actor, roles: frozenset[Role]) -> None:
    """The first half of the role check, which needs no database: the API runs it before reading a body."""
    if actor.role not in roles:
        raise Forbidden(_('You are not allowed to do this.'))


def participant_here(db: Session, actor: Actor, session: DialogueSession) -> Participant:
    """The acting participant, still part of this session: token valid, not removed, of this session."""
    return still_here(None if actor.participant_id is None else db.get(Participant, actor.participant_id), session)


def still_here(person: Participant | None, session: DialogueSession) -> Participant:
    """`person` if they are still part of this session (found, not removed, of this session)."""
    if person is None or person.removed or person.session_id != session.id:
        raise Unauthorized(_('You are no longer part of this session.'), code='participant_gone')
    return person


def version_is_stale(session: DialogueSession, expected: int | None, *, relative: bool) -> bool:
    """Absolute actions need the current agenda_version. Relative ones (extend, +1 min) accept an older one,
    unless an absolute action came after it: three quick presses of +1 min add three minutes."""
    if expected is None:
        return False
    if relative:
        return not session.absolute_version <= expected <= session.agenda_version
    return expected != session.agenda_version


def stale() -> Conflict:
    return Conflict(_('Someone else changed the agenda just now. Check the screen and try again.'),
                    code='stale_version')


def not_ended(session: DialogueSession) -> None:
    """State rule of the timer: nothing runs after `end_session` until a reset."""
    if session.status == SessionStatus.ENDED:
        raise Conflict(_('The session has ended. Reset it to run it again.'), code='session_ended')


def input_open(session: DialogueSession) -> None:
    """State rule of participant input (posts, questions, votes, hands, help calls): closed after `end_session`
    until a reset. Staff work (notes, moderation, tags, export) goes on; authors may still delete their posts."""
    if session.status == SessionStatus.ENDED:
        raise Conflict(_('The session has ended, so it no longer takes input.'), code='session_ended')
