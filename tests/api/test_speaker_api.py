"""The speaker queue over HTTP against the real server: /speakers, the speaker control actions and /hand."""

import uuid
from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, control, create_session, join, ok_control

SHOWCASE_S = 2700


def get_state(http: httpx.Client, code: str) -> dict[str, Any]:
    response = http.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200
    return response.json()


def add(http: httpx.Client, session: dict[str, Any], name: str, **extra: Any) -> dict[str, Any]:
    response = http.post(f'/api/sessions/{session["code"]}/speakers', json={'name': name, **extra},
                         headers=bearer(session['moderator_key']))
    assert response.status_code == 201, response.text
    return response.json()


def waiting(http: httpx.Client, code: str) -> list[str | None]:
    return [s['name'] for s in get_state(http, code)['speakers'] if s['state'] == 'waiting']


def participant(http: httpx.Client, code: str, name: str = 'Amina', group: str = 'civil_society') -> str:
    response = join(http, code, name, group)
    assert response.status_code == 201, response.text
    return str(response.json()['token'])


# /speakers ----------------------------------------------------------------------------------------------------------

def test_post_speaker_returns_201_with_the_speaker(http: httpx.Client, session: dict[str, Any]) -> None:
    body = add(http, session, 'Ana Costa', organization='Meta', title='Teen accounts', planned_seconds=600)
    uuid.UUID(body['id'])
    assert {k: body[k] for k in ('name', 'organization', 'title', 'planned_seconds', 'state', 'kind',
                                 'remaining_seconds', 'ends_at_ms')} == {
        'name': 'Ana Costa', 'organization': 'Meta', 'title': 'Teen accounts', 'planned_seconds': 600,
        'state': 'waiting', 'kind': 'showcase', 'remaining_seconds': 600.0, 'ends_at_ms': None}
    listed = get_state(http, session['code'])['speakers']
    assert [s['id'] for s in listed] == [body['id']]


@pytest.mark.parametrize('body', [
    {'name': ''}, {'name': '   '}, {}, {'name': 42}, {'name': 'Ana', 'planned_seconds': 0},
    {'name': 'Ana', 'planned_seconds': -60}, {'name': 'Ana', 'planned_seconds': SHOWCASE_S + 1},
    {'name': 'Ana', 'planned_seconds': 'ten'},
])
def test_post_speaker_refuses_bad_input(http: httpx.Client, session: dict[str, Any], body: dict[str, Any]) -> None:
    response = http.post(f'/api/sessions/{session["code"]}/speakers', json=body,
                         headers=bearer(session['moderator_key']))
    assert_error(response, 422)
    assert get_state(http, session['code'])['speakers'] == []


def test_post_speaker_needs_the_moderator(http: httpx.Client, session: dict[str, Any]) -> None:
    path = f'/api/sessions/{session["code"]}/speakers'
    assert_error(http.post(path, json={'name': 'Eve'}), 401)
    assert_error(http.post(path, json={'name': 'Eve'}, headers=bearer('not-a-real-key')), 401)
    for secret in (session['rapporteur_key'], participant(http, session['code'])):
        assert_error(http.post(path, json={'name': 'Eve'}, headers=bearer(secret)), 403)
    assert get_state(http, session['code'])['speakers'] == []


def test_patch_and_delete_speaker(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    ana = add(http, session, 'Ana')
    ben = add(http, session, 'Ben')
    patched = http.patch(f'/api/sessions/{code}/speakers/{ana["id"]}', json={'name': 'Ana Costa',
                                                                            'planned_seconds': 300},
                         headers=bearer(key))
    assert patched.status_code == 200, patched.text
    assert (patched.json()['name'], patched.json()['planned_seconds']) == ('Ana Costa', 300)
    assert_error(http.patch(f'/api/sessions/{code}/speakers/{ana["id"]}', json={'planned_seconds': 0},
                            headers=bearer(key)), 422)
    deleted = http.delete(f'/api/sessions/{code}/speakers/{ben["id"]}', headers=bearer(key))
    assert deleted.status_code == 204
    assert waiting(http, code) == ['Ana Costa']


@pytest.mark.parametrize('speaker_id', ['not-a-uuid', str(uuid.uuid4()), '1', 'ZZZZ' * 9])
def test_unknown_or_malformed_speaker_id_is_404(http: httpx.Client, session: dict[str, Any],
                                                speaker_id: str) -> None:
    code, key = session['code'], session['moderator_key']
    add(http, session, 'Ana')
    before = get_state(http, code)
    assert_error(http.patch(f'/api/sessions/{code}/speakers/{speaker_id}', json={'name': 'X'}, headers=bearer(key)),
                 404)
    assert_error(http.delete(f'/api/sessions/{code}/speakers/{speaker_id}', headers=bearer(key)), 404)
    for action in ('skip_speaker', 'restore_speaker', 'call_speaker'):
        assert_error(control(http, code, key, action, speaker_id=speaker_id), 404)
    assert_error(control(http, code, key, 'move_speaker', speaker_id=speaker_id, position=0), 404)
    assert get_state(http, code)['agenda_version'] == before['agenda_version']


def test_a_speaker_of_another_session_is_404(http: httpx.Client, session: dict[str, Any],
                                             admin: httpx.Client) -> None:
    other = create_session(admin)
    foreign = add(http, other, 'Ana')
    assert_error(control(http, session['code'], session['moderator_key'], 'call_speaker', speaker_id=foreign['id']),
                 404)
    assert_error(http.delete(f'/api/sessions/{session["code"]}/speakers/{foreign["id"]}',
                             headers=bearer(session['moderator_key'])), 404)
    assert waiting(http, other['code']) == ['Ana']


# control actions ----------------------------------------------------------------------------------------------------

def test_next_speaker_on_an_empty_queue_is_409_with_the_message(http: httpx.Client, session: dict[str, Any]) -> None:
    before = get_state(http, session['code'])
    response = control(http, session['code'], session['moderator_key'], 'next_speaker')
    assert response.status_code == 409
    assert response.json() == {'error': {'code': 'queue_empty', 'message': 'No speaker is waiting.'}}
    after = get_state(http, session['code'])
    assert after['version'] == before['version']


def test_speaker_actions_run_the_line(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    ana, ben, cleo = (add(http, session, n, planned_seconds=300) for n in ('Ana', 'Ben', 'Cleo'))
    state = ok_control(http, code, key, 'move_speaker', speaker_id=cleo['id'], position=0)
    assert waiting(http, code) == ['Cleo', 'Ana', 'Ben']
    assert_error(control(http, code, key, 'move_speaker', speaker_id=cleo['id'], position=3), 422,
                 'no_such_position')
    assert_error(control(http, code, key, 'move_speaker', speaker_id=cleo['id']), 422)
    ok_control(http, code, key, 'skip_speaker', speaker_id=ana['id'])
    state = ok_control(http, code, key, 'next_speaker')
    assert state['current_speaker']['id'] == cleo['id']
    assert state['current_speaker']['ends_at_ms'] - state['server_time_ms'] == pytest.approx(300_000, abs=3000)
    extended = ok_control(http, code, key, 'extend_speaker', seconds=60)['current_speaker']
    assert extended['ends_at_ms'] == state['current_speaker']['ends_at_ms'] + 60_000
    ok_control(http, code, key, 'restore_speaker', speaker_id=ana['id'])
    assert waiting(http, code) == ['Ana', 'Ben']
    ok_control(http, code, key, 'call_speaker', speaker_id=ben['id'])
    state = ok_control(http, code, key, 'finish_speaker')
    assert state['current_speaker'] is None
    done = {s['name']: s for s in state['speakers'] if s['state'] == 'done'}
    assert set(done) == {'Cleo', 'Ben'}
    for speech in done.values():
        assert speech['started_at_ms'] <= speech['ended_at_ms'] and speech['planned_seconds'] == 300
    assert_error(control(http, code, key, 'finish_speaker'), 409, 'nobody_speaking')
    assert_error(control(http, code, key, 'extend_speaker', seconds=60), 409, 'nobody_speaking')


@pytest.mark.parametrize(('action', 'extra'), [
    ('next_speaker', {}), ('open_hands', {}), ('close_hands', {}), ('fair_order', {'on': True}),
    ('hand_time', {'seconds': 60}),
])
def test_speaker_actions_refuse_participants(http: httpx.Client, session: dict[str, Any], action: str,
                                             extra: dict[str, Any]) -> None:
    add(http, session, 'Ana')
    before = get_state(http, session['code'])
    token = participant(http, session['code'])
    assert_error(control(http, session['code'], token, action, **extra), 403)
    assert get_state(http, session['code'])['agenda_version'] == before['agenda_version']


# /hand --------------------------------------------------------------------------------------------------------------

def test_hand_is_refused_while_hands_are_closed(http: httpx.Client, session: dict[str, Any]) -> None:
    token = participant(http, session['code'])
    assert_error(http.post(f'/api/sessions/{session["code"]}/hand', headers=bearer(token)), 409, 'hands_closed')
    assert get_state(http, session['code'])['speakers'] == []


def test_hand_needs_a_participant_token(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    ok_control(http, code, session['moderator_key'], 'open_hands')
    assert_error(http.post(f'/api/sessions/{code}/hand'), 401)
    assert_error(http.post(f'/api/sessions/{code}/hand', headers=bearer('made-up-token')), 401)
    assert_error(http.delete(f'/api/sessions/{code}/hand'), 401)
    assert_error(http.post(f'/api/sessions/{code}/hand', headers=bearer(session['moderator_key'])), 403)
    assert get_state(http, code)['speakers'] == []


def test_raise_update_and_lower_a_hand(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    ok_control(http, code, session['moderator_key'], 'open_hands')
    add(http, session, 'Ana')
    amina = participant(http, code, 'Amina')
    path = f'/api/sessions/{code}/hand'
    first = http.post(path, headers=bearer(amina))
    assert first.status_code in {200, 201}, first.text
    hand = first.json()['speaker']
    assert (hand['kind'], hand['hand_type'], hand['name'], hand['state']) == ('hand', 'question', 'Amina', 'waiting')
    again = http.post(path, json={'type': 'point_of_order'}, headers=bearer(amina)).json()['speaker']
    assert (again['id'], again['hand_type']) == (hand['id'], 'point_of_order')
    assert waiting(http, code) == ['Amina', 'Ana'], 'a point of order goes to the front'
    assert_error(http.post(path, json={'type': 'shout'}, headers=bearer(amina)), 422)

    lowered = http.delete(path, headers=bearer(amina))
    assert lowered.status_code == 200 and lowered.json()['lowered'] is True
    assert waiting(http, code) == ['Ana']
    assert http.delete(path, headers=bearer(amina)).json()['lowered'] is False


def test_a_youth_hand_is_anonymous_in_the_public_state(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    ok_control(http, code, session['moderator_key'], 'open_hands')
    kofi = participant(http, code, 'Kofi Mensah', 'youth')
    assert http.post(f'/api/sessions/{code}/hand', headers=bearer(kofi)).is_success
    state = get_state(http, code)
    assert [(s['name'], s['group']) for s in state['speakers']] == [(None, 'youth')]
    called = ok_control(http, code, session['moderator_key'], 'next_speaker')
    assert called['current_speaker']['name'] is None
    assert 'Kofi Mensah' not in http.get(f'/api/sessions/{code}/state').text


# queue order and the floor ------------------------------------------------------------------------------------------

@pytest.mark.parametrize('order', ['fair', 'LEAST_TIME', '', None, 1])
def test_queue_order_with_a_bad_value_gets_422(http: httpx.Client, session: dict[str, Any], order: object) -> None:
    before = get_state(http, session['code'])
    assert_error(control(http, session['code'], session['moderator_key'], 'queue_order', order=order), 422,
                 'unknown_queue_order')
    assert_error(control(http, session['code'], session['moderator_key'], 'queue_order'), 422)
    assert get_state(http, session['code'])['queue_order'] == before['queue_order'] == 'raised'


def test_queue_order_is_stored_and_fair_order_is_its_alias(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    assert ok_control(http, code, key, 'queue_order', order='least_time')['queue_order'] == 'least_time'
    state = ok_control(http, code, key, 'fair_order', on=True)
    assert (state['queue_order'], state['fair_order']) == ('fewest_contributions', True)
    state = ok_control(http, code, key, 'fair_order', on=False)
    assert (state['queue_order'], state['fair_order']) == ('raised', False)
    assert get_state(http, code)['queue_order'] == 'raised'


def test_post_floor_puts_someone_in_the_room_in_the_line(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    response = http.post(f'/api/sessions/{code}/floor', json={'name': 'Rui', 'group': 'industry'},
                         headers=bearer(session['moderator_key']))
    assert response.status_code == 201, response.text
    assert {k: response.json()[k] for k in ('name', 'kind', 'on_floor', 'state')} == {
        'name': 'Rui', 'kind': 'hand', 'on_floor': True, 'state': 'waiting'}
    assert get_state(http, code)['attendance'] == {'floor': 1, 'online': 0}
    token = participant(http, code)
    assert_error(http.post(f'/api/sessions/{code}/floor', json={'name': 'X', 'group': 'industry'},
                           headers=bearer(token)), 403)
