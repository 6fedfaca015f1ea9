"""Posts in breakout rooms, plenary questions, and votes on both."""

import math
import uuid
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import repository as repo
from db.enums import PostKind
from db.models import DialogueSession, Participant, Post, Room, Vote

from .actors import PARTICIPANT, Actor
from .base import ServiceBase, Tx
from .errors import Conflict, Forbidden, NotFound, RateLimited
from .events import ChangeKind
from .flood_guard import check_flood
from .i18n import _
from .input_rules import Ident
from .inputs import PostEdit, PostInput, QuestionInput
from .ledgers import VoteLedger
from .pipeline import Command, SessionLock, input_open
from .rooms import rooms_open

POST_LIMIT = 5
POST_WINDOW_S = 30
DUPLICATE_WINDOW_S = 60


class PostCommands(ServiceBase):
    def add_post(self, actor: Actor, code: str, room_id: Ident, *, text: str, kind: PostKind | str = PostKind.COMMENT,
                 anonymous: bool = False) -> str:
        """Post into your breakout room while the rooms are open. Returns the post id."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.NEW_INPUT, rules=[input_open]) as cmd:
            post_in = PostInput.parse({'text': text, 'kind': kind, 'anonymous': anonymous})
            session, person = cmd.session, cmd.participant
            room = self._owned(cmd.db, Room, session, room_id, what=_('There is no such room.'), code='room_not_found')
            if person.room_id != room.id:
                raise Forbidden(_('You can only post in your own room.'), code='not_in_room')
            if not rooms_open(session, self.clock()):
                raise Conflict(_('The rooms are closed, so posting is paused.'), code='rooms_closed')
            check_flood(cmd.db, session, room.id, room.topic, self.clock())  # rolled back if the post is refused
            post = self._new_post(cmd.db, session, person, room_id=room.id, text=post_in.text, kind=post_in.kind,
                                  anonymous=post_in.anonymous)
            if not post.approved:  # held for review: only the author's page shows it
                cmd.tx.people.add(str(person.id))
            cmd.changed()
            return str(post.id)

    def add_question(self, actor: Actor, code: str, *, text: str, anonymous: bool = False) -> str:
        """Ask the speakers a plenary question (Slido-style). Returns the question id."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.NEW_INPUT, rules=[input_open]) as cmd:
            question = QuestionInput.parse({'text': text, 'anonymous': anonymous})
            if not cmd.session.questions_open:
                raise Conflict(_('Questions are closed right now.'), code='questions_closed')
            post = self._new_post(cmd.db, cmd.session, cmd.participant, room_id=None, text=question.text,
                                  kind=PostKind.QUESTION, anonymous=question.anonymous)
            if not post.approved:
                cmd.tx.people.add(str(cmd.participant.id))
            cmd.changed()
            return str(post.id)

    def edit_post(self, actor: Actor, code: str, post_id: Ident, *, text: str) -> None:
        """Change your own post while it has no votes; at most `EDIT_LIMIT` edits a minute per participant."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.INPUT, rules=[input_open]) as cmd:
            clean = PostEdit.parse({'text': text}).text
            post = self._own_unvoted(cmd.db, cmd.session, cmd.participant, post_id)
            self.edit_limit.check(str(cmd.participant.id), self.clock())
            post.text = clean
            post.updated_at = self.clock()
            cmd.db.add(post)
            cmd.changed()

    def delete_post(self, actor: Actor, code: str, post_id: Ident) -> None:
        """Delete your own post while it has no votes."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.INPUT) as cmd:
            post = self._own_unvoted(cmd.db, cmd.session, cmd.participant, post_id)
            post.deleted, post.text = True, ''  # the text goes; the row stays so deleting never resets the rate limit
            post.updated_at = self.clock()
            cmd.db.add(post)
            cmd.changed()

    def cast_vote(self, actor: Actor, code: str, post_id: Ident) -> int:
        """Upvote a visible post in your room (or a question). Idempotent. Returns the post's vote count."""

        def vote(cmd: Command) -> int:
            person, ledger = cmd.participant, cmd.loaded
            assert isinstance(ledger, VoteLedger), 'a vote is cast in a group, with its loader'
            post = self.visible_post(cmd.db, cmd.session, post_id)
            self._check_can_vote(cmd.session, person, post)
            inserted, count = ledger.cast(cmd.db, Vote(session_id=cmd.session.id, post_id=post.id,
                                                       participant_id=person.id, room_id=post.room_id,
                                                       group=person.group, created_at=self.clock()))
            if inserted:
                cmd.changed()
            else:
                cmd.unchanged()  # a repeat vote: still one vote
            return count

        try:
            return self._input(actor, code, vote, rules=[input_open], loader=VoteLedger.load,
                               needs=(post_id, actor.participant_id))
        except IntegrityError:  # another instance stored the same vote first: the unique constraint held
            with self._read() as db:
                return repo.vote_count(db=db, post_id=uuid.UUID(str(post_id)))

    def withdraw_vote(self, actor: Actor, code: str, post_id: Ident) -> int:
        """Take your vote back. Returns the post's vote count."""
        with self._command(actor, code, roles=PARTICIPANT, kind=ChangeKind.INPUT, rules=[input_open],
                           lock=SessionLock.SHARED) as cmd:
            post = self.visible_post(cmd.db, cmd.session, post_id)
            self._check_can_vote(cmd.session, cmd.participant, post)
            vote = repo.find_vote(db=cmd.db, post_id=post.id, participant_id=cmd.participant.id)
            if vote is None:
                cmd.unchanged()
                return repo.vote_count(db=cmd.db, post_id=post.id)
            cmd.db.delete(vote)
            cmd.changed()
            cmd.db.flush()
            return repo.vote_count(db=cmd.db, post_id=post.id)

    def my_input(self, actor: Actor) -> tuple[set[str], set[str]]:
        """The ids of the posts this participant voted for, and of their own posts."""
        if actor.participant_id is None:
            return set(), set()
        with self._read() as db:
            voted = {str(v.post_id) for v in db.exec(select(Vote).where(Vote.participant_id == actor.participant_id))}
            mine = {str(p.id) for p in db.exec(select(Post).where(Post.participant_id == actor.participant_id,
                                                                  col(Post.deleted).is_(False)))}
        return voted, mine

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        super()._on_reset(tx, session, clear_input=clear_input)
        if clear_input:  # after a rehearsal: votes, posts and questions go; the moderation log stays
            tx.db.exec(delete(Vote).where(col(Vote.session_id) == session.id))  # type: ignore[call-overload]
            tx.db.exec(delete(Post).where(col(Post.session_id) == session.id))  # type: ignore[call-overload]
            session.spotlight_post_id = None

    # helpers ------------------------------------------------------------------------------------------------------

    def _check_can_vote(self, session: DialogueSession, person: Participant, post: Post) -> None:
        if post.room_id is None:
            if not session.questions_open:
                raise Conflict(_('Questions are closed right now.'), code='questions_closed')
            return
        if person.room_id != post.room_id:
            raise Forbidden(_('You can only vote in your own room.'), code='not_in_room')
        if not rooms_open(session, self.clock()):
            raise Conflict(_('The rooms are closed, so voting is paused.'), code='rooms_closed')

    def _new_post(self, db: Session, session: DialogueSession, person: Participant, *, room_id: uuid.UUID | None,
                  text: str, kind: PostKind, anonymous: bool) -> Post:
        now = self.clock()
        since = now - timedelta(seconds=DUPLICATE_WINDOW_S)
        recent = repo.recent_posts_by(db=db, participant_id=person.id, since=since)
        if any(p.text == text and p.room_id == room_id for p in recent):
            raise Conflict(_('You posted the same text a moment ago.'), code='duplicate_post')
        window = [p for p in recent if p.created_at > now - timedelta(seconds=POST_WINDOW_S)]
        if len(window) >= POST_LIMIT:
            wait = (window[-POST_LIMIT].created_at + timedelta(seconds=POST_WINDOW_S) - now).total_seconds()
            retry = max(1, math.ceil(wait))
            raise RateLimited(_('You are posting very fast. Try again in {n} seconds.').format(n=retry),
                              retry_after=retry)
        post = Post(session_id=session.id, room_id=room_id, participant_id=person.id, kind=kind, text=text,
                    anonymous=anonymous, approved=not session.pre_moderation, created_at=now)
        db.add(post)
        db.flush()
        return post

    def _own_unvoted(self, db: Session, session: DialogueSession, person: Participant, post_id: Ident) -> Post:
        post = self.visible_post(db, session, post_id, include_pending=True)
        if post.participant_id != person.id:
            raise Forbidden(_('You can only change your own posts.'), code='not_your_post')
        if repo.vote_count(db=db, post_id=post.id) > 0:
            raise Conflict(_('This post already has votes, so it can no longer be changed.'), code='has_votes')
        return post

    def visible_post(self, db: Session, session: DialogueSession, post_id: Ident, *,
                     include_pending: bool = False) -> Post:
        post = self._owned(db, Post, session, post_id, what=_('There is no such post.'), code='post_not_found')
        if post.hidden or post.deleted or (not post.approved and not include_pending):
            raise NotFound(_('There is no such post.'), code='post_not_found')
        return post
