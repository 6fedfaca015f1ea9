"""Instance A dies (SIGKILL): a browser that was on A reconnects through B and finds its identity, its room and the
state; A's pages leave B's `online_count` within 30 s. The storage secret here is the one stored in the database."""

import asyncio
import time
from typing import Any

import aiohttp
import httpx
import pytest

from bench.nicegui_client import PageClient
from tests.api.helpers import NO_TLS, bearer
from tests.scale.instances import Instance
from tests.scale.support import WAIT_S, act, join, new_session, state, state_until

DEAD_INSTANCE_S = 30.0


@pytest.fixture
def own_pair_env() -> dict[str, str]:
    return {'FACILITATOR_STORAGE_SECRET': ''}  # both take the secret the first one stored in the database


class SameBrowser(PageClient):
    """A tab of a browser that already has cookies (NiceGUI's signed browser id): the same person, another tab."""

    def __init__(self, url: str, jar: aiohttp.abc.AbstractCookieJar, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.jar = jar

    async def _open(self) -> None:
        self._session = aiohttp.ClientSession(cookie_jar=self.jar, connector=aiohttp.TCPConnector(force_close=True),
                                              timeout=aiohttp.ClientTimeout(total=self.timeout))
        await self._load_page(self.url)
        await self._connect_socket()
        self._reader = asyncio.create_task(self._run())


def text_of(page_elements: list[str]) -> str:
    return '\n'.join(page_elements)


@pytest.mark.timeout(180)
async def test_a_browser_moves_to_b_when_a_is_killed_and_keeps_its_role_room_and_state(
        own_pair: tuple[Instance, Instance]) -> None:
    a, b = own_pair
    async with httpx.AsyncClient(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api_a, \
            httpx.AsyncClient(base_url=b.base_url, timeout=WAIT_S, **NO_TLS) as api_b:
        session = await new_session(api_a)
        code = session['code']
        await act(api_a, session, 'open_rooms', minutes=30)
        mover, stayer = await join(api_a, code, 'Moving Maria'), await join(api_a, code, 'Staying Sam')
        room = (await state(api_a, code))['rooms'][1]
        moved = await api_a.post(f'/api/sessions/{code}/rooms/{room["id"]}/join', headers=bearer(mover['token']))
        assert moved.status_code == 200, moved.text
        on_a_seen: list[str] = []
        on_a = PageClient(f'{a.base_url}/s/{code}?t={mover["token"]}', reconnect=False, timeout=WAIT_S,
                          on_elements=lambda _p, elements, _t, _h: on_a_seen.append(str(elements)))
        on_b = PageClient(f'{b.base_url}/s/{code}?t={stayer["token"]}', reconnect=False, timeout=WAIT_S)
        try:
            await on_a.open()
            await on_b.open()
            assert 'Moving Maria' in text_of(on_a_seen), 'the personal link shows the participant page'
            await state_until(api_b, code, lambda s: s['online_count'] == 2, 'both pages online')

            a.kill()
            killed_at = time.monotonic()

            assert on_a._session is not None
            moved_seen: list[str] = []
            again = SameBrowser(f'{b.base_url}/s/{code}', on_a._session.cookie_jar, reconnect=False, timeout=WAIT_S,
                                on_elements=lambda _p, elements, _t, _h: moved_seen.append(str(elements)))
            stranger_seen: list[str] = []
            stranger = PageClient(f'{b.base_url}/s/{code}', reconnect=False, timeout=WAIT_S,
                                  on_elements=lambda _p, elements, _t, _h: stranger_seen.append(str(elements)))
            try:
                await again.open()
                await stranger.open()
                assert 'Moving Maria' in text_of(moved_seen), 'on B the browser is still Maria, without her link'
                assert room['topic'] in text_of(moved_seen), 'and still in her room'
                assert 'Moving Maria' not in text_of(stranger_seen), 'a browser without the cookie is not Maria'
            finally:
                await stranger.close()

            posted = await api_b.post(f'/api/sessions/{code}/rooms/{room["id"]}/posts', headers=bearer(mover['token']),
                                      json={'text': 'Still here after A died', 'kind': 'solution'})
            assert posted.status_code == 201, 'her token works on B, in the same room: ' + posted.text
            after = await state(api_b, code)
            assert after['rooms_open'] and [r['participant_count'] for r in after['rooms'] if r['id'] == room['id']] \
                == [1]

            await again.close()  # now only Sam's page is open anywhere; A's rows still say Maria is online on A
            await state_until(api_b, code, lambda s: s['online_count'] == 1, "dead A's page gone: only Sam online",
                              timeout=DEAD_INSTANCE_S)
            assert time.monotonic() - killed_at < DEAD_INSTANCE_S
        finally:
            await on_a.close()
            await on_b.close()
