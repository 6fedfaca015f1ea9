"""POST /participants: join, the personal link, name and group rules, the youth default for show_name."""

import uuid
from typing import Any

import httpx
import pytest

from tests.api.helpers import Server, assert_error, bearer, control, join

GROUPS = ['government', 'industry', 'civil_society', 'academia', 'international_organization', 'youth', 'other']


def public_author(http: httpx.Client, code: str, token: str) -> str | None:
    """The author shown publicly on a (non-anonymous) plenary question by this participant."""
    text = f'Question from {token[:6]}?'
    response = http.post(f'/api/sessions/{code}/questions', json={'text': text, 'anonymous': False},
                         headers=bearer(token))
    assert response.status_code == 201, response.text
    questions = http.get(f'/api/sessions/{code}/state').json()['questions']
    [question] = [q for q in questions if q['text'] == text]
    return question['author']


def count(http: httpx.Client, code: str) -> int:
    return int(http.get(f'/api/sessions/{code}/state').json()['participant_count'])


def test_join_returns_id_token_and_personal_link(server: Server, http: httpx.Client,
                                                 session: dict[str, Any]) -> None:
    code = session['code']
    response = join(http, code, name='Amina Diallo', group='civil_society', organization='Save the Children')
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) >= {'participant_id', 'token', 'url'}
    uuid.UUID(body['participant_id'])
    assert isinstance(body['token'], str) and len(body['token']) >= 22
    assert body['token'] not in {session['moderator_key'], session['rapporteur_key']}
    assert body['url'].startswith(f'{server.base_url}/s/{code}')
    assert body['token'] in body['url']
    assert count(http, code) == 1


def test_two_joins_are_two_people(http: httpx.Client, session: dict[str, Any]) -> None:
    first = join(http, session['code'], name='Sam').json()
    second = join(http, session['code'], name='Sam').json()
    assert first['participant_id'] != second['participant_id']
    assert first['token'] != second['token'] and first['url'] != second['url']
    assert count(http, session['code']) == 2


def test_the_participant_token_is_a_valid_bearer_without_moderator_rights(http: httpx.Client,
                                                                          session: dict[str, Any]) -> None:
    token = join(http, session['code']).json()['token']
    assert_error(control(http, session['code'], token, 'start'), 403)
    assert_error(control(http, session['code'], token + 'x', 'start'), 401)


@pytest.mark.parametrize('group', GROUPS)
def test_every_group_may_join(http: httpx.Client, session: dict[str, Any], group: str) -> None:
    assert join(http, session['code'], group=group).status_code == 201


@pytest.mark.parametrize('name', ['', '   ', '\n\t', 'x' * 81, ' ' + 'y' * 81 + ' '])
def test_name_must_be_1_to_80_characters(http: httpx.Client, session: dict[str, Any], name: str) -> None:
    assert_error(join(http, session['code'], name=name), 422)
    assert count(http, session['code']) == 0


@pytest.mark.parametrize('name', ['x', 'é' * 80, '  ' + 'z' * 80 + '  ', '李小龍', 'Zoë 🌍'])
def test_names_at_the_limits_are_accepted(http: httpx.Client, session: dict[str, Any], name: str) -> None:
    assert join(http, session['code'], name=name).status_code == 201


@pytest.mark.parametrize('group', ['', 'students', 'YOUTH', 'Youth ', 'policymakers', 'government,industry'])
def test_unknown_group_is_422(http: httpx.Client, session: dict[str, Any], group: str) -> None:
    assert_error(join(http, session['code'], group=group), 422)
    assert count(http, session['code']) == 0


@pytest.mark.parametrize('body', [{'group': 'youth'}, {'name': 'Sam'}, {}, {'name': 'Sam', 'organization': 'X'}])
def test_missing_name_or_group_is_422(http: httpx.Client, session: dict[str, Any], body: dict[str, Any]) -> None:
    assert_error(http.post(f"/api/sessions/{session['code']}/participants", json=body), 422)
    assert count(http, session['code']) == 0


def test_organization_over_the_limit_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    assert_error(join(http, session['code'], organization='o' * 121), 422)


@pytest.mark.parametrize(('group', 'expected'), [('youth', False), ('civil_society', True), ('industry', True),
                                                 ('government', True), ('other', True)])
def test_show_name_defaults_to_false_only_for_youth(http: httpx.Client, session: dict[str, Any], group: str,
                                                    expected: bool) -> None:
    joined = join(http, session['code'], name='Lina Haddad', group=group)
    assert joined.status_code == 201
    author = public_author(http, session['code'], joined.json()['token'])
    assert author == ('Lina Haddad' if expected else None)


@pytest.mark.parametrize(('group', 'show_name'), [('youth', True), ('industry', False), ('youth', False)])
def test_show_name_can_be_chosen(http: httpx.Client, session: dict[str, Any], group: str, show_name: bool) -> None:
    joined = join(http, session['code'], name='Lina Haddad', group=group, show_name=show_name)
    assert joined.status_code == 201
    author = public_author(http, session['code'], joined.json()['token'])
    assert author == ('Lina Haddad' if show_name else None)


@pytest.mark.parametrize('show_name', ['yes', 1, 'false', [], {}])
def test_show_name_must_be_a_boolean(http: httpx.Client, session: dict[str, Any], show_name: object) -> None:
    assert_error(join(http, session['code'], show_name=show_name), 422)


def test_join_an_unknown_session_is_404(http: httpx.Client) -> None:
    assert_error(join(http, 'ZZZZZZ'), 404)

