"""POST /api/sessions, GET /api/templates, GET /state and POST /keys against the real server."""

import json
import re
import time
from typing import Any

import httpx
import pytest

from tests.api.helpers import (
    ADMIN_TOKEN,
    TEMPLATE,
    Server,
    assert_error,
    bearer,
    control,
    create_session,
    join,
    ok_control,
)

CODE_RE = re.compile(r'^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6,8}$')  # no 0/O, 1/I/L look-alikes
SEGMENT_KINDS = {'scene_setting', 'showcase', 'dialogue', 'custom'}
SEGMENT_STATES = {'pending', 'running', 'paused', 'done'}


def test_health(http: httpx.Client) -> None:
    response = http.get('/api/health')
    assert response.status_code == 200
    assert response.json() == {'status': 'ok'}


def test_create_session_returns_code_keys_and_urls(server: Server, admin: httpx.Client) -> None:
    response = admin.post('/api/sessions', json={'template': TEMPLATE})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) >= {'code', 'title', 'moderator_key', 'rapporteur_key', 'urls'}
    code = body['code']
    assert CODE_RE.match(code), code
    assert body['title'].startswith('Social Media & Child Protection')
    moderator_key, rapporteur_key = body['moderator_key'], body['rapporteur_key']
    # at least 128 bits: 22 characters of URL-safe base64
    assert isinstance(moderator_key, str) and len(moderator_key) >= 22
    assert isinstance(rapporteur_key, str) and len(rapporteur_key) >= 22
    assert moderator_key != rapporteur_key
    assert moderator_key != ADMIN_TOKEN
    urls = body['urls']
    assert set(urls) >= {'participant', 'moderator', 'rapporteur', 'stage'}
    for url in urls.values():
        assert url.startswith(server.base_url), url
        assert code in url, url
    assert urls['participant'].endswith(f'/s/{code}')
    assert urls['stage'].endswith(f'/s/{code}/stage')
    assert f'key={moderator_key}' in urls['moderator']
    assert f'key={rapporteur_key}' in urls['rapporteur']
    assert moderator_key not in urls['rapporteur'] and rapporteur_key not in urls['moderator']
    assert moderator_key not in urls['participant'] + urls['stage']
    # the session exists
    assert admin.get(f'/api/sessions/{code}/state').status_code == 200


def test_each_session_gets_its_own_code_and_keys(admin: httpx.Client) -> None:
    made = [create_session(admin) for _ in range(5)]
    assert len({m['code'] for m in made}) == 5
    assert len({m['moderator_key'] for m in made}) == 5
    assert len({m['rapporteur_key'] for m in made}) == 5


def test_create_session_with_title_start_and_timezone(admin: httpx.Client) -> None:
    created = create_session(admin, title='  Rehearsal  ', starts_at='2031-03-04T09:30:00+01:00',
                             timezone='America/New_York')
    assert created['title'] == 'Rehearsal'
    state = admin.get(f"/api/sessions/{created['code']}/state").json()
    assert state['title'] == 'Rehearsal'
    assert state['timezone'] == 'America/New_York'
    assert state['starts_at_ms'] == 1_930_379_400_000  # 2031-03-04T08:30:00Z
    assert state['segments'][0]['scheduled_start_ms'] == state['starts_at_ms']


@pytest.mark.parametrize('headers', [{}, bearer('not-the-token'), {'Authorization': ADMIN_TOKEN},
                                     {'Authorization': f'Basic {ADMIN_TOKEN}'}, {'Authorization': 'Bearer'}])
def test_create_session_needs_the_organizer_token(http: httpx.Client, headers: dict[str, str]) -> None:
    response = http.post('/api/sessions', json={'template': TEMPLATE}, headers=headers)
    assert_error(response, 401)


def test_create_session_with_a_moderator_key_is_refused(admin: httpx.Client, session: dict[str, Any]) -> None:
    response = admin.post('/api/sessions', json={'template': TEMPLATE}, headers=bearer(session['moderator_key']))
    assert response.status_code in {401, 403}
    assert_error(response, response.status_code)


def test_create_session_unknown_template_is_422(admin: httpx.Client) -> None:
    assert_error(admin.post('/api/sessions', json={'template': 'no-such-template'}), 422)


def test_templates_lists_the_template_ids(http: httpx.Client) -> None:
    response = http.get('/api/templates')
    assert response.status_code == 200
    templates = response.json()['templates']
    ids = [t['id'] if isinstance(t, dict) else t for t in templates]
    assert TEMPLATE in ids
    assert {'cop-industry-connect-2025-s1', 'cop-industry-connect-2025-s3', 'cop-industry-connect-2025-s4'} <= set(ids)
    assert len(ids) == len(set(ids))


def test_every_listed_template_creates_a_session(http: httpx.Client, admin: httpx.Client) -> None:
    templates = http.get('/api/templates').json()['templates']
    for template in templates:
        template_id = template['id'] if isinstance(template, dict) else template
        created = create_session(admin, template=template_id)
        state = http.get(f"/api/sessions/{created['code']}/state")
        assert state.status_code == 200, (template_id, state.text)
        assert state.json()['segments'], template_id


def test_state_has_the_documented_shape(http: httpx.Client, session: dict[str, Any]) -> None:
    before_ms = time.time() * 1000
    response = http.get(f"/api/sessions/{session['code']}/state")
    assert response.status_code == 200
    state = response.json()
    expected_keys = {'code', 'title', 'status', 'version', 'agenda_version', 'server_time_ms', 'current_segment',
                     'segments', 'speakers', 'current_speaker', 'hands_open', 'rooms', 'questions',
                     'questions_open', 'participant_count', 'online_count', 'broadcast'}
    assert expected_keys <= set(state), expected_keys - set(state)
    assert state['code'] == session['code']
    assert state['title'] == session['title']
    assert state['status'] == 'scheduled'
    assert isinstance(state['version'], int) and not isinstance(state['version'], bool)
    assert isinstance(state['agenda_version'], int)
    assert abs(state['server_time_ms'] - before_ms) < 5000  # same machine: the clocks agree
    assert isinstance(state['server_time_ms'], int)
    assert state['current_segment'] == 0
    assert state['speakers'] == [] and state['current_speaker'] is None
    assert state['hands_open'] is False
    assert state['questions'] == [] and state['questions_open'] is True
    assert state['participant_count'] == 0 and state['online_count'] == 0
    assert state['broadcast'] is None

    segments = state['segments']
    assert len(segments) >= 3
    assert [s['index'] for s in segments] == list(range(len(segments)))
    for segment in segments:
        assert {'index', 'kind', 'title', 'planned_seconds', 'state', 'remaining_seconds', 'ends_at_ms',
                'started_at', 'ended_at'} <= set(segment)
        assert segment['kind'] in SEGMENT_KINDS
        assert segment['state'] == 'pending'
        assert isinstance(segment['planned_seconds'], int) and segment['planned_seconds'] > 0
        assert segment['remaining_seconds'] == float(segment['planned_seconds'])
        assert segment['ends_at_ms'] is None and segment['started_at'] is None and segment['ended_at'] is None
        assert isinstance(segment['title'], str) and segment['title']
    assert 'dialogue' in {s['kind'] for s in segments}

    assert state['rooms'], 'the template has breakout topics'
    for room in state['rooms']:
        assert {'id', 'topic', 'state', 'participant_count', 'ends_at_ms', 'posts'} <= set(room)
        assert room['state'] in {'open', 'closed'}
        assert isinstance(room['posts'], list)


def test_state_never_contains_secrets(http: httpx.Client, session: dict[str, Any]) -> None:
    joined = join(http, session['code']).json()
    ok_control(http, session['code'], session['moderator_key'], 'start')
    text = http.get(f"/api/sessions/{session['code']}/state").text
    for secret in (session['moderator_key'], session['rapporteur_key'], ADMIN_TOKEN, joined['token']):
        assert secret not in text


def test_state_code_lookup_is_case_insensitive(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.get(f"/api/sessions/{session['code'].lower()}/state")
    assert response.status_code == 200
    assert response.json()['code'] == session['code']


def test_version_moves_on_every_change_agenda_version_only_on_control(http: httpx.Client,
                                                                       session: dict[str, Any]) -> None:
    code = session['code']
    first = http.get(f'/api/sessions/{code}/state').json()
    assert join(http, code).status_code == 201
    after_join = http.get(f'/api/sessions/{code}/state').json()
    assert after_join['version'] > first['version']
    assert after_join['agenda_version'] == first['agenda_version']
    assert after_join['participant_count'] == first['participant_count'] + 1
    started = ok_control(http, code, session['moderator_key'], 'start')
    assert started['version'] > after_join['version']
    assert started['agenda_version'] > after_join['agenda_version']
    # reading changes nothing
    again = http.get(f'/api/sessions/{code}/state').json()
    assert (again['version'], again['agenda_version']) == (started['version'], started['agenda_version'])


def test_unknown_session_state_is_404(http: httpx.Client) -> None:
    assert_error(http.get('/api/sessions/ZZZZZZ/state'), 404)


# --- POST /keys --------------------------------------------------------------------------------------------------


def test_new_keys_invalidate_the_old_ones(http: httpx.Client, admin: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    old_moderator, old_rapporteur = session['moderator_key'], session['rapporteur_key']
    assert ok_control(http, code, old_moderator, 'show_join_slide')['join_slide'] is True

    response = admin.post(f'/api/sessions/{code}/keys')
    assert response.status_code == 200, response.text
    issued = response.json()
    assert issued['code'] == code
    new_moderator, new_rapporteur = issued['moderator_key'], issued['rapporteur_key']
    assert len(new_moderator) >= 22 and len(new_rapporteur) >= 22
    assert new_moderator not in {old_moderator, old_rapporteur}
    assert new_rapporteur not in {old_moderator, old_rapporteur, new_moderator}
    urls = issued['urls']
    assert set(urls) >= {'participant', 'moderator', 'rapporteur', 'stage'}
    assert f'key={new_moderator}' in urls['moderator']
    assert f'key={new_rapporteur}' in urls['rapporteur']
    assert urls['participant'].endswith(f'/s/{code}')

    before = http.get(f'/api/sessions/{code}/state').json()
    assert_error(control(http, code, old_moderator, 'hide_join_slide'), 401)
    assert_error(control(http, code, old_rapporteur, 'hide_join_slide'), 401)
    assert http.get(f'/api/sessions/{code}/state').json()['join_slide'] is True  # nothing changed
    assert http.get(f'/api/sessions/{code}/state').json()['version'] == before['version']
    # the new moderator key works; the new rapporteur key is valid but not a moderator
    assert ok_control(http, code, new_moderator, 'hide_join_slide')['join_slide'] is False
    assert_error(control(http, code, new_rapporteur, 'show_join_slide'), 403)


def test_keys_twice_only_the_latest_work(http: httpx.Client, admin: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    first = admin.post(f'/api/sessions/{code}/keys').json()
    second = admin.post(f'/api/sessions/{code}/keys').json()
    assert_error(control(http, code, first['moderator_key'], 'show_join_slide'), 401)
    ok_control(http, code, second['moderator_key'], 'show_join_slide')


def test_keys_is_for_the_organizer_only(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    participant = join(http, code).json()
    assert_error(http.post(f'/api/sessions/{code}/keys'), 401)
    assert_error(http.post(f'/api/sessions/{code}/keys', headers=bearer('wrong')), 401)
    assert_error(http.post(f'/api/sessions/{code}/keys', headers=bearer(session['moderator_key'])), 403)
    assert_error(http.post(f'/api/sessions/{code}/keys', headers=bearer(session['rapporteur_key'])), 403)
    assert_error(http.post(f'/api/sessions/{code}/keys', headers=bearer(participant['token'])), 403)
    # the refused attempts changed nothing: the original moderator key still works
    ok_control(http, code, session['moderator_key'], 'show_join_slide')


def test_keys_for_an_unknown_session_is_404(admin: httpx.Client) -> None:
    assert_error(admin.post('/api/sessions/ZZZZZZ/keys'), 404)


def test_organizer_token_acts_as_moderator(http: httpx.Client, session: dict[str, Any]) -> None:
    state = ok_control(http, session['code'], ADMIN_TOKEN, 'start')
    assert state['status'] == 'live'


def test_keys_of_one_session_do_not_work_on_another(http: httpx.Client, admin: httpx.Client,
                                                    session: dict[str, Any]) -> None:
    other = create_session(admin)
    response = control(http, other['code'], session['moderator_key'], 'start')
    assert response.status_code in {401, 403}
    assert_error(response, response.status_code)
    assert http.get(f"/api/sessions/{other['code']}/state").json()['status'] == 'scheduled'
    assert json.loads(http.get(f"/api/sessions/{session['code']}/state").text)['status'] == 'scheduled'
