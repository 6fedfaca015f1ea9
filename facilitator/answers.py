"""What the API answers to a command that is not a snapshot: small typed receipts, so `/api/openapi.json`
documents every endpoint with its fields. The UI never reads these; it reads the snapshot."""

from typing import Literal

from pydantic import ConfigDict

from db.enums import SessionStatus

from .feature_views import View
from .series import SessionPhase
from .snapshot import SpeakerView


class Health(View):
    status: Literal['ok', 'degraded']
    """`degraded` (with 503) while the last write failed for the database's sake; reads keep working."""


class TemplateSummary(View):
    id: str
    title: str
    date: str | None
    """the template's model date (ISO), if it is one of the seed's sessions"""
    hybrid: bool


class Templates(View):
    templates: list[TemplateSummary]


class RoomJoined(View):
    room_id: str
    joined: Literal[True] = True


class VoteCount(View):
    votes: int
    """the post's vote count after this vote or withdrawal"""
    voted: bool


class PostEdited(View):
    id: str
    edited: Literal[True] = True


class PostDeleted(View):
    id: str
    deleted: Literal[True] = True


class PostModerated(View):
    id: str
    action: str
    """one of hide, unhide, pin, unpin, tag, untag, approve, answer, unanswer, spotlight, unspotlight"""
    done: Literal[True] = True


class ParticipantModerated(View):
    id: str
    action: str
    """rename or remove"""
    done: Literal[True] = True


class HelpCalled(View):
    called: Literal[True] = True


class SummarySaved(View):
    room_id: str
    ready: bool


class HiddenPostView(View):
    """A hidden post or question, as staff see it in the list they can unhide from."""

    id: str
    text: str
    kind: str
    room: str | None
    """the room's topic, or None for a plenary question"""
    author: str | None
    reason: str


class HiddenPosts(View):
    posts: list[HiddenPostView]


class PollAnswered(View):
    poll_id: str
    answered: Literal[True] = True


class HandRaised(View):
    raised: Literal[True] = True
    speaker: SpeakerView


class HandLowered(View):
    raised: Literal[False] = False
    lowered: bool
    """False when no hand was up (nothing changed)"""


class RegistrationReceipt(View):
    registration_id: str
    url: str | None
    """the personal join link; null for a repeat while email is on (the link goes to the mailbox only)"""


class RegistrationCancelled(View):
    cancelled: Literal[True] = True


class RegistrationRow(View):
    """One registration as organisers and moderators see it."""

    id: str
    name: str
    email: str
    organization: str
    group: str
    country: str
    """ISO 3166-1 alpha-2"""
    accessibility_note: str
    registered_at: str
    cancelled: bool
    attended: bool
    """whether the personal link was used to join"""
    mail: str | None
    """the latest mail's delivery state (queued, sent, failed), or null before any"""
    mail_error: str


class Attendance(View):
    registered: int
    attended: int


class CountryAttendance(Attendance):
    name: str


class AttendanceSummary(Attendance):
    """Registered vs attended, overall, per stakeholder group and per country."""

    by_group: dict[str, Attendance]
    by_country: dict[str, CountryAttendance]


class Registrations(View):
    registrations: list[RegistrationRow]
    attendance: AttendanceSummary | None
    """null while nobody has registered"""


class SeriesSessionItem(View):
    """A session as the series page lists it."""

    model_config = ConfigDict(frozen=True, extra='forbid')  # a field the domain adds must be documented here too
    phase: SessionPhase
    code: str
    title: str
    starts_at: str
    starts_at_ms: int
    ends_at_ms: int
    status: SessionStatus
    timezone: str
    topics: list[str]
    location: str
    hybrid: bool
    note: str
    rescheduled: bool
    rescheduled_from: str | None
    rescheduled_from_ms: int | None
    registration_required: bool
    join_url: str
    register_url: str


class SeriesView(View):
    """A series' public page as data: about, objectives, format, and its sessions in date order."""

    model_config = ConfigDict(frozen=True, extra='forbid')
    slug: str
    title: str
    description: str
    objectives: list[str]
    format: str
    timezone: str
    privacy_url: str
    url: str
    server_time_ms: int
    next_session: str | None
    """the code of the next upcoming session"""
    sessions: list[SeriesSessionItem]
