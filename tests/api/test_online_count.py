"""`online_count` counts distinct participants with an open page: not anonymous `/live` sockets, not the join form,
not a second tab of the same person (API.md, state notes)."""

import asyncio

import httpx
from websockets.asyncio.client import connect

from bench.nicegui_client import PageClient
from tests.api.helpers import Server, create_session, join

WAIT_S = 10.0


async def online(api: httpx.AsyncClient, code: str) -> int:
    return int((await api.get(f'/api/sessions/{code}/state')).json()['online_count'])


async def until(api: httpx.AsyncClient, code: str, expected: int) -> None:
    """Wait on the condition, bounded: the server counts a page once its socket is in."""
    async with asyncio.timeout(WAIT_S):
        while await online(api, code) != expected:
            await asyncio.sleep(0.05)


async def test_a_participants_page_counts_once_and_anonymous_sockets_and_join_forms_do_not(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=WAIT_S) as http:
        code = create_session(http)['code']
        link = join(http, code, 'Amina').json()['url']
    personal = server.base_url + link[link.index('/s/'):]
    async with httpx.AsyncClient(base_url=server.base_url, timeout=WAIT_S) as api:
        anonymous = [PageClient(f'{server.base_url}/s/{code}', reconnect=False, timeout=WAIT_S) for _ in range(3)]
        amina = PageClient(personal, reconnect=False, timeout=WAIT_S)
        try:
            for page in anonymous:
                await page.open()
            async with connect(f'{server.ws_url}/api/sessions/{code}/live', open_timeout=WAIT_S) as live:
                await asyncio.wait_for(live.recv(), WAIT_S)
                assert await online(api, code) == 0, 'join forms and anonymous feeds are not participants'
                await amina.open()
                await until(api, code, 1)
            assert await online(api, code) == 1
            await amina.close()
            await until(api, code, 0)
        finally:
            for page in [*anonymous, amina]:
                await page.close()
