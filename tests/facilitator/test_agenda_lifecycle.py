"""Undo, end_session, reset and the join slide; expected_version; versions and events."""

from collections.abc import Callable

import pytest

from facilitator.actors import Actor
from facilitator.errors import Conflict
from facilitator.events import ChangeKind, SessionChanged
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import World, json_state

from .helpers import PLANNED, refused, segment, view

TIMER_ACTIONS: dict[str, Callable[[FacilitatorService, Actor, str], object]] = {
    'start': lambda s, a, c: s.start_segment(a, c),
    'pause': lambda s, a, c: s.pause_segment(a, c),
    'resume': lambda s, a, c: s.resume_segment(a, c),
    'next': lambda s, a, c: s.next_segment(a, c),
    'previous': lambda s, a, c: s.previous_segment(a, c),
    'extend': lambda s, a, c: s.extend_segment(a, c, 60),
    'undo': lambda s, a, c: s.undo_timer(a, c),
    'end_session': lambda s, a, c: s.end_session(a, c),
}


def live_at_second_segment(world: World) -> tuple[IssuedKeys, Actor]:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.next_segment(mod, issued.code)
    world.clock.advance(200)
    return issued, mod


# undo ---------------------------------------------------------------------------------------------------------------

def test_undo_with_nothing_to_undo_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')


def test_undo_start_returns_to_scheduled(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    untouched = view(world, issued.code)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(30)
    assert world.service.undo_timer(mod, issued.code) == 'start'
    after = view(world, issued.code)
    assert after['status'] == 'scheduled'
    assert after['segments'] == untouched['segments']
    assert after['current_segment'] == 0


def test_undo_restores_exactly_the_state_before_each_action_going_back_step_by_step(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    steps = [('start', lambda: world.service.start_segment(mod, issued.code)),
             ('extend', lambda: world.service.extend_segment(mod, issued.code, 90)),
             ('pause', lambda: world.service.pause_segment(mod, issued.code)),
             ('resume', lambda: world.service.resume_segment(mod, issued.code)),
             ('next', lambda: world.service.next_segment(mod, issued.code)),
             ('previous', lambda: world.service.previous_segment(mod, issued.code))]
    before: list[tuple[str, dict]] = []
    for name, step in steps:
        state = view(world, issued.code)
        before.append((name, {k: state[k] for k in ('status', 'current_segment', 'segments')}))
        step()
        world.clock.advance(37)
    for name, expected in reversed(before):
        assert world.service.undo_timer(mod, issued.code) == name
        state = view(world, issued.code)
        # remaining_seconds of a running segment depends on the reading time; ends_at_ms is the stored fact
        for seg in (*state['segments'], *expected['segments']):
            if seg['state'] == 'running':
                seg.pop('remaining_seconds')
        assert {k: state[k] for k in expected} == expected, f'undo of {name}'
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')


def test_undo_pause_resumes_with_the_original_end(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    ends_at = segment(world, issued.code, 0)['ends_at_ms']
    world.clock.advance(100)
    world.service.pause_segment(mod, issued.code)
    world.clock.advance(20)
    world.service.undo_timer(mod, issued.code)
    first = segment(world, issued.code, 0)
    assert (first['state'], first['ends_at_ms']) == ('running', ends_at)
    assert first['remaining_seconds'] == PLANNED[0] - 120


def test_undo_does_not_record_itself_so_it_is_not_a_redo(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.next_segment(mod, issued.code)
    world.service.undo_timer(mod, issued.code)
    assert world.service.undo_timer(mod, issued.code) == 'start'
    assert json_state(world.service, issued.code)['status'] == 'scheduled'


def test_a_refused_timer_action_leaves_nothing_to_undo(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    with pytest.raises(Conflict):
        world.service.pause_segment(mod, issued.code)
    with pytest.raises(Conflict):
        world.service.previous_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')


def test_undo_ignores_non_timer_changes(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.show_join_slide(mod, issued.code, True)
    world.service.update_session(mod, issued.code, title='Renamed')
    assert world.service.undo_timer(mod, issued.code) == 'start'
    state = json_state(world.service, issued.code)
    assert (state['status'], state['join_slide'], state['title']) == ('scheduled', True, 'Renamed')


def test_undo_after_end_session_or_reset_is_refused(world: World) -> None:
    issued, mod = live_at_second_segment(world)
    world.service.end_session(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='session_ended')
    world.service.reset_session(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')


def test_reset_clears_the_undo_history_of_a_live_session(world: World) -> None:
    issued, mod = live_at_second_segment(world)
    world.service.reset_session(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')


def test_moving_a_segment_starts_the_undo_history_afresh(world: World) -> None:
    """Undo restores the current segment by position, so a move clears the history instead of corrupting it."""
    issued, mod = live_at_second_segment(world)
    world.service.previous_segment(mod, issued.code)  # segment 1 is pending again, so it may be moved
    second_id = segment(world, issued.code, 1)['id']
    world.service.move_segment(mod, issued.code, second_id, 2)
    refused(world, issued, Conflict, lambda: world.service.undo_timer(mod, issued.code), code='nothing_to_undo')
    state = json_state(world.service, issued.code)
    current = state['segments'][state['current_segment']]
    assert (current['index'], current['state']) == (0, 'paused')
    assert state['segments'][2]['id'] == second_id


# end_session ---------------------------------------------------------------------------------------------------------

def test_end_session_closes_the_running_segment(world: World) -> None:
    issued, mod = live_at_second_segment(world)
    world.service.end_session(mod, issued.code)
    state = json_state(world.service, issued.code)
    assert state['status'] == 'ended'
    second = state['segments'][1]
    assert (second['state'], second['remaining_seconds'], second['ends_at_ms']) == ('done', PLANNED[1] - 200, None)
    assert second['ended_at'] is not None
    assert state['segments'][2]['state'] == 'pending'


def test_end_session_closes_a_paused_segment(world: World) -> None:
    issued, mod = live_at_second_segment(world)
    world.service.pause_segment(mod, issued.code)
    world.service.end_session(mod, issued.code)
    assert segment(world, issued.code, 1)['state'] == 'done'


def test_end_session_before_start_ends_without_touching_segments(world: World) -> None:
    issued = world.new_session()
    before = view(world, issued.code)['segments']
    world.service.end_session(world.moderator(issued), issued.code)
    state = view(world, issued.code)
    assert state['status'] == 'ended'
    assert state['segments'] == before


@pytest.mark.parametrize('action', list(TIMER_ACTIONS))
def test_after_end_session_every_timer_action_is_refused_until_reset(world: World, action: str) -> None:
    issued, mod = live_at_second_segment(world)
    world.service.pause_segment(mod, issued.code)
    world.service.end_session(mod, issued.code)
    world.clock.advance(60)
    refused(world, issued, Conflict, lambda: TIMER_ACTIONS[action](world.service, mod, issued.code),
            code='session_ended')
    world.service.reset_session(mod, issued.code)
    world.service.start_segment(mod, issued.code)
    assert json_state(world.service, issued.code)['status'] == 'live'


# reset ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('clear_input', [False, True])
@pytest.mark.parametrize('end_first', [False, True])
def test_reset_puts_every_segment_back_to_pending(world: World, clear_input: bool, end_first: bool) -> None:
    issued, mod = live_at_second_segment(world)
    world.participant(issued)
    world.service.extend_segment(mod, issued.code, 300)
    if end_first:
        world.service.end_session(mod, issued.code)
    rooms = json_state(world.service, issued.code)['rooms']
    world.service.reset_session(mod, issued.code, clear_input=clear_input)
    state = json_state(world.service, issued.code)
    assert state['status'] == 'scheduled'
    assert state['current_segment'] == 0
    for seg, planned in zip(state['segments'], PLANNED, strict=True):
        assert seg['state'] == 'pending'
        assert seg['remaining_seconds'] == planned
        assert (seg['started_at'], seg['ended_at'], seg['ends_at_ms']) == (None, None, None)
    assert state['participant_count'] == (0 if clear_input else 1), 'a plain reset keeps people; clearing does not'
    assert state['rooms'] == rooms


def _ask_a_question(world: World) -> tuple[IssuedKeys, Actor]:
    issued, mod = live_at_second_segment(world)
    world.service.add_question(world.participant(issued), issued.code, text='What about age assurance?')
    assert [q['text'] for q in json_state(world.service, issued.code)['questions']] == ['What about age assurance?']
    return issued, mod


def test_reset_keeps_the_input(world: World) -> None:
    issued, mod = _ask_a_question(world)
    world.service.reset_session(mod, issued.code)
    assert [q['text'] for q in json_state(world.service, issued.code)['questions']] == ['What about age assurance?']


def test_reset_with_clear_input_removes_the_input(world: World) -> None:
    issued, mod = _ask_a_question(world)
    world.service.reset_session(mod, issued.code, clear_input=True)
    assert json_state(world.service, issued.code)['questions'] == []


def test_reset_with_a_stale_version_is_refused(world: World) -> None:
    issued, mod = live_at_second_segment(world)
    stale = json_state(world.service, issued.code)['agenda_version'] - 1
    refused(world, issued, Conflict, lambda: world.service.reset_session(mod, issued.code, expected_version=stale),
            code='stale_version')


# the join slide ------------------------------------------------------------------------------------------------------

def test_join_slide_can_be_shown_and_hidden(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    assert json_state(world.service, issued.code)['join_slide'] is False
    world.service.show_join_slide(mod, issued.code, True)
    assert json_state(world.service, issued.code)['join_slide'] is True
    world.service.show_join_slide(mod, issued.code, False)
    assert json_state(world.service, issued.code)['join_slide'] is False


# expected_version ----------------------------------------------------------------------------------------------------

CONTROL: dict[str, Callable[[FacilitatorService, Actor, str, int], object]] = {
    'start': lambda s, a, c, v: s.start_segment(a, c, expected_version=v),
    'pause': lambda s, a, c, v: s.pause_segment(a, c, expected_version=v),
    'next': lambda s, a, c, v: s.next_segment(a, c, expected_version=v),
    'extend': lambda s, a, c, v: s.extend_segment(a, c, 60, expected_version=v),
    'undo': lambda s, a, c, v: s.undo_timer(a, c, expected_version=v),
    'end_session': lambda s, a, c, v: s.end_session(a, c, expected_version=v),
    'reset': lambda s, a, c, v: s.reset_session(a, c, expected_version=v),
    'show_join_slide': lambda s, a, c, v: s.show_join_slide(a, c, True, expected_version=v),
}


@pytest.mark.parametrize('action', list(CONTROL))
@pytest.mark.parametrize('offset', [-1, 1])
def test_a_stale_expected_version_is_refused_and_the_current_one_accepted(world: World, action: str,
                                                                          offset: int) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    if action == 'start':
        world.service.undo_timer(mod, issued.code)
    current = json_state(world.service, issued.code)['agenda_version']
    refused(world, issued, Conflict, lambda: CONTROL[action](world.service, mod, issued.code, current + offset),
            code='stale_version')
    CONTROL[action](world.service, mod, issued.code, current)
    assert json_state(world.service, issued.code)['agenda_version'] == current + 1


def test_a_double_pressed_next_moves_only_one_segment(world: World) -> None:
    issued = world.new_session()
    one, other = world.moderator(issued), world.organizer
    world.service.start_segment(one, issued.code)
    seen = json_state(world.service, issued.code)['agenda_version']
    world.service.next_segment(one, issued.code, expected_version=seen)
    refused(world, issued, Conflict, lambda: world.service.next_segment(other, issued.code, expected_version=seen),
            code='stale_version')
    state = json_state(world.service, issued.code)
    assert state['current_segment'] == 1
    assert [s['state'] for s in state['segments']] == ['done', 'running', 'pending']


def test_a_join_moves_version_but_not_agenda_version(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    before = json_state(world.service, issued.code)
    world.events.clear()
    world.participant(issued)
    after = json_state(world.service, issued.code)
    assert after['version'] == before['version'] + 1
    assert after['agenda_version'] == before['agenda_version']
    assert [(e.version, e.kind) for e in world.events] == [(after['version'], ChangeKind.PEOPLE)]
    # a moderator who read the agenda before the join is not stale
    world.service.pause_segment(mod, issued.code, expected_version=before['agenda_version'])


def test_events_are_published_after_the_commit(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    seen: list[tuple[int, int, str]] = []

    def read_back(event: SessionChanged) -> None:
        state = json_state(world.service, event.code)  # a new connection sees only committed data
        seen.append((event.version, state['version'], state['status']))

    world.service.bus.subscribe(read_back)
    world.service.start_segment(mod, issued.code)
    world.participant(issued)
    version = json_state(world.service, issued.code)['version']
    assert seen == [(version - 1, version - 1, 'live'), (version, version, 'live')]
