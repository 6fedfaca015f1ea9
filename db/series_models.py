"""Tables of the series around the sessions: the series, each session's place in it, registrations, the mail outbox.

Imported by `db/models.py`, so the tables register with the others.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import MailKind, MailState, StakeholderGroup
from .types import UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class Series(SQLModel, table=True):
    """A programme of sessions with one public page: about, objectives, format."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    title: str = Field(max_length=200)
    description: str = Field(default='', max_length=4000)
    objectives: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    format: str = Field(default='', max_length=4000)
    timezone: str = Field(default='Europe/Zurich', max_length=64)
    privacy_url: str = Field(default='', max_length=500)
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))


class SessionListing(SQLModel, table=True):
    """A session's place in a series, whether it needs registration, and its calendar sequence."""

    __tablename__ = 'session_listing'

    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', primary_key=True, ondelete='CASCADE')
    series_id: uuid.UUID | None = Field(default=None, foreign_key='series.id', index=True, ondelete='SET NULL')
    registration_required: bool = False
    sequence: int = 0
    rescheduled_from: datetime | None = _ts()


class Registration(SQLModel, table=True):
    """Someone who registered for a session. Their personal link creates the participant on first use."""

    __table_args__ = (UniqueConstraint('session_id', 'email', name='uq_registration_email'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    name: str = Field(max_length=80)
    email: str = Field(max_length=254)
    organization: str = Field(default='', max_length=120)
    group: StakeholderGroup
    country: str = Field(max_length=2)
    accessibility_note: str = Field(default='', max_length=1000)
    language: str = Field(default='en', max_length=8)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    participant_id: uuid.UUID | None = Field(default=None, foreign_key='participant.id', ondelete='SET NULL')
    consent_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    cancelled_at: datetime | None = _ts()
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))


class OutboxMessage(SQLModel, table=True):
    """One email, rendered when queued; the sender job delivers it, with retries and backoff."""

    __tablename__ = 'outbox_message'

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID | None = Field(default=None, foreign_key='dialogue_session.id', index=True,
                                         ondelete='CASCADE')
    registration_id: uuid.UUID | None = Field(default=None, foreign_key='registration.id', index=True,
                                              ondelete='CASCADE')
    kind: MailKind
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    to_addr: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    ics: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    state: MailState = MailState.PENDING
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    last_error: str = Field(default='', max_length=500)
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))
    sent_at: datetime | None = _ts()
