"""Session versions without a hot row (issue 17, part 3).

A session's public `version` is the greatest of `DialogueSession.version` (moved by the commands that lock the
session row: the agenda, set-up, joins) and the versions in `input_version` (one row per change by a command that
only shares the row: votes, poll answers, questions). Participant input therefore never updates the session row,
and on PostgreSQL votes from many participants commit side by side.

Where a version comes from:
- PostgreSQL: the global sequence `change_version` (CACHE 1: values grow in the order they are drawn, across
  connections, with no row lock). Unique, but two transactions may commit in the other order than they drew:
  `ServiceBase._tx` checks after every commit and, when a higher version committed first, records a fresh one.
- SQLite: one more than the session's current version, read inside the write transaction (SQLite runs one writer
  at a time, so drawing order is commit order).
"""

import uuid
from typing import Any

from sqlalchemy import Sequence, bindparam, delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel, col

CHANGE_VERSION = Sequence('change_version', start=2, cache=1, metadata=SQLModel.metadata)
"""PostgreSQL only. It starts above 1, the version of a new session, so the first change of a session moves it."""


class InputVersion(SQLModel, table=True):
    """The version of one change that did not lock the session row (a vote, an answer, a question)."""

    __tablename__ = 'input_version'

    session_id: uuid.UUID = Field(foreign_key='dialogue_session.id', primary_key=True, ondelete='CASCADE')
    version: int = Field(primary_key=True)


def uses_sequence(db: Session) -> bool:
    """Whether versions come from the sequence (PostgreSQL), so commits may land out of drawing order."""
    return db.get_bind().dialect.name == 'postgresql'


def input_max(session_column: Any) -> Any:
    """The greatest input version of the session in `session_column`, as a scalar subquery (0 when none)."""
    return select(func.coalesce(func.max(InputVersion.version), 0)) \
        .where(col(InputVersion.session_id) == session_column).scalar_subquery()


def draw(*, db: Session, session_id: uuid.UUID, row_version: int) -> int:
    """A new version for a change of the session, greater than every version it had."""
    if uses_sequence(db):
        return int(db.execute(select(CHANGE_VERSION.next_value())).scalar_one())
    db.flush()
    latest = db.execute(select(input_max(bindparam('sid'))), {'sid': session_id}).scalar_one()
    return max(row_version, int(latest)) + 1


_RECORD_FROM_SEQUENCE = insert(InputVersion).values(session_id=bindparam('sid'), version=CHANGE_VERSION.next_value()) \
    .returning(col(InputVersion.version))


def record_input(*, db: Session, session_id: uuid.UUID, row_version: int) -> int:
    """Take a new version for a change that leaves the session row alone, and record it. Returns it."""
    if uses_sequence(db):  # one statement, one round trip: the vote's hot path
        return record_input_on(db.connection(), session_id=session_id)
    version = draw(db=db, session_id=session_id, row_version=row_version)
    db.add(InputVersion(session_id=session_id, version=version))
    return version


def record_input_on(connection: Connection, *, session_id: uuid.UUID) -> int:
    """`record_input` on PostgreSQL, on a connection (no ORM session): the version comes from the sequence."""
    return int(connection.execute(_RECORD_FROM_SEQUENCE, {'sid': session_id}).scalar_one())


def prune(*, db: Session, session_id: uuid.UUID, below: int) -> None:
    """Drop input versions under the session row's new version: the row's version alone now says as much.

    Only from a command that locks the session row, so no input transaction of the session is in flight."""
    db.execute(delete(InputVersion).where(col(InputVersion.session_id) == session_id,
                                          col(InputVersion.version) < below))
