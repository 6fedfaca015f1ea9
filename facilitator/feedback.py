"""Reads that close the loop with people: a participant's own notice and held posts; staff's hidden posts.

Nothing happens silently: the author of a pre-moderated post sees it "awaiting review", the author of a hidden
post gets a notice with the reason, and staff can list hidden posts (and unhide them with `moderate_post`)."""

from dataclasses import dataclass

from sqlmodel import col, select

from db import repository as repo
from db.models import Participant, Post

from .actors import STAFF, Actor
from .answers import HiddenPostView
from .base import ServiceBase
from .notices import Notice, notice_of


@dataclass(frozen=True)
class HeldPost:
    """One of your own posts that a moderator has not approved yet: only you see it."""

    id: str
    text: str
    kind: str
    room_id: str | None




class FeedbackReads(ServiceBase):
    def my_notice(self, actor: Actor) -> Notice | None:
        """The participant's latest personal notice, or None."""
        if actor.participant_id is None:
            return None
        with self._read() as db:
            person = db.get(Participant, actor.participant_id)
            return None if person is None or person.removed else notice_of(person)

    def my_held_posts(self, actor: Actor) -> list[HeldPost]:
        """The participant's own posts and questions awaiting review (pre-moderation), oldest first."""
        if actor.participant_id is None:
            return []
        with self._read() as db:
            query = select(Post).where(Post.participant_id == actor.participant_id, col(Post.approved).is_(False),
                                       col(Post.hidden).is_(False), col(Post.deleted).is_(False)) \
                .order_by(col(Post.created_at))
            return [HeldPost(id=str(p.id), text=p.text, kind=p.kind.value,
                             room_id=str(p.room_id) if p.room_id else None) for p in db.exec(query)]

    def hidden_posts(self, actor: Actor, code: str) -> list[HiddenPostView]:
        """Every hidden post and question of the session, newest first, with its reason (staff only)."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            topics = {room.id: room.topic for room in repo.list_rooms(db=db, session_id=session.id)}
            people = {p.id: p.name for p in repo.list_participants(db=db, session_id=session.id)}
            hidden = [p for p in repo.list_posts(db=db, session_id=session.id) if p.hidden and not p.deleted]
            return [HiddenPostView(id=str(p.id), text=p.text, kind=p.kind.value,
                                   room=topics.get(p.room_id) if p.room_id else None,
                                   author=people.get(p.participant_id) if p.participant_id else None,
                                   reason=p.hidden_reason) for p in reversed(hidden)]
