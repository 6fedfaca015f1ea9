"""Tables of live polls, and of the presenters' private cues.

Imported by `db/models.py`, so the tables register with the others. Each table has a `session_id`, so deleting a
session (and the retention purge) erases its rows too.
"""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import StakeholderGroup
from .types import UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


def _ts() -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class PollKind(StrEnum):
    CHOICE = 'choice'
    SCALE = 'scale'
    WORDS = 'words'


class PollState(StrEnum):
    DRAFT = 'draft'
    OPEN = 'open'
    CLOSED = 'closed'


class Poll(SQLModel, table=True):
    """A question to the audience: choice (single or multiple), a 1–5 scale, or words for a cloud.

    Plenary when `room_id` is None, else for one breakout room. At most one poll is open per scope."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    room_id: uuid.UUID | None = Field(default=None, foreign_key='room.id', ondelete='CASCADE')
    position: int = 0
    question: str = Field(max_length=280)
    kind: PollKind = PollKind.CHOICE
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    multiple: bool = False
    state: PollState = PollState.DRAFT
    results_visible: bool = False
    blocked_words: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """phrases the moderator added to the profanity list for this poll (normalised)"""
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))
    opened_at: datetime | None = _ts()
    closed_at: datetime | None = _ts()


class PollAnswer(SQLModel, table=True):
    """One participant's answer to one poll; answering again replaces it (one row, enforced by the database)."""

    __tablename__ = 'poll_answer'
    __table_args__ = (UniqueConstraint('poll_id', 'participant_id', name='uq_poll_answer_once'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    poll_id: uuid.UUID = Field(foreign_key='poll.id', index=True, ondelete='CASCADE')
    participant_id: uuid.UUID = Field(foreign_key='participant.id', index=True, ondelete='CASCADE')
    group: StakeholderGroup
    choices: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """option indexes (choice), or the one value 1–5 (scale)"""
    words: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """1–3 normalised phrases (words)"""
    answered_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))


class PresenterCue(SQLModel, table=True):
    """The moderator's latest private cue to one speaker, shown only on their presenter page until acknowledged.

    The presenter key itself is never stored: it is derived from the speaker and the session's current moderator
    key hash (see `facilitator/presenter.py`), so regenerating the staff links replaces every presenter link."""

    __tablename__ = 'presenter_cue'

    speaker_id: uuid.UUID = Field(foreign_key='speaker.id', primary_key=True, ondelete='CASCADE')
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    cue: str | None = Field(default=None, max_length=140)
    cue_at: datetime | None = _ts()
    acknowledged_at: datetime | None = _ts()
