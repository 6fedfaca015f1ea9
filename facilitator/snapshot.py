"""The read model: the typed snapshot of a session that the API, the pages, the live feed and the report read.

`SessionState` is the public snapshot (`GET /state`, `/live`, every page); `StaffSessionState` adds what only
staff see (authors, pending posts, people, help calls). Models are frozen: one snapshot is shared by every reader
of its version, so nobody may change it. To add a field, add it here and in the builder (`state.py`,
`input_state.py`); readers that do not show it need no change.
"""

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field

from db.enums import (
    HandType,
    PostKind,
    PostTag,
    QueueOrder,
    RoomsState,
    SegmentKind,
    SegmentState,
    SessionStatus,
    SpeakerKind,
    SpeakerState,
    StakeholderGroup,
)

from .feature_views import (
    AttendanceView,
    FloodGuardView,
    GroupTimeView,
    PollView,
    PresenterView,
    StaffPollView,
    View,
)
from .solution_views import CarriedSolutionView

GroupKey = StakeholderGroup | Literal['smaller_groups']
"""A key of a group breakdown: a stakeholder group, or the groups too small to show on their own
(facilitator/small_groups.py)."""


class SegmentView(View):
    """One agenda segment with its timer: running with `ends_at_ms`, or paused/pending with `remaining_seconds`."""

    index: int
    id: str
    kind: SegmentKind
    title: str
    description: str
    planned_seconds: int
    state: SegmentState
    remaining_seconds: float
    """negative when the segment runs over its time"""
    ends_at_ms: int | None
    started_at: str | None
    ended_at: str | None
    started_at_ms: int | None
    ended_at_ms: int | None
    scheduled_start_ms: int | None


class SpeakerView(View):
    """A presenter or a raised hand, in queue order. `name` is null for hands that chose not to show it."""

    id: str
    kind: SpeakerKind
    name: str | None
    organization: str
    title: str
    group: StakeholderGroup | None
    hand_type: HandType | None
    participant_id: str | None
    planned_seconds: int
    planned_proposed: bool
    state: SpeakerState
    remaining_seconds: float
    ends_at_ms: int | None
    started_at_ms: int | None
    ended_at_ms: int | None
    contributions: int
    on_floor: bool = False
    """a hand from someone in the room"""
    not_called: bool = False
    """a presenter still waiting when the presenters' time is over (the end, or every showcase segment done)"""


class NewSpeakerView(SpeakerView):
    """A speaker as `POST /speakers` returns it: with their secret presenter link (for the moderator only)."""

    presenter_url: str | None = None


class PostView(View):
    """A visible post of a breakout room. `author` is null for anonymous posts and hidden names."""

    id: str
    text: str
    kind: PostKind
    author: str | None
    group: StakeholderGroup | None
    anonymous: bool
    votes: int
    votes_by_group: dict[GroupKey, int]
    """groups with fewer than 3 members in the room (the session, for questions) only as `smaller_groups`"""
    pinned: bool
    tags: list[PostTag]
    created_at_ms: int | None


class QuestionView(PostView):
    """A plenary question."""

    answered: bool
    spotlight: bool


class StaffFields(View):
    author_name: str | None
    participant_id: str | None
    approved: bool
    """false while the post waits for approval (pre-moderation)"""


class StaffPostView(PostView, StaffFields):
    """A room post as staff see it: with its author and pending posts."""


class StaffQuestionView(QuestionView, StaffFields):
    """A question as staff see it."""


class RankingView(View):
    top: list[str]
    common_ground: list[str]
    common_ground_used: str
    groups_counted: int


class RoomView(View):
    id: str
    topic: str
    prompt: str
    summary: str = ''
    """the rapporteur's summary: for the public only once marked ready"""
    summary_ready_at_ms: int | None = None
    state: RoomsState
    participant_count: int
    members_by_group: dict[GroupKey, int]
    """groups with fewer than 3 members in the room only as `smaller_groups`"""
    ends_at_ms: int | None
    posts: Sequence[PostView]
    """ranked by votes; closed rooms keep listing their posts"""
    ranking: RankingView


class StaffRoomView(RoomView):
    posts: Sequence[StaffPostView]


class BroadcastView(View):
    message: str
    at_ms: int | None


class HelpCallView(View):
    id: str
    name: str | None
    room: str | None
    at_ms: int | None


class PersonView(View):
    id: str
    name: str
    organization: str
    group: StakeholderGroup
    room_id: str | None
    removed: bool
    on_floor: bool = False


class SessionState(View):
    """The public snapshot of a session. Hidden posts and secrets never appear in it."""

    code: str
    title: str
    status: SessionStatus
    version: int
    """increases on every change"""
    agenda_version: int
    """increases only on what staff do to the run of show"""
    server_time_ms: int | None
    """stamped on each response; the rest is shared by every reader of the version"""
    starts_at: str
    starts_at_ms: int | None
    ends_at_scheduled_ms: int | None
    timezone: str
    theme: str
    key_themes: list[str]
    location: str
    hybrid: bool
    note: str
    call_url: str | None
    join_url: str
    join_slide: bool
    current_segment: int
    segments: list[SegmentView]
    speakers: list[SpeakerView]
    current_speaker: SpeakerView | None
    hands_open: bool
    queue_order: QueueOrder = QueueOrder.RAISED
    """how raised hands are ordered (facilitator/queue.py)"""
    fair_order: bool
    """`queue_order` is `fewest_contributions` (the former switch, kept for readers of the old contract)"""
    speaking_time: Sequence[GroupTimeView] = ()
    """minutes per stakeholder group in this session, from the stored speeches"""
    hands_carry_over: bool = False
    """raised hands stay up when the segment changes (off: lowered, and their owners told)"""
    hand_seconds: int
    participant_count: int
    online_count: int
    """distinct participants with a page open now"""
    attendance: AttendanceView = AttendanceView()
    """everyone who joined, in the room and online"""
    rooms: Sequence[RoomView]
    rooms_open: bool
    rooms_ends_at_ms: int | None
    rooms_grace_seconds: int
    room_switching: bool
    report_back_room: int | None
    questions: Sequence[QuestionView]
    questions_open: bool
    pre_moderation: bool
    broadcast: BroadcastView | None
    flash: str | None = None
    """a full-screen message on the stage"""
    polls: Sequence[PollView] = ()
    """in the moderator's order; built by `poll_state.py`"""
    where_we_are: Sequence[CarriedSolutionView] = ()
    """the series' open solutions that staff carried into this session, shown in its scene-setting"""
    outcome_url: str | None = None
    """the public outcome page while the outcome is published (facilitator/outcome.py), else null"""

    def room(self, room_id: str | None) -> RoomView | None:
        return next((room for room in self.rooms if room.id == room_id), None)


class StaffSessionState(SessionState):
    """The snapshot staff consoles read: authors' names, pending posts, people and help calls."""

    rooms: Sequence[StaffRoomView]
    questions: Sequence[StaffQuestionView]
    help_calls: list[HelpCallView]
    people: list[PersonView]
    polls: Sequence[StaffPollView] = ()
    presenters: Sequence[PresenterView] = ()
    """every speaker's presenter link and cue: never in the public snapshot"""
    undo_action: str | None = None
    """the timer action `undo` would take back now (what the console's Undo names); None: nothing to undo"""
    attendance_by_group: Mapping[StakeholderGroup, AttendanceView] = Field(default_factory=dict)
    """in the room and online, per stakeholder group (for the report)"""
    flood_guard: FloodGuardView | None = None
    """set while the flood guard's pre-moderation is on; turning pre-moderation off clears it"""

    def room(self, room_id: str | None) -> StaffRoomView | None:
        return next((room for room in self.rooms if room.id == room_id), None)
