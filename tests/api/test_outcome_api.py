"""POST/GET /api/sessions/{code}/outcome and the page /s/{code}/outcome: staff publish and withdraw, participants are
refused, the public reads the anonymised outcome only while it is published, and the state links it."""

from typing import Any

import httpx

from tests.api.helpers import ADMIN_TOKEN, assert_error, bearer, join, ok_control


def publish(http: httpx.Client, code: str, key: str, published: object) -> httpx.Response:
    return http.post(f'/api/sessions/{code}/outcome', json={'published': published}, headers=bearer(key))


def test_an_unpublished_outcome_is_404_as_json_and_as_a_page(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    assert_error(http.get(f'/api/sessions/{code}/outcome'), 404, 'outcome_not_published')
    page = http.get(f'/s/{code}/outcome')
    assert page.status_code == 404 and 'has not been published' in page.text
    assert_error(http.get('/api/sessions/NOSUCH1/outcome'), 404)


def test_a_participant_gets_403_and_nothing_is_published(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    token = join(http, code, name='Amina Diallo').json()['token']
    assert_error(publish(http, code, token, True), 403)
    assert_error(http.get(f'/api/sessions/{code}/outcome'), 404)


def test_the_moderator_publishes_the_rapporteur_withdraws(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    token = join(http, code, name='Zebulon Quirk', organization='Quirkworks').json()['token']
    room = http.get(f'/api/sessions/{code}/state').json()['rooms'][0]['id']
    ok_control(http, code, session['moderator_key'], 'open_rooms', minutes=10)
    assert http.post(f'/api/sessions/{code}/rooms/{room}/join', headers=bearer(token)).status_code == 200
    http.post(f'/api/sessions/{code}/rooms/{room}/posts', json={'text': 'Independent audits'}, headers=bearer(token))

    published = publish(http, code, session['moderator_key'], True)
    assert published.status_code == 200, published.text
    status = published.json()
    assert status['published'] is True and status['url'].endswith(f'/s/{code}/outcome')
    assert http.get(f'/api/sessions/{code}/state').json()['outcome_url'] == status['url']
    outcome = http.get(f'/api/sessions/{code}/outcome')
    assert outcome.status_code == 200
    assert outcome.json()['rooms'][0]['top'][0]['text'] == 'Independent audits'
    assert outcome.json()['rooms'][0]['top'][0]['group'] == 'smaller_groups'  # the only civil society member
    assert 'Zebulon' not in outcome.text and 'Quirkworks' not in outcome.text
    page = http.get(f'/s/{code}/outcome')
    assert page.status_code == 200

    withdrawn = publish(http, code, session['rapporteur_key'], False)
    assert withdrawn.status_code == 200 and withdrawn.json()['published'] is False
    assert_error(http.get(f'/api/sessions/{code}/outcome'), 404)
    assert http.get(f'/api/sessions/{code}/state').json()['outcome_url'] is None


def test_a_body_without_a_yes_or_no_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    assert_error(http.post(f'/api/sessions/{code}/outcome', json={}, headers=bearer(ADMIN_TOKEN)), 422)
    assert_error(publish(http, code, ADMIN_TOKEN, 'perhaps'), 422)


def test_the_schema_documents_the_outcome(http: httpx.Client) -> None:
    schema = http.get('/api/openapi.json').json()
    paths = schema['paths']['/api/sessions/{code}/outcome']
    assert paths['get']['responses']['200']['content']['application/json']['schema']['$ref'].endswith('OutcomeView')
    assert 'outcome_url' in schema['components']['schemas']['SessionState']['properties']
