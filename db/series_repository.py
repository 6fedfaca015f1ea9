"""Repository functions of the series tables: small, typed queries with keyword-only arguments."""

import uuid
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from .enums import MailKind, MailState, SessionStatus
from .models import DialogueSession, Participant, Room
from .series_models import OutboxMessage, Registration, Series, SessionListing


def get_series(*, db: Session, slug: str) -> Series | None:
    return db.exec(select(Series).where(col(Series.slug) == slug)).first()


def list_series(*, db: Session) -> list[Series]:
    return list(db.exec(select(Series).order_by(col(Series.created_at))))


def get_listing(*, db: Session, session_id: uuid.UUID) -> SessionListing | None:
    return db.get(SessionListing, session_id)


def series_sessions(*, db: Session, series_id: uuid.UUID) -> list[DialogueSession]:
    """The sessions of a series in date order."""
    query = select(DialogueSession).join(SessionListing, col(SessionListing.session_id) == col(DialogueSession.id)) \
        .where(col(SessionListing.series_id) == series_id).order_by(col(DialogueSession.starts_at))
    return list(db.exec(query))


def room_topics(*, db: Session, session_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    topics: dict[uuid.UUID, list[str]] = {}
    query = select(Room).where(col(Room.session_id).in_(session_ids)).order_by(col(Room.position))
    for room in db.exec(query):
        topics.setdefault(room.session_id, []).append(room.topic)
    return topics


def registration_by_email(*, db: Session, session_id: uuid.UUID, email: str) -> Registration | None:
    return db.exec(select(Registration).where(col(Registration.session_id) == session_id,
                                              col(Registration.email) == email)).first()


def registration_by_token(*, db: Session, token_hash: str) -> Registration | None:
    return db.exec(select(Registration).where(col(Registration.token_hash) == token_hash)).first()


def list_registrations(*, db: Session, session_id: uuid.UUID, active_only: bool = False) -> list[Registration]:
    query = select(Registration).where(col(Registration.session_id) == session_id)
    if active_only:
        query = query.where(col(Registration.cancelled_at).is_(None))
    return list(db.exec(query.order_by(col(Registration.created_at))))


def participants_of(*, db: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Participant]:
    return {p.id: p for p in db.exec(select(Participant).where(col(Participant.id).in_(ids)))}


def due_messages(*, db: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(col(OutboxMessage.state) == MailState.PENDING,
                                        col(OutboxMessage.next_attempt_at) <= now) \
        .order_by(col(OutboxMessage.next_attempt_at)).limit(limit)
    return list(db.exec(query))


def claim_message(*, db: Session, message_id: uuid.UUID, seen: datetime, lease_until: datetime) -> bool:
    """Take a due message for sending: only one sender (of several instances) wins it. Until `lease_until` no other
    sender picks it up, so a sender that dies mid-way only delays the message."""
    result = db.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id,
                                                    col(OutboxMessage.state) == MailState.PENDING,
                                                    col(OutboxMessage.next_attempt_at) == seen)
                        .values(next_attempt_at=lease_until))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def has_message(*, db: Session, dedupe_key: str) -> bool:
    return db.exec(select(OutboxMessage.id).where(col(OutboxMessage.dedupe_key) == dedupe_key)).first() is not None


def last_message_at(*, db: Session, registration_id: uuid.UUID, kind: MailKind) -> datetime | None:
    query = select(OutboxMessage.created_at).where(col(OutboxMessage.registration_id) == registration_id,
                                                   col(OutboxMessage.kind) == kind) \
        .order_by(col(OutboxMessage.created_at).desc())
    return db.exec(query).first()


def latest_mail_states(*, db: Session, session_id: uuid.UUID) -> dict[uuid.UUID, OutboxMessage]:
    """Per registration, its most recent message."""
    latest: dict[uuid.UUID, OutboxMessage] = {}
    query = select(OutboxMessage).where(col(OutboxMessage.session_id) == session_id) \
        .order_by(col(OutboxMessage.created_at))
    for message in db.exec(query):
        if message.registration_id is not None:
            latest[message.registration_id] = message
    return latest


def sessions_starting(*, db: Session, after: datetime, until: datetime) -> list[DialogueSession]:
    """Scheduled sessions that start in (after, until]."""
    query = select(DialogueSession).where(col(DialogueSession.status) == SessionStatus.SCHEDULED,
                                          col(DialogueSession.starts_at) > after,
                                          col(DialogueSession.starts_at) <= until)
    return list(db.exec(query))
