"""`run_control`: the named control actions behind `POST /control`."""

from typing import Any

import pytest

from api.control import ACTIONS, run_control
from facilitator.errors import Conflict, Forbidden, InvalidInput
from facilitator.snapshot import SessionState
from facilitator.types import SegmentState, SessionStatus
from tests.factories import World, json_state

from .helpers import PLANNED, refused


def test_run_control_returns_the_new_state(world: World) -> None:
    issued = world.new_session()
    state = run_control(world.service, world.moderator(issued), issued.code, {'action': 'start'})
    assert state == world.service.state(issued.code)
    assert (state.status, state.segments[0].state) == (SessionStatus.LIVE, SegmentState.RUNNING)


def test_every_timer_action_by_name(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)

    def run(body: dict[str, Any]) -> SessionState:
        return run_control(world.service, mod, issued.code, body)

    assert run({'action': 'start'}).status == 'live'
    assert run({'action': 'pause'}).segments[0].state == 'paused'
    assert run({'action': 'resume'}).segments[0].state == 'running'
    world.clock.advance(10)
    assert run({'action': 'extend', 'seconds': -30}).segments[0].remaining_seconds == PLANNED[0] - 40
    assert run({'action': 'next'}).current_segment == 1
    assert run({'action': 'previous'}).current_segment == 0
    assert run({'action': 'undo'}).current_segment == 1
    assert run({'action': 'show_join_slide'}).join_slide is True
    assert run({'action': 'hide_join_slide'}).join_slide is False
    assert run({'action': 'end_session'}).status == 'ended'
    assert run({'action': 'reset', 'clear_input': True}).status == 'scheduled'
    assert run({'action': 'reset'}).segments[1].state == 'pending'


def test_the_action_table_is_the_documented_one() -> None:
    assert set(ACTIONS) >= {'start', 'pause', 'resume', 'next', 'previous', 'extend', 'undo', 'end_session', 'reset'}


@pytest.mark.parametrize('body', [{}, {'action': 'explode'}, {'action': None}, {'action': 3}, {'action': ['next']},
                                  {'action': 'START'}, {'action': ' next'}])
def test_an_unknown_action_is_invalid_input(world: World, body: dict[str, Any]) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    error = refused(world, issued, InvalidInput, lambda: run_control(world.service, mod, issued.code, body))
    assert 'start' in error.message, 'the message names the actions'


@pytest.mark.parametrize('expected', ['1', True, False, 1.0, 1.5, [1], {'v': 1}])
def test_an_expected_version_that_is_not_a_whole_number_is_invalid_input(world: World, expected: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: run_control(world.service, mod, issued.code,
                                                             {'action': 'start', 'expected_version': expected}))


def test_expected_version_is_checked(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    current = json_state(world.service, issued.code)['agenda_version']
    state = run_control(world.service, mod, issued.code, {'action': 'start', 'expected_version': current})
    assert state.agenda_version == current + 1
    refused(world, issued, Conflict, lambda: run_control(world.service, mod, issued.code,
                                                         {'action': 'next', 'expected_version': current}),
            code='stale_version')


@pytest.mark.parametrize('seconds', [None, 'sixty', 0, 1.5])
def test_extend_without_good_seconds_is_invalid_input(world: World, seconds: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    run_control(world.service, mod, issued.code, {'action': 'start'})
    body = {'action': 'extend'} if seconds is None else {'action': 'extend', 'seconds': seconds}
    refused(world, issued, InvalidInput, lambda: run_control(world.service, mod, issued.code, body))


@pytest.mark.parametrize('flag', ['yes', 1, 'false'])
def test_reset_clear_input_must_be_a_boolean(world: World, flag: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    run_control(world.service, mod, issued.code, {'action': 'start'})
    refused(world, issued, InvalidInput,
            lambda: run_control(world.service, mod, issued.code, {'action': 'reset', 'clear_input': flag}))


def test_state_errors_and_roles_pass_through(world: World) -> None:
    issued = world.new_session()
    refused(world, issued, Conflict,
            lambda: run_control(world.service, world.moderator(issued), issued.code, {'action': 'pause'}),
            code='not_running')
    refused(world, issued, Forbidden,
            lambda: run_control(world.service, world.rapporteur(issued), issued.code, {'action': 'start'}))
