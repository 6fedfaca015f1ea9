"""The series and registration endpoints over HTTP: API.md, "Series and registration"."""

import uuid
from typing import Any

import httpx
import icalendar

from tests.api.helpers import assert_error, bearer, create_session, join

PERSON = {'name': 'Amina Diallo', 'email': 'amina@example.org', 'organization': 'Child Safe Network',
          'group': 'civil_society', 'country': 'CH', 'consent': True}


def new_series(admin: httpx.Client) -> str:
    slug = f'cop-{uuid.uuid4().hex[:8]}'
    response = admin.post('/api/series', json={'slug': slug, 'title': 'COP Industry Connect',
                                               'description': 'About the series', 'timezone': 'Europe/Zurich'})
    assert response.status_code == 201, response.text
    return slug


def test_a_series_lists_its_sessions_in_date_order_publicly(admin: httpx.Client, http: httpx.Client) -> None:
    slug = new_series(admin)
    late = create_session(admin, series=slug, starts_at='2025-12-17T13:00:00Z')
    early = create_session(admin, series=slug, starts_at='2025-06-05T12:00:00Z')
    assert admin.patch(f'/api/series/{slug}', json={'objectives': ['Foster dialogue']}).status_code == 200
    body = http.get(f'/api/series/{slug}').json()
    assert [s['code'] for s in body['sessions']] == [early['code'], late['code']]
    assert set(body['sessions'][0]) >= {'code', 'title', 'starts_at', 'status', 'timezone'}
    assert body['objectives'] == ['Foster dialogue']
    assert_error(http.post('/api/series', json={'slug': 'x', 'title': 'x'}), 401)
    assert_error(http.get('/api/series/no-such-series'), 404)


def test_registration_answers_201_then_200_for_the_same_email(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    first = http.post(f'/api/sessions/{code}/registrations', json=PERSON)
    assert first.status_code == 201, first.text
    assert set(first.json()) == {'registration_id', 'url'} and '?t=' in first.json()['url']
    again = http.post(f'/api/sessions/{code}/registrations', json=PERSON)
    assert again.status_code == 200 and again.json() == first.json()
    listed = http.get(f'/api/sessions/{code}/registrations', headers=bearer(session['moderator_key'])).json()
    assert [(r['email'], r['attended']) for r in listed['registrations']] == [('amina@example.org', False)]
    assert_error(http.get(f'/api/sessions/{code}/registrations'), 401)


def test_registration_without_consent_with_a_bad_email_or_an_unknown_country_gets_422(
        http: httpx.Client, session: dict[str, Any]) -> None:
    path = f'/api/sessions/{session["code"]}/registrations'
    for change in ({'consent': False}, {'email': 'amina-at-example'}, {'country': 'ZZ'}):
        assert_error(http.post(path, json={**PERSON, **change}), 422)
    without = {k: v for k, v in PERSON.items() if k != 'consent'}
    assert_error(http.post(path, json=without), 422)


def test_with_registration_required_a_join_without_the_link_gets_403_and_the_call_link_is_hidden(
        admin: httpx.Client, http: httpx.Client) -> None:
    session = create_session(admin, registration_required=True)
    code = session['code']
    admin.patch(f'/api/sessions/{code}', json={'call_url': 'https://meet.example.org/cop'})
    assert_error(join(http, code), 403, 'registration_required')
    assert http.get(f'/api/sessions/{code}/state').json()['call_url'] is None
    url = http.post(f'/api/sessions/{code}/registrations', json=PERSON).json()['url']
    joined = http.post(f'/api/sessions/{code}/registrations/join', json={'token': url.split('t=')[1]})
    assert joined.status_code == 201, joined.text
    listed = http.get(f'/api/sessions/{code}/registrations', headers=bearer(session['moderator_key'])).json()
    assert [r['attended'] for r in listed['registrations']] == [True]
    assert listed['attendance']['attended'] == 1


def test_the_calendar_file_keeps_its_uid_and_raises_its_sequence_when_the_start_moves(
        admin: httpx.Client, http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    first = http.get(f'/api/sessions/{code}/calendar.ics')
    assert first.status_code == 200 and first.headers['content-type'].startswith('text/calendar')
    admin.patch(f'/api/sessions/{code}', json={'starts_at': '2025-10-30T13:00:00Z'})
    before, after = (icalendar.Calendar.from_ical(r.text).walk('VEVENT')[0]
                     for r in (first, http.get(f'/api/sessions/{code}/calendar.ics')))
    assert str(before['UID']) == str(after['UID'])
    assert int(after['SEQUENCE']) == int(before['SEQUENCE']) + 1
