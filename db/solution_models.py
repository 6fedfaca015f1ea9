"""Tables of a series' actionable solutions, which outlive the sessions they came from.

Nothing here names a person, and `solution` has no `session_id` column and no foreign key to a session's rows:
deleting or purging a session (`db/erase.py`, generic over the schema) leaves the solutions, their notes and their
stakeholder support with the series. Only `carried_solution`, a session's copy of the open solutions shown in its
scene-setting, goes with its session.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from .enums import Role, SolutionStatus
from .types import UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class Solution(SQLModel, table=True):
    """An actionable solution of a series: the text copied from a session's tagged post (or typed by staff), where it
    came from, who owns it, where it stands and which stakeholder groups backed it."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    series_id: uuid.UUID = Field(foreign_key='series.id', index=True, ondelete='CASCADE')
    text: str = Field(max_length=1000)
    topic: str = Field(default='', max_length=200)
    origin_code: str = Field(default='', max_length=8)
    """the join code of the session it came from (a copy: the session may be purged)"""
    origin_title: str = Field(default='', max_length=200)
    origin_starts_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    origin_post_id: uuid.UUID | None = Field(default=None, index=True)
    """the post it was adopted from, so a post is adopted once; deliberately no foreign key"""
    owner: str = Field(default='', max_length=200)
    status: SolutionStatus = SolutionStatus.PROPOSED
    votes: int = 0
    support: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """votes by stakeholder group, groups under the small-group rule folded into `smaller_groups`"""
    posted_by: str = Field(default='', max_length=40)
    """the author's stakeholder group (or `smaller_groups`); empty when added by hand"""
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))


class SolutionNote(SQLModel, table=True):
    """A dated follow-up entry on a solution, signed by the author's role (never their name)."""

    __tablename__ = 'solution_note'

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    solution_id: uuid.UUID = Field(foreign_key='solution.id', index=True, ondelete='CASCADE')
    text: str = Field(max_length=1000)
    author_role: Role
    created_at: datetime = Field(default_factory=_now, sa_column=Column(UTCDateTime(), nullable=False))


class CarriedSolution(SQLModel, table=True):
    """An open solution of the series shown in a session's scene-setting as "where we are": a copy taken when staff
    carried the solutions over, so the session's snapshot needs no series read."""

    __tablename__ = 'carried_solution'

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', index=True, ondelete='CASCADE')
    solution_id: uuid.UUID = Field(foreign_key='solution.id', ondelete='CASCADE')
    position: int = 0
    text: str = Field(max_length=1000)
    topic: str = Field(default='', max_length=200)
    owner: str = Field(default='', max_length=200)
    status: SolutionStatus = SolutionStatus.PROPOSED
