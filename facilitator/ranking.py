"""Post rankings: Top, New and "common ground" across stakeholder groups. Pure functions."""

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Sort(StrEnum):
    TOP = 'top'
    NEW = 'new'
    COMMON_GROUND = 'common_ground'


@dataclass
class Tally:
    """Votes on one post: the total and the count per stakeholder group."""

    post_id: uuid.UUID
    created_at: datetime
    pinned: bool = False
    by_group: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_group.values())


def voting_members(votes: list[tuple[uuid.UUID, uuid.UUID, str]], post_ids: set[uuid.UUID]) -> Counter[str]:
    """Per group, how many distinct people voted on any of these posts."""
    voters: dict[uuid.UUID, str] = {}
    for post_id, participant_id, group in votes:
        if post_id in post_ids:
            voters[participant_id] = group
    return Counter(voters.values())


def common_ground_score(tally: Tally, members: Counter[str]) -> float:
    """The lowest share of support over the groups counted (those with a member who voted in the room)."""
    if not members:
        return 0.0
    return min(tally.by_group[group] / count for group, count in members.items())


def rank(tallies: list[Tally], sort: Sort, members: Counter[str] | None = None) -> tuple[list[Tally], Sort]:
    """Order posts; pinned ones first. Returns the order and the sort really used.

    Common ground needs at least two groups counted; below that it falls back to Top.
    """
    used = sort
    if sort == Sort.COMMON_GROUND and (members is None or len(members) < 2):
        used = Sort.TOP
    if used == Sort.NEW:
        ordered = sorted(tallies, key=lambda t: t.created_at, reverse=True)
    elif used == Sort.TOP:
        ordered = sorted(tallies, key=lambda t: (-t.total, t.created_at))
    else:
        assert members is not None
        ordered = sorted(tallies, key=lambda t: (-common_ground_score(t, members), -t.total, t.created_at))
    return sorted(ordered, key=lambda t: not t.pinned), used


def tallies_for(posts: list[tuple[uuid.UUID, datetime, bool]],
                votes: list[tuple[uuid.UUID, uuid.UUID, str]]) -> dict[uuid.UUID, Tally]:
    """Build tallies for (post_id, created_at, pinned) from (post_id, participant_id, group) vote rows."""
    result = {post_id: Tally(post_id=post_id, created_at=created, pinned=pinned) for post_id, created, pinned in posts}
    grouped: defaultdict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for post_id, _participant, group in votes:
        grouped[post_id][group] += 1
    for post_id, counts in grouped.items():
        if post_id in result:
            result[post_id].by_group = counts
    return result
