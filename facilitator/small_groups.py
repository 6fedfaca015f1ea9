"""Group breakdowns that cannot single anyone out: a group with fewer than `MIN_GROUP` members in a room is shown
only inside "smaller groups".

`votes_by_group` beside `members_by_group` would otherwise tell how the only member of a group in a room voted.
The public snapshot, the staff snapshot and the report all read the merged breakdowns.
"""

from collections import Counter
from collections.abc import Mapping

from .labels import SMALLER_GROUPS

MIN_GROUP = 3
"""The fewest members a group needs in a room (or, for plenary questions, in the session) to be shown on its own."""


def merge_small(counts: Mapping[str, int], sizes: Mapping[str, int]) -> dict[str, int]:
    """`counts` by group, with every group that has fewer than `MIN_GROUP` members in `sizes` folded into
    `smaller_groups`. Zero counts are dropped."""
    merged: Counter[str] = Counter()
    for group, n in counts.items():
        key = str(getattr(group, 'value', group))
        merged[key if sizes.get(key, 0) >= MIN_GROUP else SMALLER_GROUPS] += n
    return {group: n for group, n in merged.items() if n}


def merge_members(members: Mapping[str, int]) -> dict[str, int]:
    """A room's members by group, small groups folded together."""
    return merge_small(members, members)
