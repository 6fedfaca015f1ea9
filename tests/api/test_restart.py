"""Restart-proof: SIGKILL the server mid-session, start it again on the same data dir, and nothing is lost."""

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import connect

from tests.api.helpers import (
    ADMIN_TOKEN,
    NO_TLS,
    Server,
    assert_error,
    bearer,
    control,
    create_session,
    join,
    ok_control,
)


def state_of(server: Server, code: str) -> dict[str, Any]:
    with server.client() as client:
        response = client.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200, response.text
    return response.json()


def crash_and_restart(server: Server) -> None:
    assert server.process is not None
    pid = server.process.pid
    server.kill()
    assert server.process.returncode == -9, 'the server did not die of SIGKILL'
    with httpx.Client(timeout=1.0, **NO_TLS) as probe:
        try:
            probe.get(f'{server.base_url}/api/health')
        except httpx.TransportError:
            pass
        else:
            raise AssertionError('something still answers on the port after the kill')
    server.start()
    assert server.process is not None and server.process.pid != pid


def test_a_running_segment_survives_a_crash(fresh_server: Server) -> None:
    server = fresh_server.start()
    with server.client() as http:
        session = create_session(http)
        code, key = session['code'], session['moderator_key']
        participant = join(http, code, name='Kofi', group='academia').json()
        ok_control(http, code, key, 'start')
        running = ok_control(http, code, key, 'next')
    segment_before = running['segments'][1]
    assert segment_before['state'] == 'running'

    crash_and_restart(server)

    after = state_of(server, code)
    assert after['status'] == 'live'
    assert after['current_segment'] == 1
    segment = after['segments'][1]
    assert segment['state'] == 'running'
    assert abs(segment['ends_at_ms'] - segment_before['ends_at_ms']) <= 1000
    assert after['segments'][0]['state'] == 'done'
    assert after['participant_count'] == 1
    assert after['version'] == running['version'] and after['agenda_version'] == running['agenda_version']
    # the time kept running while the server was down: remaining follows ends_at, not a restart
    assert abs(segment['ends_at_ms'] - after['server_time_ms'] - segment['remaining_seconds'] * 1000) <= 2

    with server.client() as http:
        # the participant token is still known: a valid secret without moderator rights (403), not unknown (401)
        assert_error(control(http, code, participant['token'], 'pause'), 403)
        assert_error(control(http, code, participant['token'] + 'x', 'pause'), 401)
        asked = http.post(f'/api/sessions/{code}/questions', json={'text': 'Still here after the crash?'},
                          headers=bearer(participant['token']))
        assert asked.status_code == 201, asked.text
        # the moderator key and the organizer token still work, and so does undo history
        ok_control(http, code, key, 'extend', seconds=30, expected_version=after['agenda_version'])
        undone = ok_control(http, code, key, 'undo')
        assert undone['segments'][1]['ends_at_ms'] == segment['ends_at_ms']
        assert http.post(f'/api/sessions/{code}/keys', headers=bearer(ADMIN_TOKEN)).status_code == 200


def test_a_paused_segment_keeps_its_remaining_seconds(fresh_server: Server) -> None:
    server = fresh_server.start()
    with server.client() as http:
        session = create_session(http)
        code, key = session['code'], session['moderator_key']
        ok_control(http, code, key, 'start')
        ok_control(http, code, key, 'extend', seconds=-100)
        paused = ok_control(http, code, key, 'pause')
    left = paused['segments'][0]['remaining_seconds']
    assert paused['segments'][0]['planned_seconds'] - 110 < left < paused['segments'][0]['planned_seconds'] - 99

    crash_and_restart(server)

    after = state_of(server, code)
    segment = after['segments'][0]
    assert segment['state'] == 'paused'
    assert segment['ends_at_ms'] is None
    assert abs(segment['remaining_seconds'] - left) <= 1.0
    assert after['status'] == 'live'
    with server.client() as http:
        resumed = ok_control(http, code, key, 'resume')
    assert abs(resumed['segments'][0]['remaining_seconds'] - left) <= 1.0


def test_the_live_feed_works_after_a_crash(fresh_server: Server) -> None:
    server = fresh_server.start()
    with server.client() as http:
        session = create_session(http)
        ok_control(http, session['code'], session['moderator_key'], 'start')
    crash_and_restart(server)

    async def watch() -> tuple[dict[str, Any], dict[str, Any]]:
        url = f"{server.ws_url}/api/sessions/{session['code']}/live"
        async with connect(url, open_timeout=5, close_timeout=2) as ws:
            first = json.loads(await asyncio.wait_for(ws.recv(), 5))
            async with httpx.AsyncClient(base_url=server.base_url, timeout=10, **NO_TLS) as api:
                response = await api.post(f"/api/sessions/{session['code']}/control", json={'action': 'pause'},
                                          headers=bearer(session['moderator_key']))
                assert response.status_code == 200
            second = json.loads(await asyncio.wait_for(ws.recv(), 5))
            return first, second

    first, second = asyncio.run(watch())
    assert first['state']['segments'][0]['state'] == 'running'
    assert second['version'] > first['version']
    assert second['state']['segments'][0]['state'] == 'paused'
