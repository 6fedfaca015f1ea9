"""The read model of a series' actionable solutions: what the series page, the staff panel, the API and the series
report read. No view names a person: notes carry their author's role, support counts stakeholder groups."""

from collections.abc import Sequence
from datetime import datetime

from db.enums import Role, SolutionStatus
from db.solution_models import CarriedSolution, Solution, SolutionNote

from .clock import to_ms
from .feature_views import View


class SolutionNoteView(View):
    """A dated follow-up entry, signed by the author's role."""

    id: str
    text: str
    author_role: Role
    at: datetime
    at_ms: int | None


class SolutionView(View):
    """One actionable solution of a series."""

    id: str
    text: str
    topic: str
    """the breakout topic (room) it came from; empty when added by hand without one"""
    origin_code: str
    """the join code of the session it came from; empty when added by hand"""
    origin_title: str
    origin_starts_at: datetime | None
    owner: str
    """the organisation that owns it; empty while nobody does"""
    status: SolutionStatus
    votes: int
    support: dict[str, int]
    """votes by stakeholder group; groups with fewer than 3 members in the room are folded into `smaller_groups`"""
    posted_by: str
    """the author's stakeholder group (or `smaller_groups`); empty when added by hand"""
    notes: list[SolutionNoteView]
    updated_at: datetime


class SeriesSolutions(View):
    """A series' solutions, by topic."""

    slug: str
    title: str
    solutions: list[SolutionView]

    def by_topic(self) -> list[tuple[str, list[SolutionView]]]:
        """The solutions grouped by topic, topics in alphabetical order (those without one last); within a topic
        the open ones first, in the order they were adopted, then the done ones."""
        groups: dict[str, list[SolutionView]] = {}
        for solution in sorted(self.solutions, key=lambda s: s.status == SolutionStatus.DONE):
            groups.setdefault(solution.topic, []).append(solution)
        return sorted(groups.items(), key=lambda item: (not item[0], item[0].casefold()))

    def counts(self) -> dict[SolutionStatus, int]:
        """How many solutions stand at each status, in the order of the statuses."""
        return {status: n for status in SolutionStatus
                if (n := sum(s.status == status for s in self.solutions))}


class AdoptablePost(View):
    """A visible post of a session tagged as an actionable solution, and the solution it became, if any."""

    post_id: str
    text: str
    topic: str
    votes: int
    solution_id: str | None


class CarriedSolutionView(View):
    """An open solution of the series, shown in the scene-setting as "where we are"."""

    solution_id: str
    text: str
    topic: str
    owner: str
    status: SolutionStatus


def note_view(note: SolutionNote) -> SolutionNoteView:
    return SolutionNoteView(id=str(note.id), text=note.text, author_role=note.author_role, at=note.created_at,
                            at_ms=to_ms(note.created_at))


def solution_view(solution: Solution, notes: Sequence[SolutionNote]) -> SolutionView:
    return SolutionView(
        id=str(solution.id), text=solution.text, topic=solution.topic, origin_code=solution.origin_code,
        origin_title=solution.origin_title, origin_starts_at=solution.origin_starts_at, owner=solution.owner,
        status=solution.status, votes=solution.votes, support=dict(solution.support), posted_by=solution.posted_by,
        notes=[note_view(n) for n in notes], updated_at=solution.updated_at)


def carried_view(row: CarriedSolution) -> CarriedSolutionView:
    return CarriedSolutionView(solution_id=str(row.solution_id), text=row.text, topic=row.topic, owner=row.owner,
                               status=row.status)
