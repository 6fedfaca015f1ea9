"""The service core: transactions, loading, role checks, versions and events."""

import hmac
import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from db import repository as repo
from db import versions
from db.engine import begin_write, write_blocker, write_failure
from db.enums import Role
from db.models import DialogueSession, Segment

from .actors import ANYONE, PARTICIPANT, Actor
from .clock import Clock
from .edit_limit import EditLimiter
from .errors import DatabaseBusy, Forbidden, NotFound, Unauthorized
from .events import ChangeKind, EventBus, SessionChanged
from .health import WriteHealth
from .i18n import _
from .pipeline import (
    Command,
    SessionLock,
    SharedLockBreach,
    StateRule,
    participant_here,
    require_role,
    stale,
    version_is_stale,
)
from .presence import Presence
from .security import hash_secret, normalize_code, same_secret
from .token_cache import TokenCache


@dataclass
class Tx:
    """One transaction, and the events to publish once it has committed."""

    db: Session
    events: list[SessionChanged] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    """participants whose own page must look again (a notice for them, a new name): sent with the events"""
    sessions: dict[str, uuid.UUID] = field(default_factory=dict)
    """the id of each session an event names (for the check after the commit)"""

    def changed(self, session: DialogueSession, kind: ChangeKind, *, relative: bool = False,
                shared: bool = False) -> None:
        """Give the session a new version and queue the event (see db/versions.py).

        `shared`: the command only shares the session row (a vote): the version goes to `input_version` and the
        row is left alone. Otherwise the row takes the version; `agenda_version` moves only on AGENDA changes
        (what staff do to the run of show), and an absolute one also moves `absolute_version`, which relative
        actions (extend by N seconds) are checked against.
        """
        if shared:
            if kind == ChangeKind.AGENDA:
                raise RuntimeError('an agenda change must lock the session row')
            version = versions.record_input(db=self.db, session_id=session.id, row_version=session.version)
        else:
            version = versions.draw(db=self.db, session_id=session.id, row_version=session.version)
            session.version = version
            if kind == ChangeKind.AGENDA:
                session.agenda_version += 1
                if not relative:
                    session.absolute_version = session.agenda_version
            self.db.add(session)
            versions.prune(db=self.db, session_id=session.id, below=version)
        self.sessions[session.code] = session.id
        self.events.append(SessionChanged(code=session.code, version=version, kind=kind))


log = logging.getLogger(__name__)


@sa_event.listens_for(Session, 'after_flush')
def _note_write(db: Session, _context: object) -> None:
    db.info['wrote'] = True


@sa_event.listens_for(Session, 'before_flush')
def _keep_shared_row(db: Session, _context: object, _instances: object) -> None:
    """A command that only shares the session row (SessionLock.SHARED) must never write it."""
    shared = db.info.get('shared_row')
    if shared is not None and shared in db.dirty and db.is_modified(shared):
        raise SharedLockBreach('a command that shares the session row must not change it')


def busy_error(reason: str) -> DatabaseBusy:
    """The 503 for a write the database refused, in words a moderator understands."""
    messages = {
        'locked': _('Database busy: another program is writing to it. Nothing was saved; try again in a few '
                    'seconds.'),
        'read_only': _('Database busy: the database is read-only right now, so nothing can be saved. Reading '
                       'still works.'),
        'disk_full': _('Database busy: the disk is full, so nothing can be saved. Reading still works.'),
    }
    return DatabaseBusy(messages.get(reason, _('Database busy: the database cannot be reached. Nothing was '
                                               'saved; try again in a few seconds.')), reason=reason)


class ServiceBase:
    def __init__(self, *, engine: Engine, bus: EventBus, clock: Clock, admin_token: str, public_url: str,
                 admin_hash: str | None = None) -> None:
        self.engine = engine
        self.bus = bus
        self.clock = clock
        self.public_url = public_url.rstrip('/')
        self.presence = Presence()
        self.tokens = TokenCache()
        self.edit_limit = EditLimiter()
        self._admin_hash = admin_hash or hash_secret(admin_token)
        """several instances may share only the organizer token's hash (facilitator/scale.py)"""
        self.write_health = WriteHealth(lambda: write_blocker(engine))
        self._sequenced = engine.dialect.name == 'postgresql'
        """versions come from a sequence, so commits may land out of drawing order (db/versions.py)"""

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        """Run a command's writes in one transaction; publish its events only after the commit.

        Blocking: call commands off the event loop (facilitator.worker). When the database refuses the write
        (locked past the wait, read-only, full), this raises DatabaseBusy (503) and marks `write_health`.
        """
        with self._refused_writes(), Session(self.engine, expire_on_commit=False) as db:
            begin_write(db.connection())
            tx = Tx(db=db)
            try:
                yield tx
                db.commit()
            except BaseException:
                db.rollback()
                raise
        if db.info.get('wrote'):
            self.write_health.wrote()
        people = tuple(sorted(tx.people))
        for made in tx.events:
            event = self._overtaken(made, tx.sessions.get(made.code)) if self._sequenced else made
            self.bus.publish(replace(event, people=people) if people else event)

    def _overtaken(self, event: SessionChanged, session_id: uuid.UUID | None) -> SessionChanged:
        """After the commit, on PostgreSQL: when a change that drew a higher version committed first, a snapshot
        of that version may lack this one. Then this change takes a fresh version, drawn after its commit, so
        that readers build again (db/versions.py). Every version a reader sees thus covers each change up to it.
        """
        try:
            with Session(self.engine) as db:
                found = repo.public_version(db=db, code=event.code)
                if session_id is None or found is None or found[1] <= event.version:
                    return event  # the newest, or the session is gone
                version = versions.record_input(db=db, session_id=session_id, row_version=0)
                db.commit()
        except (DBAPIError, IntegrityError):  # the change is stored; only its announcement stays as it was
            log.warning('could not give session %s a fresh version after an overtaken commit', event.code)
            return event
        return replace(event, version=version)

    @contextmanager
    def _command(self, actor: Actor, code: str, *, roles: frozenset[Role], kind: ChangeKind | None,
                 expected_version: int | None = None, relative: bool = False,
                 rules: Sequence[StateRule] = (), lock: SessionLock = SessionLock.EXCLUSIVE) -> Iterator[Command]:
        """The command pipeline (see `pipeline.py`): load, role, participant, version, state rules, then the body.

        `kind` is the event the body must record with `cmd.changed()` (or waive with `cmd.unchanged()`); None
        declares a command that writes only what no snapshot shows. `relative` marks an action that adds to the
        run of show (extend) rather than setting it. `lock`: SHARED for input that many participants send at once
        (votes): it never writes the session row, so such commands commit side by side.
        """
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=lock == SessionLock.EXCLUSIVE,
                                 for_share=lock == SessionLock.SHARED)
            if roles != ANYONE:
                self._require(actor, session, roles)
            here = actor.role == Role.PARTICIPANT and PARTICIPANT <= roles
            person = participant_here(tx.db, actor, session) if here else None
            self._check_version(session, expected_version, relative=relative)
            for rule in rules:
                rule(session)
            if lock == SessionLock.SHARED:
                tx.db.info['shared_row'] = session
            command = Command(tx=tx, actor=actor, session=session, kind=kind, relative=relative, person=person,
                              lock=lock)
            yield command
            command.finish()

    @contextmanager
    def _refused_writes(self) -> Iterator[None]:
        """A write the database refuses (locked past the wait, read-only, full, unreachable) becomes DatabaseBusy."""
        try:
            yield
        except DBAPIError as error:
            reason = write_failure(error)
            if reason is None:
                raise
            self.write_health.failed(reason)
            raise busy_error(reason) from error

    # Hooks: each feature mixin overrides these and calls super(), so every feature tidies its own state.
    def _after_timer(self, tx: Tx, session: DialogueSession, segments: list[Segment], action: str,
                     now: datetime) -> None:
        """Called inside every timer action's transaction, after the segments changed."""

    def _on_end(self, tx: Tx, session: DialogueSession) -> None:
        """Called inside `end_session`'s transaction."""

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        """Called inside `reset_session`'s transaction."""

    def _on_rescheduled(self, tx: Tx, session: DialogueSession, old_start: datetime) -> None:
        """Called inside `update_session`'s transaction when `starts_at` changed."""

    def _on_delete(self, db: Session, session: DialogueSession) -> None:
        """Called inside `delete_session`'s transaction, before the session's rows are erased."""

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as db:
            yield db

    def _load(self, db: Session, code: str, *, for_update: bool = False, for_share: bool = False) -> DialogueSession:
        session = repo.get_session_by_code(db=db, code=normalize_code(code), for_update=for_update,
                                           for_share=for_share)
        if session is None:
            raise NotFound(_('There is no session with this code.'), code='session_not_found')
        return session

    def _is_admin(self, secret: str) -> bool:
        return same_secret(secret, self._admin_hash)

    def _require(self, actor: Actor, session: DialogueSession | None, roles: frozenset[Role]) -> None:
        """Refuse unless the actor has one of `roles` in this session (the organizer acts everywhere).

        Staff must still hold the current key: regenerated links stop an open console at once.
        """
        require_role(actor, roles)
        if actor.role != Role.ORGANIZER and (session is None or actor.session_id != session.id):
            raise Forbidden(_('You are not allowed to do this in this session.'))
        if actor.role in {Role.ORGANIZER, Role.MODERATOR, Role.RAPPORTEUR} and not self._key_current(actor, session):
            raise Unauthorized(_('Your staff link has been replaced. Ask the organiser for the new link.'),
                               code='key_replaced')

    def _key_current(self, actor: Actor, session: DialogueSession | None) -> bool:
        valid = [self._admin_hash]
        if session is not None and actor.role == Role.MODERATOR:
            valid.append(session.moderator_key_hash)
        if session is not None and actor.role == Role.RAPPORTEUR:
            valid.append(session.rapporteur_key_hash)
        return any(hmac.compare_digest(actor.credential, digest) for digest in valid)

    @staticmethod
    def _owned(db: Session, model: type[repo.Owned], session: DialogueSession, ident: object, *, what: str,
               code: str) -> repo.Owned:
        """A row of the session by id; NotFound (404) with `what` for unknown, foreign or malformed ids."""
        row = repo.get_owned(db=db, model=model, session_id=session.id, ident=ident)
        if row is None:
            raise NotFound(what, code=code)
        return row

    @staticmethod
    def _check_version(session: DialogueSession, expected_version: int | None, *, relative: bool = False) -> None:
        if version_is_stale(session, expected_version, relative=relative):
            raise stale()

    def link(self, code: str, page: str = '', **query: Any) -> str:
        url = f'{self.public_url}/s/{code}' + (f'/{page}' if page else '')
        if query:
            url += '?' + '&'.join(f'{k}={v}' for k, v in query.items())
        return url
