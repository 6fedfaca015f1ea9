"""Every connection of both instances to the database is lost mid-session: cut (`pg_terminate_backend` on our own
database, which runs anywhere), or PostgreSQL itself restarted (`pg_ctlcluster restart`, under CI=true only: a
developer's cluster is shared with other work). Both instances reconnect by themselves, the bus listens again and
resynchronises what it serves, and vote counts stay exact."""

import asyncio

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.api.helpers import NO_TLS, bearer
from tests.scale.instances import Instance, require_own_cluster, restart_cluster, terminate_backends
from tests.scale.support import WAIT_S, act, join, new_session, snapshot_until, state, state_until, votes

VOTERS = 6


async def vote(api: httpx.AsyncClient, code: str, post_id: str, token: str) -> None:
    """One vote, retried while the instance is still reconnecting (a 503 says so; nothing was saved)."""
    async with asyncio.timeout(WAIT_S):
        while True:
            try:
                response = await api.post(f'/api/sessions/{code}/posts/{post_id}/vote', headers=bearer(token))
                if response.status_code == 200:
                    return
                assert response.status_code == 503, response.text
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


async def wait_in_log(instance: Instance, text: str) -> None:
    async with asyncio.timeout(WAIT_S):
        while text not in instance.log():
            await asyncio.sleep(0.1)


@pytest.mark.timeout(240)
@pytest.mark.parametrize('loss', ['cut', 'restart'])
async def test_both_instances_recover_from_lost_connections_and_votes_stay_exact(
        own_pair: tuple[Instance, Instance], loss: str) -> None:
    if loss == 'restart':
        require_own_cluster()
    a, b = own_pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api_a, \
            httpx.AsyncClient(base_url=b.base_url, timeout=WAIT_S, **NO_TLS) as api_b:
        session = await new_session(api_a)
        code = session['code']
        await act(api_a, session, 'open_rooms', minutes=30)
        room = (await state(api_a, code))['rooms'][0]['id']
        people = [await join(api_a, code, f'Voter {i}') for i in range(VOTERS)]
        for person in people:
            response = await api_a.post(f'/api/sessions/{code}/rooms/{room}/join', headers=bearer(person['token']))
            assert response.status_code == 200, response.text
        posted = await api_a.post(f'/api/sessions/{code}/rooms/{room}/posts', headers=bearer(people[0]['token']),
                                  json={'text': 'Count these votes exactly', 'kind': 'solution'})
        assert posted.status_code == 201, posted.text
        post_id = posted.json()['id']

        async with connect(f'{b.ws_url}/api/sessions/{code}/live', open_timeout=WAIT_S) as live:
            await snapshot_until(live, lambda s: s['code'] == code, 'the first snapshot')
            half = VOTERS // 2
            for i, person in enumerate(people[:half]):
                await vote(api_a if i % 2 else api_b, code, post_id, person['token'])
            await snapshot_until(live, lambda s: votes(s, post_id) == half, f'{half} votes before the cut')

            if loss == 'restart':
                await asyncio.to_thread(restart_cluster)
            else:
                terminate_backends(a.database_url)
            for i, person in enumerate(people[half:]):  # at once: some land while B's listener is still away
                await vote(api_b if i % 2 else api_a, code, post_id, person['token'])

            await snapshot_until(live, lambda s: votes(s, post_id) == VOTERS, 'every vote after the cut')
            for instance in (a, b):
                await wait_in_log(instance, 'listening again after a lost connection')
            for api in (api_a, api_b):
                final = await state_until(api, code, lambda s: votes(s, post_id) == VOTERS, 'the exact count')
                assert votes(final, post_id) == VOTERS
                health = await api.get('/api/health')
                assert health.status_code == 200 and health.json() == {'status': 'ok'}

            await act(api_a, session, 'broadcast', message='After the cut')  # the bus carries new changes again
            await snapshot_until(live, lambda s: (s.get('broadcast') or {}).get('message') == 'After the cut',
                                 'a change made after the reconnect')
