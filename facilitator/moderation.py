"""Moderation, broadcasts and calls for help. Every moderation decision is logged with who, when and why."""

import uuid
from datetime import datetime

from sqlmodel import Session, select

from db import erase
from db import repository as repo
from db.enums import Role, SpeakerState
from db.models import Broadcast, DialogueSession, HelpCall, ModerationEntry, Participant, Post, Speaker

from . import validation as check
from .actors import STAFF, Actor
from .base import ServiceBase
from .errors import Conflict, InvalidInput, NotFound, Unauthorized
from .events import ChangeKind
from .i18n import _

POST_ACTIONS = ('hide', 'unhide', 'pin', 'unpin', 'tag', 'untag', 'approve', 'answer', 'unanswer', 'spotlight',
                'unspotlight')
TAGS = {'key_takeaway': 'key_takeaway', 'actionable_solution': 'actionable_solution'}


class ModerationCommands(ServiceBase):
    def moderate_post(self, actor: Actor, code: str, post_id: object, action: object, *, tag: object = None,
                      reason: object = '') -> None:
        """Hide, pin, tag, approve, answer or spotlight a post or question (moderator or rapporteur)."""
        if action not in POST_ACTIONS:
            raise InvalidInput(_('Unknown action. Use one of: {names}.').format(names=', '.join(POST_ACTIONS)))
        why = check.text(reason, field=_('The reason'), max_length=500, required=action == 'hide')
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            self._require(actor, session, STAFF)
            post = self._post(tx.db, session, post_id)
            kind = ChangeKind.AGENDA if action in {'spotlight', 'unspotlight'} else ChangeKind.INPUT
            if action == 'hide':
                post.hidden, post.hidden_reason, post.pinned = True, why, False
                if session.spotlight_post_id == post.id:
                    session.spotlight_post_id = None
            elif action == 'unhide':
                post.hidden, post.hidden_reason = False, ''
            elif action in {'pin', 'unpin'}:
                post.pinned = action == 'pin'
            elif action in {'tag', 'untag'}:
                if tag not in TAGS:
                    raise InvalidInput(_('Unknown tag. Use key_takeaway or actionable_solution.'))
                setattr(post, TAGS[str(tag)], action == 'tag')
            elif action == 'approve':
                post.approved = True
            elif action in {'answer', 'unanswer'}:
                self._question_only(post)
                post.answered = action == 'answer'
            else:
                self._question_only(post)
                if post.hidden:
                    raise Conflict(_('A hidden question cannot be spotlighted.'))
                session.spotlight_post_id = post.id if action == 'spotlight' else None
            tx.db.add(post)
            self._log(tx.db, session, actor, self.clock(), str(action), target='post', target_id=post.id,
                      reason=why or (str(tag) if tag else ''))
            tx.changed(session, kind)

    def moderate_participant(self, actor: Actor, code: str, participant_id: object, action: object, *,
                             name: object = None, reason: object = '') -> None:
        """Rename a participant with an offensive name, or remove them (token revoked, posts hidden)."""
        if action not in {'rename', 'remove'}:
            raise InvalidInput(_('Unknown action. Use rename or remove.'))
        why = check.text(reason, field=_('The reason'), max_length=500, required=False)
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            person = self._person_in(tx.db, session, participant_id)
            if action == 'rename':
                person.name = check.name(name, field=_('The new name'), max_length=80)
                for hand in tx.db.exec(select(Speaker).where(Speaker.participant_id == person.id)):
                    hand.name = person.name  # the public speaker line must not keep the old name
                    tx.db.add(hand)
            else:
                if person.removed:
                    raise Conflict(_('This participant was already removed.'))
                person.removed = True
                person.browser_id = None
                erase.erase_identity(db=tx.db, participant=person, placeholder=_('Removed participant'))
                self.tokens.forget(person.id)
                for post in tx.db.exec(select(Post).where(Post.participant_id == person.id)):
                    post.hidden, post.hidden_reason = True, why or _('Participant removed')
                    tx.db.add(post)
                for hand in tx.db.exec(select(Speaker).where(Speaker.participant_id == person.id,
                                                             Speaker.state == SpeakerState.WAITING)):
                    tx.db.delete(hand)
            tx.db.add(person)
            self._log(tx.db, session, actor, self.clock(), str(action), target='participant', target_id=person.id,
                      reason=why)
            tx.changed(session, ChangeKind.AGENDA)

    def set_pre_moderation(self, actor: Actor, code: str, on: object) -> None:
        """Hold new posts until a moderator approves them."""
        self._flag(actor, code, 'pre_moderation', on)

    def set_questions_open(self, actor: Actor, code: str, on: object, *, expected_version: int | None = None) -> None:
        """Open or close the plenary Q&A."""
        self._flag(actor, code, 'questions_open', on, expected_version)

    def broadcast(self, actor: Actor, code: str, message: object, *, expected_version: int | None = None) -> None:
        """Show a message on every participant page, room and stage."""
        text = check.text(message, field=_('The message'), max_length=280)
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            now = self.clock()
            session.broadcast_message, session.broadcast_at = text, now
            tx.db.add(Broadcast(session_id=session.id, message=text, sent_by=actor.name, created_at=now))
            tx.changed(session, ChangeKind.AGENDA)

    def clear_broadcast(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.broadcast_message, session.broadcast_at = None, None
            tx.changed(session, ChangeKind.AGENDA)

    def call_moderator(self, actor: Actor, code: str) -> None:
        """A participant asks for the moderator; one open call per person."""
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            self._require(actor, session, frozenset({Role.PARTICIPANT}))
            person = tx.db.get(Participant, actor.participant_id)
            if person is None or person.removed:
                raise Unauthorized(_('You are no longer part of this session.'))
            if any(call.participant_id == person.id for call in repo.open_help_calls(db=tx.db, session_id=session.id)):
                return
            tx.db.add(HelpCall(session_id=session.id, room_id=person.room_id, participant_id=person.id,
                               created_at=self.clock()))
            tx.changed(session, ChangeKind.PEOPLE)

    def resolve_help_call(self, actor: Actor, code: str, call_id: object) -> None:
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            call = self._owned(tx.db, HelpCall, session, call_id, what=_('There is no such call.'),
                               code='call_not_found')
            call.resolved_at = self.clock()
            tx.db.add(call)
            tx.changed(session, ChangeKind.PEOPLE)

    # helpers ------------------------------------------------------------------------------------------------------

    def _flag(self, actor: Actor, code: str, name: str, on: object, expected_version: int | None = None) -> None:
        if not isinstance(on, bool):
            raise InvalidInput(_('{field} must be true or false.').format(field=name))
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            setattr(session, name, on)
            tx.changed(session, ChangeKind.AGENDA)

    @staticmethod
    def _question_only(post: Post) -> None:
        if post.room_id is not None:
            raise Conflict(_('Only plenary questions can be answered or spotlighted.'))

    def _post(self, db: Session, session: DialogueSession, post_id: object) -> Post:
        post = self._owned(db, Post, session, post_id, what=_('There is no such post.'), code='post_not_found')
        if post.deleted:
            raise NotFound(_('There is no such post.'), code='post_not_found')
        return post

    def _person_in(self, db: Session, session: DialogueSession, participant_id: object) -> Participant:
        return self._owned(db, Participant, session, participant_id, what=_('There is no such participant.'),
                           code='participant_not_found')

    @staticmethod
    def _log(db: Session, session: DialogueSession, actor: Actor, now: datetime, action: str, *, target: str,
             target_id: uuid.UUID, reason: str) -> None:
        db.add(ModerationEntry(session_id=session.id, actor_name=actor.name or actor.role.value,
                               actor_role=actor.role, action=action, target_type=target, target_id=target_id,
                               reason=reason, created_at=now))

