"""Every timer action of POST /control, its 409s, and `expected_version`, against the real server."""

import time
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.api.helpers import ADMIN_TOKEN, assert_error, control, join, ok_control

TIMER_ACTIONS = ['start', 'pause', 'resume', 'next', 'previous', 'extend', 'undo']
ALL_ACTIONS = [*TIMER_ACTIONS, 'end_session', 'reset', 'show_join_slide', 'hide_join_slide']
EXTRA = {'extend': {'seconds': 60}}
PREPARE = {'start': [], 'pause': ['start']}
TOLERANCE_MS = 3000  # a request round trip on a slow CI box


def current(state: dict[str, Any]) -> dict[str, Any]:
    return state['segments'][state['current_segment']]


def get_state(http: httpx.Client, code: str) -> dict[str, Any]:
    response = http.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200
    return response.json()


def assert_consistent(segment: dict[str, Any], state: dict[str, Any]) -> None:
    """A running segment's remaining_seconds agrees with ends_at_ms and server_time_ms."""
    assert segment['state'] == 'running'
    assert segment['ends_at_ms'] is not None
    assert abs(segment['ends_at_ms'] - state['server_time_ms'] - segment['remaining_seconds'] * 1000) <= 2


def iso_ms(value: str | None) -> int | None:
    return None if value is None else round(datetime.fromisoformat(value).timestamp() * 1000)


def timer_fields(state: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The timer of every segment, to the millisecond."""
    return [(s['state'], s['ends_at_ms'], iso_ms(s['started_at']), iso_ms(s['ended_at']), round(s['remaining_seconds']))
            for s in state['segments']]


def assert_unchanged(before: dict[str, Any], after: dict[str, Any]) -> None:
    """A refused request changed nothing: same versions, status, segment and timers."""
    assert after['version'] == before['version']
    assert after['agenda_version'] == before['agenda_version']
    assert after['status'] == before['status']
    assert after['current_segment'] == before['current_segment']
    assert timer_fields(after) == timer_fields(before)


@pytest.fixture
def code(session: dict[str, Any]) -> str:
    return session['code']


@pytest.fixture
def key(session: dict[str, Any]) -> str:
    return session['moderator_key']


def test_start_runs_the_first_segment_and_goes_live(http: httpx.Client, code: str, key: str) -> None:
    before = get_state(http, code)
    state = ok_control(http, code, key, 'start')
    assert state['status'] == 'live'
    assert state['current_segment'] == 0
    segment = current(state)
    assert_consistent(segment, state)
    planned_ms = segment['planned_seconds'] * 1000
    assert abs(segment['ends_at_ms'] - (state['server_time_ms'] + planned_ms)) < TOLERANCE_MS
    assert segment['started_at'] is not None and segment['ended_at'] is None
    assert all(s['state'] == 'pending' for s in state['segments'][1:])
    assert state['version'] > before['version']
    assert state['agenda_version'] == before['agenda_version'] + 1
    assert get_state(http, code)['segments'][0]['ends_at_ms'] == segment['ends_at_ms']  # stored, not computed


def test_start_twice_is_409(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    before = get_state(http, code)
    assert_error(control(http, code, key, 'start'), 409)
    assert_unchanged(before, get_state(http, code))


def test_pause_keeps_the_remaining_seconds(http: httpx.Client, code: str, key: str) -> None:
    started = ok_control(http, code, key, 'start')
    time.sleep(0.3)
    paused = ok_control(http, code, key, 'pause')
    segment = current(paused)
    assert segment['state'] == 'paused'
    assert segment['ends_at_ms'] is None
    planned = segment['planned_seconds']
    assert planned - 10 < segment['remaining_seconds'] < planned - 0.2
    assert paused['agenda_version'] == started['agenda_version'] + 1
    time.sleep(0.3)  # a paused timer does not move
    assert current(get_state(http, code))['remaining_seconds'] == segment['remaining_seconds']


def test_pause_when_nothing_runs_is_409(http: httpx.Client, code: str, key: str) -> None:
    before = get_state(http, code)
    assert_error(control(http, code, key, 'pause'), 409)
    assert_unchanged(before, get_state(http, code))
    ok_control(http, code, key, 'start')
    ok_control(http, code, key, 'pause')
    before = get_state(http, code)
    assert_error(control(http, code, key, 'pause'), 409)
    assert_unchanged(before, get_state(http, code))


def test_resume_runs_on_from_where_it_paused(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    paused = ok_control(http, code, key, 'pause')
    left = current(paused)['remaining_seconds']
    time.sleep(0.5)
    resumed = ok_control(http, code, key, 'resume')
    segment = current(resumed)
    assert_consistent(segment, resumed)
    assert abs(segment['remaining_seconds'] - left) < 0.5  # the pause did not eat time
    assert abs(segment['ends_at_ms'] - (resumed['server_time_ms'] + left * 1000)) < TOLERANCE_MS


def test_resume_when_not_paused_is_409(http: httpx.Client, code: str, key: str) -> None:
    assert_error(control(http, code, key, 'resume'), 409)
    ok_control(http, code, key, 'start')
    before = get_state(http, code)
    assert_error(control(http, code, key, 'resume'), 409)
    assert_unchanged(before, get_state(http, code))


def test_next_closes_the_current_segment_and_starts_the_next(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    state = ok_control(http, code, key, 'next')
    assert state['current_segment'] == 1
    first, second = state['segments'][0], state['segments'][1]
    assert first['state'] == 'done'
    assert first['ended_at'] is not None and first['ends_at_ms'] is None
    assert_consistent(second, state)
    assert abs(second['ends_at_ms'] - (state['server_time_ms'] + second['planned_seconds'] * 1000)) < TOLERANCE_MS
    assert state['status'] == 'live'


def test_next_before_start_starts_the_second_segment(http: httpx.Client, code: str, key: str) -> None:
    state = ok_control(http, code, key, 'next')
    assert state['current_segment'] == 1
    assert state['segments'][0]['state'] == 'done'
    assert state['segments'][1]['state'] == 'running'
    assert state['status'] == 'live'


def test_next_on_the_last_segment_is_409(http: httpx.Client, code: str, key: str) -> None:
    state = ok_control(http, code, key, 'start')
    for _ in range(len(state['segments']) - 1):
        state = ok_control(http, code, key, 'next')
    assert state['current_segment'] == len(state['segments']) - 1
    assert current(state)['state'] == 'running'
    before = get_state(http, code)
    assert_error(control(http, code, key, 'next'), 409)
    assert_unchanged(before, get_state(http, code))


def test_previous_reopens_the_previous_segment_paused(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    time.sleep(0.3)
    moved = ok_control(http, code, key, 'next')
    left_when_closed = moved['segments'][0]['remaining_seconds']
    assert left_when_closed < moved['segments'][0]['planned_seconds']
    time.sleep(0.3)
    back = ok_control(http, code, key, 'previous')
    assert back['current_segment'] == 0
    first, second = back['segments'][0], back['segments'][1]
    assert first['state'] == 'paused'
    assert first['ends_at_ms'] is None and first['ended_at'] is None
    assert abs(first['remaining_seconds'] - left_when_closed) < 0.01
    assert second['state'] == 'pending'
    assert second['remaining_seconds'] == float(second['planned_seconds'])
    assert second['started_at'] is None and second['ends_at_ms'] is None and second['ended_at'] is None
    resumed = ok_control(http, code, key, 'resume')
    assert current(resumed)['state'] == 'running'


def test_previous_on_the_first_segment_is_409(http: httpx.Client, code: str, key: str) -> None:
    before = get_state(http, code)
    assert_error(control(http, code, key, 'previous'), 409)
    assert_unchanged(before, get_state(http, code))
    ok_control(http, code, key, 'start')
    before = get_state(http, code)
    assert_error(control(http, code, key, 'previous'), 409)
    assert_unchanged(before, get_state(http, code))


def test_extend_moves_the_end_of_a_running_segment(http: httpx.Client, code: str, key: str) -> None:
    started = ok_control(http, code, key, 'start')
    ends = current(started)['ends_at_ms']
    longer = ok_control(http, code, key, 'extend', seconds=120)
    assert current(longer)['ends_at_ms'] == ends + 120_000
    shorter = ok_control(http, code, key, 'extend', seconds=-300)
    assert current(shorter)['ends_at_ms'] == ends - 180_000
    assert_consistent(current(shorter), shorter)


def test_extend_can_push_a_running_segment_into_overtime(http: httpx.Client, code: str, key: str) -> None:
    started = ok_control(http, code, key, 'start')
    planned = current(started)['planned_seconds']
    state = ok_control(http, code, key, 'extend', seconds=-(planned + 60))
    segment = current(state)
    assert segment['state'] == 'running'
    assert -61 < segment['remaining_seconds'] < -59 + 1  # negative when it runs over
    assert_consistent(segment, state)


def test_extend_a_paused_or_pending_segment_adds_to_its_remaining_time(http: httpx.Client, code: str,
                                                                         key: str) -> None:
    state = ok_control(http, code, key, 'extend', seconds=60)
    segment = current(state)
    assert segment['state'] == 'pending'
    assert segment['remaining_seconds'] == segment['planned_seconds'] + 60
    started = ok_control(http, code, key, 'start')
    assert abs(current(started)['remaining_seconds'] - (segment['planned_seconds'] + 60)) < 2
    paused = ok_control(http, code, key, 'pause')
    left = current(paused)['remaining_seconds']
    state = ok_control(http, code, key, 'extend', seconds=-30)
    assert current(state)['state'] == 'paused'
    assert abs(current(state)['remaining_seconds'] - (left - 30)) < 0.01


@pytest.mark.parametrize('seconds', [None, '60', 0, 1.5, True, [60], {'s': 60}, 10**12, -(10**12)])
def test_extend_needs_whole_nonzero_seconds(http: httpx.Client, code: str, key: str, seconds: object) -> None:
    ok_control(http, code, key, 'start')
    before = get_state(http, code)
    body = {} if seconds is None else {'seconds': seconds}
    assert_error(control(http, code, key, 'extend', **body), 422)
    assert_unchanged(before, get_state(http, code))


def test_undo_walks_back_through_the_timer_actions(http: httpx.Client, code: str, key: str) -> None:
    initial = get_state(http, code)
    started = ok_control(http, code, key, 'start')
    extended = ok_control(http, code, key, 'extend', seconds=60)
    paused = ok_control(http, code, key, 'pause')
    moved = ok_control(http, code, key, 'next')
    assert moved['current_segment'] == 1

    undone = ok_control(http, code, key, 'undo')  # undo next: back to the paused first segment
    assert undone['current_segment'] == 0
    assert timer_fields(undone) == timer_fields(paused)
    assert undone['agenda_version'] > moved['agenda_version']  # undo is a change too

    undone = ok_control(http, code, key, 'undo')  # undo pause: running, with the extended end
    assert current(undone)['state'] == 'running'
    assert current(undone)['ends_at_ms'] == current(extended)['ends_at_ms']

    undone = ok_control(http, code, key, 'undo')  # undo extend
    assert current(undone)['ends_at_ms'] == current(started)['ends_at_ms']

    undone = ok_control(http, code, key, 'undo')  # undo start: back to scheduled, all pending
    assert undone['status'] == 'scheduled'
    assert timer_fields(undone) == timer_fields(initial)

    before = get_state(http, code)
    assert_error(control(http, code, key, 'undo'), 409)  # nothing left to undo
    assert_unchanged(before, get_state(http, code))


def test_undo_with_nothing_to_undo_is_409(http: httpx.Client, code: str, key: str) -> None:
    assert_error(control(http, code, key, 'undo'), 409)


def test_undo_previous_restores_the_later_segment(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    moved = ok_control(http, code, key, 'next')
    ok_control(http, code, key, 'previous')
    undone = ok_control(http, code, key, 'undo')
    assert undone['current_segment'] == 1
    assert timer_fields(undone) == timer_fields(moved)


def test_end_session_then_timer_actions_are_409_until_reset(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    ended = ok_control(http, code, key, 'end_session')
    assert ended['status'] == 'ended'
    assert current(ended)['state'] == 'done'
    assert current(ended)['ended_at'] is not None
    assert all(room['state'] == 'closed' for room in ended['rooms'])
    for action in TIMER_ACTIONS:
        before = get_state(http, code)
        assert_error(control(http, code, key, action, **EXTRA.get(action, {})), 409)
        assert_unchanged(before, get_state(http, code))
    assert_error(control(http, code, key, 'end_session'), 409)

    reset = ok_control(http, code, key, 'reset')
    assert reset['status'] == 'scheduled'
    assert reset['current_segment'] == 0
    for segment in reset['segments']:
        assert segment['state'] == 'pending'
        assert segment['remaining_seconds'] == float(segment['planned_seconds'])
        assert segment['ends_at_ms'] is None and segment['started_at'] is None and segment['ended_at'] is None
    assert_error(control(http, code, key, 'undo'), 409)  # reset clears the undo history
    assert ok_control(http, code, key, 'start')['status'] == 'live'


def test_undo_after_end_session_is_409(http: httpx.Client, code: str, key: str) -> None:
    ok_control(http, code, key, 'start')
    ok_control(http, code, key, 'end_session')
    assert_error(control(http, code, key, 'undo'), 409)


def test_reset_mid_session_and_clear_input(http: httpx.Client, code: str, key: str) -> None:
    assert join(http, code).status_code == 201
    ok_control(http, code, key, 'start')
    ok_control(http, code, key, 'extend', seconds=60)
    ok_control(http, code, key, 'next')
    reset = ok_control(http, code, key, 'reset')
    assert reset['status'] == 'scheduled' and reset['current_segment'] == 0
    assert all(s['state'] == 'pending' and s['remaining_seconds'] == s['planned_seconds'] for s in reset['segments'])
    assert reset['participant_count'] == 1
    cleared = ok_control(http, code, key, 'reset', clear_input=True)
    assert cleared['status'] == 'scheduled'
    assert cleared['agenda_version'] == reset['agenda_version'] + 1
    before = get_state(http, code)
    for bad in ('yes', 1, None, [True]):
        assert_error(control(http, code, key, 'reset', clear_input=bad), 422)
    assert_unchanged(before, get_state(http, code))


def test_join_slide_shows_and_hides(http: httpx.Client, code: str, key: str) -> None:
    initial = get_state(http, code)
    assert initial['join_slide'] is False
    shown = ok_control(http, code, key, 'show_join_slide')
    assert shown['join_slide'] is True
    assert shown['agenda_version'] == initial['agenda_version'] + 1
    assert get_state(http, code)['join_slide'] is True
    hidden = ok_control(http, code, key, 'hide_join_slide')
    assert hidden['join_slide'] is False
    assert timer_fields(hidden) == timer_fields(initial)  # the slide does not touch the timer


@pytest.mark.parametrize('action', ALL_ACTIONS)
def test_stale_expected_version_is_409_and_changes_nothing(http: httpx.Client, code: str, key: str,
                                                           action: str) -> None:
    for step in PREPARE.get(action, ['start', 'next', 'pause']):  # a state in which `action` is allowed
        ok_control(http, code, key, step)
    before = get_state(http, code)
    for stale in (before['agenda_version'] - 1, before['agenda_version'] + 1, 0):
        response = control(http, code, key, action, expected_version=stale, **EXTRA.get(action, {}))
        assert_error(response, 409, 'stale_version')
    assert_unchanged(before, get_state(http, code))
    assert get_state(http, code)['join_slide'] == before['join_slide']
    # the right version passes
    ok_control(http, code, key, action, expected_version=before['agenda_version'], **EXTRA.get(action, {}))


def test_a_double_pressed_next_moves_one_segment(http: httpx.Client, code: str, key: str) -> None:
    version = ok_control(http, code, key, 'start')['agenda_version']
    assert ok_control(http, code, key, 'next', expected_version=version)['current_segment'] == 1
    assert_error(control(http, code, key, 'next', expected_version=version), 409, 'stale_version')
    assert get_state(http, code)['current_segment'] == 1


def test_joins_do_not_make_the_moderator_stale(http: httpx.Client, code: str, key: str) -> None:
    version = get_state(http, code)['agenda_version']
    assert join(http, code).status_code == 201
    assert ok_control(http, code, key, 'start', expected_version=version)['status'] == 'live'


@pytest.mark.parametrize('expected', ['1', 1.5, True, [1], {'v': 1}])
def test_expected_version_must_be_a_whole_number(http: httpx.Client, code: str, key: str, expected: object) -> None:
    before = get_state(http, code)
    assert_error(control(http, code, key, 'start', expected_version=expected), 422)
    assert_unchanged(before, get_state(http, code))


@pytest.mark.parametrize('body', [{}, {'action': 'launch'}, {'action': ''}, {'action': None}, {'action': 7},
                                  {'action': ['start']}, {'action': 'START'}])
def test_unknown_or_missing_action_is_422(http: httpx.Client, code: str, key: str, body: dict[str, Any]) -> None:
    before = get_state(http, code)
    response = http.post(f'/api/sessions/{code}/control', json=body, headers={'Authorization': f'Bearer {key}'})
    assert_error(response, 422)
    assert_unchanged(before, get_state(http, code))


def test_rapporteur_may_not_control_the_timer(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    before = get_state(http, code)
    for action in ALL_ACTIONS:
        assert_error(control(http, code, session['rapporteur_key'], action, **EXTRA.get(action, {})), 403)
    assert_unchanged(before, get_state(http, code))


def test_organizer_runs_the_timer_of_any_session(http: httpx.Client, code: str) -> None:
    assert ok_control(http, code, ADMIN_TOKEN, 'start')['status'] == 'live'
    assert ok_control(http, code, ADMIN_TOKEN, 'end_session')['status'] == 'ended'
