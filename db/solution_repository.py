"""Repository functions of a series' solutions: small, typed queries with keyword-only arguments."""

import uuid

from sqlalchemy import delete
from sqlmodel import Session, col, select

from .enums import SolutionStatus
from .models import Vote
from .solution_models import CarriedSolution, Solution, SolutionNote


def list_solutions(*, db: Session, series_id: uuid.UUID) -> list[Solution]:
    """A series' solutions, by topic, then in the order they were adopted."""
    query = select(Solution).where(col(Solution.series_id) == series_id) \
        .order_by(col(Solution.topic), col(Solution.created_at))
    return list(db.exec(query))


def open_solutions(*, db: Session, series_id: uuid.UUID) -> list[Solution]:
    return [s for s in list_solutions(db=db, series_id=series_id) if s.status != SolutionStatus.DONE]


def get_solution(*, db: Session, series_id: uuid.UUID, ident: object) -> Solution | None:
    """A solution of the series by id, or None for unknown, foreign or malformed ids."""
    try:
        solution_id = uuid.UUID(str(ident))
    except ValueError:
        return None
    solution = db.get(Solution, solution_id)
    return solution if solution is not None and solution.series_id == series_id else None


def adopted_from(*, db: Session, series_id: uuid.UUID, post_id: uuid.UUID) -> Solution | None:
    return db.exec(select(Solution).where(col(Solution.series_id) == series_id,
                                          col(Solution.origin_post_id) == post_id)).first()


def notes_of(*, db: Session, solution_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[SolutionNote]]:
    notes: dict[uuid.UUID, list[SolutionNote]] = {}
    query = select(SolutionNote).where(col(SolutionNote.solution_id).in_(solution_ids)) \
        .order_by(col(SolutionNote.created_at))
    for note in db.exec(query):
        notes.setdefault(note.solution_id, []).append(note)
    return notes


def votes_by_group(*, db: Session, post_id: uuid.UUID) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in db.exec(select(Vote.group).where(col(Vote.post_id) == post_id)):
        key = str(getattr(group, 'value', group))
        counts[key] = counts.get(key, 0) + 1
    return counts


def carried(*, db: Session, session_id: uuid.UUID) -> list[CarriedSolution]:
    query = select(CarriedSolution).where(col(CarriedSolution.session_id) == session_id) \
        .order_by(col(CarriedSolution.position))
    return list(db.exec(query))


def clear_carried(*, db: Session, session_id: uuid.UUID) -> None:
    db.execute(delete(CarriedSolution).where(col(CarriedSolution.session_id) == session_id))
