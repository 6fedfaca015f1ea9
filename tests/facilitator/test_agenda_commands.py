"""Timer commands through the service: start, pause, resume, next, previous, extend, with a fake clock."""

import pytest

from facilitator.errors import Conflict
from facilitator.events import ChangeKind
from tests.factories import World, json_state

from .helpers import PLANNED, now_ms, refused, segment


def test_start_runs_the_first_segment_and_the_session_goes_live(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    assert json_state(world.service, issued.code)['status'] == 'scheduled'
    world.service.start_segment(mod, issued.code)
    state = json_state(world.service, issued.code)
    assert state['status'] == 'live'
    assert state['current_segment'] == 0
    first = state['segments'][0]
    assert first['state'] == 'running'
    assert first['ends_at_ms'] == now_ms(world) + PLANNED[0] * 1000
    assert first['started_at_ms'] == now_ms(world)
    assert [s['state'] for s in state['segments'][1:]] == ['pending', 'pending']


def test_running_timer_counts_down_with_the_clock(world: World) -> None:
    issued = world.new_session()
    world.service.start_segment(world.moderator(issued), issued.code)
    world.clock.advance(125.5)
    assert segment(world, issued.code, 0)['remaining_seconds'] == PLANNED[0] - 125.5


def test_overtime_makes_remaining_negative_while_still_running(world: World) -> None:
    issued = world.new_session()
    world.service.start_segment(world.moderator(issued), issued.code)
    world.clock.advance(PLANNED[0] + 42)
    first = segment(world, issued.code, 0)
    assert first['state'] == 'running'
    assert first['remaining_seconds'] == -42


def test_start_twice_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(10)
    refused(world, issued, Conflict, lambda: world.service.start_segment(mod, issued.code), code='already_running')


def test_start_while_paused_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.pause_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.start_segment(mod, issued.code), code='paused')


def test_pause_keeps_the_remaining_seconds_while_the_clock_moves(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.pause_segment(mod, issued.code)
    world.clock.advance(3600)
    first = segment(world, issued.code, 0)
    assert first['state'] == 'paused'
    assert first['ends_at_ms'] is None
    assert first['remaining_seconds'] == PLANNED[0] - 100
    assert json_state(world.service, issued.code)['status'] == 'live'


def test_pause_when_nothing_runs_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.pause_segment(mod, issued.code), code='not_running')
    world.service.start_segment(mod, issued.code)
    world.service.pause_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.pause_segment(mod, issued.code), code='not_running')


def test_resume_continues_from_the_paused_time(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.pause_segment(mod, issued.code)
    world.clock.advance(500)
    world.service.resume_segment(mod, issued.code)
    first = segment(world, issued.code, 0)
    assert first['state'] == 'running'
    assert first['ends_at_ms'] == now_ms(world) + (PLANNED[0] - 100) * 1000
    world.clock.advance(50)
    assert segment(world, issued.code, 0)['remaining_seconds'] == PLANNED[0] - 150


def test_resume_when_not_paused_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.resume_segment(mod, issued.code), code='not_paused')
    world.service.start_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.resume_segment(mod, issued.code), code='not_paused')


def test_next_closes_the_current_segment_and_starts_the_next(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.next_segment(mod, issued.code)
    state = json_state(world.service, issued.code)
    first, second, third = state['segments']
    assert state['current_segment'] == 1
    assert (first['state'], first['remaining_seconds'], first['ends_at_ms']) == ('done', PLANNED[0] - 100, None)
    assert first['ended_at_ms'] == now_ms(world)
    assert second['state'] == 'running'
    assert second['started_at_ms'] == now_ms(world)
    assert second['ends_at_ms'] == now_ms(world) + PLANNED[1] * 1000
    assert third['state'] == 'pending'


def test_next_from_a_paused_segment_keeps_its_paused_time(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(60)
    world.service.pause_segment(mod, issued.code)
    world.clock.advance(600)
    world.service.next_segment(mod, issued.code)
    assert segment(world, issued.code, 0)['remaining_seconds'] == PLANNED[0] - 60
    assert segment(world, issued.code, 1)['state'] == 'running'


def test_next_before_start_makes_the_session_live(world: World) -> None:
    issued = world.new_session()
    world.service.next_segment(world.moderator(issued), issued.code)
    state = json_state(world.service, issued.code)
    assert state['status'] == 'live'
    assert state['current_segment'] == 1
    assert [s['state'] for s in state['segments']] == ['done', 'running', 'pending']


def test_next_on_the_last_segment_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.next_segment(mod, issued.code)
    world.service.next_segment(mod, issued.code)
    assert json_state(world.service, issued.code)['current_segment'] == 2
    refused(world, issued, Conflict, lambda: world.service.next_segment(mod, issued.code), code='last_segment')


def test_previous_rewinds_the_current_and_reopens_the_previous_paused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    started_ms = now_ms(world)
    world.clock.advance(100)
    world.service.next_segment(mod, issued.code)
    world.clock.advance(250)
    world.service.extend_segment(mod, issued.code, 120)
    world.service.previous_segment(mod, issued.code)
    state = json_state(world.service, issued.code)
    first, second, _third = state['segments']
    assert state['current_segment'] == 0
    assert state['status'] == 'live'
    assert second['state'] == 'pending'
    assert second['remaining_seconds'] == PLANNED[1], 'full planned time, extensions dropped'
    assert (second['started_at'], second['ended_at'], second['ends_at_ms']) == (None, None, None)
    assert first['state'] == 'paused'
    assert first['remaining_seconds'] == PLANNED[0] - 100, 'the time it had left when it was closed'
    assert (first['ended_at'], first['ends_at_ms']) == (None, None)
    assert first['started_at_ms'] == started_ms
    world.clock.advance(1000)
    world.service.resume_segment(mod, issued.code)
    assert segment(world, issued.code, 0)['ends_at_ms'] == now_ms(world) + (PLANNED[0] - 100) * 1000


def test_previous_keeps_the_overtime_of_the_reopened_segment(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(PLANNED[0] + 30)
    world.service.next_segment(mod, issued.code)
    world.service.previous_segment(mod, issued.code)
    assert segment(world, issued.code, 0)['remaining_seconds'] == -30


def test_previous_on_the_first_segment_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.previous_segment(mod, issued.code), code='first_segment')
    world.service.start_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.previous_segment(mod, issued.code), code='first_segment')


@pytest.mark.parametrize('seconds', [60, -60, 300, -600])
def test_extend_running_moves_the_end(world: World, seconds: int) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.extend_segment(mod, issued.code, seconds)
    first = segment(world, issued.code, 0)
    assert first['state'] == 'running'
    assert first['remaining_seconds'] == PLANNED[0] - 100 + seconds


def test_extend_running_by_a_negative_amount_can_push_it_into_overtime(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(800)
    world.service.extend_segment(mod, issued.code, -160)
    assert segment(world, issued.code, 0)['remaining_seconds'] == -60


@pytest.mark.parametrize('seconds', [90, -90])
def test_extend_paused_changes_the_time_left(world: World, seconds: int) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.pause_segment(mod, issued.code)
    world.service.extend_segment(mod, issued.code, seconds)
    first = segment(world, issued.code, 0)
    assert (first['state'], first['remaining_seconds']) == ('paused', PLANNED[0] - 100 + seconds)


@pytest.mark.parametrize('seconds', [120, -120])
def test_extend_pending_before_start_changes_the_starting_time(world: World, seconds: int) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.extend_segment(mod, issued.code, seconds)
    state = json_state(world.service, issued.code)
    assert state['status'] == 'scheduled', 'extending is not starting'
    assert state['segments'][0]['state'] == 'pending'
    assert state['segments'][0]['remaining_seconds'] == PLANNED[0] + seconds
    world.service.start_segment(mod, issued.code)
    assert segment(world, issued.code, 0)['ends_at_ms'] == now_ms(world) + (PLANNED[0] + seconds) * 1000


def test_extend_pending_down_to_nothing_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.extend_segment(mod, issued.code, -PLANNED[0]),
            code='no_time_left')


def test_each_change_bumps_both_versions_and_publishes_one_agenda_event(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    steps = [
        lambda: world.service.start_segment(mod, issued.code),
        lambda: world.service.pause_segment(mod, issued.code),
        lambda: world.service.resume_segment(mod, issued.code),
        lambda: world.service.extend_segment(mod, issued.code, 30),
        lambda: world.service.next_segment(mod, issued.code),
        lambda: world.service.previous_segment(mod, issued.code),
        lambda: world.service.undo_timer(mod, issued.code),
        lambda: world.service.show_join_slide(mod, issued.code, True),
        lambda: world.service.end_session(mod, issued.code),
        lambda: world.service.reset_session(mod, issued.code),
    ]
    for step in steps:
        before = json_state(world.service, issued.code)
        world.events.clear()
        step()
        after = json_state(world.service, issued.code)
        assert after['version'] == before['version'] + 1
        assert after['agenda_version'] == before['agenda_version'] + 1
        assert [(e.code, e.version, e.kind) for e in world.events] == [(issued.code, after['version'],
                                                                        ChangeKind.AGENDA)]
