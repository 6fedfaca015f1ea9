"""One transaction of the service (`Tx`), the guards every ORM session of it runs, and the 503 for a write the
database refused."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import event as sa_event
from sqlmodel import Session

from db import versions
from db.models import DialogueSession

from .errors import DatabaseBusy
from .events import ChangeKind, SessionChanged
from .i18n import _
from .pipeline import SharedLockBreach


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
