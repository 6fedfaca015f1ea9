"""The service core: transactions, loading, role checks, versions and events."""

import hmac
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db import repository as repo
from db import versions
from db.engine import WriteLockTimeout, begin_write, write_blocker, write_failure, writing
from db.enums import Role
from db.models import DialogueSession, Participant, Segment

from .actors import ANYONE, PARTICIPANT, Actor
from .clock import Clock
from .edit_limit import EditLimiter
from .errors import Forbidden, NotFound, Unauthorized
from .events import ChangeKind, EventBus, SessionChanged
from .group_commit import GroupCommit, Loader, Pending
from .health import WriteHealth
from .i18n import _
from .pipeline import (
    Command,
    Outcome,
    SessionLock,
    StateRule,
    pending_writes,
    require_role,
    stale,
    still_here,
    version_is_stale,
)
from .presence import Presence
from .security import hash_secret, normalize_code, same_secret
from .token_cache import TokenCache
from .transaction import Tx, busy_error

log = logging.getLogger(__name__)
T = TypeVar('T')


class _Refusal(Exception):
    """A body of an input group failed in the pass without savepoints: run the group again with them."""


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
        self._inputs = GroupCommit(self._input_group)
        self._sequenced = engine.dialect.name == 'postgresql'
        """versions come from a sequence, so commits may land out of drawing order (db/versions.py)"""

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        """Run a command's writes in one transaction; publish its events only after the commit.

        Blocking: call commands off the event loop (facilitator.worker). When the database refuses the write
        (locked past the wait, read-only, full), this raises DatabaseBusy (503) and marks `write_health`.
        """
        with self._refused_writes(), writing(self.engine) as wait_s, self.engine.connect() as connection:
            with Session(bind=connection, expire_on_commit=False) as db:
                begin_write(db.connection(), wait_s)
                tx = Tx(db=db)
                try:
                    yield tx
                    db.commit()
                except BaseException:
                    db.rollback()
                    raise
            if db.info.get('wrote'):
                self.write_health.wrote()
            events = [self._overtaken(connection, made, tx.sessions.get(made.code)) for made in tx.events] \
                if self._sequenced else tx.events
        people = tuple(sorted(tx.people))
        for event in events:
            self.bus.publish(replace(event, people=people) if people else event)

    @staticmethod
    def _overtaken(connection: Connection, event: SessionChanged, session_id: uuid.UUID | None) -> SessionChanged:
        """After the commit, on PostgreSQL: when a change that drew a higher version committed first, a snapshot
        of that version may lack this one. Then this change takes a fresh version, drawn after its commit, so
        that readers build again (db/versions.py). Every version a reader sees thus covers each change up to it.

        On the command's own connection, each statement committing by itself: one round trip when not overtaken.
        """
        try:
            connection.execution_options(isolation_level='AUTOCOMMIT')
            found = repo.public_version_on(connection, code=event.code)
            if session_id is None or found is None or found[1] <= event.version:
                return event  # the newest, or the session is gone
            version = versions.record_input_on(connection, session_id=session_id)
        except DBAPIError:  # the change is stored; only its announcement stays as it was
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
            here = actor.role == Role.PARTICIPANT and PARTICIPANT <= roles and actor.participant_id is not None
            session, found = self._load_for(tx.db, code, actor.participant_id if here else None, lock)
            if roles != ANYONE:
                self._require(actor, session, roles)
            person = still_here(found, session) if here else None
            self._check_version(session, expected_version, relative=relative)
            for rule in rules:
                rule(session)
            if lock == SessionLock.SHARED:
                tx.db.info['shared_row'] = session
            command = Command(tx=tx, actor=actor, session=session, kind=kind, relative=relative, person=person,
                              lock=lock)
            yield command
            command.finish()

    def _input(self, actor: Actor, code: str, body: Callable[[Command], T], *, rules: Sequence[StateRule] = (),
               loader: Loader | None = None, needs: Any = None) -> T:
        """A participant's input many send at once (a vote, a poll answer): `_command` with the PARTICIPANT role,
        an INPUT change and the session row shared, but committed with the same session's other input that
        arrives meanwhile: one transaction, one version and one event for the group (facilitator/group_commit.py).
        A refused request leaves no trace and does not stop the others. `loader` reads what the group's bodies
        need (`needs`) at once, for `cmd.loaded`."""
        require_role(actor, PARTICIPANT)
        return self._inputs.submit(normalize_code(code), Pending(actor=actor, body=body, rules=rules, loader=loader,
                                                                 needs=needs))

    def _input_group(self, code: str, group: list[Pending[Any]]) -> None:
        """First all bodies in one plain transaction: a savepoint costs two round trips per request, and each
        round trip of a busy process waits for the interpreter. Should any body fail, that transaction is rolled
        back and the group runs again with a savepoint per request, so only the failing ones are refused."""
        try:
            self._input_pass(code, group, isolated=False)
        except _Refusal:
            self._input_pass(code, group, isolated=True)

    def _input_pass(self, code: str, group: list[Pending[Any]], *, isolated: bool) -> None:
        with self._tx() as tx:
            session = self._load(tx.db, code, for_share=True)
            tx.db.info['shared_row'] = session
            people = {p.id: p for p in repo.participants_by_id(db=tx.db, ids={
                pending.actor.participant_id for pending in group if pending.actor.participant_id is not None})}
            loaded = {loader: loader(tx.db, session, [p.needs for p in group if p.loader == loader])
                      for loader in {p.loader for p in group if p.loader is not None}}
            changed = False
            for pending in group:
                try:
                    with tx.db.begin_nested() if isolated else nullcontext():
                        command = self._input_body(tx, session, people, pending, loaded)
                except Exception as error:
                    if not isolated:
                        raise _Refusal() from error
                    pending.result, pending.error = None, error  # this request only: its savepoint is rolled back
                else:
                    changed = changed or command.outcome == Outcome.CHANGED
            if not isolated:
                try:
                    tx.db.flush()  # the group's writes, batched; when the database refuses one, it is somebody's
                except Exception as error:
                    raise _Refusal() from error
            if changed:
                tx.changed(session, ChangeKind.INPUT, shared=True)

    def _input_body(self, tx: Tx, session: DialogueSession, people: dict[uuid.UUID, Participant],
                    pending: Pending[Any], loaded: dict[Loader, Any]) -> Command:
        self._require(pending.actor, session, PARTICIPANT)
        person = still_here(people.get(pending.actor.participant_id) if pending.actor.participant_id else None,
                            session)
        for rule in pending.rules:
            rule(session)
        command = Command(tx=tx, actor=pending.actor, session=session, kind=ChangeKind.INPUT, person=person,
                          lock=SessionLock.SHARED, grouped=True, writes_before=pending_writes(tx.db),
                          loaded=loaded[pending.loader] if pending.loader else None)
        pending.result = pending.body(command)
        command.finish()
        return command

    @contextmanager
    def _refused_writes(self) -> Iterator[None]:
        """A write the database refuses (locked past the wait, read-only, full, unreachable) becomes DatabaseBusy."""
        try:
            yield
        except WriteLockTimeout as error:
            self.write_health.failed('locked')
            raise busy_error('locked') from error
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

    def _load_for(self, db: Session, code: str, participant_id: uuid.UUID | None,
                  lock: SessionLock) -> tuple[DialogueSession, Participant | None]:
        """The command's session, locked as `lock` says, and the acting participant read with it."""
        exclusive, shared = lock == SessionLock.EXCLUSIVE, lock == SessionLock.SHARED
        if participant_id is None:
            return self._load(db, code, for_update=exclusive, for_share=shared), None
        found = repo.get_session_and_participant(db=db, code=normalize_code(code), participant_id=participant_id,
                                                 for_update=exclusive, for_share=shared)
        if found is None:
            raise NotFound(_('There is no session with this code.'), code='session_not_found')
        return found

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
