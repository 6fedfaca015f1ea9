"""Polls over HTTP against the real server: drafting, the poll control actions, and answers."""

from typing import Any

import httpx

from tests.api.helpers import assert_error, bearer, control, join, ok_control


def draft(http: httpx.Client, session: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {'question': 'Most pressing risk?', 'kind': 'choice', 'options': ['Grooming', 'Scams']} | extra
    response = http.post(f'/api/sessions/{session["code"]}/polls', json=body,
                         headers=bearer(session['moderator_key']))
    assert response.status_code == 201, response.text
    return response.json()


def token(http: httpx.Client, code: str, name: str = 'Amina') -> str:
    response = join(http, code, name)
    assert response.status_code == 201, response.text
    return str(response.json()['token'])


def answer(http: httpx.Client, code: str, poll_id: str, secret: str, **body: Any) -> httpx.Response:
    return http.post(f'/api/sessions/{code}/polls/{poll_id}/answer', json=body, headers=bearer(secret))


def public_poll(http: httpx.Client, code: str, poll_id: str) -> dict[str, Any]:
    return next(p for p in http.get(f'/api/sessions/{code}/state').json()['polls'] if p['id'] == poll_id)


def test_a_poll_is_drafted_opened_answered_and_its_results_shown(http: httpx.Client,
                                                                  session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    poll = draft(http, session)
    assert (poll['state'], poll['kind'], poll['options']) == ('draft', 'choice', ['Grooming', 'Scams'])
    state = ok_control(http, code, key, 'open_poll', poll_id=poll['id'])
    assert next(p for p in state['polls'] if p['id'] == poll['id'])['state'] == 'open'
    amina = token(http, code)
    assert answer(http, code, poll['id'], amina, choices=[0]).status_code == 200
    assert answer(http, code, poll['id'], amina, choices=[1]).status_code == 200, 'a second answer replaces'
    seen = public_poll(http, code, poll['id'])
    assert (seen['answers'], seen['results']) == (1, None), 'no results for participants until shown'
    ok_control(http, code, key, 'show_poll_results', poll_id=poll['id'])
    counts = [c['count'] for c in public_poll(http, code, poll['id'])['results']['counts']]
    assert counts == [0, 1]
    ok_control(http, code, key, 'hide_poll_results', poll_id=poll['id'])
    assert public_poll(http, code, poll['id'])['results'] is None


def test_answering_a_closed_poll_is_409(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    poll = draft(http, session)
    amina = token(http, code)
    assert_error(answer(http, code, poll['id'], amina, choices=[0]), 409, 'poll_not_open')
    ok_control(http, code, key, 'open_poll', poll_id=poll['id'])
    ok_control(http, code, key, 'close_poll', poll_id=poll['id'])
    assert_error(answer(http, code, poll['id'], amina, choices=[0]), 409, 'poll_not_open')
    assert_error(control(http, code, key, 'close_poll', poll_id=poll['id']), 409, 'poll_not_open')


def test_a_choice_index_out_of_range_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    poll = draft(http, session)
    ok_control(http, code, key, 'open_poll', poll_id=poll['id'])
    amina = token(http, code)
    for body in ({'choices': [2]}, {'choices': [-1]}, {'choices': ['0']}, {'value': 9}, {}):
        assert_error(answer(http, code, poll['id'], amina, **body), 422)
    assert public_poll(http, code, poll['id'])['answers'] == 0


def test_words_and_scale_answers(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    words = draft(http, session, question='One word for safety by design', kind='words', options=[])
    ok_control(http, code, key, 'open_poll', poll_id=words['id'])
    ok_control(http, code, key, 'show_poll_results', poll_id=words['id'])
    amina = token(http, code)
    assert answer(http, code, words['id'], amina, words=['Trust ', '信任']).status_code == 200
    assert_error(answer(http, code, words['id'], amina, words=['x' * 31]), 422)
    labels = {c['label'] for c in public_poll(http, code, words['id'])['results']['counts']}
    assert labels == {'trust', '信任'}


def test_drafts_are_edited_moved_and_deleted_by_moderators_only(http: httpx.Client,
                                                                 session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    first, second = draft(http, session), draft(http, session, question='How ready?', kind='scale')
    moved = http.patch(f'/api/sessions/{code}/polls/{second["id"]}', json={'position': 0}, headers=bearer(key))
    assert moved.status_code == 200, moved.text
    assert [p['id'] for p in http.get(f'/api/sessions/{code}/state').json()['polls']] == [second['id'], first['id']]
    amina = token(http, code)
    assert_error(http.delete(f'/api/sessions/{code}/polls/{first["id"]}', headers=bearer(amina)), 403)
    assert http.delete(f'/api/sessions/{code}/polls/{first["id"]}', headers=bearer(key)).status_code == 204
    assert_error(http.delete(f'/api/sessions/{code}/polls/{first["id"]}', headers=bearer(key)), 404)


def test_a_new_speaker_comes_with_a_presenter_link_that_is_never_public(http: httpx.Client,
                                                                         session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    response = http.post(f'/api/sessions/{code}/speakers', json={'name': 'Ana Ruiz'}, headers=bearer(key))
    assert response.status_code == 201, response.text
    url = response.json()['presenter_url']
    assert f'/s/{code}/presenter?key=' in url
    assert url.split('key=')[1] not in http.get(f'/api/sessions/{code}/state').text
    speaker_id = response.json()['id']
    state = ok_control(http, code, key, 'cue_speaker', speaker_id=speaker_id, message='Louder')
    assert 'Louder' not in str(state), 'a cue is private to the presenter page'
    assert_error(control(http, code, key, 'cue_speaker', speaker_id=speaker_id, message=''), 422)
