"""A series' solutions over HTTP: public list, edits by series staff only, the report, carry-over by control."""

from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, create_session, ok_control
from tests.api.test_input_api import open_rooms, person, post
from tests.api.test_series_api import new_series

pytestmark = pytest.mark.timeout(120)


def adopted(http: httpx.Client, slug: str, session: dict[str, Any], text: str) -> dict[str, Any]:
    """A post in the session's first room, tagged by the rapporteur and adopted with the rapporteur key."""
    code = session['code']
    rooms = open_rooms(http, session)
    token = person(http, code, 'Nadia', 'industry', rooms[0])
    post_id = post(http, code, token, rooms[0], text).json()['id']
    tagged = http.post(f'/api/sessions/{code}/posts/{post_id}/moderate',
                       json={'action': 'tag', 'tag': 'actionable_solution'}, headers=bearer(session['rapporteur_key']))
    assert tagged.status_code == 200, tagged.text
    response = http.post(f'/api/series/{slug}/solutions', json={'session': code, 'post_id': post_id},
                         headers=bearer(session['rapporteur_key']))
    assert response.status_code == 201, response.text
    return response.json()


def test_staff_adopt_and_edit_a_solution_and_the_public_list_shows_it(admin: httpx.Client,
                                                                    http: httpx.Client) -> None:
    slug = new_series(admin)
    first = create_session(admin, series=slug, starts_at='2025-06-05T12:00:00Z')
    second = create_session(admin, series=slug, starts_at='2025-07-17T12:00:00Z')
    solution = adopted(http, slug, first, 'Safety by design')
    assert solution['status'] == 'proposed' and solution['origin_code'] == first['code']
    edited = http.patch(f'/api/series/{slug}/solutions/{solution["id"]}', json={'owner': 'GSMA', 'status': 'committed'},
                        headers=bearer(second['moderator_key']))
    assert edited.status_code == 200, edited.text
    noted = http.post(f'/api/series/{slug}/solutions/{solution["id"]}/notes', json={'text': 'Pilot agreed'},
                      headers=bearer(admin.headers['Authorization'].split()[1]))
    assert noted.status_code == 201 and noted.json()['notes'][0]['author_role'] == 'organizer'
    listed = http.get(f'/api/series/{slug}/solutions').json()
    assert [(s['text'], s['owner'], s['status']) for s in listed['solutions']] == [
        ('Safety by design', 'GSMA', 'committed')]
    assert 'Nadia' not in str(listed)


def test_participants_anonymous_and_foreign_staff_cannot_edit(admin: httpx.Client, http: httpx.Client) -> None:
    slug = new_series(admin)
    session = create_session(admin, series=slug)
    solution = adopted(http, slug, session, 'Report buttons everywhere')
    path = f'/api/series/{slug}/solutions/{solution["id"]}'
    assert_error(http.patch(path, json={'status': 'done'}), 401)
    assert_error(http.patch(path, json={'status': 'done'}, headers=bearer('nonsense')), 401)
    participant = person(http, session['code'], 'Bo', 'youth')
    assert_error(http.patch(path, json={'status': 'done'}, headers=bearer(participant)), 403)
    assert_error(http.post(f'{path}/notes', json={'text': 'x'}, headers=bearer(participant)), 403)
    outsider = create_session(admin)
    assert_error(http.patch(path, json={'status': 'done'}, headers=bearer(outsider['moderator_key'])), 401)
    assert_error(http.patch(path, json={'status': 'finished'}, headers=bearer(session['moderator_key'])), 422)
    assert http.get(f'/api/series/{slug}/solutions').json()['solutions'][0]['status'] == 'proposed'


def test_the_report_comes_as_csv_and_word_and_carry_over_reaches_the_next_session(admin: httpx.Client,
                                                                                  http: httpx.Client) -> None:
    slug = new_series(admin)
    first = create_session(admin, series=slug, starts_at='2025-06-05T12:00:00Z')
    second = create_session(admin, series=slug, starts_at='2025-07-17T12:00:00Z')
    adopted(http, slug, first, 'Safety by design')
    csv_file = http.get(f'/api/series/{slug}/report?format=csv', headers=bearer(first['rapporteur_key']))
    assert csv_file.status_code == 200 and 'Safety by design' in csv_file.text
    word = http.get(f'/api/series/{slug}/report?format=docx', headers=bearer(first['rapporteur_key']))
    assert word.status_code == 200 and word.content.startswith(b'PK')
    assert_error(http.get(f'/api/series/{slug}/report?format=xls', headers=bearer(first['rapporteur_key'])), 422)
    assert_error(http.get(f'/api/series/{slug}/report'), 401)
    state = ok_control(http, second['code'], second['moderator_key'], 'carry_solutions')
    assert [c['text'] for c in state['where_we_are']] == ['Safety by design']
