"""Rapporteur notes: saved as they type, kept per rapporteur, every version kept."""

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from db.models import DialogueSession, Note, NoteRevision, Room, Segment

from . import validation as check
from .actors import STAFF, Actor
from .base import ServiceBase
from .errors import Forbidden, InvalidInput, NotFound
from .i18n import _

MAX_NOTE = 100_000
KINDS = ('notes', 'summary')


@dataclass(frozen=True)
class SavedNote:
    revision: int
    conflict: bool
    """True when another tab saved in between: both versions are kept, the newer text wins."""


class NoteCommands(ServiceBase):
    def save_note(self, actor: Actor, code: str, *, scope: str, text: str, kind: str = 'notes',
                  base_revision: int | None = None) -> SavedNote:
        """Save the rapporteur's own note for a segment (`segment:<id>`) or room (`room:<id>`).

        Notes are private to their author, and no snapshot shows them: saving publishes nothing."""
        with self._command(actor, code, roles=STAFF, kind=None) as cmd:
            tx, session = cmd.tx, cmd.session
            if not isinstance(text, str) or len(text) > MAX_NOTE:
                raise InvalidInput(_('Notes must be text of at most 100,000 characters.'))
            if kind not in KINDS:
                raise InvalidInput(_('Unknown note kind.'))
            text = check.strip_controls(text)
            if not actor.name:
                raise Forbidden(_('Give your display name first, so the notes carry it.'))
            self._check_scope(tx.db, session, scope)
            note = tx.db.exec(select(Note).where(Note.session_id == session.id, Note.scope == scope,
                                                 Note.kind == kind, Note.author == actor.name)).first()
            if note is None:
                note = Note(session_id=session.id, scope=scope, kind=kind, author=actor.name)
            conflict = base_revision is not None and base_revision != note.revision
            if note.text == text and not conflict:
                return SavedNote(revision=note.revision, conflict=False)
            note.revision += 1
            note.text = text
            note.updated_at = self.clock()
            tx.db.add(note)
            tx.db.flush()
            tx.db.add(NoteRevision(note_id=note.id, revision=note.revision, text=text, saved_at=note.updated_at))
            return SavedNote(revision=note.revision, conflict=conflict)

    def my_notes(self, actor: Actor, code: str) -> dict[tuple[str, str], tuple[str, int]]:
        """(scope, kind) → (text, revision) for this rapporteur."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            notes = db.exec(select(Note).where(Note.session_id == session.id, Note.author == actor.name))
            return {(n.scope, n.kind): (n.text, n.revision) for n in notes}

    def note_history(self, actor: Actor, code: str, *, scope: str, kind: str = 'notes') -> list[tuple[int, str]]:
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            note = db.exec(select(Note).where(Note.session_id == session.id, Note.scope == scope,
                                              Note.kind == kind, Note.author == actor.name)).first()
            if note is None:
                return []
            revisions = db.exec(select(NoteRevision).where(NoteRevision.note_id == note.id)
                                .order_by(col(NoteRevision.revision).desc()))
            return [(r.revision, r.text) for r in revisions]

    @staticmethod
    def _check_scope(db: Session, session: DialogueSession, scope: str) -> None:
        kind, _sep, ident = scope.partition(':')
        try:
            key = uuid.UUID(ident)
        except ValueError:
            key = None
        row: Segment | Room | None = None
        if key is not None and kind == 'segment':
            row = db.get(Segment, key)
        elif key is not None and kind == 'room':
            row = db.get(Room, key)
        if row is None or row.session_id != session.id:
            raise NotFound(_('There is no such segment or room.'))
