"""The published outcome as a typed read model, and how it is built from a session: anonymised by construction.

What goes in: the rapporteurs' room summaries marked ready, each room's top posts (common-ground ones marked), the
posts tagged as actionable solutions, and the polls whose results were shown. What never goes in: a name, an
organisation, a hidden or unapproved post. Groups appear only where at least `MIN_GROUP` people of the group were in
the room (or, for the attendance, in the session); smaller ones are merged into `smaller_groups`
(facilitator/small_groups.py). Codes are stored, never words: the page translates them into the reader's language.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from db import repository as repo
from db.enums import PostKind, PostTag
from db.models import DialogueSession

from .clock import to_ms
from .feature_views import PollCountView, View
from .labels import SMALLER_GROUPS
from .small_groups import MIN_GROUP, merge_members
from .snapshot import GroupKey, PostView, RoomView, SessionState
from .state import build_state

TOP_POSTS = 5
"""How many of a room's posts the outcome lists, by votes."""
COMMON_GROUND_SHOWN = 3
"""How many posts of a room's common-ground ranking may be marked as common ground."""


class OutcomePost(View):
    """A post without its author: only the author's stakeholder group (null when posted anonymously)."""

    text: str
    kind: PostKind
    group: GroupKey | None
    votes: int
    common_ground: bool
    """among the room's first posts by common ground, with support from at least two groups"""
    tags: list[PostTag]


class OutcomeRoom(View):
    topic: str
    summary: str
    """the rapporteur's summary, only when marked ready; else empty"""
    participant_count: int
    members_by_group: dict[GroupKey, int]
    top: list[OutcomePost]
    common_ground_counted: bool
    """whether enough groups voted for the common-ground ranking (at least two)"""


class OutcomeSolution(OutcomePost):
    """A post tagged as an actionable solution, with the room it came from."""

    room: str


class OutcomePoll(View):
    question: str
    kind: str
    multiple: bool
    answers: int
    counts: list[PollCountView]
    mean: float | None


class OutcomeView(View):
    """The public outcome of a session (`GET /api/sessions/{code}/outcome`, `/s/{code}/outcome`)."""

    code: str
    title: str
    series_title: str | None = None
    series_slug: str | None = None
    date: str
    """the session's date in its own zone (ISO)"""
    starts_at: str
    timezone: str
    location: str
    theme: str
    key_themes: list[str]
    participant_count: int
    participants_by_group: dict[GroupKey, int]
    rooms: list[OutcomeRoom]
    solutions: list[OutcomeSolution]
    polls: list[OutcomePoll]
    published_at: str
    published_at_ms: int
    url: str


class OutcomeStatus(View):
    """Whether the outcome is on show, since when, and where (`POST /api/sessions/{code}/outcome`)."""

    published: bool
    published_at: str | None
    url: str


def build_outcome(db: Session, session: DialogueSession, now: datetime, *, url: str, series_title: str | None = None,
                  series_slug: str | None = None) -> OutcomeView:
    """The anonymised outcome as it stands now: built from the public snapshot, so hidden and unapproved posts never
    enter it, and authors' names are dropped here."""
    state = build_state(db, session, now, version=session.version, online=0, public_url='')  # the version is not shown
    sizes = _room_sizes(db, session)
    everyone: Counter[str] = Counter()
    for counts in sizes.values():
        everyone.update(counts)
    rooms = [_room(room, sizes.get(room.id, Counter())) for room in state.rooms]
    zone = ZoneInfo(session.timezone)
    return OutcomeView(
        code=session.code, title=session.title, series_title=series_title, series_slug=series_slug,
        date=session.starts_at.astimezone(zone).date().isoformat(), starts_at=session.starts_at.isoformat(),
        timezone=session.timezone, location=session.location, theme=session.theme,
        key_themes=list(session.key_themes), participant_count=sum(everyone.values()),
        participants_by_group=merge_members(everyone), rooms=rooms, solutions=_solutions(state, sizes),
        polls=_polls(state), published_at=now.isoformat(), published_at_ms=to_ms(now) or 0, url=url)


def _room_sizes(db: Session, session: DialogueSession) -> dict[str, Counter[str]]:
    """Members by group in each room (by room id; the plenary under '')."""
    sizes: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for room_id, group, count in repo.members_by_room_and_group(db=db, session_id=session.id):
        sizes[str(room_id) if room_id else ''][group.value] += count
    return sizes


def shown_group(group: str | None, sizes: Mapping[str, int]) -> GroupKey | None:
    """The author's group as the outcome may show it: merged when fewer than `MIN_GROUP` of it were there."""
    if group is None:
        return None
    return group if sizes.get(group, 0) >= MIN_GROUP else SMALLER_GROUPS  # type: ignore[return-value]


def _post(post: PostView, sizes: Mapping[str, int], common: set[str]) -> OutcomePost:
    return OutcomePost(text=post.text, kind=post.kind, group=shown_group(post.group, sizes), votes=post.votes,
                       common_ground=post.id in common, tags=list(post.tags))


def _common_ground(room: RoomView) -> set[str]:
    if room.ranking.common_ground_used != 'common_ground':
        return set()
    votes = {post.id: post.votes_by_group for post in room.posts}
    return {pid for pid in room.ranking.common_ground[:COMMON_GROUND_SHOWN] if len(votes.get(pid, {})) >= 2}


def _room(room: RoomView, sizes: Mapping[str, int]) -> OutcomeRoom:
    by_id = {post.id: post for post in room.posts}
    common = _common_ground(room)
    top = [_post(by_id[pid], sizes, common) for pid in room.ranking.top[:TOP_POSTS] if pid in by_id]
    return OutcomeRoom(topic=room.topic, summary=room.summary if room.summary_ready_at_ms else '',
                       participant_count=room.participant_count, members_by_group=room.members_by_group, top=top,
                       common_ground_counted=room.ranking.common_ground_used == 'common_ground')


def _solutions(state: SessionState, sizes: Mapping[str, Counter[str]]) -> list[OutcomeSolution]:
    found = []
    for room in state.rooms:
        common = _common_ground(room)
        for post in room.posts:
            if PostTag.ACTIONABLE_SOLUTION in post.tags:
                data = _post(post, sizes.get(room.id, Counter()), common).model_dump()
                found.append(OutcomeSolution(**data, room=room.topic))
    return sorted(found, key=lambda s: -s.votes)


def _polls(state: SessionState) -> list[OutcomePoll]:
    """The polls whose results were shown (the public snapshot's results are null for the others)."""
    return [OutcomePoll(question=poll.question, kind=poll.kind, multiple=poll.multiple, answers=poll.answers,
                        counts=list(poll.results.counts), mean=poll.results.mean)
            for poll in state.polls if poll.results is not None and poll.state != 'draft']


def posts_of(outcome: OutcomeView) -> Sequence[OutcomePost]:
    """Every post the outcome shows (for checks that nothing personal is in it)."""
    return [post for room in outcome.rooms for post in room.top] + list(outcome.solutions)
