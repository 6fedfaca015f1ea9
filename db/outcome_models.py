"""The published outcome of a session: the anonymised content frozen when it was published.

It holds no personal data (groups, never names or organisations), so it has no `session_id` column and no foreign
key to the session: the retention purge (`db/erase.py`) erases a session's rows and leaves this one with the series.
Deleting a session on purpose removes it too (`facilitator/outcome.py`).
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, select

from .types import UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class PublishedOutcome(SQLModel, table=True):
    """What `/s/{code}/outcome` shows: exactly what was published, until it is withdrawn or published again."""

    __tablename__ = 'published_outcome'

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(max_length=8, unique=True, index=True)
    source_session: uuid.UUID = Field(unique=True)
    """the session's id, kept without a foreign key, so the outcome outlives the session's personal data"""
    series_id: uuid.UUID | None = Field(default=None, foreign_key='series.id', index=True, ondelete='SET NULL')
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """the anonymised outcome (`facilitator.outcome_view.OutcomeView`) as JSON"""
    published: bool = True
    """false once withdrawn: the page answers 404 until it is published again"""
    published_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    first_published_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    publications: int = 1


def get_outcome(*, db: Session, code: str) -> PublishedOutcome | None:
    """The session's outcome row by its code, published or withdrawn."""
    return db.exec(select(PublishedOutcome).where(PublishedOutcome.code == code)).first()
