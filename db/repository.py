"""Repository functions: small, typed queries with keyword-only arguments."""

import uuid
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import and_, bindparam, delete, func
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from .enums import Role, RoomsState, StakeholderGroup
from .models import (
    Broadcast,
    DialogueSession,
    HelpCall,
    ModerationEntry,
    Participant,
    Poll,
    PollAnswer,
    Post,
    Room,
    Segment,
    Speaker,
    StaffGrant,
    TimerSnapshot,
    Vote,
)
from .versions import input_max

# The hottest statements (every vote runs them) are built once: building a statement costs more than running it.
_SESSION_BY_CODE = select(DialogueSession).where(col(DialogueSession.code) == bindparam('code'))
_SESSION_BY_CODE_FOR_UPDATE = _SESSION_BY_CODE.with_for_update()
_VOTE_COUNT = select(func.count()).select_from(Vote).where(col(Vote.post_id) == bindparam('post_id'))
_POST_WITH_VOTES = select(Post, select(func.count()).select_from(Vote).where(col(Vote.post_id) == col(Post.id))
                          .scalar_subquery())

_SESSION_BY_CODE_FOR_SHARE = _SESSION_BY_CODE.with_for_update(read=True)
_SESSION_AND_PERSON = select(DialogueSession, Participant).outerjoin(Participant, and_(
    col(Participant.id) == bindparam('person'), col(Participant.session_id) == col(DialogueSession.id))) \
    .where(col(DialogueSession.code) == bindparam('code'))
_SESSION_AND_PERSON_FOR_UPDATE = _SESSION_AND_PERSON.with_for_update(of=DialogueSession)
_SESSION_AND_PERSON_FOR_SHARE = _SESSION_AND_PERSON.with_for_update(read=True, of=DialogueSession)
_SESSION_WITH_VERSION = select(DialogueSession, input_max(DialogueSession.id)) \
    .where(col(DialogueSession.code) == bindparam('code'))
_VERSION_BY_CODE = select(col(DialogueSession.id), col(DialogueSession.version), input_max(DialogueSession.id)) \
    .where(col(DialogueSession.code) == bindparam('code'))


def get_session_by_code(*, db: Session, code: str, for_update: bool = False,
                        for_share: bool = False) -> DialogueSession | None:
    """`for_update` locks the row against every other writer of the session; `for_share` only against those
    (a vote shares the row with other votes, and waits for an agenda command)."""
    query = _SESSION_BY_CODE_FOR_UPDATE if for_update else _SESSION_BY_CODE_FOR_SHARE if for_share \
        else _SESSION_BY_CODE
    return db.exec(query, params={'code': code}).first()


def get_session_and_participant(*, db: Session, code: str, participant_id: uuid.UUID, for_update: bool = False,
                                for_share: bool = False) -> tuple[DialogueSession, Participant | None] | None:
    """The session and one participant of it (None when there is no such participant in it), in one statement:
    a participant's command reads both. The locks are `get_session_by_code`'s, on the session row only."""
    query = _SESSION_AND_PERSON_FOR_UPDATE if for_update else _SESSION_AND_PERSON_FOR_SHARE if for_share \
        else _SESSION_AND_PERSON
    row = db.exec(query, params={'code': code, 'person': participant_id}).first()
    return None if row is None else (row[0], row[1])


def get_session_with_version(*, db: Session, code: str) -> tuple[DialogueSession, int] | None:
    """The session and its public version (see db/versions.py), read in one statement: a snapshot built from
    what follows holds every change up to that version."""
    row = db.exec(_SESSION_WITH_VERSION, params={'code': code}).first()
    return None if row is None else (row[0], max(row[0].version, int(row[1])))


def public_version(*, db: Session, code: str) -> tuple[uuid.UUID, int] | None:
    """(session id, public version) in one statement; None for an unknown code."""
    return public_version_on(db.connection(), code=code)


def public_version_on(connection: Connection, *, code: str) -> tuple[uuid.UUID, int] | None:
    """`public_version` on a connection (no ORM session)."""
    row = connection.execute(_VERSION_BY_CODE, {'code': code}).first()
    return None if row is None else (row[0], max(int(row[1]), int(row[2])))


def list_sessions(*, db: Session) -> list[DialogueSession]:
    return list(db.exec(select(DialogueSession).order_by(col(DialogueSession.starts_at).desc())))


def list_segments(*, db: Session, session_id: uuid.UUID) -> list[Segment]:
    query = select(Segment).where(Segment.session_id == session_id).order_by(col(Segment.position))
    return list(db.exec(query))


def list_rooms(*, db: Session, session_id: uuid.UUID) -> list[Room]:
    return list(db.exec(select(Room).where(Room.session_id == session_id).order_by(col(Room.position))))


def count_participants(*, db: Session, session_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(Participant).where(
        Participant.session_id == session_id, col(Participant.removed).is_(False))
    return int(db.exec(query).one())


def count_attendance(*, db: Session, session_id: uuid.UUID) -> list[tuple[StakeholderGroup, bool, int]]:
    """(group, in the room, how many) for the participants still part of the session."""
    query = select(Participant.group, Participant.on_floor, func.count()).where(
        Participant.session_id == session_id, col(Participant.removed).is_(False)) \
        .group_by(col(Participant.group), col(Participant.on_floor))
    return [(StakeholderGroup(group), bool(on_floor), int(n)) for group, on_floor, n in db.exec(query)]


def list_participants(*, db: Session, session_id: uuid.UUID) -> list[Participant]:
    query = select(Participant).where(Participant.session_id == session_id).order_by(col(Participant.joined_at))
    return list(db.exec(query))


def participants_by_id(*, db: Session, ids: set[uuid.UUID]) -> list[Participant]:
    if not ids:
        return []
    return list(db.exec(select(Participant).where(col(Participant.id).in_(ids))))


def members_by_room_and_group(*, db: Session, session_id: uuid.UUID
                              ) -> list[tuple[uuid.UUID | None, StakeholderGroup, int]]:
    """How many (not removed) participants of each group are in each room (None: the plenary)."""
    query = select(Participant.room_id, Participant.group, func.count()).where(
        Participant.session_id == session_id, col(Participant.removed).is_(False)) \
        .group_by(col(Participant.room_id), col(Participant.group))
    return [(row[0], StakeholderGroup(row[1]), int(row[2])) for row in db.exec(query)]


def participant_by_token(*, db: Session, token_hash: str) -> Participant | None:
    return db.exec(select(Participant).where(Participant.token_hash == token_hash)).first()


def participant_by_browser(*, db: Session, session_id: uuid.UUID, browser_id: str) -> Participant | None:
    query = select(Participant).where(Participant.session_id == session_id, Participant.browser_id == browser_id)
    return db.exec(query).first()


def get_grant(*, db: Session, browser_id: str, session_id: uuid.UUID | None, role: Role) -> StaffGrant | None:
    query = select(StaffGrant).where(StaffGrant.browser_id == browser_id, StaffGrant.role == role)
    query = query.where(col(StaffGrant.session_id).is_(None) if session_id is None
                        else StaffGrant.session_id == session_id)
    return db.exec(query).first()


def next_snapshot_seq(*, db: Session, session_id: uuid.UUID) -> int:
    query = select(func.max(TimerSnapshot.seq)).where(TimerSnapshot.session_id == session_id)
    return int(db.exec(query).one() or 0) + 1


def latest_snapshot(*, db: Session, session_id: uuid.UUID) -> TimerSnapshot | None:
    query = select(TimerSnapshot).where(TimerSnapshot.session_id == session_id).order_by(col(TimerSnapshot.seq).desc())
    return db.exec(query).first()


def clear_snapshots(*, db: Session, session_id: uuid.UUID) -> None:
    db.exec(delete(TimerSnapshot).where(col(TimerSnapshot.session_id) == session_id))  # type: ignore[call-overload]


def list_speakers(*, db: Session, session_id: uuid.UUID) -> list[Speaker]:
    query = select(Speaker).where(Speaker.session_id == session_id).order_by(col(Speaker.position),
                                                                             col(Speaker.raised_at))
    return list(db.exec(query))


def sessions_with_open_rooms(*, db: Session) -> list[DialogueSession]:
    return list(db.exec(select(DialogueSession).where(DialogueSession.rooms_state == RoomsState.OPEN)))


def room_members(*, db: Session, session_id: uuid.UUID) -> list[Participant]:
    query = select(Participant).where(Participant.session_id == session_id, col(Participant.removed).is_(False))
    return list(db.exec(query))


def list_posts(*, db: Session, session_id: uuid.UUID) -> list[Post]:
    return list(db.exec(select(Post).where(Post.session_id == session_id).order_by(col(Post.created_at))))


def vote_rows(*, db: Session, session_id: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID, StakeholderGroup]]:
    """(post_id, participant_id, group) for every vote in the session."""
    query = select(Vote.post_id, Vote.participant_id, Vote.group).where(Vote.session_id == session_id)
    return [(row[0], row[1], StakeholderGroup(row[2])) for row in db.exec(query)]


def recent_posts_by(*, db: Session, participant_id: uuid.UUID, since: datetime) -> list[Post]:
    query = select(Post).where(Post.participant_id == participant_id, col(Post.created_at) >= since) \
        .order_by(col(Post.created_at))
    return list(db.exec(query))


def vote_count(*, db: Session, post_id: uuid.UUID) -> int:
    db.flush()  # the count runs on the connection, past the ORM's autoflush
    return int(db.connection().execute(_VOTE_COUNT, {'post_id': post_id}).scalar_one())


def find_vote(*, db: Session, post_id: uuid.UUID, participant_id: uuid.UUID) -> Vote | None:
    return db.exec(select(Vote).where(Vote.post_id == post_id, Vote.participant_id == participant_id)).first()


def open_help_calls(*, db: Session, session_id: uuid.UUID) -> list[HelpCall]:
    query = select(HelpCall).where(HelpCall.session_id == session_id, col(HelpCall.resolved_at).is_(None)) \
        .order_by(col(HelpCall.created_at))
    return list(db.exec(query))


def list_broadcasts(*, db: Session, session_id: uuid.UUID) -> list[Broadcast]:
    query = select(Broadcast).where(Broadcast.session_id == session_id).order_by(col(Broadcast.created_at))
    return list(db.exec(query))


def list_moderation(*, db: Session, session_id: uuid.UUID) -> list[ModerationEntry]:
    query = select(ModerationEntry).where(ModerationEntry.session_id == session_id) \
        .order_by(col(ModerationEntry.created_at))
    return list(db.exec(query))


class SessionOwned(Protocol):
    session_id: uuid.UUID


Owned = TypeVar('Owned', bound=SessionOwned)


def as_uuid(ident: object) -> uuid.UUID | None:
    """`ident` as a UUID; None when it is malformed."""
    try:
        return ident if isinstance(ident, uuid.UUID) else uuid.UUID(str(ident))
    except ValueError:
        return None


def get_owned(*, db: Session, model: type[Owned], session_id: uuid.UUID, ident: object) -> Owned | None:
    """A row of `model` by id, only if it belongs to the session; None for unknown or malformed ids."""
    key = as_uuid(ident)
    if key is None:
        return None
    row = db.get(model, key)
    return row if row is not None and row.session_id == session_id else None


def posts_with_votes(*, db: Session, session_id: uuid.UUID, ids: set[uuid.UUID]) -> list[tuple[Post, int]]:
    """The session's posts among `ids`, each with its vote count: one statement."""
    if not ids:
        return []
    query = _POST_WITH_VOTES.where(col(Post.id).in_(ids), col(Post.session_id) == session_id)
    return [(post, int(count)) for post, count in db.exec(query)]


def votes_among(*, db: Session, post_ids: set[uuid.UUID], participant_ids: set[uuid.UUID]
                ) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """Which of these participants voted for which of these posts, as (post id, participant id)."""
    if not post_ids or not participant_ids:
        return set()
    query = select(Vote.post_id, Vote.participant_id).where(col(Vote.post_id).in_(post_ids),
                                                             col(Vote.participant_id).in_(participant_ids))
    return {(post_id, participant_id) for post_id, participant_id in db.exec(query)}


def polls_by_id(*, db: Session, session_id: uuid.UUID, ids: set[uuid.UUID]) -> list[Poll]:
    if not ids:
        return []
    return list(db.exec(select(Poll).where(col(Poll.id).in_(ids), col(Poll.session_id) == session_id)))


def poll_answers_among(*, db: Session, poll_ids: set[uuid.UUID], participant_ids: set[uuid.UUID]
                       ) -> list[PollAnswer]:
    """These participants' answers to these polls."""
    if not poll_ids or not participant_ids:
        return []
    return list(db.exec(select(PollAnswer).where(col(PollAnswer.poll_id).in_(poll_ids),
                                                 col(PollAnswer.participant_id).in_(participant_ids))))
