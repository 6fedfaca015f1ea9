"""Dialogue topics: each becomes a breakout room. Editable until the rooms first open."""

import uuid

from sqlmodel import Session

from db import repository as repo
from db.models import DialogueSession, Room

from . import validation as check
from .actors import MODERATION, Actor
from .base import ServiceBase
from .errors import Conflict
from .events import ChangeKind
from .i18n import _

MAX_TOPICS = 12


class TopicCommands(ServiceBase):
    def add_topic(self, actor: Actor, code: str, *, topic: str, prompt: str = '') -> str:
        """Add a dialogue topic (a future breakout room). Returns its id."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            rooms = repo.list_rooms(db=tx.db, session_id=session.id)
            if len(rooms) >= MAX_TOPICS:
                raise Conflict(_('A session holds at most {n} topics.').format(n=MAX_TOPICS))
            room = Room(session_id=session.id, position=len(rooms),
                        topic=check.text(topic, field=_('The topic'), max_length=200),
                        prompt=check.text(prompt, field=_('The prompt'), max_length=1000, required=False))
            tx.db.add(room)
            cmd.changed()
            return str(room.id)

    def update_topic(self, actor: Actor, code: str, room_id: uuid.UUID | str, *, topic: str | None = None,
                     prompt: str | None = None) -> None:
        """Rename a topic or change its prompt."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            room = self._room(tx.db, session, room_id)
            if topic is not None:
                room.topic = check.text(topic, field=_('The topic'), max_length=200)
            if prompt is not None:
                room.prompt = check.text(prompt, field=_('The prompt'), max_length=1000, required=False)
            tx.db.add(room)
            cmd.changed()

    def remove_topic(self, actor: Actor, code: str, room_id: uuid.UUID | str) -> None:
        """Remove a topic."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            room = self._room(tx.db, session, room_id)
            tx.db.delete(room)
            remaining = [r for r in repo.list_rooms(db=tx.db, session_id=session.id) if r.id != room.id]
            for position, other in enumerate(remaining):
                other.position = position
                tx.db.add(other)
            cmd.changed()

    def _room(self, db: Session, session: DialogueSession, room_id: uuid.UUID | str) -> Room:
        return self._owned(db, Room, session, room_id, what=_('There is no such room.'), code='room_not_found')

