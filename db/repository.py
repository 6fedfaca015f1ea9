"""Repository functions: small, typed queries with keyword-only arguments."""

import uuid

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from .enums import Role
from .models import DialogueSession, Participant, Room, Segment, Speaker, StaffGrant, TimerSnapshot


def get_session_by_code(*, db: Session, code: str, for_update: bool = False) -> DialogueSession | None:
    query = select(DialogueSession).where(DialogueSession.code == code)
    if for_update:
        query = query.with_for_update()
    return db.exec(query).first()


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


def list_participants(*, db: Session, session_id: uuid.UUID) -> list[Participant]:
    query = select(Participant).where(Participant.session_id == session_id).order_by(col(Participant.joined_at))
    return list(db.exec(query))


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
