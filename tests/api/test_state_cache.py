"""One snapshot per version over HTTP: ETag and 304, the same bytes for every `/live` socket, and the typed
contract in `/api/openapi.json` with offline docs at `/api/docs`."""

import asyncio
import json
import re
from typing import Any

import httpx
from websockets.asyncio.client import connect

from bench.nicegui_client import PageClient
from tests.api.helpers import Server, join, ok_control

WAIT_S = 5.0


def get_state(http: httpx.Client, code: str, etag: str | None = None) -> httpx.Response:
    return http.get(f'/api/sessions/{code}/state', headers={'If-None-Match': etag} if etag else {})


def test_a_second_get_state_with_if_none_match_gets_304(http: httpx.Client, session: dict[str, Any]) -> None:
    first = get_state(http, session['code'])
    assert first.status_code == 200 and first.headers['ETag']
    again = get_state(http, session['code'], first.headers['ETag'])
    assert again.status_code == 304 and again.content == b''
    assert again.headers['ETag'] == first.headers['ETag']


def test_the_etag_changes_after_a_change_and_when_the_online_count_moves(
        http: httpx.Client, server: Server, session: dict[str, Any]) -> None:
    code = session['code']
    before = get_state(http, code).headers['ETag']
    ok_control(http, code, session['moderator_key'], 'start')
    changed = get_state(http, code, before)
    assert changed.status_code == 200 and changed.headers['ETag'] != before
    assert changed.json()['segments'][0]['state'] == 'running'

    quiet = get_state(http, code)

    link = join(http, code, 'Amina').json()['url']
    quiet = get_state(http, code)

    async def while_a_reader_is_connected() -> httpx.Response:
        page = PageClient(server.base_url + link[link.index('/s/'):], reconnect=False, timeout=WAIT_S)
        await page.open()  # a participant's page: what online_count counts
        try:
            for _ in range(100):
                response = await asyncio.to_thread(get_state, http, code)
                if response.json()['online_count'] != quiet.json()['online_count']:
                    return response
                await asyncio.sleep(0.02)
        finally:
            await page.close()
        raise AssertionError('the online count never moved')

    online = asyncio.run(while_a_reader_is_connected())
    assert online.json()['version'] == quiet.json()['version']
    assert online.headers['ETag'] != quiet.headers['ETag'], 'the ETag covers the online count'
    for _ in range(100):  # the reader left: the count, and so the ETag, come back
        if get_state(http, code).headers['ETag'] == quiet.headers['ETag']:
            break
        asyncio.run(asyncio.sleep(0.02))
    assert get_state(http, code, quiet.headers['ETag']).status_code == 304


def test_every_live_socket_gets_the_same_bytes_for_a_change(http: httpx.Client, server: Server,
                                                            session: dict[str, Any]) -> None:
    code = session['code']

    async def three_readers() -> list[str | bytes]:
        url = f'{server.ws_url}/api/sessions/{code}/live'
        async with connect(url) as a, connect(url) as b, connect(url) as c:
            for ws in (a, b, c):
                await asyncio.wait_for(ws.recv(), WAIT_S)
            await asyncio.to_thread(ok_control, http, code, session['moderator_key'], 'start')
            messages = []
            for ws in (a, b, c):
                while True:
                    raw = await asyncio.wait_for(ws.recv(), WAIT_S)
                    if json.loads(raw)['state']['segments'][0]['state'] == 'running':
                        messages.append(raw)
                        break
            return messages

    first, second, third = asyncio.run(three_readers())
    assert first == second == third, 'one message per change, built once for every socket'
    message = json.loads(first)
    assert message['type'] == 'snapshot' and message['version'] == message['state']['version']
    assert message['state']['server_time_ms'] > 0


def test_openapi_lists_the_state_endpoint_with_its_schema(http: httpx.Client) -> None:
    response = http.get('/api/openapi.json')
    assert response.status_code == 200
    spec = response.json()
    answer = spec['paths']['/api/sessions/{code}/state']['get']['responses']['200']['content']['application/json']
    assert answer['schema'] == {'$ref': '#/components/schemas/SessionState'}
    schemas = spec['components']['schemas']
    state = schemas['SessionState']['properties']
    assert {'version', 'agenda_version', 'server_time_ms', 'segments', 'speakers', 'rooms', 'questions',
            'online_count', 'broadcast'} <= set(state)
    assert 'people' not in state and 'help_calls' not in state, 'the public contract has no staff fields'
    assert {'SegmentView', 'SpeakerView', 'RoomView', 'PostView', 'QuestionView', 'BroadcastView'} <= set(schemas)
    assert schemas['SegmentView']['properties']['state']['$ref'] == '#/components/schemas/SegmentState'
    assert '/api/sessions/{code}/control' in spec['paths']


def test_the_api_docs_load_only_their_own_assets(http: httpx.Client) -> None:
    page = http.get('/api/docs')
    assert page.status_code == 200 and 'swagger' in page.text.lower()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert urls, 'the page loads its script, style and schema'
    for url in urls:
        assert url.startswith('/api/'), f'{url} is not served by the app itself'
        assert http.get(url).status_code == 200, url


def test_a_cached_state_answers_with_the_time_of_the_response(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    first = get_state(http, code).json()
    second = get_state(http, code).json()
    assert second['version'] == first['version']
    assert second['server_time_ms'] >= first['server_time_ms']
    assert {k: v for k, v in second.items() if k != 'server_time_ms'} == {
        k: v for k, v in first.items() if k != 'server_time_ms'}
