"""Segment timer transitions. A timer is data: running with `ends_at`, or holding `remaining_seconds`.

These functions change one `Segment` row in place and check nothing about roles; the commands do that.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from db.enums import SegmentState
from db.models import Segment

from .clock import to_ms
from .errors import Conflict
from .i18n import _


def remaining(segment: Segment, now: datetime) -> float:
    """Seconds left; negative when the segment runs over its time."""
    if segment.state == SegmentState.RUNNING and segment.ends_at is not None:
        return (segment.ends_at - now).total_seconds()
    return segment.remaining_seconds


def start(segment: Segment, now: datetime) -> None:
    if segment.state == SegmentState.RUNNING:
        raise Conflict(_('This segment is already running.'), code='already_running')
    if segment.state == SegmentState.PAUSED:
        raise Conflict(_('This segment is paused. Resume it instead.'), code='paused')
    if segment.state == SegmentState.DONE:
        raise Conflict(_('This segment is over.'), code='segment_done')
    segment.state = SegmentState.RUNNING
    segment.started_at = now
    segment.ended_at = None
    segment.ends_at = now + timedelta(seconds=segment.remaining_seconds)


def pause(segment: Segment, now: datetime) -> None:
    if segment.state != SegmentState.RUNNING:
        raise Conflict(_('Nothing is running.'), code='not_running')
    segment.remaining_seconds = remaining(segment, now)
    segment.state = SegmentState.PAUSED
    segment.ends_at = None


def resume(segment: Segment, now: datetime) -> None:
    if segment.state != SegmentState.PAUSED:
        raise Conflict(_('Nothing is paused.'), code='not_paused')
    segment.state = SegmentState.RUNNING
    segment.ends_at = now + timedelta(seconds=segment.remaining_seconds)


def close(segment: Segment, now: datetime) -> None:
    """Finish a segment, keeping the time it had left (for `previous`)."""
    segment.remaining_seconds = remaining(segment, now)
    if segment.started_at is None:
        segment.started_at = now
    segment.state = SegmentState.DONE
    segment.ends_at = None
    segment.ended_at = now


def reopen(segment: Segment) -> None:
    """Bring a finished segment back, paused with the time it had left when it was closed."""
    segment.state = SegmentState.PAUSED
    segment.ends_at = None
    segment.ended_at = None


def rewind(segment: Segment) -> None:
    """Back to pending with its full time, as if it never started."""
    segment.state = SegmentState.PENDING
    segment.remaining_seconds = float(segment.planned_seconds)
    segment.ends_at = None
    segment.started_at = None
    segment.ended_at = None


def extend(segment: Segment, seconds: int, now: datetime) -> None:
    if segment.state == SegmentState.DONE:
        raise Conflict(_('This segment is over.'), code='segment_done')
    if segment.state == SegmentState.RUNNING and segment.ends_at is not None:
        segment.ends_at += timedelta(seconds=seconds)
        return
    if segment.state == SegmentState.PENDING and segment.remaining_seconds + seconds < 1:
        raise Conflict(_('That would leave the segment no time at all.'), code='no_time_left')
    segment.remaining_seconds += seconds



def snapshot(segment: Segment) -> dict[str, Any]:
    """The timer fields as JSON, for undo."""
    return {
        'id': str(segment.id),
        'state': segment.state.value,
        'remaining_seconds': segment.remaining_seconds,
        'ends_at': to_ms(segment.ends_at),
        'started_at': to_ms(segment.started_at),
        'ended_at': to_ms(segment.ended_at),
    }


def restore(segment: Segment, data: dict[str, Any]) -> None:
    segment.state = SegmentState(data['state'])
    segment.remaining_seconds = float(data['remaining_seconds'])
    segment.ends_at = _from_ms(data['ends_at'])
    segment.started_at = _from_ms(data['started_at'])
    segment.ended_at = _from_ms(data['ended_at'])


def _from_ms(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value / 1000, tz=UTC)
