"""The state enums, re-exported so that the UI depends on the domain only."""

from db.enums import (
    HandType,
    PostKind,
    PostTag,
    QueueOrder,
    Role,
    RoomsState,
    SegmentKind,
    SegmentState,
    SessionStatus,
    SolutionStatus,
    SpeakerKind,
    SpeakerState,
    StakeholderGroup,
)

__all__ = ['HandType', 'PostKind', 'PostTag', 'QueueOrder', 'Role', 'RoomsState', 'SegmentKind', 'SegmentState',
           'SessionStatus', 'SolutionStatus', 'SpeakerKind', 'SpeakerState', 'StakeholderGroup']
