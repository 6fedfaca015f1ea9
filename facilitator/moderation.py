"""Moderation, broadcasts and calls for help. Every moderation decision is logged with who, when and why."""

import uuid
from datetime import datetime

from sqlmodel import Session, select

from db import erase
from db import repository as repo
from db.enums import SpeakerState
from db.models import Broadcast, DialogueSession, HelpCall, ModerationEntry, Participant, Post, Speaker

from .actors import MODERATION, PARTICIPANT, STAFF, Actor
from .base import ServiceBase
from .errors import Conflict, NotFound
from .events import ChangeKind
from .flood_guard import dismiss
from .i18n import _
from .input_rules import Ident, boolean
from .inputs import BroadcastInput, ParticipantModeration, PostModeration
from .notices import NoticeKind, give_notice
from .pipeline import Command, input_open


class ModerationCommands(ServiceBase):
    def moderate_post(self, actor: Actor, code: str, post_id: Ident, action: str, *, tag: str | None = None,
                      reason: str = '') -> None:
        """Hide, pin, tag, approve, answer or spotlight a post or question (moderator or rapporteur).

        Spotlighting changes the stage, so it is an AGENDA change; everything else is INPUT."""
        with self._command(actor, code, roles=STAFF, kind=ChangeKind.INPUT) as cmd:
            order = PostModeration.parse({'action': action, 'tag': tag, 'reason': reason})
            session, why = cmd.session, order.reason
            post = self._post(cmd.db, session, post_id)
            if order.action == 'hide':
                post.hidden, post.hidden_reason, post.pinned = True, why, False
                self._tell_author(cmd, post, why)
                if session.spotlight_post_id == post.id:
                    session.spotlight_post_id = None
            elif order.action == 'unhide':
                post.hidden, post.hidden_reason = False, ''
            elif order.action in {'pin', 'unpin'}:
                post.pinned = order.action == 'pin'
            elif order.action in {'tag', 'untag'}:
                setattr(post, order.tag_name, order.action == 'tag')
            elif order.action == 'approve':
                post.approved = True
                if post.participant_id is not None:  # the author's "awaiting review" goes
                    cmd.tx.people.add(str(post.participant_id))
            elif order.action in {'answer', 'unanswer'}:
                self._question_only(post)
                post.answered = order.action == 'answer'
            else:
                self._question_only(post)
                if post.hidden:
                    raise Conflict(_('A hidden question cannot be spotlighted.'))
                session.spotlight_post_id = post.id if order.action == 'spotlight' else None
            cmd.db.add(post)
            self._log(cmd.db, session, actor, self.clock(), order.action, target='post', target_id=post.id,
                      reason=why or order.tag or '')
            cmd.changed(ChangeKind.AGENDA if order.action in {'spotlight', 'unspotlight'} else None)

    def moderate_participant(self, actor: Actor, code: str, participant_id: Ident, action: str, *,
                             name: str | None = None, reason: str = '') -> None:
        """Rename a participant with an offensive name, or remove them (token revoked, posts hidden)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            order = ParticipantModeration.parse({'action': action, 'name': name, 'reason': reason})
            why = order.reason
            person = self._person_in(cmd.db, cmd.session, participant_id)
            if order.action == 'rename':
                person.name = order.new_name
                give_notice(cmd.tx, person, NoticeKind.RENAMED, self.clock(), person.name)
                self.tokens.forget(person.id)  # a cached actor carries the old name
                for hand in cmd.db.exec(select(Speaker).where(Speaker.participant_id == person.id)):
                    hand.name = person.name  # the public speaker line must not keep the old name
                    cmd.db.add(hand)
            else:
                if person.removed:
                    raise Conflict(_('This participant was already removed.'))
                person.removed = True
                person.browser_id = None
                erase.erase_identity(db=cmd.db, participant=person, placeholder=_('Removed participant'))
                self.tokens.forget(person.id)
                for post in cmd.db.exec(select(Post).where(Post.participant_id == person.id)):
                    post.hidden, post.hidden_reason = True, why or _('Participant removed')
                    cmd.db.add(post)
                for hand in cmd.db.exec(select(Speaker).where(Speaker.participant_id == person.id,
                                                              Speaker.state == SpeakerState.WAITING)):
                    cmd.db.delete(hand)
            cmd.db.add(person)
            self._log(cmd.db, cmd.session, actor, self.clock(), order.action, target='participant',
                      target_id=person.id, reason=why)
            cmd.changed()

    def set_pre_moderation(self, actor: Actor, code: str, on: bool, *, expected_version: int | None = None) -> None:
        """Hold new posts until a moderator approves them. Turning it off dismisses the flood guard's alert."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.pre_moderation = boolean('pre_moderation')(on)
            if not cmd.session.pre_moderation:
                dismiss(cmd.session, self.clock())
            cmd.changed()

    def set_questions_open(self, actor: Actor, code: str, on: bool, *, expected_version: int | None = None) -> None:
        """Open or close the plenary Q&A."""
        self._flag(actor, code, 'questions_open', on, expected_version)

    def broadcast(self, actor: Actor, code: str, message: str, *, expected_version: int | None = None) -> None:
        """Show a message on every participant page, room and stage."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            text, now = BroadcastInput.parse({'message': message}).message, self.clock()
            cmd.session.broadcast_message, cmd.session.broadcast_at = text, now
            cmd.db.add(Broadcast(session_id=cmd.session.id, message=text, sent_by=actor.name, created_at=now))
            cmd.changed()

    def clear_broadcast(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Take the broadcast message down."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.broadcast_message, cmd.session.broadcast_at = None, None
            cmd.changed()

    def call_moderator(self, actor: Actor, code: str) -> None:
        """A participant asks for the moderator; one open call per person."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.PEOPLE, rules=[input_open]) as cmd:
            person = cmd.participant
            if any(call.participant_id == person.id for call in repo.open_help_calls(db=cmd.db,
                                                                                       session_id=cmd.session.id)):
                cmd.unchanged()
                return
            cmd.db.add(HelpCall(session_id=cmd.session.id, room_id=person.room_id, participant_id=person.id,
                                created_at=self.clock()))
            cmd.changed()

    def resolve_help_call(self, actor: Actor, code: str, call_id: Ident) -> None:
        """Mark a participant's call for help as dealt with."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.PEOPLE) as cmd:
            call = self._owned(cmd.db, HelpCall, cmd.session, call_id, what=_('There is no such call.'),
                               code='call_not_found')
            call.resolved_at = self.clock()
            cmd.db.add(call)
            cmd.changed()

    # helpers ------------------------------------------------------------------------------------------------------

    def _flag(self, actor: Actor, code: str, name: str, on: bool, expected_version: int | None = None) -> None:
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            setattr(cmd.session, name, boolean(name)(on))
            cmd.changed()

    def _tell_author(self, cmd: Command, post: Post, reason: str) -> None:
        author = cmd.db.get(Participant, post.participant_id) if post.participant_id else None
        if author is not None and not author.removed:
            give_notice(cmd.tx, author, NoticeKind.POST_HIDDEN, self.clock(), reason)

    @staticmethod
    def _question_only(post: Post) -> None:
        if post.room_id is not None:
            raise Conflict(_('Only plenary questions can be answered or spotlighted.'))

    def _post(self, db: Session, session: DialogueSession, post_id: Ident) -> Post:
        post = self._owned(db, Post, session, post_id, what=_('There is no such post.'), code='post_not_found')
        if post.deleted:
            raise NotFound(_('There is no such post.'), code='post_not_found')
        return post

    def _person_in(self, db: Session, session: DialogueSession, participant_id: Ident) -> Participant:
        return self._owned(db, Participant, session, participant_id, what=_('There is no such participant.'),
                           code='participant_not_found')

    @staticmethod
    def _log(db: Session, session: DialogueSession, actor: Actor, now: datetime, action: str, *, target: str,
             target_id: uuid.UUID, reason: str) -> None:
        db.add(ModerationEntry(session_id=session.id, actor_name=actor.name or actor.role.value,
                               actor_role=actor.role, action=action, target_type=target, target_id=target_id,
                               reason=reason, created_at=now))

