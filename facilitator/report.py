"""The session report as one structure; the exporters render it. Hidden posts and their text never enter it."""

import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from db import repository as repo
from db import series_repository as series_repo
from db.enums import SessionStatus, SpeakerKind, SpeakerState
from db.models import DialogueSession, ModerationEntry, Note, Participant, Post, Series

from . import queue
from .attendance import floor_split, registration_summary
from .i18n import _
from .labels import MODERATION_ACTION_NAMES, ROLE_NAMES, label
from .poll_report import report_polls
from .snapshot import StaffFields, StaffPostView, StaffRoomView
from .state import build_staff_state
from .vocabulary import GROUP_SHORT_NAMES, group_short_name

GROUP_LABELS = GROUP_SHORT_NAMES  # the report's group names, translated by group_label()


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return moment.astimezone(zone).strftime('%Y-%m-%d %H:%M') if moment else None


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    return round((end - start).total_seconds()) if start and end else None


def group_label(group: str | None) -> str:
    return group_short_name(group)


def role_label(role: object) -> str:
    return label(ROLE_NAMES, role)


def _series_title(db: Session, session: DialogueSession) -> str | None:
    listing = series_repo.get_listing(db=db, session_id=session.id)
    found = db.get(Series, listing.series_id) if listing is not None and listing.series_id else None
    return found.title if found is not None else None


def build_report(db: Session, session: DialogueSession, now: datetime, *, anonymize: bool) -> dict[str, Any]:
    zone = ZoneInfo(session.timezone)
    people = repo.list_participants(db=db, session_id=session.id)
    by_id = {p.id: p for p in people}

    def name_of(person: Participant | None, *, public_only: bool = False) -> str | None:
        if person is None:
            return None
        if anonymize or (public_only and not person.show_name):
            return group_label(person.group.value)
        return person.name

    attending = [p for p in people if not p.removed]
    floor, floor_by_group = floor_split(db, session)  # in the room / online, for the renderer (hybrid sessions)
    report: dict[str, Any] = {
        'header': {
            'title': session.title, 'code': session.code, 'series': _series_title(db, session),
            'date': session.starts_at.astimezone(zone).date().isoformat(),
            'starts_at': _local(session.starts_at, zone), 'timezone': session.timezone, 'theme': session.theme,
            'key_themes': list(session.key_themes), 'location': session.location, 'hybrid': session.hybrid,
            'note': session.note, 'status': session.status.value, 'generated_at': _local(now, zone),
            'anonymized': anonymize,
        },
        'attendance': {
            'total': len(attending),
            'by_group': dict(sorted(Counter(group_label(p.group.value) for p in attending).items())),
            'organizations': [] if anonymize else sorted({p.organization for p in attending if p.organization},
                                                         key=str.casefold),  # anonymised: no organisation at all
            'registration': registration_summary(db, session),  # registered vs attended, None without registration
            'floor': floor.floor, 'online': floor.online,
            'floor_by_group': {group_label(g): view.model_dump() for g, view in floor_by_group.items()},
        },
        'agenda': _agenda(db, session, zone),
        'speakers': _speakers(db, session, zone, by_id, anonymize),
    }
    found = repo.public_version(db=db, code=session.code)
    state = build_staff_state(db, session, now, version=found[1] if found else session.version, online=0,
                              public_url='')
    notes = list(db.exec(select(Note).where(Note.session_id == session.id)))
    writers = sorted({n.author for n in notes if n.text.strip()}, key=str.casefold)
    # one pseudonym per rapporteur for the whole report, so 'Rapporteur 1' is the same person in every section
    authors = {name: _('Rapporteur {n}').format(n=i) if anonymize else name
               for i, name in enumerate(writers, start=1)}
    report['segment_notes'] = [
        {'segment': seg.title, 'notes': _notes(notes, f'segment:{seg.id}', 'notes', authors)}
        for seg in repo.list_segments(db=db, session_id=session.id)]
    report['rooms'] = [_room(room, notes, by_id, name_of, authors) for room in state.rooms]
    report['questions'] = [
        {'text': q.text, 'author': None if q.anonymous else name_of(_person(by_id, q), public_only=True),
         'group': group_label(q.group) if q.group and not q.anonymous else None, 'votes': q.votes,
         'answered': q.answered}
        for q in state.questions if q.approved]
    report['broadcasts'] = [{'message': b.message, 'at': _local(b.created_at, zone),
                             'by': _('Moderator') if anonymize else (b.sent_by or _('Moderator'))}
                            for b in repo.list_broadcasts(db=db, session_id=session.id)]
    report['polls'] = report_polls(state.polls)
    report['moderation'] = _moderation(db, session, zone, anonymize)
    return report


def _person(by_id: dict[Any, Participant], post: StaffFields) -> Participant | None:
    return by_id.get(uuid.UUID(post.participant_id)) if post.participant_id else None


def _agenda(db: Session, session: DialogueSession, zone: ZoneInfo) -> list[dict[str, Any]]:
    rows = []
    planned_start = session.starts_at
    for seg in repo.list_segments(db=db, session_id=session.id):
        planned_end = planned_start + timedelta(seconds=seg.planned_seconds)
        actual = _seconds(seg.started_at, seg.ended_at)
        rows.append({'title': seg.title, 'kind': seg.kind.value, 'state': seg.state.value,
                     'planned_start': _local(planned_start, zone), 'planned_end': _local(planned_end, zone),
                     'planned_seconds': seg.planned_seconds, 'actual_start': _local(seg.started_at, zone),
                     'actual_end': _local(seg.ended_at, zone), 'actual_seconds': actual,
                     'overrun_seconds': None if actual is None else actual - seg.planned_seconds})
        planned_start = planned_end
    return rows


def _speakers(db: Session, session: DialogueSession, zone: ZoneInfo, by_id: dict[Any, Participant],
              anonymize: bool) -> dict[str, Any]:
    entries = []
    per_group: defaultdict[str, int] = defaultdict(int)
    per_person: defaultdict[str, int] = defaultdict(int)
    presenters: dict[Any, str] = {}
    for sp in repo.list_speakers(db=db, session_id=session.id):
        if sp.state not in {SpeakerState.DONE, SpeakerState.SPEAKING} or sp.started_at is None:
            continue
        spoke = _seconds(sp.started_at, sp.ended_at) or 0
        group = _('Showcase presenters') if sp.kind == SpeakerKind.SHOWCASE else group_label(
            sp.group.value if sp.group else None)
        name, organization = sp.name, sp.organization
        if sp.kind == SpeakerKind.HAND and not sp.show_name:  # as on the public screens: the group, no name
            name, organization = group, ''
        if anonymize:  # no names and no organisations: presenters are numbered, hands shown by group
            name = presenters.setdefault(sp.id, _('Presenter {n}').format(n=len(presenters) + 1)) \
                if sp.kind == SpeakerKind.SHOWCASE else group
            organization = ''
        entries.append({'name': name, 'organization': organization, 'title': sp.title, 'kind': sp.kind.value,
                        'group': group, 'planned_seconds': sp.planned_seconds, 'actual_seconds': spoke,
                        'started_at': _local(sp.started_at, zone), 'ended_at': _local(sp.ended_at, zone)})
        per_group[group] += spoke
        per_person[name] += spoke
    over = queue.showcase_over(repo.list_segments(db=db, session_id=session.id),
                               ended=session.status == SessionStatus.ENDED)
    missed = []  # presenters on the list who never spoke; anonymised like the speeches (numbered, no organisation)
    for sp in sorted(repo.list_speakers(db=db, session_id=session.id), key=lambda s: s.position):
        if not queue.not_called(sp, over=over):
            continue
        if anonymize:
            missed.append({'name': presenters.setdefault(sp.id, _('Presenter {n}').format(n=len(presenters) + 1)),
                           'organization': '', 'title': sp.title})
        else:
            missed.append({'name': sp.name, 'organization': sp.organization, 'title': sp.title})
    return {'speeches': entries, 'not_called': missed, 'by_group': dict(sorted(per_group.items())),
            'by_person': dict(sorted(per_person.items(), key=lambda kv: -kv[1]))}


def _notes(notes: list[Note], scope: str, kind: str, authors: dict[str, str]) -> list[dict[str, str]]:
    chosen = sorted((n for n in notes if n.scope == scope and n.kind == kind and n.text.strip()),
                    key=lambda n: n.author.casefold())
    return [{'author': authors[n.author], 'text': n.text} for n in chosen]


def _room(room: StaffRoomView, notes: list[Note], by_id: dict[Any, Participant], name_of: Any,
          authors: dict[str, str]) -> dict[str, Any]:
    posts = [p for p in room.posts if p.approved]

    def render(post: StaffPostView) -> dict[str, Any]:
        author = None if post.anonymous else name_of(_person(by_id, post), public_only=True)
        return {'id': post.id, 'text': post.text, 'kind': post.kind.value, 'author': author or _('Anonymous'),
                'group': group_label(post.group) if post.group and not post.anonymous else None,
                'votes': post.votes,
                'votes_by_group': {group_label(g): n for g, n in sorted(post.votes_by_group.items())},
                'tags': [tag.value for tag in post.tags], 'pinned': post.pinned, 'created_at_ms': post.created_at_ms}

    rendered = {p.id: render(p) for p in posts}
    ranking = room.ranking
    return {
        'topic': room.topic, 'prompt': room.prompt, 'id': room.id,
        'members_by_group': {group_label(g): n for g, n in sorted(room.members_by_group.items())},
        'posts': [rendered[pid] for pid in ranking.top if pid in rendered],
        'common_ground': {'used': ranking.common_ground_used, 'groups_counted': ranking.groups_counted,
                          'order': [pid for pid in ranking.common_ground if pid in rendered]},
        'takeaways': [rendered[pid] for pid in ranking.top if pid in rendered
                      and 'key_takeaway' in rendered[pid]['tags']],
        'solutions': [rendered[pid] for pid in ranking.top if pid in rendered
                      and 'actionable_solution' in rendered[pid]['tags']],
        'notes': _notes(notes, f'room:{room.id}', 'notes', authors),
        'summaries': _notes(notes, f'room:{room.id}', 'summary', authors),
    }


def _moderation(db: Session, session: DialogueSession, zone: ZoneInfo, anonymize: bool) -> dict[str, Any]:
    entries = sorted(db.exec(select(ModerationEntry).where(ModerationEntry.session_id == session.id)),
                     key=lambda e: e.created_at)
    hidden = list(db.exec(select(Post).where(Post.session_id == session.id, col(Post.hidden).is_(True))))
    decisions: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:  # each decision with its reason, apart by kind; never the text of a hidden post
        if entry.action in MODERATION_ACTION_NAMES:
            by = role_label(entry.actor_role) if anonymize else (entry.actor_name or role_label(entry.actor_role))
            decisions.setdefault(entry.action, []).append(
                {'at': _local(entry.created_at, zone), 'by': by, 'reason': entry.reason or _('No reason given')})
    return {  # the posts hidden now (by hand or with a removed participant), not the hide actions ever taken
        'hidden_posts': len(hidden),
        'hidden_reasons': dict(Counter(p.hidden_reason or _('No reason given') for p in hidden)),
        'renamed_participants': len(decisions.get('rename', [])),
        'removed_participants': len(decisions.get('remove', [])),
        'decisions': {kind: decisions[kind] for kind in MODERATION_ACTION_NAMES if kind in decisions},
    }
