"""The state enums, re-exported so that the UI depends on the domain only."""

from db.enums import Role, SegmentKind, SegmentState, SessionStatus, StakeholderGroup

__all__ = ['Role', 'SegmentKind', 'SegmentState', 'SessionStatus', 'StakeholderGroup']
