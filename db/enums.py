"""State enums shared by the tables and the domain."""

from enum import StrEnum


class SessionStatus(StrEnum):
    SCHEDULED = 'scheduled'
    LIVE = 'live'
    ENDED = 'ended'


class SegmentKind(StrEnum):
    SCENE_SETTING = 'scene_setting'
    SHOWCASE = 'showcase'
    DIALOGUE = 'dialogue'
    CUSTOM = 'custom'


class SegmentState(StrEnum):
    PENDING = 'pending'
    RUNNING = 'running'
    PAUSED = 'paused'
    DONE = 'done'


class StakeholderGroup(StrEnum):
    GOVERNMENT = 'government'
    INDUSTRY = 'industry'
    CIVIL_SOCIETY = 'civil_society'
    ACADEMIA = 'academia'
    INTERNATIONAL_ORGANIZATION = 'international_organization'
    YOUTH = 'youth'
    OTHER = 'other'


class Role(StrEnum):
    ORGANIZER = 'organizer'
    MODERATOR = 'moderator'
    RAPPORTEUR = 'rapporteur'
    PARTICIPANT = 'participant'
    PUBLIC = 'public'


class SpeakerState(StrEnum):
    WAITING = 'waiting'
    SPEAKING = 'speaking'
    DONE = 'done'
    SKIPPED = 'skipped'


class SpeakerKind(StrEnum):
    SHOWCASE = 'showcase'
    HAND = 'hand'


class HandType(StrEnum):
    QUESTION = 'question'
    COMMENT = 'comment'
    REPLY = 'reply'
    POINT_OF_ORDER = 'point_of_order'


class QueueOrder(StrEnum):
    """How raised hands are ordered among the places hands hold in the speaker line (points of order go first)."""

    RAISED = 'raised'
    FEWEST_CONTRIBUTIONS = 'fewest_contributions'
    LEAST_TIME = 'least_time'
    ALTERNATE_FLOOR = 'alternate_floor'


class RoomsState(StrEnum):
    CLOSED = 'closed'
    OPEN = 'open'


class PostKind(StrEnum):
    RISK = 'risk'
    OPPORTUNITY = 'opportunity'
    SOLUTION = 'solution'
    QUESTION = 'question'
    COMMENT = 'comment'


class PostTag(StrEnum):
    KEY_TAKEAWAY = 'key_takeaway'
    ACTIONABLE_SOLUTION = 'actionable_solution'


class MailKind(StrEnum):
    CONFIRMATION = 'confirmation'
    REMINDER_24H = 'reminder_24h'
    REMINDER_1H = 'reminder_1h'
    UPDATE = 'update'
    CANCEL = 'cancel'
    OUTCOME = 'outcome'
    """the session's outcome page was published"""


class MailState(StrEnum):
    PENDING = 'pending'
    SENT = 'sent'
    FAILED = 'failed'


class SolutionStatus(StrEnum):
    """Where an actionable solution of a series stands."""

    PROPOSED = 'proposed'
    COMMITTED = 'committed'
    IN_PROGRESS = 'in_progress'
    DONE = 'done'
