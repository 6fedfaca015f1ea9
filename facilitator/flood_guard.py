"""The flood guard: a burst of posts from fresh identities turns pre-moderation on (issue 12, "Limits").

More than `FLOOD_POSTS` posts within `FLOOD_WINDOW_S` seconds in one room, from participants who joined less than
`FRESH_S` seconds ago, is what 200 throw-away tokens look like and not what a venue does. The rule runs inside
`add_post`'s command, so it is counted from the database by whichever instance takes the post; the staff snapshot
says why (`flood_guard`), and turning pre-moderation off dismisses it.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import DialogueSession, Participant, Post

from .clock import to_ms
from .feature_views import FloodGuardView

FLOOD_POSTS = 60
FLOOD_WINDOW_S = 60
FRESH_S = 600
REASON = 'fresh_participants_flood'


def fresh_posts(db: Session, session: DialogueSession, room_id: uuid.UUID, now: datetime) -> int:
    """Posts in the room within the window from participants who joined less than `FRESH_S` ago; posts from before
    a moderator dismissed the guard do not count."""
    since = now - timedelta(seconds=FLOOD_WINDOW_S)
    if session.flood_guard_since is not None:
        since = max(since, session.flood_guard_since)
    query = select(func.count()).select_from(Post).join(Participant, col(Participant.id) == col(Post.participant_id)) \
        .where(Post.session_id == session.id, Post.room_id == room_id, col(Post.created_at) > since,
               col(Participant.joined_at) > now - timedelta(seconds=FRESH_S))
    return int(db.exec(query).one())


def check_flood(db: Session, session: DialogueSession, room_id: uuid.UUID, topic: str, now: datetime) -> bool:
    """Turn pre-moderation on when this post would make the room's fresh posts exceed the limit. True if it did."""
    if session.pre_moderation or fresh_posts(db, session, room_id, now) + 1 <= FLOOD_POSTS:
        return False
    session.pre_moderation = True
    session.flood_guard_at, session.flood_guard_room = now, topic[:200]
    db.add(session)
    return True


def dismiss(session: DialogueSession, now: datetime) -> None:
    """A moderator turned pre-moderation off: the alert goes, and the posts so far stop counting."""
    if session.flood_guard_at is not None:
        session.flood_guard_at, session.flood_guard_room, session.flood_guard_since = None, '', now


def flood_guard_view(session: DialogueSession) -> FloodGuardView | None:
    """What the console shows while the guard's pre-moderation is on."""
    if session.flood_guard_at is None or not session.pre_moderation:
        return None
    return FloodGuardView(on_at_ms=to_ms(session.flood_guard_at) or 0, reason=REASON, room=session.flood_guard_room,
                          posts=FLOOD_POSTS, window_s=FLOOD_WINDOW_S, fresh_minutes=FRESH_S // 60)
