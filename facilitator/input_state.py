"""The rooms, posts and questions part of the snapshot. Hidden posts never appear; pending ones only for staff."""

import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import repository as repo
from db.enums import StakeholderGroup
from db.models import DialogueSession, Participant, Post, Vote

from .clock import to_ms
from .ranking import Sort, Tally, rank
from .rooms import rooms_open
from .small_groups import merge_members, merge_small
from .snapshot import StaffPostView, StaffQuestionView


def _tags(post: Post) -> list[str]:
    return [tag for tag in ('key_takeaway', 'actionable_solution') if getattr(post, tag)]


def post_json(post: Post, tally: Tally | None, people: dict[uuid.UUID, Participant], *, staff: bool,
              spotlight: uuid.UUID | None, sizes: Mapping[str, int]) -> dict[str, Any]:
    """`sizes`: members by group where the post was voted on (its room, or the session for a question)."""
    author = people.get(post.participant_id) if post.participant_id else None
    public_name = author.name if author and not post.anonymous and author.show_name else None
    data: dict[str, Any] = {
        'id': str(post.id),
        'text': post.text,
        'kind': post.kind.value,
        'author': public_name,
        'group': author.group.value if author and (staff or not post.anonymous) else None,
        'anonymous': post.anonymous,
        'votes': tally.total if tally else 0,
        'votes_by_group': merge_small(tally.by_group, sizes) if tally else {},
        'pinned': post.pinned,
        'tags': _tags(post),
        'created_at_ms': to_ms(post.created_at),
    }
    if post.room_id is None:
        data['answered'] = post.answered
        data['spotlight'] = spotlight == post.id
    if staff:
        data['author_name'] = author.name if author else None
        data['participant_id'] = str(post.participant_id) if post.participant_id else None
        data['approved'] = post.approved
    return data


_GROUP_VALUE = {g.value: g.value for g in StakeholderGroup}
"""A stakeholder group (member or stored string: they hash alike) → its plain string value, without the Enum call."""


def _tallies(db: Session, session: DialogueSession, counted: list[Post]) -> dict[uuid.UUID, Tally]:
    """Votes per group on each counted post, counted by the database: one row per post and group, not per vote."""
    tallies = {p.id: Tally(post_id=p.id, created_at=p.created_at, pinned=p.pinned) for p in counted}
    query = select(Vote.post_id, Vote.group, func.count()).where(Vote.session_id == session.id) \
        .group_by(col(Vote.post_id), col(Vote.group))
    for post_id, group, count in db.exec(query):
        tally = tallies.get(post_id)
        if tally is not None:
            tally.by_group[_GROUP_VALUE[group]] = count
    return tallies


def one_post(db: Session, session: DialogueSession, post: Post) -> StaffPostView | StaffQuestionView:
    """One post as the staff snapshot shows it (its author sees the same when they post), without building the
    whole snapshot."""
    tally = Tally(post_id=post.id, created_at=post.created_at, pinned=post.pinned)
    query = select(Vote.group, func.count()).where(Vote.post_id == post.id).group_by(col(Vote.group))
    for group, count in db.exec(query):
        tally.by_group[_GROUP_VALUE[group]] = count
    author = db.get(Participant, post.participant_id) if post.participant_id else None
    people = {author.id: author} if author else {}
    data = post_json(post, tally if post.approved else None, people, staff=True, spotlight=session.spotlight_post_id,
                     sizes=_group_sizes(db, session)[post.room_id])
    return (StaffQuestionView if post.room_id is None else StaffPostView).model_validate(data)


def _group_sizes(db: Session, session: DialogueSession) -> defaultdict[uuid.UUID | None, Counter[str]]:
    """Members by group in each room; under None, everyone in the session (what a plenary question is voted in)."""
    sizes: defaultdict[uuid.UUID | None, Counter[str]] = defaultdict(Counter)
    everyone: Counter[str] = Counter()
    for room_id, group, count in repo.members_by_room_and_group(db=db, session_id=session.id):
        everyone[group.value] += count
        if room_id is not None:
            sizes[room_id][group.value] = count
    sizes[None] = everyone
    return sizes


def _room_voters(db: Session, session: DialogueSession) -> dict[uuid.UUID, Counter[str]]:
    """Per room and group, the distinct people who voted on a counted post there (visible and approved: the same
    posts `_tallies` gets). The common-ground ranking divides by these numbers."""
    query = select(Post.room_id, Vote.participant_id, Vote.group).join(Post, col(Post.id) == col(Vote.post_id)) \
        .where(Vote.session_id == session.id, col(Post.room_id).is_not(None), col(Post.hidden).is_(False),
               col(Post.deleted).is_(False), col(Post.approved).is_(True)).distinct()
    voters: defaultdict[uuid.UUID, dict[uuid.UUID, str]] = defaultdict(dict)
    for room_id, participant_id, group in db.exec(query):
        if room_id is not None:  # always, by the query: this tells the type checker
            voters[room_id][participant_id] = _GROUP_VALUE[group]
    return {room_id: Counter(groups.values()) for room_id, groups in voters.items()}


def input_state(db: Session, session: DialogueSession, now: datetime, *, staff: bool) -> dict[str, Any]:
    """Rooms with their posts, rankings and members; plenary questions; broadcast and report-back."""
    rooms = repo.list_rooms(db=db, session_id=session.id)
    posts = [p for p in repo.list_posts(db=db, session_id=session.id)
             if not p.hidden and not p.deleted and (p.approved or staff)]
    if staff:  # staff see everyone; public snapshots load only the authors, as they go to every page often
        people = {p.id: p for p in repo.list_participants(db=db, session_id=session.id)}
    else:
        authors = {p.participant_id for p in posts if p.participant_id is not None}
        people = {p.id: p for p in repo.participants_by_id(db=db, ids=authors)}
    tallies = _tallies(db, session, [p for p in posts if p.approved])
    room_voters = _room_voters(db, session)
    posts_by_room: defaultdict[uuid.UUID | None, list[Post]] = defaultdict(list)
    for post in posts:
        posts_by_room[post.room_id].append(post)
    members_by_room = _group_sizes(db, session)
    is_open = rooms_open(session, now)
    room_list = []
    for room in rooms:
        room_posts = posts_by_room.get(room.id, [])
        members = members_by_room.get(room.id, Counter())
        approved = [tallies[p.id] for p in room_posts if p.id in tallies]
        voters = room_voters.get(room.id, Counter())
        top, _used = rank(approved, Sort.TOP)
        common, used = rank(approved, Sort.COMMON_GROUND, voters)
        by_id = {p.id: p for p in room_posts}
        ordered = [by_id[t.post_id] for t in top] + [p for p in room_posts if p.id not in tallies]
        room_list.append({
            'id': str(room.id), 'topic': room.topic, 'prompt': room.prompt,
            'summary': room.summary if staff or room.summary_ready_at else '',
            'summary_ready_at_ms': to_ms(room.summary_ready_at),
            'state': 'open' if is_open else 'closed',
            'participant_count': sum(members.values()),
            'members_by_group': merge_members(members),
            'ends_at_ms': to_ms(session.rooms_ends_at) if is_open else None,
            'posts': [post_json(p, tallies.get(p.id), people, staff=staff, spotlight=None, sizes=members)
                      for p in ordered],
            'ranking': {'top': [str(t.post_id) for t in top], 'common_ground': [str(t.post_id) for t in common],
                        'common_ground_used': used.value, 'groups_counted': len(voters)},
        })
    questions = sorted((p for p in posts if p.room_id is None),
                       key=lambda p: (not p.pinned, -(tallies[p.id].total if p.id in tallies else 0), p.created_at))
    extra: dict[str, Any] = {}
    if staff:
        topics = {room.id: room.topic for room in rooms}
        extra['help_calls'] = [
            {'id': str(call.id), 'name': people[call.participant_id].name if call.participant_id in people else None,
             'room': topics.get(call.room_id) if call.room_id else None, 'at_ms': to_ms(call.created_at)}
            for call in repo.open_help_calls(db=db, session_id=session.id)]
        extra['people'] = [{'id': str(p.id), 'name': p.name, 'organization': p.organization, 'group': p.group.value,
                            'room_id': str(p.room_id) if p.room_id else None, 'removed': p.removed,
                            'on_floor': p.on_floor}
                           for p in people.values()]
    return {
        **extra,
        'rooms': room_list,
        'rooms_open': is_open,
        'rooms_ends_at_ms': to_ms(session.rooms_ends_at) if is_open else None,
        'rooms_grace_seconds': session.rooms_grace_seconds,
        'room_switching': session.room_switching,
        'report_back_room': session.report_back_room,
        'questions': [post_json(p, tallies.get(p.id), people, staff=staff, spotlight=session.spotlight_post_id,
                                sizes=members_by_room[None]) for p in questions],
        'questions_open': session.questions_open,
        'pre_moderation': session.pre_moderation,
        'broadcast': ({'message': session.broadcast_message, 'at_ms': to_ms(session.broadcast_at)}
                      if session.broadcast_message else None),
        'flash': session.flash_message,
    }
