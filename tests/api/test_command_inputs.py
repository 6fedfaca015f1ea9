"""The shared input models at the API edge: numbers are bounded (422, never 500), the role is checked before the
body, and a participant's hand never makes the moderator's `next` stale."""

from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, control, join, ok_control

HUGE = 10 ** 400
EIGHT_HOURS = 8 * 3600


def state(http: httpx.Client, code: str) -> dict[str, Any]:
    return http.get(f'/api/sessions/{code}/state').json()


@pytest.fixture
def live(http: httpx.Client, session: dict[str, Any]) -> dict[str, Any]:
    """The session started, a presenter speaking, rooms open."""
    code, key = session['code'], session['moderator_key']
    ok_control(http, code, key, 'start')
    added = http.post(f'/api/sessions/{code}/speakers', json={'name': 'Ana Ruiz'}, headers=bearer(key))
    assert added.status_code == 201, added.text
    ok_control(http, code, key, 'next_speaker')
    ok_control(http, code, key, 'open_rooms', minutes=20)
    return session


@pytest.mark.parametrize('action', ['extend', 'extend_speaker', 'extend_rooms', 'hand_time'])
@pytest.mark.parametrize('seconds', [HUGE, -HUGE, EIGHT_HOURS + 1, -EIGHT_HOURS - 1, 1e300])
def test_a_number_of_seconds_out_of_bounds_is_422(http: httpx.Client, live: dict[str, Any], action: str,
                                                  seconds: float) -> None:
    code = live['code']
    before = state(http, code)['version']
    error = assert_error(control(http, code, live['moderator_key'], action, seconds=seconds), 422, 'invalid_input')
    assert '8 hours' in error['message'] or 'number' in error['message']
    assert state(http, code)['version'] == before


@pytest.mark.parametrize('number', [b'1e400', b'-1e400', b'1' + b'0' * 400])
def test_a_number_beyond_float_range_is_422(http: httpx.Client, live: dict[str, Any], number: bytes) -> None:
    body = b'{"action": "extend", "seconds": ' + number + b'}'
    response = http.post(f"/api/sessions/{live['code']}/control", content=body,
                         headers={**bearer(live['moderator_key']), 'Content-Type': 'application/json'})
    assert_error(response, 422, 'invalid_input')


def test_a_segment_may_be_extended_by_up_to_eight_hours(http: httpx.Client, live: dict[str, Any]) -> None:
    done = ok_control(http, live['code'], live['moderator_key'], 'extend', seconds=EIGHT_HOURS)
    assert done['segments'][0]['remaining_seconds'] == pytest.approx(900 + EIGHT_HOURS, abs=30)


def test_a_presenter_with_a_huge_planned_time_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.post(f"/api/sessions/{session['code']}/speakers", json={'name': 'Bo', 'planned_seconds': HUGE},
                         headers=bearer(session['moderator_key']))
    assert_error(response, 422, 'invalid_input')


def test_a_missing_control_field_is_named(http: httpx.Client, live: dict[str, Any]) -> None:
    error = assert_error(control(http, live['code'], live['moderator_key'], 'skip_speaker'), 422, 'invalid_input')
    assert 'speaker_id' in error['message']


@pytest.mark.parametrize('body', [{'action': []}, {'action': 'remove', 'reason': ['x']}, {}, {'action': {'a': 1}}])
def test_a_participant_moderating_a_participant_is_403_whatever_the_body(http: httpx.Client, session: dict[str, Any],
                                                                         body: dict[str, Any]) -> None:
    code = session['code']
    me = join(http, code).json()
    response = http.post(f"/api/sessions/{code}/participants/{me['participant_id']}/moderate", json=body,
                         headers=bearer(me['token']))
    assert_error(response, 403)


def test_a_participant_moderating_a_post_or_adding_a_speaker_is_403(http: httpx.Client,
                                                                    session: dict[str, Any]) -> None:
    code = session['code']
    token = join(http, code).json()['token']
    post = '00000000-0000-0000-0000-000000000000'
    assert_error(http.post(f'/api/sessions/{code}/posts/{post}/moderate', json={'action': []},
                           headers=bearer(token)), 403)
    assert_error(http.post(f'/api/sessions/{code}/speakers', json={'name': ['x']}, headers=bearer(token)), 403)
    assert_error(control(http, code, token, 'extend', seconds=HUGE), 403)


def test_a_moderator_raising_a_hand_is_403_whatever_the_type(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.post(f"/api/sessions/{session['code']}/hand", json={'type': ['point_of_order']},
                         headers=bearer(session['moderator_key']))
    assert_error(response, 403)


def test_a_bad_hand_type_from_a_participant_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    token = join(http, session['code']).json()['token']
    response = http.post(f"/api/sessions/{session['code']}/hand", json={'type': 'shout'}, headers=bearer(token))
    assert_error(response, 422, 'invalid_input')


def test_a_raised_hand_leaves_the_agenda_version_and_next_still_applies(http: httpx.Client,
                                                                        session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    ok_control(http, code, key, 'start')
    on_screen = ok_control(http, code, key, 'open_hands')['agenda_version']
    token = join(http, code).json()['token']
    assert http.post(f'/api/sessions/{code}/hand', headers=bearer(token)).status_code == 200
    assert state(http, code)['agenda_version'] == on_screen
    assert ok_control(http, code, key, 'next', expected_version=on_screen)['current_segment'] == 1
    assert_error(control(http, code, key, 'next', expected_version=on_screen), 409, 'stale_version')


def test_three_quick_extensions_with_the_version_on_screen_add_three_minutes(http: httpx.Client,
                                                                             session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    on_screen = ok_control(http, code, key, 'start')['agenda_version']
    ok_control(http, code, key, 'pause', expected_version=on_screen)
    on_screen += 1
    for _press in range(3):
        done = ok_control(http, code, key, 'extend', seconds=60, expected_version=on_screen)
    assert done['segments'][0]['remaining_seconds'] == pytest.approx(900 + 180, abs=1)
