"""WS /api/sessions/{code}/live with the `websockets` client: snapshot first, one per change, no ticks."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from tests.api.helpers import ADMIN_TOKEN, NO_TLS, TEMPLATE, Server, bearer

WAIT_S = 5.0  # bounded: a missing message fails the test in seconds, never hangs it
QUIET_S = 2.0


@pytest.fixture
async def api(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10.0, **NO_TLS) as client:
        yield client


@pytest.fixture
async def live_session(api: httpx.AsyncClient) -> dict[str, Any]:
    response = await api.post('/api/sessions', json={'template': TEMPLATE}, headers=bearer(ADMIN_TOKEN))
    assert response.status_code == 201
    return response.json()


async def act(api: httpx.AsyncClient, session: dict[str, Any], action: str, **extra: Any) -> dict[str, Any]:
    response = await api.post(f"/api/sessions/{session['code']}/control", json={'action': action, **extra},
                              headers=bearer(session['moderator_key']))
    assert response.status_code == 200, f'{action}: {response.text}'
    return response.json()


async def receive(ws: ClientConnection, timeout: float = WAIT_S) -> dict[str, Any]:
    raw = await asyncio.wait_for(ws.recv(), timeout)
    message = json.loads(raw)
    assert isinstance(message, dict)
    return message


async def receive_version(ws: ClientConnection, version: int, last: int) -> dict[str, Any]:
    """Read snapshots until one reaches `version` (changes may be coalesced); each must be newer than the last."""
    while True:
        message = await receive(ws)
        assert message['type'] == 'snapshot'
        assert message['version'] > last, f'version went from {last} to {message["version"]}'
        assert message['state']['version'] == message['version']
        last = message['version']
        if message['version'] >= version:
            return message


async def assert_quiet(ws: ClientConnection, seconds: float = QUIET_S) -> None:
    try:
        message = await asyncio.wait_for(ws.recv(), seconds)
    except TimeoutError:
        return
    raise AssertionError(f'expected no message for {seconds}s, got {str(message)[:300]}')


def live_url(server: Server, code: str) -> str:
    return f'{server.ws_url}/api/sessions/{code}/live'


async def test_first_message_is_the_snapshot(server: Server, api: httpx.AsyncClient,
                                             live_session: dict[str, Any]) -> None:
    code = live_session['code']
    expected = (await api.get(f'/api/sessions/{code}/state')).json()
    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        first = await receive(ws)
    assert set(first) == {'type', 'version', 'state'}
    assert first['type'] == 'snapshot'
    assert first['version'] == expected['version'] == first['state']['version']
    state = first['state']
    assert state['code'] == code
    assert set(expected) - {'online_count'} <= set(state)
    for key in ('title', 'status', 'agenda_version', 'current_segment', 'segments', 'rooms', 'speakers'):
        assert state[key] == expected[key], key
    assert isinstance(state['server_time_ms'], int)
    for secret in (live_session['moderator_key'], live_session['rapporteur_key'], ADMIN_TOKEN):
        assert secret not in json.dumps(first)


async def test_every_control_action_pushes_a_newer_snapshot(server: Server, api: httpx.AsyncClient,
                                                            live_session: dict[str, Any]) -> None:
    code = live_session['code']
    steps: list[tuple[str, dict[str, Any], Any]] = [
        ('start', {}, lambda s: s['status'] == 'live' and s['segments'][0]['state'] == 'running'),
        ('pause', {}, lambda s: s['segments'][0]['state'] == 'paused' and s['segments'][0]['ends_at_ms'] is None),
        ('resume', {}, lambda s: s['segments'][0]['state'] == 'running'),
        ('extend', {'seconds': -120}, lambda s: s['segments'][0]['remaining_seconds'] < 900 - 119),
        ('next', {}, lambda s: s['current_segment'] == 1 and s['segments'][0]['state'] == 'done'),
        ('previous', {}, lambda s: s['current_segment'] == 0 and s['segments'][1]['state'] == 'pending'),
        ('undo', {}, lambda s: s['current_segment'] == 1),
        ('show_join_slide', {}, lambda s: s['join_slide'] is True),
        ('hide_join_slide', {}, lambda s: s['join_slide'] is False),
        ('end_session', {}, lambda s: s['status'] == 'ended'),
        ('reset', {'clear_input': True}, lambda s: s['status'] == 'scheduled' and s['current_segment'] == 0),
    ]
    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        last = (await receive(ws))['version']
        for action, extra, check in steps:
            answer = await act(api, live_session, action, **extra)
            message = await receive_version(ws, answer['version'], last)
            assert message['version'] == answer['version'], action  # one change, one snapshot: not coalesced away
            assert check(message['state']), (action, message['state'])
            assert message['state']['agenda_version'] == answer['agenda_version']
            last = message['version']


async def test_a_refused_action_pushes_nothing(server: Server, api: httpx.AsyncClient,
                                               live_session: dict[str, Any]) -> None:
    code = live_session['code']
    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        await receive(ws)
        response = await api.post(f'/api/sessions/{code}/control', json={'action': 'pause'},
                                  headers=bearer(live_session['moderator_key']))
        assert response.status_code == 409
        await assert_quiet(ws, 1.0)


async def test_no_ticks_while_a_timer_runs(server: Server, api: httpx.AsyncClient,
                                           live_session: dict[str, Any]) -> None:
    code = live_session['code']
    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        last = (await receive(ws))['version']
        started = await act(api, live_session, 'start')
        message = await receive_version(ws, started['version'], last)
        segment = message['state']['segments'][0]
        assert segment['state'] == 'running' and segment['ends_at_ms'] is not None
        await assert_quiet(ws)  # the countdown is the client's job
        # and the feed is still alive afterwards
        paused = await act(api, live_session, 'pause')
        assert (await receive_version(ws, paused['version'], message['version']))['state']['segments'][0][
            'state'] == 'paused'


async def test_a_join_reaches_the_feed(server: Server, api: httpx.AsyncClient, live_session: dict[str, Any]) -> None:
    code = live_session['code']
    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        first = await receive(ws)
        response = await api.post(f'/api/sessions/{code}/participants', json={'name': 'Noor', 'group': 'youth'})
        assert response.status_code == 201
        message = await receive_version(ws, first['version'] + 1, first['version'])
        assert message['state']['participant_count'] == first['state']['participant_count'] + 1
        assert message['state']['agenda_version'] == first['state']['agenda_version']
        assert response.json()['token'] not in json.dumps(message)


async def test_every_connected_client_gets_the_change(server: Server, api: httpx.AsyncClient,
                                                      live_session: dict[str, Any]) -> None:
    code = live_session['code']
    url = live_url(server, code)
    async with (connect(url, open_timeout=WAIT_S, close_timeout=2) as one,
                connect(url, open_timeout=WAIT_S, close_timeout=2) as two,
                connect(url, open_timeout=WAIT_S, close_timeout=2) as three):
        firsts = [await receive(ws) for ws in (one, two, three)]
        started = await act(api, live_session, 'start')
        for ws, first in zip((one, two, three), firsts, strict=True):
            message = await receive_version(ws, started['version'], first['version'])
            assert message['state']['status'] == 'live'


async def test_other_sessions_changes_are_not_sent(server: Server, api: httpx.AsyncClient,
                                                   live_session: dict[str, Any]) -> None:
    other = (await api.post('/api/sessions', json={'template': TEMPLATE}, headers=bearer(ADMIN_TOKEN))).json()
    async with connect(live_url(server, live_session['code']), open_timeout=WAIT_S, close_timeout=2) as ws:
        await receive(ws)
        await act(api, other, 'start')
        await assert_quiet(ws, 1.0)


@pytest.mark.parametrize('bad', ['ZZZZZZ', 'x', 'a' * 200])
async def test_unknown_session_is_404(server: Server, bad: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(live_url(server, bad), open_timeout=WAIT_S, close_timeout=2) as ws:
            await receive(ws, 2.0)
    assert refused.value.response.status_code == 404
    body = json.loads(refused.value.response.body or b'{}')
    assert body.get('error', {}).get('code'), body


async def test_anonymous_live_sockets_do_not_count_as_online(server: Server, api: httpx.AsyncClient,
                                                           live_session: dict[str, Any]) -> None:
    code = live_session['code']

    async def online() -> int:
        return int((await api.get(f'/api/sessions/{code}/state')).json()['online_count'])

    async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as ws:
        await receive(ws)
        async with connect(live_url(server, code), open_timeout=WAIT_S, close_timeout=2) as other:
            await receive(other)
            assert await online() == 0, 'only participants with an open page count (tests/api/test_online_count.py)'


async def test_the_code_is_case_insensitive(server: Server, live_session: dict[str, Any]) -> None:
    async with connect(live_url(server, live_session['code'].lower()), open_timeout=WAIT_S, close_timeout=2) as ws:
        first = await receive(ws)
    assert first['state']['code'] == live_session['code']
