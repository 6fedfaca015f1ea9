"""Helpers for the scale-out tests: a bounded wait on `/live` snapshots and a few API calls."""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection

from tests.api.helpers import ADMIN_TOKEN, TEMPLATE, bearer

WAIT_S = 15.0
"""generous: the box is shared; a missing change still fails the test in seconds, never hangs it"""

State = dict[str, Any]


async def snapshot_until(ws: ClientConnection, predicate: Callable[[State], bool], what: str,
                         timeout: float = WAIT_S) -> State:
    """Read `/live` snapshots until one satisfies `predicate`; fail after `timeout` seconds saying `what`."""
    try:
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads(await ws.recv())
                assert message['type'] == 'snapshot'
                if predicate(message['state']):
                    return dict(message['state'])
    except TimeoutError:
        raise AssertionError(f'no snapshot on the other instance showed {what} within {timeout} s') from None


async def new_session(api: httpx.AsyncClient) -> dict[str, Any]:
    response = await api.post('/api/sessions', json={'template': TEMPLATE}, headers=bearer(ADMIN_TOKEN))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def act(api: httpx.AsyncClient, session: dict[str, Any], action: str, **extra: Any) -> dict[str, Any]:
    response = await api.post(f"/api/sessions/{session['code']}/control", json={'action': action, **extra},
                              headers=bearer(session['moderator_key']))
    assert response.status_code == 200, f'{action}: {response.text}'
    return dict(response.json())


async def join(api: httpx.AsyncClient, code: str, name: str) -> dict[str, Any]:
    response = await api.post(f'/api/sessions/{code}/participants', json={'name': name, 'group': 'industry'})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def state(api: httpx.AsyncClient, code: str) -> State:
    response = await api.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200, response.text
    return dict(response.json())


async def state_until(api: httpx.AsyncClient, code: str, predicate: Callable[[State], bool], what: str,
                      timeout: float = WAIT_S) -> State:
    """Poll `GET /state` until `predicate` holds; fail after `timeout` seconds saying `what`."""
    last: State = {}
    try:
        async with asyncio.timeout(timeout):
            while True:
                try:
                    last = await state(api, code)
                    if predicate(last):
                        return last
                except (httpx.HTTPError, AssertionError):
                    pass
                await asyncio.sleep(0.2)
    except TimeoutError:
        raise AssertionError(f'{api.base_url} never showed {what} within {timeout} s '
                             f'(last online_count {last.get("online_count")})') from None


def votes(state: State, post_id: str) -> int:
    for room in state['rooms']:
        for post in room['posts']:
            if post['id'] == post_id:
                return int(post['votes'])
    raise AssertionError(f'post {post_id} not in the state')
