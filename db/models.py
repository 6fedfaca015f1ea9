"""SQLModel tables. Portable between SQLite and PostgreSQL: no dialect-specific types."""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import (
    HandType,
    PostKind,
    QueueOrder,
    Role,
    RoomsState,
    SegmentKind,
    SegmentState,
    SessionStatus,
    SpeakerKind,
    SpeakerState,
    StakeholderGroup,
)
from .types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class DialogueSessionBase(SQLModel):
    title: str = Field(max_length=200)
    template: str = Field(max_length=80)
    theme: str = Field(default='', max_length=4000)
    key_themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    location: str = Field(default='Online', max_length=200)
    hybrid: bool = False
    note: str = Field(default='', max_length=1000)
    timezone: str = Field(default='Europe/Zurich', max_length=64)
    call_url: str = Field(default='', max_length=500)


class DialogueSession(DialogueSessionBase, table=True):
    """One live event: a two-hour dialogue with its agenda, people and input."""

    __tablename__ = 'dialogue_session'

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(max_length=8, unique=True, index=True)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: SessionStatus = SessionStatus.SCHEDULED
    current_segment: int = 0
    version: int = 1
    agenda_version: int = 1
    absolute_version: int = 1
    """The agenda_version at the last absolute action: a relative action expecting an older version is stale."""
    moderator_key_hash: str = Field(max_length=64)
    rapporteur_key_hash: str = Field(max_length=64)
    join_slide: bool = False
    hands_override: bool | None = None
    queue_order: QueueOrder = QueueOrder.RAISED
    """How raised hands are ordered (facilitator/queue.py); `fair_order` is `fewest_contributions`."""
    hand_seconds: int = 120
    rooms_state: RoomsState = RoomsState.CLOSED
    rooms_ends_at: datetime | None = _ts()
    rooms_grace_seconds: int = 60
    rooms_ever_opened: bool = False
    room_switching: bool = True
    report_back_room: int | None = None
    questions_open: bool = True
    pre_moderation: bool = False
    hands_carry_over: bool = False
    """Whether raised hands stay up when the segment changes (by default they are lowered, with a notice)."""
    flood_guard_at: datetime | None = _ts()
    """When the flood guard turned pre-moderation on (facilitator/flood_guard.py); None while it has not."""
    flood_guard_room: str = Field(default='', max_length=200)
    flood_guard_since: datetime | None = _ts()
    """Posts before this moment no longer count: a moderator turned the guard's pre-moderation off then."""
    spotlight_post_id: uuid.UUID | None = None
    broadcast_message: str | None = Field(default=None, max_length=280)
    broadcast_at: datetime | None = _ts()
    flash_message: str | None = Field(default=None, max_length=140)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Segment(SQLModel, table=True):
    """An agenda item with its timer stored as data: running with `ends_at`, or `remaining_seconds`."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    position: int
    kind: SegmentKind = SegmentKind.CUSTOM
    title: str = Field(max_length=120)
    description: str = Field(default='', max_length=2000)
    planned_seconds: int
    state: SegmentState = SegmentState.PENDING
    remaining_seconds: float
    ends_at: datetime | None = _ts()
    started_at: datetime | None = _ts()
    ended_at: datetime | None = _ts()


class Room(SQLModel, table=True):
    """A dialogue topic; becomes a breakout room when the rooms open."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    position: int
    topic: str = Field(max_length=200)
    prompt: str = Field(default='', max_length=1000)
    summary: str = Field(default='', max_length=1000)
    """The rapporteur's short summary, shown on the stage in the report-back once marked ready."""
    summary_ready_at: datetime | None = _ts()


class Participant(SQLModel, table=True):
    """Someone who joined a session. The browser id is NiceGUI's signed cookie id."""

    __table_args__ = (UniqueConstraint('session_id', 'browser_id', name='uq_participant_browser'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    name: str = Field(max_length=80)
    organization: str = Field(default='', max_length=120)
    group: StakeholderGroup
    show_name: bool = True
    token_hash: str = Field(max_length=64, unique=True, index=True)
    browser_id: str | None = Field(default=None, max_length=64, index=True)
    room_id: uuid.UUID | None = Field(default=None, foreign_key='room.id', ondelete='SET NULL')
    removed: bool = False
    joined_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    notice: str = Field(default='', max_length=400)
    """The latest notice for this person only (a hand lowered, a post hidden), shown on their page."""
    notice_at: datetime | None = _ts()
    on_floor: bool = False
    """In the room: checked in with the venue's QR code, or added by the floor manager (the rest joined online)."""


class StaffGrant(SQLModel, table=True):
    """A browser that proved a staff secret. Valid while `secret_hash` still matches the current key."""

    __table_args__ = (UniqueConstraint('browser_id', 'session_id', 'role', name='uq_grant_browser_role'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    browser_id: str = Field(max_length=64, index=True)
    session_id: uuid.UUID | None = Field(default=None, foreign_key='dialogue_session.id', ondelete='CASCADE')
    role: Role
    secret_hash: str = Field(max_length=64)
    display_name: str = Field(default='', max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class TimerSnapshot(SQLModel, table=True):
    """The timer as it was just before a timer action, for undo."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    seq: int
    action: str = Field(max_length=40)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Speaker(SQLModel, table=True):
    """A presenter in the showcase line, or a raised hand. Its own timer is data, like a segment's."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    kind: SpeakerKind
    participant_id: uuid.UUID | None = Field(default=None, foreign_key='participant.id', ondelete='SET NULL')
    hand_type: HandType | None = None
    name: str = Field(max_length=80)
    organization: str = Field(default='', max_length=120)
    title: str = Field(default='', max_length=200)
    group: StakeholderGroup | None = None
    show_name: bool = True
    on_floor: bool = False
    """a hand from someone in the room (for the alternating order and the floor view)"""
    position: int = 0
    planned_seconds: int | None = None
    planned_was_proposed: bool = False
    state: SpeakerState = SpeakerState.WAITING
    remaining_seconds: float | None = None
    ends_at: datetime | None = _ts()
    raised_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    started_at: datetime | None = _ts()
    ended_at: datetime | None = _ts()


class Post(SQLModel, table=True):
    """Input in a breakout room, or (with no room) a plenary question. Hidden posts stay, with the reason."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    room_id: uuid.UUID | None = Field(default=None, foreign_key='room.id', index=True, ondelete='CASCADE')
    participant_id: uuid.UUID | None = Field(default=None, foreign_key='participant.id', index=True,
                                             ondelete='SET NULL')
    kind: PostKind = PostKind.COMMENT
    text: str = Field(max_length=1000)
    anonymous: bool = False
    approved: bool = True
    hidden: bool = False
    hidden_reason: str = Field(default='', max_length=500)
    deleted: bool = False
    pinned: bool = False
    key_takeaway: bool = False
    actionable_solution: bool = False
    answered: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    updated_at: datetime | None = _ts()


class Vote(SQLModel, table=True):
    """One upvote per participant per post, enforced by the database."""

    __table_args__ = (UniqueConstraint('post_id', 'participant_id', name='uq_vote_once'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    post_id: uuid.UUID = Field(foreign_key='post.id', index=True, ondelete='CASCADE')
    participant_id: uuid.UUID = Field(foreign_key='participant.id', index=True, ondelete='CASCADE')
    room_id: uuid.UUID | None = Field(default=None, foreign_key='room.id', ondelete='CASCADE')
    group: StakeholderGroup
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ModerationEntry(SQLModel, table=True):
    """Every moderation decision: who, when, what and why."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    actor_name: str = Field(default='', max_length=80)
    actor_role: Role
    action: str = Field(max_length=40)
    target_type: str = Field(max_length=20)
    target_id: uuid.UUID
    reason: str = Field(default='', max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Broadcast(SQLModel, table=True):
    """A message the moderator sent to every room and screen."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    message: str = Field(max_length=280)
    sent_by: str = Field(default='', max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class HelpCall(SQLModel, table=True):
    """A participant pressed "Call the moderator"."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    room_id: uuid.UUID | None = Field(default=None, foreign_key='room.id', ondelete='SET NULL')
    participant_id: uuid.UUID = Field(foreign_key='participant.id', ondelete='CASCADE')
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    resolved_at: datetime | None = _ts()


class Note(SQLModel, table=True):
    """A rapporteur's Markdown notes (or summary) for a segment or a room, one per rapporteur."""

    __table_args__ = (UniqueConstraint('session_id', 'scope', 'kind', 'author', name='uq_note_author'),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    scope: str = Field(max_length=60)
    kind: str = Field(default='notes', max_length=20)
    author: str = Field(max_length=80)
    text: str = Field(default='', max_length=100_000)
    revision: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class NoteRevision(SQLModel, table=True):
    """Every saved version of a note, so a conflict never loses text."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    note_id: uuid.UUID = Field(foreign_key='note.id', index=True, ondelete='CASCADE')
    revision: int
    text: str = Field(default='', max_length=100_000)
    saved_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


from .outcome_models import PublishedOutcome  # noqa: E402, F401  (its table)
from .poll_models import Poll, PollAnswer, PresenterCue  # noqa: E402, F401  (their tables)
from .scale_models import AppSecret, InstancePresence, RateWindow  # noqa: E402, F401  (their tables)
from .series_models import OutboxMessage, Registration, Series, SessionListing  # noqa: E402, F401  (their tables)
from .solution_models import CarriedSolution, Solution, SolutionNote  # noqa: E402, F401  (their tables)
from .versions import InputVersion  # noqa: E402, F401  (its table and the version sequence)
