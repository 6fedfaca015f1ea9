"""The public snapshot of a session, as served by `GET /state` and the live feed."""

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from db import repository as repo
from db import solution_repository as solution_repo
from db.enums import QueueOrder, SegmentKind, SegmentState, SessionStatus, SpeakerKind, SpeakerState
from db.models import DialogueSession, Segment, Speaker
from db.outcome_models import get_outcome

from . import queue, timer
from .attendance import floor_split
from .clock import to_ms
from .flood_guard import flood_guard_view
from .input_state import input_state
from .poll_state import poll_state
from .registration_hooks import hides_call_url
from .snapshot import SessionState, StaffSessionState
from .solution_views import carried_view


def segment_json(segment: Segment, now: datetime, scheduled_start: datetime) -> dict[str, Any]:
    return {
        'index': segment.position,
        'id': str(segment.id),
        'kind': segment.kind.value,
        'title': segment.title,
        'description': segment.description,
        'planned_seconds': segment.planned_seconds,
        'state': segment.state.value,
        'remaining_seconds': round(timer.remaining(segment, now), 3),
        'ends_at_ms': to_ms(segment.ends_at),
        'started_at': segment.started_at.isoformat() if segment.started_at else None,
        'ended_at': segment.ended_at.isoformat() if segment.ended_at else None,
        'started_at_ms': to_ms(segment.started_at),
        'ended_at_ms': to_ms(segment.ended_at),
        'scheduled_start_ms': to_ms(scheduled_start),
    }


def speaker_json(speaker: Speaker, now: datetime, planned: int, spoken: int, *, staff: bool,
                 over: bool = False) -> dict[str, Any]:
    public = staff or speaker.kind == SpeakerKind.SHOWCASE or speaker.show_name
    remaining = queue.remaining(speaker, now)
    return {
        'id': str(speaker.id),
        'kind': speaker.kind.value,
        'name': speaker.name if public else None,
        'organization': speaker.organization if public else '',
        'title': speaker.title,
        'group': speaker.group.value if speaker.group else None,
        'hand_type': speaker.hand_type.value if speaker.hand_type else None,
        'participant_id': str(speaker.participant_id) if speaker.participant_id else None,
        'planned_seconds': planned,
        'planned_proposed': speaker.planned_seconds is None,
        'state': speaker.state.value,
        'remaining_seconds': float(planned) if remaining is None else round(remaining, 3),
        'ends_at_ms': to_ms(speaker.ends_at),
        'started_at_ms': to_ms(speaker.started_at),
        'ended_at_ms': to_ms(speaker.ended_at),
        'contributions': spoken,
        'on_floor': speaker.on_floor,
        'not_called': queue.not_called(speaker, over=over),
    }


def speaking_time(speakers: list[Speaker]) -> list[dict[str, Any]]:
    """Per stakeholder group: the finished speeches' seconds, and the current speaker's start (the page ticks)."""
    finished = queue.group_seconds(speakers)
    speeches = Counter(s.group for s in speakers if s.state in {SpeakerState.DONE, SpeakerState.SPEAKING})
    speaking = queue.current(speakers)
    since = {speaking.group: to_ms(speaking.started_at)} if speaking is not None else {}
    groups = sorted(speeches, key=lambda g: (g is None, g or ''))
    return [{'group': None if group is None else group.value, 'seconds': round(finished.get(group, 0.0), 3),
             'speeches': speeches[group], 'speaking_since_ms': since.get(group)} for group in groups]


def hands_open(session: DialogueSession, segments: list[Segment]) -> bool:
    """Open while the dialogue segment is current and running or paused, unless the moderator chose."""
    if session.hands_override is not None:
        return session.hands_override
    if not 0 <= session.current_segment < len(segments):
        return False
    current = segments[session.current_segment]
    return current.kind == SegmentKind.DIALOGUE and current.state in {SegmentState.RUNNING, SegmentState.PAUSED}


def build_state(db: Session, session: DialogueSession, now: datetime, *, version: int, online: int,
                public_url: str) -> SessionState:
    """Everything a public screen shows. Secrets and hidden input never appear here. `version`: the session's
    public version, read with the session row (`repo.get_session_with_version`)."""
    return SessionState.model_validate(state_data(db, session, now, version=version, online=online,
                                                  public_url=public_url, staff=False))


def build_staff_state(db: Session, session: DialogueSession, now: datetime, *, version: int, online: int,
                      public_url: str) -> StaffSessionState:
    """The public snapshot plus private names, pending posts, people and help calls."""
    data = state_data(db, session, now, version=version, online=online, public_url=public_url, staff=True)
    return StaffSessionState.model_validate({**data, 'flood_guard': flood_guard_view(session)})


def state_data(db: Session, session: DialogueSession, now: datetime, *, version: int, online: int,
               public_url: str, staff: bool) -> dict[str, Any]:
    """The snapshot's fields, validated once into the model by the callers above (faster than a model per post)."""
    segments = repo.list_segments(db=db, session_id=session.id)
    all_speakers = repo.list_speakers(db=db, session_id=session.id)
    spoken = queue.contributions(all_speakers)
    over = queue.showcase_over(segments, ended=session.status == SessionStatus.ENDED)
    speakers = [speaker_json(s, now, queue.planned(s, all_speakers, segments, session.hand_seconds),
                             spoken[s.participant_id] if s.participant_id else 0, staff=staff, over=over)
                for s in queue.queue_order(all_speakers, order=session.queue_order)]
    attendance, by_group = floor_split(db, session)
    schedule: list[dict[str, Any]] = []
    scheduled = session.starts_at
    for segment in segments:
        schedule.append(segment_json(segment, now, scheduled))
        scheduled += timedelta(seconds=segment.planned_seconds)
    return {
        'code': session.code,
        'title': session.title,
        'status': session.status.value,
        'version': version,
        'agenda_version': session.agenda_version,
        'server_time_ms': to_ms(now),
        'starts_at': session.starts_at.isoformat(),
        'starts_at_ms': to_ms(session.starts_at),
        'ends_at_scheduled_ms': to_ms(scheduled),
        'timezone': session.timezone,
        'theme': session.theme,
        'key_themes': list(session.key_themes),
        'location': session.location,
        'hybrid': session.hybrid,
        'note': session.note,
        'call_url': None if not staff and hides_call_url(db, session) else session.call_url,
        'join_url': f'{public_url}/s/{session.code}',
        'join_slide': session.join_slide,
        'current_segment': session.current_segment,
        'segments': schedule,
        'speakers': speakers,
        'current_speaker': next((s for s in speakers if s['state'] == 'speaking'), None),
        'hands_open': hands_open(session, segments),
        'queue_order': session.queue_order.value,
        'fair_order': session.queue_order == QueueOrder.FEWEST_CONTRIBUTIONS,
        'speaking_time': speaking_time(all_speakers),
        'hands_carry_over': session.hands_carry_over,
        'hand_seconds': session.hand_seconds,
        'participant_count': repo.count_participants(db=db, session_id=session.id),
        'online_count': online,
        'attendance': attendance,
        **({'attendance_by_group': by_group} if staff else {}),
        **input_state(db, session, now, staff=staff),
        'polls': poll_state(db, session, staff=staff),
        'where_we_are': [carried_view(row) for row in solution_repo.carried(db=db, session_id=session.id)],
        'outcome_url': published_url(db, session, public_url),
        **(_undo(db, session) if staff else {}),
    }


def published_url(db: Session, session: DialogueSession, public_url: str) -> str | None:
    """The outcome page's address while the session's outcome is published (facilitator/outcome.py), else None."""
    row = get_outcome(db=db, code=session.code)
    return f'{public_url}/s/{session.code}/outcome' if row is not None and row.published else None


def _undo(db: Session, session: DialogueSession) -> dict[str, Any]:
    """Staff only: the timer action that `undo` would take back now (start, pause, resume, next, previous or
    extend), so the console can say "Undo: next segment"; None when there is nothing to undo."""
    last = repo.latest_snapshot(db=db, session_id=session.id)
    return {'undo_action': None if last is None else last.action}
