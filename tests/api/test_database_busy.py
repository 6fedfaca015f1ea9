"""Another process locks the database, or the database is read-only: pages, reads and health carry on, writes
get 503 `database_busy` after a bounded wait, and the same write succeeds once the database takes writes again."""

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.api.helpers import NO_TLS, Server, assert_error, bearer, create_session
from tests.db_lock import LOCK_S, hold_write_lock


@pytest.fixture
def lock_holder(fresh_server: Server) -> Iterator[subprocess.Popen[str]]:
    """A separate process holding the server's SQLite write lock for LOCK_S seconds (started by the test)."""
    holder = hold_write_lock(fresh_server.data_dir / 'facilitator.db')
    try:
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


async def timed_get(client: httpx.AsyncClient, path: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await client.get(path)
    return response, time.monotonic() - started


def start(client: httpx.AsyncClient, session: dict[str, Any]) -> Any:
    return client.post(f"/api/sessions/{session['code']}/control", json={'action': 'start'},
                       headers=bearer(session['moderator_key']))


@pytest.mark.timeout(90)
async def test_a_write_lock_held_by_another_process_delays_no_read_and_refuses_the_write_with_503_in_time(
        fresh_server: Server, request: pytest.FixtureRequest) -> None:
    fresh_server.start()
    with fresh_server.client() as sync_client:
        session = create_session(sync_client)
    async with httpx.AsyncClient(base_url=fresh_server.base_url, timeout=15.0, **NO_TLS) as client, \
            connect(f"{fresh_server.ws_url}/api/sessions/{session['code']}/live") as live:
        first = json.loads(await asyncio.wait_for(live.recv(), 5))
        holder = request.getfixturevalue('lock_holder')
        locked_at = time.monotonic()

        blocked = asyncio.create_task(start(client, session))
        health, took = await timed_get(client, '/api/health')
        assert took < 1.0, f'/api/health took {took:.2f} s while a write waited on the lock'
        state, took = await timed_get(client, f"/api/sessions/{session['code']}/state")
        assert state.status_code == 200 and took < 1.0, (state.status_code, took)

        refused = await blocked
        waited = time.monotonic() - locked_at
        assert_error(refused, 503, 'database_busy')
        assert 'database busy' in refused.json()['error']['message'].lower()
        assert int(refused.headers['Retry-After']) > 0
        assert waited < 6.0, f'the blocked write answered after {waited:.1f} s'

        health, took = await timed_get(client, '/api/health')
        assert took < 1.0
        assert (health.status_code, health.json()) == (503, {'status': 'degraded'})
        assert holder.poll() is None, 'the lock must still be held while these checks run'

        await asyncio.to_thread(holder.wait, LOCK_S + 10)
        done = await start(client, session)
        assert done.status_code == 200, done.text
        assert (await client.get('/api/health')).json() == {'status': 'ok'}
        while True:  # the open socket stayed connected and hears the change
            message = json.loads(await asyncio.wait_for(live.recv(), 5))
            if message['version'] > first['version'] and message['state']['status'] == 'live':
                break


@pytest.mark.timeout(90)
def test_a_read_only_database_reports_degraded_health_refuses_writes_with_503_and_still_serves_reads(
        fresh_server: Server) -> None:
    fresh_server.start()
    with fresh_server.client() as client:
        session = create_session(client)
    fresh_server.stop()
    database = Path(fresh_server.data_dir / 'facilitator.db').resolve()
    fresh_server.extra_env = {'DATABASE_URL': f'sqlite:///file:{database}?mode=ro&uri=true'}
    fresh_server.degraded_ok = True
    fresh_server.start()
    with fresh_server.client() as client:
        health = client.get('/api/health')
        assert (health.status_code, health.json()) == (503, {'status': 'degraded'})
        state = client.get(f"/api/sessions/{session['code']}/state")
        assert state.status_code == 200 and state.json()['code'] == session['code']
        refused = client.post(f"/api/sessions/{session['code']}/control", json={'action': 'start'},
                              headers=bearer(session['moderator_key']))
        assert_error(refused, 503, 'database_busy')
        assert 'read-only' in refused.json()['error']['message']
        joined = client.post(f"/api/sessions/{session['code']}/participants", json={'name': 'Ana', 'group': 'youth'})
        assert_error(joined, 503, 'database_busy')
        assert client.get('/api/health').status_code == 503
