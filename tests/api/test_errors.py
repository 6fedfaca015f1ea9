"""The error contract of API.md: statuses, the error body, body limits, origins, and a little fuzzing."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.helpers import ADMIN_TOKEN, NO_TLS, TEMPLATE, Server, assert_error, bearer, control, create_session, join

LIMIT = 64 * 1024


@pytest.fixture
def joined(http: httpx.Client, session: dict[str, Any]) -> dict[str, Any]:
    response = join(http, session['code'])
    assert response.status_code == 201
    return response.json()


def endpoints(session: dict[str, Any]) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    """(path, auth headers, a valid body) for the three POST endpoints that take a JSON body."""
    code = session['code']
    return [
        ('/api/sessions', bearer(ADMIN_TOKEN), {'template': TEMPLATE}),
        (f'/api/sessions/{code}/control', bearer(session['moderator_key']), {'action': 'start'}),
        (f'/api/sessions/{code}/participants', {}, {'name': 'Amina', 'group': 'youth'}),
    ]


def snapshot(http: httpx.Client, code: str) -> tuple[int, int, str, int, bool]:
    state = http.get(f'/api/sessions/{code}/state').json()
    return state['version'], state['agenda_version'], state['status'], state['participant_count'], state['join_slide']


# --- 400: not JSON, or not an object -----------------------------------------------------------------------------

MALFORMED = [b'{', b'{"action": "start",}', b"{'action': 'start'}", b'nul', b'{"action": "start"} trailing',
             b'\xff\xfe\xfa', b'{"name": "\xff"}', b'<xml/>', b'action=start']
NOT_AN_OBJECT = [b'[]', b'[{"action": "start", "template": "x", "name": "A", "group": "youth"}]', b'"start"', b'42',
                 b'null', b'true', b'1.5']


@pytest.mark.parametrize('raw', MALFORMED + NOT_AN_OBJECT)
def test_a_body_that_is_not_a_json_object_is_400(http: httpx.Client, session: dict[str, Any], raw: bytes) -> None:
    before = snapshot(http, session['code'])
    for path, auth, _valid in endpoints(session):
        response = http.post(path, content=raw, headers={**auth, 'Content-Type': 'application/json'})
        assert_error(response, 400)
    assert snapshot(http, session['code']) == before


# --- 422: a missing field ------------------------------------------------------------------------------------------

def test_a_missing_field_is_422(http: httpx.Client, session: dict[str, Any]) -> None:
    before = snapshot(http, session['code'])
    for path, auth, _valid in endpoints(session):
        assert_error(http.post(path, json={}, headers=auth), 422)
        assert_error(http.post(path, json={'unrelated': 1}, headers=auth), 422)
    code = session['code']
    assert_error(http.post(f'/api/sessions/{code}/participants', json={'name': 'A'}), 422)
    assert_error(http.post(f'/api/sessions/{code}/participants', json={'group': 'youth'}), 422)
    assert_error(http.post('/api/sessions', json={'title': 'No template'}, headers=bearer(ADMIN_TOKEN)), 422)
    assert snapshot(http, code) == before


def test_an_empty_body_is_a_missing_field(http: httpx.Client, session: dict[str, Any]) -> None:
    for path, auth, _valid in endpoints(session):
        response = http.post(path, content=b'', headers=auth)
        assert response.status_code in {400, 422}
        assert_error(response, response.status_code)


# --- 401 / 403 -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('headers', [{}, bearer('wrong'), {'Authorization': 'Bearer'}, {'Authorization': 'Token x'},
                                     {'Authorization': 'Basic dXNlcjpwYXNz'}])
def test_wrong_or_missing_bearer_is_401(http: httpx.Client, session: dict[str, Any], headers: dict[str, str]) -> None:
    code = session['code']
    before = snapshot(http, code)
    assert_error(http.post(f'/api/sessions/{code}/control', json={'action': 'start'}, headers=headers), 401)
    assert_error(http.post(f'/api/sessions/{code}/keys', headers=headers), 401)
    assert_error(http.post('/api/sessions', json={'template': TEMPLATE}, headers=headers), 401)
    assert snapshot(http, code) == before


def test_a_key_sent_without_the_bearer_scheme_is_401(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.post(f"/api/sessions/{session['code']}/control", json={'action': 'start'},
                         headers={'Authorization': session['moderator_key']})
    assert_error(response, 401)


def test_participant_token_on_control_is_403(http: httpx.Client, session: dict[str, Any],
                                             joined: dict[str, Any]) -> None:
    code = session['code']
    before = snapshot(http, code)
    for action in ('start', 'next', 'end_session', 'reset', 'show_join_slide'):
        assert_error(control(http, code, joined['token'], action), 403)
    assert snapshot(http, code) == before


def test_participant_token_of_another_session_is_refused(http: httpx.Client, admin: httpx.Client,
                                                         joined: dict[str, Any]) -> None:
    other = create_session(admin)
    response = control(http, other['code'], joined['token'], 'start')
    assert response.status_code in {401, 403}
    assert_error(response, response.status_code)
    assert http.get(f"/api/sessions/{other['code']}/state").json()['status'] == 'scheduled'


# --- 404 -----------------------------------------------------------------------------------------------------------

BAD_CODES = ['ZZZZZZ', 'AAAAAAAA', 'x', 'a' * 300, '%2E%2E', '%00', '%F0%9F%8E%89', '%3Cscript%3E', 'AB%20CD',
             '..%2F..', '%FF']


@pytest.mark.parametrize('bad', BAD_CODES)
def test_unknown_session_is_404(http: httpx.Client, bad: str) -> None:
    assert_error(http.get(f'/api/sessions/{bad}/state'), 404)
    assert_error(http.post(f'/api/sessions/{bad}/control', json={'action': 'start'}, headers=bearer(ADMIN_TOKEN)),
                 404)
    assert_error(http.post(f'/api/sessions/{bad}/participants', json={'name': 'A', 'group': 'youth'}), 404)
    assert_error(http.post(f'/api/sessions/{bad}/keys', headers=bearer(ADMIN_TOKEN)), 404)


def test_unknown_api_path_is_404_with_the_error_body(http: httpx.Client) -> None:
    assert_error(http.get('/api/no-such-thing'), 404)
    assert_error(http.post('/api/sessions/ABCDEF/no-such-thing', json={}), 404)


def test_wrong_method_has_the_error_body(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.delete(f"/api/sessions/{session['code']}/state")
    assert response.status_code in {404, 405}
    assert_error(response, response.status_code)
    assert_error(http.put('/api/health', json={}), 405)


# --- 413 -----------------------------------------------------------------------------------------------------------

def padded(body: dict[str, Any], size: int) -> bytes:
    """`body` as JSON with an ignored `pad` field, exactly `size` bytes long."""
    raw = json.dumps({**body, 'pad': ''}).encode()
    return json.dumps({**body, 'pad': 'p' * (size - len(raw))}).encode()


def test_a_body_over_64_kib_is_413_and_changes_nothing(http: httpx.Client, session: dict[str, Any]) -> None:
    before = snapshot(http, session['code'])
    for path, auth, valid in endpoints(session):
        raw = padded(valid, LIMIT + 1)
        assert len(raw) == LIMIT + 1
        assert_error(http.post(path, content=raw, headers={**auth, 'Content-Type': 'application/json'}), 413)
        assert_error(http.post(path, content=padded(valid, 10 * LIMIT), headers=auth), 413)
    assert snapshot(http, session['code']) == before  # neither started nor joined


def test_a_chunked_body_over_64_kib_is_413(http: httpx.Client, session: dict[str, Any]) -> None:
    """No Content-Length: the limit must hold for what actually arrives."""
    before = snapshot(http, session['code'])
    raw = padded({'action': 'start'}, 3 * LIMIT)

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(raw), 8192):
            yield raw[start:start + 8192]

    response = http.post(f"/api/sessions/{session['code']}/control", content=chunks(),
                         headers={**bearer(session['moderator_key']), 'Content-Type': 'application/json'})
    assert_error(response, 413)
    assert snapshot(http, session['code']) == before


def test_a_body_of_exactly_64_kib_is_accepted(http: httpx.Client, session: dict[str, Any]) -> None:
    raw = padded({'action': 'start'}, LIMIT)
    assert len(raw) == LIMIT
    response = http.post(f"/api/sessions/{session['code']}/control", content=raw,
                         headers=bearer(session['moderator_key']))
    assert response.status_code == 200, response.text
    assert response.json()['status'] == 'live'


# --- origins -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('origin', ['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1.evil.example',
                                    'http://localhost.evil.example'])
def test_a_foreign_origin_on_a_post_is_403_and_changes_nothing(http: httpx.Client, session: dict[str, Any],
                                                               origin: str) -> None:
    before = snapshot(http, session['code'])
    for path, auth, valid in endpoints(session):
        assert_error(http.post(path, json=valid, headers={**auth, 'Origin': origin}), 403)
    assert_error(http.post(f"/api/sessions/{session['code']}/keys", headers={**bearer(ADMIN_TOKEN), 'Origin': origin}),
                 403)
    assert snapshot(http, session['code']) == before
    # the same calls without an Origin header, as API clients send them, pass
    ok_control = control(http, session['code'], session['moderator_key'], 'show_join_slide')
    assert ok_control.status_code == 200


def test_requests_without_origin_or_from_our_own_origin_are_accepted(server: Server, http: httpx.Client,
                                                                     session: dict[str, Any]) -> None:
    for origin in (None, server.base_url, f'http://127.0.0.1:{server.port}'):
        headers = {} if origin is None else {'Origin': origin}
        for path, auth, valid in endpoints(session):
            body = {'action': 'show_join_slide'} if path.endswith('/control') else valid
            response = http.post(path, json=body, headers={**auth, **headers})
            assert response.status_code in {200, 201}, (origin, path, response.text)


# --- fuzz: odd bodies never produce a 500 --------------------------------------------------------------------------

ODD_VALUES: list[str] = [json.dumps(v) for v in [
    '60', '', ' ', 'null', 'true', '-1', 1e308, -1e308, 10**40, -(10**40), 2**63, -(2**63) - 1, 0, -0.0, 0.5, 1e-300,
    None, True, False, [], [1, 2], ['start'], {}, {'a': {'b': {'c': [None]}}}, 'ünïcødé ✓ 🎉 עברית 中文',
    '\u0000', 'a\u0000b', '\u202e\u200b', 'x' * 5000, '<script>alert(1)</script>', "'; DROP TABLE participant; --",
    '../../etc/passwd', 'youth\n', 'Europe/Zurich\u0000',
]] + ['1e400', '-1e400', 'NaN', 'Infinity', '-Infinity', '"\\ud800"', '"a\\udfffb"', '"\\udbff\\udfff"',
      '[' * 50 + ']' * 50, '{"a":' * 50 + '1' + '}' * 50]

DATES = ['"9999-12-31T23:59:59-10:00"', '"0001-01-01T00:00:00+10:00"', '"9999-12-31T23:00:00Z"',
         '"0001-01-01T00:00:00Z"', '"2025-13-45T99:99:00"', '"2025-07-17"', '"2025-07-17T14:00"', '"now"',
         '"+275760-09-13T00:00:00Z"', '"2025-07-17T14:00:00+25:00"', '1752760800000']

FUZZ_FIELDS: list[tuple[str, str, str, list[str]]] = [
    # (endpoint, control action of the base body, field, extra values)
    ('control', 'extend', 'seconds', []),
    ('control', 'start', 'action', []),
    ('control', 'show_join_slide', 'expected_version', []),
    ('control', 'reset', 'clear_input', []),
    ('control', 'next', 'unexpected', []),
    ('participants', '', 'name', []),
    ('participants', '', 'group', []),
    ('participants', '', 'organization', []),
    ('participants', '', 'show_name', []),
    ('sessions', '', 'template', []),
    ('sessions', '', 'title', []),
    ('sessions', '', 'starts_at', DATES),
    ('sessions', '', 'timezone', []),
]


def raw_body(base: dict[str, Any], field: str, value_json: str) -> bytes:
    """`base` with `field` set to a raw JSON value (which may be beyond what json.dumps writes, e.g. 1e400)."""
    without = {k: v for k, v in base.items() if k != field}
    text = json.dumps(without)
    text = text[:-1] + (', ' if without else '') + f'{json.dumps(field)}: {value_json}}}'
    return text.encode()


@pytest.mark.parametrize('case', FUZZ_FIELDS, ids=['-'.join(filter(None, c[:3])) for c in FUZZ_FIELDS])
def test_fuzz_odd_values_never_produce_a_500(server: Server, admin: httpx.Client,
                                            case: tuple[str, str, str, list[str]]) -> None:
    endpoint, tag, field, extra = case
    created = create_session(admin)
    code = created['code']
    if endpoint == 'control':
        path, auth, base = f'/api/sessions/{code}/control', bearer(created['moderator_key']), {'action': tag}
        if tag == 'extend':
            base['seconds'] = 60
    elif endpoint == 'participants':
        path, auth = f'/api/sessions/{code}/participants', {}
        base = {'name': 'Fuzzy', 'group': 'industry', 'organization': 'Org', 'show_name': True}
    else:
        path, auth, base = '/api/sessions', bearer(ADMIN_TOKEN), {'template': TEMPLATE, 'title': 'Fuzz'}

    failures: list[str] = []
    # Connection: close, so that one crash cannot break the keep-alive connection of the next request
    headers = {'Connection': 'close', **auth}
    with httpx.Client(base_url=server.base_url, timeout=10.0, headers=headers, **NO_TLS) as client:
        for value in ODD_VALUES + extra:
            raw = raw_body(base, field, value)
            try:
                response = client.post(path, content=raw, headers={'Content-Type': 'application/json'})
            except httpx.HTTPError as error:
                failures.append(f'{value[:60]!r}: {error!r}')
                continue
            if response.status_code >= 500:
                failures.append(f'{value[:60]!r}: {response.status_code} {response.text[:120]}')
            elif response.status_code >= 400:
                try:
                    assert_error(response, response.status_code)
                except (AssertionError, ValueError) as error:
                    failures.append(f'{value[:60]!r}: bad error body {error}')
            elif endpoint == 'sessions':  # whatever was accepted must be readable afterwards
                state = client.get(f"/api/sessions/{response.json()['code']}/state")
                if state.status_code != 200:
                    failures.append(f'{value[:60]!r}: created, then GET /state gave {state.status_code}')
        after = client.get(f'/api/sessions/{code}/state')
        if after.status_code != 200:
            failures.append(f'GET /state of the fuzzed session gave {after.status_code}')
    assert client.is_closed
    assert not failures, '\n'.join(failures)
    assert admin.get('/api/health').status_code == 200


RAW_BODIES = [b'{"a":' * 20000 + b'1' + b'}' * 20000, b'[' * 30000 + b']' * 30000, b'{"action": "start"}' * 100,
              '{"action": "start", "x": "é"}'.encode('latin-1'), b'\x00' * 100, b'{"action": "\\u0000"}',
              '{"name": "Ünï", "group": "youth"}'.encode('utf-16'), b'\xef\xbb\xbf{"action": "start"}',
              b'{"action": "start", "action": "reset"}', b'{"": ""}', b'{"__proto__": {"admin": true}}']


@pytest.mark.parametrize('raw', RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_fuzz_raw_bodies_never_produce_a_500(server: Server, session: dict[str, Any], raw: bytes) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10.0, **NO_TLS, headers={'Connection': 'close'}) as client:
        for path, auth, _valid in endpoints(session):
            response = client.post(path, content=raw, headers={**auth, 'Content-Type': 'application/json'})
            assert response.status_code < 500, (path, response.status_code, response.text[:200])
            if response.status_code >= 400:
                assert_error(response, response.status_code)
