"""Posts in breakout rooms, plenary questions, and votes on both."""

import math
import uuid
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import repository as repo
from db.enums import PostKind, Role
from db.models import DialogueSession, Participant, Post, Room, Vote

from . import validation as check
from .actors import Actor
from .base import ServiceBase, Tx
from .errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited, Unauthorized
from .events import ChangeKind
from .i18n import _
from .rooms import rooms_open

PARTICIPANT = frozenset({Role.PARTICIPANT})
POST_LIMIT = 5
POST_WINDOW_S = 30
DUPLICATE_WINDOW_S = 60
MAX_TEXT = 1000


class PostCommands(ServiceBase):
    def add_post(self, actor: Actor, code: str, room_id: object, *, text: object, kind: object = 'comment',
                 anonymous: object = False) -> str:
        """Post into your breakout room while the rooms are open. Returns the post id."""
        clean = self._text(text)
        post_kind = self._kind(kind)
        with self._tx() as tx:
            session, person = self._participant_in(tx.db, actor, code)
            room = self._room_of(tx.db, session, room_id)
            if person.room_id != room:
                raise Forbidden(_('You can only post in your own room.'), code='not_in_room')
            if not rooms_open(session, self.clock()):
                raise Conflict(_('The rooms are closed, so posting is paused.'), code='rooms_closed')
            post = self._new_post(tx.db, session, person, room_id=room, text=clean, kind=post_kind,
                                  anonymous=anonymous)
            tx.changed(session, ChangeKind.NEW_INPUT)
            return str(post.id)

    def add_question(self, actor: Actor, code: str, *, text: object, anonymous: object = False) -> str:
        """Ask the speakers a plenary question (Slido-style). Returns the question id."""
        clean = self._text(text)
        with self._tx() as tx:
            session, person = self._participant_in(tx.db, actor, code)
            if not session.questions_open:
                raise Conflict(_('Questions are closed right now.'), code='questions_closed')
            post = self._new_post(tx.db, session, person, room_id=None, text=clean, kind=PostKind.QUESTION,
                                  anonymous=anonymous)
            tx.changed(session, ChangeKind.NEW_INPUT)
            return str(post.id)

    def edit_post(self, actor: Actor, code: str, post_id: object, *, text: object) -> None:
        """Change your own post while it has no votes."""
        clean = self._text(text)
        with self._tx() as tx:
            session, person = self._participant_in(tx.db, actor, code)
            post = self._own_unvoted(tx.db, session, person, post_id)
            post.text = clean
            post.updated_at = self.clock()
            tx.db.add(post)
            tx.changed(session, ChangeKind.INPUT)

    def delete_post(self, actor: Actor, code: str, post_id: object) -> None:
        """Delete your own post while it has no votes."""
        with self._tx() as tx:
            session, person = self._participant_in(tx.db, actor, code)
            post = self._own_unvoted(tx.db, session, person, post_id)
            post.deleted, post.text = True, ''  # the text goes; the row stays so deleting never resets the rate limit
            post.updated_at = self.clock()
            tx.db.add(post)
            tx.changed(session, ChangeKind.INPUT)

    def cast_vote(self, actor: Actor, code: str, post_id: object) -> int:
        """Upvote a visible post in your room (or a question). Idempotent. Returns the post's vote count."""
        try:
            with self._tx() as tx:
                session, person = self._participant_in(tx.db, actor, code)
                post = self.visible_post(tx.db, session, post_id)
                self._check_can_vote(session, person, post)
                vote = Vote(session_id=session.id, post_id=post.id, participant_id=person.id, room_id=post.room_id,
                            group=person.group, created_at=self.clock())
                if repo.insert_vote_once(db=tx.db, vote=vote):
                    tx.changed(session, ChangeKind.INPUT)
                return repo.vote_count(db=tx.db, post_id=post.id)
        except IntegrityError:  # another instance stored the same vote first: the unique constraint held
            with self._read() as db:
                return repo.vote_count(db=db, post_id=uuid.UUID(str(post_id)))

    def withdraw_vote(self, actor: Actor, code: str, post_id: object) -> int:
        """Take your vote back. Returns the post's vote count."""
        with self._tx() as tx:
            session, person = self._participant_in(tx.db, actor, code)
            post = self.visible_post(tx.db, session, post_id)
            self._check_can_vote(session, person, post)
            vote = repo.find_vote(db=tx.db, post_id=post.id, participant_id=person.id)
            if vote is not None:
                tx.db.delete(vote)
                tx.changed(session, ChangeKind.INPUT)
                tx.db.flush()
            return repo.vote_count(db=tx.db, post_id=post.id)

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
                  text: str, kind: PostKind, anonymous: object) -> Post:
        if not isinstance(anonymous, bool):
            raise InvalidInput(_('anonymous must be true or false.'))
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

    def _participant_in(self, db: Session, actor: Actor, code: str) -> tuple[DialogueSession, Participant]:
        session = self._load(db, code, for_update=True)
        self._require(actor, session, PARTICIPANT)
        person = db.get(Participant, actor.participant_id)
        if person is None or person.removed:
            raise Unauthorized(_('You are no longer part of this session.'))
        return session, person

    def _own_unvoted(self, db: Session, session: DialogueSession, person: Participant, post_id: object) -> Post:
        post = self.visible_post(db, session, post_id, include_pending=True)
        if post.participant_id != person.id:
            raise Forbidden(_('You can only change your own posts.'), code='not_your_post')
        if repo.vote_count(db=db, post_id=post.id) > 0:
            raise Conflict(_('This post already has votes, so it can no longer be changed.'), code='has_votes')
        return post

    def visible_post(self, db: Session, session: DialogueSession, post_id: object, *,
                     include_pending: bool = False) -> Post:
        post = self._owned(db, Post, session, post_id, what=_('There is no such post.'), code='post_not_found')
        if post.hidden or post.deleted or (not post.approved and not include_pending):
            raise NotFound(_('There is no such post.'), code='post_not_found')
        return post

    def _room_of(self, db: Session, session: DialogueSession, room_id: object) -> uuid.UUID:
        return self._owned(db, Room, session, room_id, what=_('There is no such room.'), code='room_not_found').id

    @staticmethod
    def _text(text: object) -> str:
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
        clean = check.strip_controls(text).strip()
        if not check.visible(clean):
            raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
        if len(clean) > MAX_TEXT:
            raise InvalidInput(_('That is {n} characters; the limit is 1,000.').format(n=len(clean)),
                               code='text_too_long')
        return clean

    @staticmethod
    def _kind(kind: object) -> PostKind:
        try:
            return PostKind(str(kind))
        except ValueError:
            raise InvalidInput(_('Unknown kind. Use risk, opportunity, solution, question or comment.')) from None
