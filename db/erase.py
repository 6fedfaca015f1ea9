"""Erasing a session: every row that belongs to it, in every table, children first.

Generic over the schema, so a table added later is erased too: a table with a `session_id` column loses the
session's rows, and a table without one loses the rows that point (by foreign key) at rows being erased.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col

from .enums import SpeakerKind
from .models import DialogueSession, HelpCall, ModerationEntry, Participant, Post, Segment, Speaker, Vote
from .series_models import Registration

SESSION_TABLE = DialogueSession.__tablename__


def _belongs(table: Table, session_id: uuid.UUID, seen: dict[str, ColumnElement[bool]]) -> ColumnElement[bool] | None:
    """A condition selecting `table`'s rows of the session, or None when the table holds none."""
    if 'session_id' in table.c:
        return table.c.session_id == session_id
    for key in table.foreign_keys:
        parent = key.column.table
        if parent.name in seen and parent.name != SESSION_TABLE:
            ids = select(key.column).where(seen[parent.name])
            return key.parent.in_(ids)
    return None


def delete_session_rows(*, db: Session, session_id: uuid.UUID) -> dict[str, int]:
    """Delete the session and everything of it. Returns the number of rows deleted per table."""
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name != SESSION_TABLE]
    conditions: dict[str, ColumnElement[bool]] = {}
    for table in tables:  # parents before children: a child's condition may select through its parent
        condition = _belongs(table, session_id, conditions)
        if condition is not None:
            conditions[table.name] = condition
    deleted: dict[str, int] = {}
    for table in reversed(tables):  # children before parents, so no foreign key is left dangling
        if table.name in conditions:
            result = db.execute(delete(table).where(conditions[table.name]))
            deleted[table.name] = int(getattr(result, 'rowcount', 0) or 0)
    sessions = SQLModel.metadata.tables[SESSION_TABLE]
    result = db.execute(delete(sessions).where(sessions.c.id == session_id))
    deleted[SESSION_TABLE] = int(getattr(result, 'rowcount', 0) or 0)
    return deleted


def scheduled_ends(*, db: Session) -> list[tuple[str, datetime]]:
    """Each session's code with its scheduled end: the start plus the planned length of its agenda, or the moment
    it was created when that is later (a session set up after its date, e.g. from a past template, is not purged
    the hour it was made)."""
    seconds = func.coalesce(func.sum(col(Segment.planned_seconds)), 0).label('seconds')
    planned = select(col(Segment.session_id), seconds).group_by(col(Segment.session_id)).subquery()
    query = select(col(DialogueSession.code), col(DialogueSession.starts_at), col(DialogueSession.created_at),
                   planned.c.seconds).outerjoin(planned, planned.c.session_id == DialogueSession.id)
    return [(code, max(starts_at + timedelta(seconds=int(seconds or 0)), created_at))
            for code, starts_at, created_at, seconds in db.execute(query)]


def erase_identity(*, db: Session, participant: Participant, placeholder: str) -> None:
    """A removed participant's name and organisation go from every row they were copied to (speaker rows
    included); their posts become anonymous. The row itself stays, so votes and counts still add up."""
    participant.name, participant.organization, participant.show_name = placeholder, '', False
    db.add(participant)
    db.execute(update(Speaker).where(col(Speaker.participant_id) == participant.id)
               .values(name=placeholder, organization='', show_name=False))
    db.execute(update(Post).where(col(Post.participant_id) == participant.id).values(anonymous=True))


def clear_participants(*, db: Session, session_id: uuid.UUID) -> int:
    """A reset with `clear_input`: the session's participants go, with every input-related row about them (votes,
    posts, help calls, hands, the moderation log's entries about people and posts). Registrations and presenter
    rows stay, unlinked. Returns the number of participants deleted."""
    people = select(col(Participant.id)).where(col(Participant.session_id) == session_id)
    db.execute(delete(ModerationEntry).where(col(ModerationEntry.session_id) == session_id,
                                             col(ModerationEntry.target_type).in_(('participant', 'post'))))
    db.execute(delete(Vote).where(col(Vote.session_id) == session_id))
    db.execute(delete(Post).where(col(Post.session_id) == session_id))
    db.execute(delete(HelpCall).where(col(HelpCall.session_id) == session_id))
    db.execute(delete(Speaker).where(col(Speaker.session_id) == session_id, col(Speaker.participant_id).in_(people),
                                     col(Speaker.kind) == SpeakerKind.HAND))
    db.execute(update(Speaker).where(col(Speaker.participant_id).in_(people)).values(participant_id=None))
    db.execute(update(Registration).where(col(Registration.participant_id).in_(people)).values(participant_id=None))
    result = db.execute(delete(Participant).where(col(Participant.session_id) == session_id))
    return int(getattr(result, 'rowcount', 0) or 0)
