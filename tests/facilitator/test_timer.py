"""The pure timer: transitions of one Segment row, with explicit times and no database."""

import uuid
from datetime import timedelta

import pytest

from db.enums import SegmentState
from db.models import Segment
from facilitator import timer
from facilitator.errors import Conflict

from .helpers import utc

T0 = utc(2025, 7, 17, 12)


def at(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def make_segment(planned: int = 900) -> Segment:
    return Segment(session_id=uuid.uuid4(), position=0, title='Opening', planned_seconds=planned,
                   remaining_seconds=float(planned))


def test_pending_segment_keeps_its_full_time() -> None:
    seg = make_segment()
    assert timer.remaining(seg, T0 + at(500)) == 900


def test_start_sets_ends_at_from_the_remaining_time() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    assert seg.state == SegmentState.RUNNING
    assert seg.started_at == T0
    assert seg.ends_at == T0 + at(900)
    assert timer.remaining(seg, T0 + at(100)) == 800


def test_remaining_is_negative_in_overtime() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    assert timer.remaining(seg, T0 + at(930)) == -30


@pytest.mark.parametrize(('prepare', 'code'), [
    (lambda s: timer.start(s, T0), 'already_running'),
    (lambda s: (timer.start(s, T0), timer.pause(s, T0)), 'paused'),
    (lambda s: timer.close(s, T0), 'segment_done'),
])
def test_start_is_refused_unless_pending(prepare, code: str) -> None:
    seg = make_segment()
    prepare(seg)
    before = seg.model_dump()
    with pytest.raises(Conflict) as caught:
        timer.start(seg, T0 + at(5))
    assert caught.value.code == code
    assert seg.model_dump() == before


def test_pause_keeps_the_seconds_left() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.pause(seg, T0 + at(100))
    assert seg.state == SegmentState.PAUSED
    assert seg.ends_at is None
    assert seg.remaining_seconds == 800
    assert timer.remaining(seg, T0 + at(5000)) == 800


def test_pause_in_overtime_keeps_the_negative_time() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.pause(seg, T0 + at(960))
    assert seg.remaining_seconds == -60


@pytest.mark.parametrize('running', [False, True])
def test_pause_and_resume_refuse_the_wrong_state(running: bool) -> None:
    seg = make_segment()
    if running:
        timer.start(seg, T0)
        with pytest.raises(Conflict, match='Nothing is paused') as caught:
            timer.resume(seg, T0)
        assert caught.value.code == 'not_paused'
    else:
        with pytest.raises(Conflict, match='Nothing is running') as caught:
            timer.pause(seg, T0)
        assert caught.value.code == 'not_running'


def test_resume_counts_down_from_the_paused_time() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.pause(seg, T0 + at(100))
    timer.resume(seg, T0 + at(1000))
    assert seg.state == SegmentState.RUNNING
    assert seg.ends_at == T0 + at(1800)
    assert seg.started_at == T0, 'resuming is not a new start'


def test_close_keeps_the_time_left_and_reopen_brings_it_back_paused() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.close(seg, T0 + at(300))
    assert (seg.state, seg.remaining_seconds, seg.ends_at, seg.ended_at) == (
        SegmentState.DONE, 600, None, T0 + at(300))
    timer.reopen(seg)
    assert (seg.state, seg.remaining_seconds, seg.ends_at, seg.ended_at) == (SegmentState.PAUSED, 600, None, None)
    assert seg.started_at == T0


def test_rewind_restores_the_planned_time_and_clears_the_start() -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.extend(seg, 120, T0)
    timer.close(seg, T0 + at(50))
    timer.rewind(seg)
    assert seg.state == SegmentState.PENDING
    assert seg.remaining_seconds == 900
    assert (seg.started_at, seg.ends_at, seg.ended_at) == (None, None, None)


@pytest.mark.parametrize('seconds', [60, -60, -2000])
def test_extend_running_moves_ends_at(seconds: int) -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.extend(seg, seconds, T0 + at(10))
    assert seg.ends_at == T0 + at(900 + seconds)
    assert seg.remaining_seconds == 900, 'a running timer is defined by ends_at alone'


@pytest.mark.parametrize('seconds', [60, -60, -1000])
def test_extend_paused_changes_the_time_left(seconds: int) -> None:
    seg = make_segment()
    timer.start(seg, T0)
    timer.pause(seg, T0 + at(100))
    timer.extend(seg, seconds, T0 + at(200))
    assert seg.remaining_seconds == 800 + seconds
    assert seg.state == SegmentState.PAUSED


@pytest.mark.parametrize('seconds', [60, -60, -899])
def test_extend_pending_changes_the_time_it_will_start_with(seconds: int) -> None:
    seg = make_segment()
    timer.extend(seg, seconds, T0)
    assert seg.remaining_seconds == 900 + seconds
    assert seg.planned_seconds == 900


@pytest.mark.parametrize('seconds', [-900, -5000])
def test_extend_pending_refuses_to_leave_no_time(seconds: int) -> None:
    seg = make_segment()
    with pytest.raises(Conflict) as caught:
        timer.extend(seg, seconds, T0)
    assert caught.value.code == 'no_time_left'
    assert seg.remaining_seconds == 900


def test_extend_done_is_refused() -> None:
    seg = make_segment()
    timer.close(seg, T0)
    with pytest.raises(Conflict) as caught:
        timer.extend(seg, 60, T0)
    assert caught.value.code == 'segment_done'


@pytest.mark.parametrize('steps', [
    [],
    [lambda s: timer.start(s, T0)],
    [lambda s: timer.start(s, T0), lambda s: timer.pause(s, T0 + at(12.5))],
    [lambda s: timer.start(s, T0), lambda s: timer.close(s, T0 + at(99))],
])
def test_snapshot_and_restore_round_trip(steps) -> None:
    seg = make_segment()
    for step in steps:
        step(seg)
    saved = timer.snapshot(seg)
    other = make_segment()
    timer.start(other, T0 + at(1234))
    timer.extend(other, 77, T0 + at(1234))
    timer.restore(other, saved)
    fields = ('state', 'remaining_seconds', 'ends_at', 'started_at', 'ended_at')
    assert {f: getattr(other, f) for f in fields} == {f: getattr(seg, f) for f in fields}
