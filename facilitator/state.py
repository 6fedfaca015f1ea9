"""The public snapshot of a session, as served by `GET /state` and the live feed."""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from db import repository as repo
from db.enums import SegmentKind, SegmentState
from db.models import DialogueSession, Room, Segment

from . import timer
from .clock import to_ms


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


def room_json(room: Room) -> dict[str, Any]:
    return {'id': str(room.id), 'topic': room.topic, 'prompt': room.prompt, 'state': 'closed',
            'participant_count': 0, 'ends_at_ms': None, 'posts': []}


def hands_open(session: DialogueSession, segments: list[Segment]) -> bool:
    if not 0 <= session.current_segment < len(segments):
        return False
    current = segments[session.current_segment]
    return current.kind == SegmentKind.DIALOGUE and current.state in {SegmentState.RUNNING, SegmentState.PAUSED}


def build_state(db: Session, session: DialogueSession, now: datetime, *, online: int,
                public_url: str) -> dict[str, Any]:
    """Everything a screen shows. Secrets and hidden input never appear here."""
    segments = repo.list_segments(db=db, session_id=session.id)
    rooms = repo.list_rooms(db=db, session_id=session.id)
    schedule: list[dict[str, Any]] = []
    scheduled = session.starts_at
    for segment in segments:
        schedule.append(segment_json(segment, now, scheduled))
        scheduled += timedelta(seconds=segment.planned_seconds)
    return {
        'code': session.code,
        'title': session.title,
        'status': session.status.value,
        'version': session.version,
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
        'call_url': session.call_url,
        'join_url': f'{public_url}/s/{session.code}',
        'join_slide': session.join_slide,
        'current_segment': session.current_segment,
        'segments': schedule,
        'speakers': [],
        'current_speaker': None,
        'hands_open': hands_open(session, segments),
        'rooms': [room_json(room) for room in rooms],
        'questions': [],
        'questions_open': True,
        'participant_count': repo.count_participants(db=db, session_id=session.id),
        'online_count': online,
        'broadcast': None,
    }
