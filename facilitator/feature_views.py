"""The base of every view of the read model, and the views of the features around the core snapshot: polls,
presenter links with their cues, the flood guard, attendance on the floor and online, and speaking time.
`snapshot.py` assembles them into the session's snapshot."""

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class AttendanceView(View):
    """Who is part of the session: in the room (checked in with the venue's QR code, or added by the floor manager)
    and online (everyone else). `floor + online` is `participant_count`."""

    floor: int = 0
    online: int = 0


class GroupTimeView(View):
    """How long one stakeholder group has spoken in this session (group null: presenters without a group).

    `seconds` counts finished speeches; while someone of the group speaks, `speaking_since_ms` is when they started,
    so a page adds the running part itself (ticking in the browser: the server sends changes only)."""

    group: str | None
    seconds: float
    speeches: int
    speaking_since_ms: int | None = None


class PollCountView(View):
    label: str
    """the option's text, the scale value ('1'..'5') or the phrase"""
    count: int


class PollResultsView(View):
    """Counts overall and per stakeholder group (aligned with `counts`); groups with fewer than 3 answers are
    merged into `smaller_groups`."""

    counts: list[PollCountView]
    by_group: dict[str, list[int]]
    group_answers: dict[str, int]
    mean: float | None
    """the scale's mean, else null"""


class PollView(View):
    """A poll. `results` is null in the public snapshot until the moderator shows them."""

    id: str
    question: str
    kind: str
    """choice, scale or words"""
    state: str
    """draft, open or closed"""
    options: list[str]
    multiple: bool
    room_id: str | None
    position: int
    results_visible: bool
    answers: int
    results: PollResultsView | None


class StaffPollView(PollView):
    blocked_words: list[str]


class PresenterView(View):
    """A speaker's secret presenter link and the latest private cue to them (staff snapshot only)."""

    speaker_id: str
    presenter_url: str
    cue: str | None
    cue_at_ms: int | None
    acknowledged_at_ms: int | None


class FloodGuardView(View):
    """Why pre-moderation is on: the flood guard turned it on (facilitator/flood_guard.py)."""

    on_at_ms: int
    reason: str
    """`fresh_participants_flood`: more than `posts` posts in `window_s` s in one room from people who joined less
    than `fresh_minutes` ago"""
    room: str
    posts: int
    window_s: int
    fresh_minutes: int
