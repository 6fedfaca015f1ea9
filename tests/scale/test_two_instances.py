"""Two instances on one PostgreSQL database: what happens through A's API reaches B's `/live` sockets and pages, and
`online_count` adds up the pages of both."""

import asyncio

import httpx
from websockets.asyncio.client import connect

from bench.nicegui_client import PageClient
from tests.api.helpers import NO_TLS, bearer
from tests.scale.instances import Instance
from tests.scale.support import WAIT_S, act, join, new_session, snapshot_until, state_until, votes


async def test_a_timer_action_a_post_a_vote_and_a_queue_change_through_a_reach_live_on_b(
        pair: tuple[Instance, Instance]) -> None:
    a, b = pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api:
        session = await new_session(api)
        code = session['code']
        async with connect(f'{b.ws_url}/api/sessions/{code}/live', open_timeout=WAIT_S) as live:
            await snapshot_until(live, lambda s: s['code'] == code, 'the first snapshot')

            await act(api, session, 'start')
            await snapshot_until(live, lambda s: s['segments'][0]['state'] == 'running', 'the started timer')

            response = await api.post(f'/api/sessions/{code}/speakers', json={'name': 'Speaker From A',
                                      'planned_seconds': 300}, headers=bearer(session['moderator_key']))
            assert response.status_code == 201, response.text
            await snapshot_until(live, lambda s: any(p['name'] == 'Speaker From A' for p in s['speakers']),
                                 'the new speaker in the queue')

            await act(api, session, 'open_rooms', minutes=10)
            person = await join(api, code, 'Poster')
            room = (await api.get(f'/api/sessions/{code}/state')).json()['rooms'][0]['id']
            joined = await api.post(f'/api/sessions/{code}/rooms/{room}/join', headers=bearer(person['token']))
            assert joined.status_code == 200, joined.text
            posted = await api.post(f'/api/sessions/{code}/rooms/{room}/posts', headers=bearer(person['token']),
                                    json={'text': 'A post made through instance A', 'kind': 'risk'})
            assert posted.status_code == 201, posted.text
            post_id = posted.json()['id']
            await snapshot_until(live, lambda s: any(p['id'] == post_id for r in s['rooms'] for p in r['posts']),
                                 'the new post')

            voted = await api.post(f'/api/sessions/{code}/posts/{post_id}/vote', headers=bearer(person['token']))
            assert voted.status_code == 200, voted.text
            await snapshot_until(live, lambda s: votes(s, post_id) == 1, 'the vote')


async def test_a_page_on_b_shows_a_broadcast_made_through_a(pair: tuple[Instance, Instance]) -> None:
    a, b = pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api:
        session = await new_session(api)
        code = session['code']
        person = await join(api, code, 'Reader On B')
        seen: list[str] = []
        page = PageClient(f'{b.base_url}/s/{code}?t={person["token"]}', reconnect=False, timeout=WAIT_S,
                          on_elements=lambda _page, elements, _t, _html: seen.append(str(elements)))
        try:
            await page.open()
            await act(api, session, 'broadcast', message='Hello from instance A')
            async with asyncio.timeout(WAIT_S):
                while not any('Hello from instance A' in chunk for chunk in seen):
                    await asyncio.sleep(0.05)
        finally:
            await page.close()


async def test_online_count_adds_up_the_pages_of_both_instances(pair: tuple[Instance, Instance]) -> None:
    a, b = pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api_a, \
            httpx.AsyncClient(base_url=b.base_url, timeout=WAIT_S, **NO_TLS) as api_b:
        session = await new_session(api_a)
        code = session['code']
        people = [await join(api_a, code, name) for name in ('On A', 'Also On A', 'On B')]
        pages = [PageClient(f'{a.base_url}/s/{code}?t={people[0]["token"]}', reconnect=False, timeout=WAIT_S),
                 PageClient(f'{a.base_url}/s/{code}?t={people[1]["token"]}', reconnect=False, timeout=WAIT_S),
                 PageClient(f'{b.base_url}/s/{code}?t={people[2]["token"]}', reconnect=False, timeout=WAIT_S)]
        try:
            for page in pages:
                await page.open()
            for api in (api_a, api_b):
                await state_until(api, code, lambda s: s['online_count'] == 3, 'online_count 3 (2 on A + 1 on B)')
            await pages[2].close()
            for api in (api_a, api_b):
                await state_until(api, code, lambda s: s['online_count'] == 2, "online_count 2 after B's page left")
        finally:
            for page in pages:
                await page.close()


async def test_a_participant_removed_through_a_is_refused_on_b_at_once(pair: tuple[Instance, Instance]) -> None:
    """B verified the token a moment ago (its 10 s token cache): the removal on A still counts on B at once."""
    a, b = pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api_a, \
            httpx.AsyncClient(base_url=b.base_url, timeout=WAIT_S, **NO_TLS) as api_b:
        session = await new_session(api_a)
        code = session['code']
        person = await join(api_a, code, 'Soon Removed')
        asked = await api_b.post(f'/api/sessions/{code}/questions', headers=bearer(person['token']),
                                 json={'text': 'A first question, through B'})
        assert asked.status_code == 201, asked.text
        removed = await api_a.post(f'/api/sessions/{code}/participants/{person["participant_id"]}/moderate',
                                   headers=bearer(session['moderator_key']), json={'action': 'remove'})
        assert removed.status_code == 200, removed.text
        again = await api_b.post(f'/api/sessions/{code}/questions', headers=bearer(person['token']),
                                 json={'text': 'A second question, through B'})
        assert again.status_code in {401, 403}, again.text
