"""The end of a session ends participant input over HTTP (409 `session_ended`) until a reset; staff work goes on."""

from typing import Any

import httpx

from tests.api.helpers import assert_error, bearer, ok_control
from tests.api.test_input_api import moderate, open_rooms, person, post, posted, state, vote


def ask(http: httpx.Client, code: str, token: str, text: str) -> httpx.Response:
    return http.post(f'/api/sessions/{code}/questions', json={'text': text}, headers=bearer(token))


def test_after_end_session_asking_posting_voting_and_raising_a_hand_get_409_session_ended(
        http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    post_id = posted(http, code, amina, rooms[0], 'Before the end')
    question = ask(http, code, amina, 'Asked before the end?').json()['id']
    ok_control(http, code, key, 'open_hands')
    ok_control(http, code, key, 'start')
    ok_control(http, code, key, 'end_session')
    before = state(http, code)

    assert_error(ask(http, code, amina, 'Asked after the end?'), 409, 'session_ended')
    assert_error(post(http, code, amina, rooms[0], 'Posted after the end'), 409, 'session_ended')
    assert_error(vote(http, code, amina, question), 409, 'session_ended')
    assert_error(vote(http, code, amina, post_id), 409, 'session_ended')
    assert_error(http.post(f'/api/sessions/{code}/hand', headers=bearer(amina)), 409, 'session_ended')
    assert_error(http.post(f'/api/sessions/{code}/help', headers=bearer(amina)), 409, 'session_ended')
    after = state(http, code)
    assert (after['questions'], after['rooms'], after['version']) == (before['questions'], before['rooms'],
                                                                      before['version'])


def test_after_end_session_moderation_and_export_still_work_and_authors_may_delete_their_posts(
        http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    kept = posted(http, code, amina, rooms[0], 'A solution worth keeping')
    regret = posted(http, code, amina, rooms[0], 'A post I regret')
    ok_control(http, code, key, 'end_session')

    assert moderate(http, code, session['rapporteur_key'], kept, 'tag', tag='actionable_solution').status_code == 200
    assert moderate(http, code, key, kept, 'pin').status_code == 200
    exported = http.get(f'/api/sessions/{code}/export?format=md', headers=bearer(session['rapporteur_key']))
    assert exported.status_code == 200
    assert 'A solution worth keeping' in exported.text
    assert http.delete(f'/api/sessions/{code}/posts/{regret}', headers=bearer(amina)).status_code in {200, 204}
    assert 'A post I regret' not in str(state(http, code))


def test_a_reset_reopens_input(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    amina = person(http, code)
    ok_control(http, code, key, 'end_session')
    assert_error(ask(http, code, amina, 'Too late?'), 409, 'session_ended')
    ok_control(http, code, key, 'reset')
    assert ask(http, code, amina, 'After the reset?').status_code == 201


def test_a_rapporteur_marks_a_room_summary_ready_and_staff_list_hidden_posts(
        http: httpx.Client, session: dict[str, Any]) -> None:
    code, key, rapporteur = session['code'], session['moderator_key'], session['rapporteur_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    post_id = posted(http, code, amina, rooms[0], 'Off-topic advert')
    ok_control(http, code, key, 'close_rooms')
    ok_control(http, code, key, 'report_back', room_index=0)
    ready = http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/summary', json={'text': 'Audits, yearly'},
                      headers=bearer(rapporteur))
    assert (ready.status_code, ready.json()) == (200, {'room_id': rooms[0], 'ready': True})
    assert state(http, code)['rooms'][0]['summary'] == 'Audits, yearly'
    assert_error(http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/summary', json={'text': 'x'},
                           headers=bearer(amina)), 403)
    assert moderate(http, code, key, post_id, 'hide', reason='Advertising').status_code == 200
    hidden = http.get(f'/api/sessions/{code}/hidden', headers=bearer(rapporteur))
    assert [(p['id'], p['reason']) for p in hidden.json()['posts']] == [(post_id, 'Advertising')]
    assert_error(http.get(f'/api/sessions/{code}/hidden', headers=bearer(amina)), 403)
